import Catalog
import Foundation
import GenreKit

/// What every request of the web app shares: the catalogue, its model (loaded once per model),
/// recently drawn spectrograms, and the one training run that may be going on.
final class Site: Sendable {
    let catalog: Catalog
    /// The catalogue's file name, shown in titles.
    let name: String
    let address = BoundAddress()
    let spectrograms = MemoryCache<String>(capacity: 24)
    let training = Flag()
    let trainingStatus = TrainingStatus()
    private let loaded = MemoryCache<LoadedModel>(capacity: 2)

    init(catalog: Catalog) {
        self.catalog = catalog
        name = catalog.url.lastPathComponent
    }

    struct LoadedModel: Sendable {
        var id: String
        var metadata: ModelMetadataView
        var model: GenreModel
    }

    /// The catalogue's model (the bundled default until a personal one is trained).
    func model() throws -> LoadedModel {
        let choice = try CatalogModel.resolve(nil, in: catalog)
        if let cached = loaded.value(choice.id) { return cached }
        let (metadata, model) = try choice.load()
        let value = LoadedModel(id: choice.id, metadata: metadata, model: model)
        loaded.store(value, for: choice.id)
        return value
    }
}

/// A few recently made values by key, the least recently used dropped first. Thread-safe.
final class MemoryCache<Value: Sendable>: @unchecked Sendable {
    private let capacity: Int
    private var values: [String: Value] = [:]
    private var order: [String] = []
    private let lock = NSLock()

    init(capacity: Int) { self.capacity = capacity }

    func value(_ key: String) -> Value? {
        lock.withLock {
            guard let v = values[key] else { return nil }
            order.removeAll { $0 == key }
            order.append(key)
            return v
        }
    }

    func store(_ value: Value, for key: String) {
        lock.withLock {
            if values.updateValue(value, forKey: key) == nil { order.append(key) }
            while order.count > capacity { values[order.removeFirst()] = nil }
        }
    }
}

/// A flag one caller at a time may hold (e.g. "a model is being trained").
final class Flag: @unchecked Sendable {
    private var held = false
    private let lock = NSLock()
    /// Takes the flag; false when someone holds it.
    func take() -> Bool { lock.withLock { if held { return false }; held = true; return true } }
    func release() { lock.withLock { held = false } }
}

/// Runs blocking work (decoding, training, big queries) on a global queue instead of the
/// server's event loop.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
