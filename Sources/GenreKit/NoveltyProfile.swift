import Foundation
import Learning

/// What the novelty detector learns about the features themselves, apart from any training set:
/// how a shorter window's features scatter around the whole 30-s clip's (`lengths`), and how
/// ordinary recording chains move them (`chains`: band limits, hiss). Each entry pairs the
/// features of a derived recording with those of the clip it was made from (`clips`).
///
/// The bundled profile (`Resources/novelty-profile.json`) is measured on the 42 GTZAN clips
/// with audio in ../shared/gtzan: cuts of 3, 6, 10, 14 and 20 s at several offsets, and the
/// clips through four chains (low-pass 3 and 8 kHz, 200–7000 Hz with hiss 50 dB down, hiss 35 dB
/// down). Made by `scripts/make-novelty-profile.py` from `bench/novelty/make_corpus.sh`'s output.
public struct NoveltyProfile: Sendable, Codable, Equatable {
    public struct Clip: Sendable, Codable, Equatable {
        public var name: String
        public var features: [Double]
    }
    /// A window of `seconds` starting `offset` seconds into `clip`.
    public struct Cut: Sendable, Codable, Equatable {
        public var clip: String
        public var seconds: Double
        public var offset: Double
        public var features: [Double]
    }
    /// The whole `clip` through a recording chain.
    public struct Chained: Sendable, Codable, Equatable {
        public var clip: String
        public var chain: String
        public var features: [Double]
    }

    public var featureNames: [String]
    public var clips: [Clip]
    public var lengths: [Cut]
    public var chains: [Chained]

    enum CodingKeys: String, CodingKey {
        case featureNames = "feature_names", clips, lengths, chains
    }

    public init(featureNames: [String], clips: [Clip], lengths: [Cut], chains: [Chained]) {
        self.featureNames = featureNames; self.clips = clips; self.lengths = lengths; self.chains = chains
    }

    /// Reads a profile file, naming it in any error.
    public static func read(from url: URL) throws -> NoveltyProfile {
        do {
            let profile = try JSONDecoder().decode(NoveltyProfile.self, from: Data(contentsOf: url))
            let width = profile.featureNames.count
            guard profile.clips.allSatisfy({ $0.features.count == width }), profile.lengths.allSatisfy({ $0.features.count == width && $0.seconds > 0 }),
                  profile.chains.allSatisfy({ $0.features.count == width }) else {
                throw FileProblem(file: url.path, message: "novelty profile rows do not have \(width) features")
            }
            return profile
        } catch let problem as FileProblem { throw problem } catch {
            throw FileProblem(file: url.path, message: "not a novelty profile (\(error))")
        }
    }

    /// The profile shipped with the package (nil only if the resource is missing).
    public static let bundled: NoveltyProfile? = Bundle.module.url(forResource: "novelty-profile", withExtension: "json")
        .flatMap { try? read(from: $0) }

    /// The window lengths measured, ascending.
    public var measuredSeconds: [Double] { Array(Set(lengths.map(\.seconds))).sorted() }

    /// Pairs (derived features, original features) as two matrices, in `featureNames` order,
    /// for the cuts of `seconds` (or, when nil, for every chain). Cuts of unknown clips are skipped.
    public func pairs(seconds: Double?) -> (derived: Matrix, original: Matrix) {
        let originals = Dictionary(clips.map { ($0.name, $0.features) }, uniquingKeysWith: { a, _ in a })
        let rows: [(clip: String, features: [Double])] = seconds.map { s in lengths.filter { $0.seconds == s }.map { ($0.clip, $0.features) } }
            ?? chains.map { ($0.clip, $0.features) }
        let known = rows.filter { originals[$0.clip] != nil }
        let width = featureNames.count
        return (Matrix(rows: known.count, columns: width, values: known.flatMap(\.features)),
                Matrix(rows: known.count, columns: width, values: known.flatMap { originals[$0.clip]! }))
    }
}
