import ArgumentParser

@main
struct Genre: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genre",
        abstract: "Say which modern genres a music recording resembles, how sure, and why.",
        subcommands: [ClassifyCommand.self, IndexCommand.self, ServeCommand.self, CatalogCommand.self, FeaturesCommand.self, TrainCommand.self, EvaluateCommand.self, TuneCommand.self, ReportCommand.self, SpectrogramCommand.self]
    )
}
