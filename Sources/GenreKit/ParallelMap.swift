import Dispatch
import Foundation

/// Runs `work` on every element on all cores and returns the results in input order.
///
/// Used for batches of files: each file is independent and takes milliseconds to seconds, so
/// one task per element is the right grain. `work` must not throw: a batch reports per-file
/// failures as values (see `FileOutcome`), so one bad file never costs the others their results.
public func parallelMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
    _ work: @Sendable (Element) -> Result
) -> [Result] {
    let results = OrderedSlots<Result>(count: elements.count)
    let next = AtomicCounter()
    let workers = max(1, min(maxConcurrency, elements.count))
    // Workers pull the next index, so long and short files balance across cores.
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let i = next.increment()
            if i >= elements.count { break }
            results.set(i, work(elements[i]))
        }
    }
    return results.values()
}

/// A fixed number of result slots, filled from several threads.
final class OrderedSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Value) { lock.withLock { slots[i] = value } }
    /// All values; every slot must have been set.
    func values() -> [Value] { lock.withLock { slots.map { $0! } } }
}

/// A thread-safe counter handing out 0, 1, 2, ...
final class AtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
