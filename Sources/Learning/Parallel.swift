import Foundation

/// Runs `body(i)` for every `i` in `0..<count` on all cores (GCD `concurrentPerform`) and returns
/// the results in index order. Work items must be independent; callers give each item its own
/// derived random generator, so results do not depend on scheduling. The first error (in index
/// order) is rethrown after all items finish.
func parallelMap<T>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    if count == 0 { return [] }
    if count == 1 { return [try body(0)] }
    var results = [Result<T, Error>?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        let out = SharedPointer(buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            out.pointer[i] = Result { try body(i) }  // each index written by exactly one worker
        }
    }
    return try results.map { try $0!.get() }
}

/// Non-throwing variant of `parallelMap`.
func parallelMapPure<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    // `try!` cannot fire: `body` does not throw.
    try! parallelMap(count) { body($0) }
}

/// Splits `0..<count` into about two chunks per core and runs `body` on each in parallel
/// (row-wise prediction, where per-row work is too small for one task per row).
func parallelChunks(_ count: Int, minimumChunk: Int = 16, _ body: @Sendable (Range<Int>) -> Void) {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunks = max(1, min(cores * 2, count / max(1, minimumChunk)))
    if chunks == 1 { body(0..<count); return }
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        body((c * count / chunks)..<((c + 1) * count / chunks))
    }
}

/// A raw pointer handed to parallel workers that write disjoint elements.
struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Builds a `rows` x `columns` matrix in parallel row chunks: `body(rowRange, pointer)` writes
/// only the elements of its rows (row-major, `pointer[r * columns + c]`).
func parallelRows(_ rows: Int, _ columns: Int, minimumChunk: Int = 16,
                  _ body: @Sendable (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> Matrix {
    var out = [Double](repeating: 0, count: rows * columns)
    out.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let shared = SharedPointer(base)
        parallelChunks(rows, minimumChunk: minimumChunk) { range in body(range, shared.pointer) }
    }
    return Matrix(rows: rows, columns: columns, values: out)
}
