import Foundation
import Testing
import TestSupport
import Learning
@testable import GenreKit

/// A model file whose checksum holds but whose parts do not fit together (edited and re-hashed,
/// or written by a faulty program) is refused with one line naming the file, never used and
/// crashed on. The fixtures in Fixtures/fuzz are inputs the `model` fuzz target (scripts/fuzz.sh)
/// found crashing before the checks existed; each is a JSON body, given a correct header here.
@Suite struct ModelConsistencyTests {
    /// The file `body` would be with a correct header (as the fuzz target writes it).
    static func modelFile(body: Data) throws -> URL {
        let url = ModelFileTests.temporaryFile("fuzz.genremodel")
        try uncompressedModelFile(json: body).write(to: url)
        return url
    }

    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/fuzz/" + name, withExtension: nil))
        return try Data(contentsOf: url)
    }

    @Test(arguments: [
        // Reference vectors 30x4 with 31 values: k-NN read past the end of the array.
        ("model-reference-vectors-short.json", "a 30x4 matrix with 31 values"),
    ])
    func fuzzFindingsAreRefused(_ name: String, _ expected: String) throws {
        let url = try Self.modelFile(body: Self.fixture(name))
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: FileProblem.self) { try GenreModel.read(from: url) }
        #expect(error.file == url.path)
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(!error.message.contains("\n"))
    }

    /// The parts main added after the checks were written: aspect models must read columns the
    /// model has and fit its classes, and class names (the keys of every result) must differ.
    @Test func aspectModelsAndClassNamesAreChecked() throws {
        let bundled = try DefaultModel.load(nil).1
        var model = bundled
        let aspects = try #require(model.aspects)
        model.aspects?.models[0].columnIndices[0] = model.featureNames.count
        #expect(model.problem?.contains("the \(aspects.models[0].aspect.rawValue) aspect model refers to columns outside") == true,
                "\(model.problem ?? "nil")")
        model = bundled
        model.aspects?.models[1].pipeline = aspects.models[0].pipeline  // fitted on another aspect's column count
        #expect(model.problem?.contains("aspect model:") == true, "\(model.problem ?? "nil")")
        model = bundled
        model.classes[1] = model.classes[0]
        #expect(model.problem == "a class is named twice")
    }

    /// The checks must not refuse what training writes: every algorithm, and the bundled model.
    @Test func trainedModelsPassTheChecks() throws {
        let data = try ModelFileTests.tinyDataset()
        for algorithm in Algorithm.allCases {
            let model = try GenreModel.train(data, algorithm: algorithm, seed: 2)
            #expect(model.problem == nil, "\(algorithm): \(model.problem ?? "")")
        }
        #expect(try DefaultModel.load(nil).1.problem == nil)
    }
}
