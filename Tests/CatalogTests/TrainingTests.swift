import Foundation
import Learning
import Testing
import TestSupport
@testable import Catalog
@testable import GenreKit

/// `genre train --catalog`: the user's labels plus GTZAN, and the catalogue re-classified with
/// the personal model.
@Suite(.serialized) struct TrainingTests {
    @Test func labelsPlusGTZANTrainAPersonalModelThatReclassifiesTheCatalogue() throws {
        let collection = try TestCollection.make(count: 6, longEvery: 6, broken: false)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        var indexer = Indexer(catalog: try Catalog(url: url))
        indexer.progress = false
        #expect(try indexer.run([collection.root.path]).indexed == 6)
        let catalog = try Catalog(url: url)
        let raw = try RawCatalog(url)
        func id(_ name: String) throws -> String {
            try #require(try raw.strings("SELECT recording_id FROM file WHERE path = '\(collection.path(name))'").first)
        }
        #expect(throws: FileProblem.self) { try CatalogTraining.trainingData(catalog, base: nil) }  // no labels yet
        // take-5 is 50 s long: three windows, three rows.
        for name in [collection.good[0], collection.good[2], collection.good[5]] { try catalog.setLabels(of: id(name), to: ["lullaby"]) }
        try catalog.setLabels(of: id(collection.good[1]), to: ["jazz", "field"])

        let data = try CatalogTraining.trainingData(catalog, base: nil)
        let set = data.dataset
        #expect(set.classes == ["blues", "classical", "country", "disco", "field", "hiphop", "jazz", "lullaby", "metal", "pop", "reggae", "rock"])
        #expect(set.count == 1000 + 5 + 1 + 1 && data.groups.count == set.count)
        let own = set.names.indices.filter { set.names[$0].hasPrefix("lullaby/") }
        #expect(own.map { set.names[$0] }.sorted() == ["lullaby/take-0.wav", "lullaby/take-2.wav", "lullaby/take-5.0.wav", "lullaby/take-5.1.wav", "lullaby/take-5.2.wav"])
        #expect(Set(own.map { data.groups[$0] }).count == 3)
        #expect(set.labels.filter { set.classes[$0] == "jazz" }.count == 101)  // GTZAN's 100 and the labelled one
        #expect(try CatalogTraining.trainingData(catalog, base: nil, only: ["lullaby"]).dataset.classes.contains("field") == false)

        let model = try GenreModel.train(set, algorithm: .logistic)
        let told = Told()
        let summary = try CatalogTraining.adopt(model, name: "personal", trainingData: set, cvAccuracy: nil, into: catalog, progress: false,
                                                observer: { done, total in told.add(done, total) })
        #expect(summary.reclassified == 6 && summary.failed == 0, "\(summary)")
        // The observer (the web app's training status) heard the start and every recording, each count once.
        #expect(told.calls.map(\.done).sorted() == Array(0...6) && told.calls.allSatisfy { $0.total == 6 }, "\(told.calls)")
        let modelID = try #require(try catalog.setting("model"))
        #expect(try raw.int("SELECT count(*) FROM recording WHERE model_id = '\(modelID)'") == 6)
        // The catalogue's results are those of the stored model classifying the files directly.
        let stored = try CatalogModel.resolve(nil, in: catalog).load().model
        let classifier = try RecordingClassifier(model: stored)
        for name in collection.good {
            let json = try #require(try raw.strings("SELECT result FROM recording WHERE id = '\(try id(name))'").first)
            let result = try JSONDecoder().decode(RecordingResult.self, from: Data(json.utf8))
            let direct = try classifier.classify(URL(fileURLWithPath: collection.path(name)))
            #expect(result.probabilities.count == 12 && result.genre == direct.genre, "\(name)")
            for (genre, p) in direct.probabilities { #expect(abs((result.probabilities[genre] ?? -1) - p) < 1e-9) }
        }
        // The labelled recordings are unlike GTZAN and like each other: the model learnt them.
        for name in [collection.good[0], collection.good[2]] {
            #expect(try raw.strings("SELECT genre FROM recording WHERE id = '\(try id(name))'") == ["lullaby"], "\(name)")
        }
    }

    @Test func trainCommandWithACatalogue() throws {
        let collection = try TestCollection.make(count: 4, broken: false)
        defer { collection.remove() }
        let url = collection.root.appendingPathComponent("catalogue.sqlite")
        #expect(try GenreProcess.run(["index", collection.root.path, "--catalog", url.path]).status == 0)
        let catalog = try Catalog(url: url)
        let raw = try RawCatalog(url)
        for name in collection.good.prefix(2) {
            let id = try #require(try raw.strings("SELECT recording_id FROM file WHERE path = '\(collection.path(name))'").first)
            try catalog.setLabels(of: id, to: ["work song"])
        }
        let modelFile = collection.root.appendingPathComponent("mine.genremodel")
        let toFile = try GenreProcess.run(["train", "--catalog", url.path, "--algorithm", "logistic", "--model", modelFile.path])
        #expect(toFile.status == 0 && toFile.output.contains("11 genres") && FileManager.default.fileExists(atPath: modelFile.path), "\(toFile.output)")
        #expect(try catalog.setting("model") == "default")  // --model writes a file and leaves the catalogue alone
        let kept = try GenreProcess.run(["train", "--catalog", url.path, "--algorithm", "logistic"])
        #expect(kept.status == 0 && kept.output.contains("re-classified 4 recordings"), "\(kept.output)")
        #expect(try catalog.setting("model") != "default")
        let unlabelled = try GenreProcess.run(["train", "--catalog", url.path, "--label", "nothing-has-this"])
        #expect(unlabelled.status != 0 && unlabelled.output.contains("no recording has the label nothing-has-this"), "\(unlabelled.output)")
    }
}

/// What a progress observer was told, in order.
final class Told: @unchecked Sendable {
    private(set) var calls: [(done: Int, total: Int)] = []
    private let lock = NSLock()
    func add(_ done: Int, _ total: Int) { lock.withLock { calls.append((done, total)) } }
}
