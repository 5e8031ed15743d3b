import ArgumentParser
import Foundation
import GenreKit

/// `genre spectrogram`: a recording's log-mel spectrogram as a PNG image or a labelled SVG figure.
struct SpectrogramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrogram",
        abstract: "Draw a recording's log-mel spectrogram (PNG image, or SVG figure with time and Hz axes).",
        discussion: "Values are librosa's power_to_db(melspectrogram(y, sr=22050), ref=np.max), magma colour map, −80…0 dB; low frequencies at the bottom."
    )

    @Argument(help: "The recording.")
    var file: String

    @Option(name: .shortAndLong, help: "Output file: .png for the bare image, .svg for a figure with axes and colour bar.")
    var output: String

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let image = try SpectrogramFigure.image(of: url)
        let out = URL(fileURLWithPath: output)
        if out.pathExtension.lowercased() == "svg" {
            try AtomicFile.write(try SpectrogramFigure.svg(image, title: url.lastPathComponent), to: out)
        } else {
            try AtomicFile.write(Data(try SpectrogramFigure.png(image)), to: out)
        }
    }
}
