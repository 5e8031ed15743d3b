import Foundation
import GenreKit

/// The model a catalogue classifies with. `genre index --model F` stores F in the catalogue and
/// makes it the catalogue's model; without `--model` the catalogue keeps the model it has (the
/// bundled default until another is given), so every run classifies alike. A model is known by
/// the SHA-256 of its file (`ContentKey`): recordings classified by another model are re-classified (from their
/// stored window features, without decoding) on the next run.
public struct CatalogModel: Sendable {
    /// The setting naming the catalogue's model: "default" or a model id.
    static let settingKey = "model"
    static let defaultName = "default"

    public let id: String
    let source: Source

    enum Source: Sendable {
        case bundled
        /// A model file named on the command line (its bytes are stored in the catalogue).
        case file(URL, Data)
        /// A model stored in the catalogue.
        case stored(Data)
    }

    /// The bytes the catalogue stores for this model (nil for the bundled default).
    var file: Data? {
        switch source {
        case .bundled: nil
        case .file(_, let data), .stored(let data): data
        }
    }

    /// The model of `catalog` (`path` nil), or the model file at `path`.
    public static func resolve(_ path: String?, in catalog: Catalog) throws -> CatalogModel {
        if let path {
            let url = URL(fileURLWithPath: path)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw FileProblem(file: path, message: "cannot read model file: \(error.localizedDescription)")
            }
            return CatalogModel(id: digest(data), source: .file(url, data))
        }
        if let id = try catalog.setting(settingKey), id != defaultName {
            guard let data = try catalog.modelFile(id) else {
                throw FileProblem(file: catalog.url.path, message: "the catalogue's model \(id) is not stored in it; pass --model FILE")
            }
            return CatalogModel(id: id, source: .stored(data))
        }
        return try bundledDefault()
    }

    /// The bundled default model.
    public static func bundledDefault() throws -> CatalogModel {
        guard let id = bundledID else {
            throw FileProblem(file: "default model", message: "not found in the package resources; pass --model FILE")
        }
        return CatalogModel(id: id, source: .bundled)
    }

    /// The bundled model's id, hashed once per process (the web app asks on every request).
    private static let bundledID: String? = DefaultModel.url.flatMap { try? Data(contentsOf: $0) }.map(digest)

    /// A model's id: the SHA-256 of its file.
    static func digest(_ data: Data) -> String { ContentKey.of(data) }

    /// Reads and checks the model (a stored model goes through a temporary file, the model
    /// reader's input).
    public func load() throws -> (metadata: ModelMetadataView, model: GenreModel) {
        switch source {
        case .bundled: return try DefaultModel.load(nil)
        case .file(let url, _): return try DefaultModel.load(url.path)
        case .stored(let data):
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("genre-model-\(UUID().uuidString).genremodel")
            try AtomicFile.write(data, to: temporary)
            defer { try? FileManager.default.removeItem(at: temporary) }
            return try DefaultModel.load(temporary.path)
        }
    }

    /// Records the model in `catalog` and makes it the catalogue's model.
    func adopt(in catalog: Catalog, metadata: ModelMetadataView) throws {
        if try !catalog.hasModel(id) { try catalog.registerModel(id: id, metadata: metadata, file: file) }
        try catalog.setSetting(Self.settingKey, file == nil ? Self.defaultName : id)
    }
}
