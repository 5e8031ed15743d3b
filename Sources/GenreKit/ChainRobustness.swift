import Foundation
import Learning

/// The training recipe's robustness step: which degraded copies of the training rows `genre
/// train` and `genre evaluate` add (see `ChainAugmentation`). By default the bundled feature
/// transfer table, Resources/chain-transfer.json, learnt by bench/chains/transfer.py from GTZAN
/// clips passed through simulated recording chains (band-limiting and hiss, MP3, 8–16 kHz sample
/// rates, telephone, hum, clipping, wow, and the top-band roll-off of resamplers), so the model
/// answers by the music rather than by the chain.
public struct TrainingAugmentation: Sendable {
    /// The table, or nil for no augmentation.
    public var transfer: FeatureTransfer?
    /// Degraded copies per training row.
    public var copies: Int

    public init(transfer: FeatureTransfer?, copies: Int = TrainingAugmentation.defaultCopies) {
        self.transfer = transfer
        self.copies = copies
    }

    /// Degraded copies per row in the default recipe.
    public static let defaultCopies = 1

    /// No augmentation (the recipe before issue 9).
    public static let none = TrainingAugmentation(transfer: nil, copies: 0)

    /// The bundled table (`none` if the resource is missing or unreadable, which a test guards).
    public static let bundled: TrainingAugmentation = {
        guard let url = Bundle.module.url(forResource: "chain-transfer", withExtension: "json"),
              let table = try? FeatureTransfer.load(url) else { return .none }
        return TrainingAugmentation(transfer: table)
    }()

    /// A table read from a file (e.g. one fitted without some clips, for held-out measurements).
    public static func file(_ path: String, copies: Int = defaultCopies) throws -> TrainingAugmentation {
        do { return TrainingAugmentation(transfer: try FeatureTransfer.load(URL(fileURLWithPath: path)), copies: copies) } catch {
            throw FileProblem(file: path, message: "not a usable feature transfer table (\(error))")
        }
    }

    /// The augmentation for data with `featureNames`: nil without a table, without copies, or
    /// when the data's features are not the table's (e.g. a CSV of other features).
    public func augmentation(for featureNames: [String], seed: UInt64) -> ChainAugmentation? {
        guard let transfer, copies > 0, transfer.featureNames == featureNames else { return nil }
        return ChainAugmentation(transfer: transfer, copies: copies, seed: seed)
    }

    /// For the model file's self-description.
    public var summary: String {
        guard let transfer, copies > 0 else { return "none" }
        return "\(copies) chain cop\(copies == 1 ? "y" : "ies") per row from \(transfer.conditions.count) conditions"
    }
}
