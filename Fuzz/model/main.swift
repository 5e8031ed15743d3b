import Foundation
import FuzzSupport
import GenreKit
import Learning
import ZlibCodec

Fuzz.main(seeds: seeds, test: fuzzModel)

/// The model-file loader: `GenreModel.read` (over `ModelEnvelope.read`) and
/// `ModelEnvelope.readMetadata`, then the loaded model used as `genre classify` and
/// `genre report` use it. A model that loads must not crash when used.
///
/// An input starting with the magic "GENRE-MODEL" is taken as a whole file (the header checks:
/// version, length, checksum). An input starting with 0x78 (a zlib stream's first byte) is taken
/// as a format-3 compressed body, given a correct header that claims 8 times its size, so
/// mutations reach the bounded inflation. Any other input is taken as the JSON body and given a
/// correct format-1 header, so mutations reach the decoding and the consistency checks instead
/// of stopping at the checksum.
func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let file = bytes.starts(with: Array("GENRE-MODEL".utf8)) ? bytes
        : bytes.first == 0x78 ? withCompressedHeader(bytes, inflated: 8 * bytes.count) : withHeader(bytes)
    let url = Fuzz.scratchFile(file, suffix: ".genremodel")
    _ = try? ModelEnvelope<GenreModel>.readMetadata(from: url)
    guard let (_, model) = try? GenreModel.read(from: url) else { return 0 }
    exercise(model)
    return 0
}

/// `ModelEnvelope`'s header for a body: magic, version, length, SHA-256.
func withHeader(_ body: [UInt8]) -> [UInt8] {
    let header = "GENRE-MODEL 1 length=\(body.count) sha256=\(SHA256.hexDigest(body))\n"
    return Array(header.utf8) + body
}

/// A format-3 header for stored (compressed) bytes claiming `inflated` bytes of JSON.
func withCompressedHeader(_ stored: [UInt8], inflated: Int) -> [UInt8] {
    Array("GENRE-MODEL 3 length=\(stored.count) sha256=\(SHA256.hexDigest(stored)) inflated=\(inflated)\n".utf8) + stored
}

/// What `RecordingClassifier.result` and the report do with a model, on two windows of made-up
/// features (one 30 s, one shorter): probabilities, the transformed space, nearest tracks by
/// name and genre, novelty, each aspect model's verdict, and each feature's training range.
func exercise(_ model: GenreModel) {
    let d = model.featureNames.count
    let x = Matrix(rows: 2, columns: d, values: (0..<2 * d).map { Double($0 % 7) * 0.37 + 0.01 })
    let p = model.probabilities(x)
    precondition(p.rows == 2 && p.columns == model.classes.count,
                 "probabilities are \(p.rows)x\(p.columns) for 2 rows and \(model.classes.count) classes")
    let transformed = model.pipeline.transformed(x)
    for r in 0..<transformed.rows {
        for n in model.reference.nearest(transformed.row(r), count: 5) {
            _ = (model.reference.names[n.index], model.classes[model.reference.labels[n.index]])
        }
    }
    _ = model.novelty(windowFeatures: x, windowSeconds: [30, 12.5], transformed: transformed)
    if let aspects = model.aspects {
        for (_, result) in aspects.results(x, classes: model.classes) {
            precondition(result.probabilities.count == model.classes.count, "an aspect's probabilities cover \(result.probabilities.count) of \(model.classes.count) classes")
        }
    }
    if let ranges = model.featureRanges {
        for c in 0..<d { _ = ranges[c].verdict(x[0, c]) }
    }
}

/// Small models written by `GenreModel.write`: one per algorithm, trained on 30 rows of four
/// features (three genres), with the novelty detector, temperature calibration and the aspect
/// models those features have (harmony, dynamics, rhythm). Forest, boosting and stack are trained
/// with a few trees/rounds instead of the defaults so the seeds stay small (30-40 KB). One seed
/// is a whole file (header included), the others are bodies.
func seeds() throws -> [Seeds.Seed] {
    let names = ["chroma_stft_mean", "rms_mean", "rms_var", "tempo"]
    let classes = ["blues", "jazz", "metal"]
    var state: UInt64 = 11
    func unit() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    var values: [Double] = [], labels: [Int] = [], rowNames: [String] = []
    for i in 0..<30 {
        let c = i % 3
        labels.append(c)
        rowNames.append("\(classes[c]).\(String(format: "%05d", i / 3)).wav")  // one recording per row (Dataset.group(ofName:))
        values += [0.3 + 0.1 * Double(c) + 0.05 * unit(), 0.05 + 0.05 * Double(c) * unit(), 0.001 * (1 + unit()), 80 + 20 * Double(c) + 10 * unit()]
    }
    let data = try Dataset(names: rowNames, featureNames: names, x: Matrix(rows: 30, columns: 4, values: values), labels: labels, classes: classes)
    let base = try GenreModel.train(data, algorithm: .svm, augmentation: .none, noveltyProfile: nil)
    let small: [Algorithm: AnyClassifier] = [
        .forest: .forest(RandomForest(nEstimators: 3, seed: 1)),
        .boosting: .boosting(GradientBoosting(nRounds: 3, maxDepth: 2, seed: 1)),
        .stack: .stacking(Stacking(bases: [Algorithm.svm.classifier(seed: 1), Algorithm.logistic.classifier(seed: 1), Algorithm.knn.classifier(seed: 1),
                                           .boosting(GradientBoosting(nRounds: 2, maxDepth: 2, seed: 1))],
                                   meta: LogisticRegression(c: 1), folds: 3, seed: 1)),
    ]
    var out: [Seeds.Seed] = []
    for algorithm in Algorithm.allCases {
        var model = algorithm == .svm ? base : try GenreModel.train(data, algorithm: small[algorithm] == nil ? algorithm : .logistic,
                                                                                   augmentation: .none, noveltyProfile: nil)
        if let classifier = small[algorithm] {
            var pipeline = Algorithm.pipeline(featureNames: names, classifier: classifier)
            try pipeline.fit(data.x, labels: data.labels, classCount: classes.count)
            model = try replacing(model, pipeline: pipeline, algorithm: algorithm)
        }
        let file = try Seeds.written("\(algorithm.rawValue).genremodel") {
            try model.write(to: $0, name: "fuzz seed \(algorithm.rawValue)", trainingData: data, cvAccuracy: 0.5)
        }
        let (stored, body) = try storedAndJSON(file.bytes)
        out.append((algorithm == .svm ? "svm-whole-file" : algorithm.rawValue, algorithm == .svm ? file.bytes : body))
        if algorithm == .svm { out += [("svm", body), ("svm-compressed", stored)] }
    }
    return out
}

/// A format-3 file's stored (compressed) bytes and the JSON they inflate to.
func storedAndJSON(_ file: [UInt8]) throws -> (stored: [UInt8], json: [UInt8]) {
    struct NotFormat3: Error {}
    guard let newline = file.firstIndex(of: UInt8(ascii: "\n")),
          let inflated = String(decoding: file[..<newline], as: UTF8.self).split(separator: " ").last
            .flatMap({ Int($0.dropFirst("inflated=".count)) }) else { throw NotFormat3() }
    let stored = Array(file[(newline + 1)...])
    guard let json = Zlib.decompress(stored, expectedCount: inflated) else { throw NotFormat3() }
    return (stored, json)
}

/// `model` with another (fitted) pipeline and algorithm name, through its JSON form.
func replacing(_ model: GenreModel, pipeline: Pipeline<AnyClassifier>, algorithm: Algorithm) throws -> GenreModel {
    var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as! [String: Any]
    object["pipeline"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(pipeline))
    object["algorithm"] = algorithm.rawValue
    return try JSONDecoder().decode(GenreModel.self, from: JSONSerialization.data(withJSONObject: object))
}
