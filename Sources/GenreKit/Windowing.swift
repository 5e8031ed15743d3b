/// Where the analysis windows of a recording lie: `window`-sample windows every `hop` samples
/// from the start, plus one window aligned to the end when the last regular window stops short
/// of it (so the whole recording is covered and no window is shorter than the model's training
/// unit). A recording at most `singleWindowFactor` (1.1) windows long is a single window of
/// everything there is: the features are per-frame statistics, so a 31-s clip needs no second,
/// nearly identical window. By the same rule, a tail of at most 0.1 window after the last
/// regular window (`absorbedTail`, 3 s of 30) lengthens that window instead of adding an
/// end-aligned one: a 60.03-s recording has three windows, not a fourth that repeats the third.
///
/// With a `grid` (the STFT hop, 512, for `genre classify`) the regular windows start on it:
/// window k at the multiple of `grid` nearest to k·hop (within half a grid step, no drift), so
/// that overlapping windows share their STFT frames (`KaggleFeatureExtractor.features(span:windows:)`).
public struct WindowPlan: Sendable, Equatable {
    public let window: Int
    public let hop: Int
    /// Window starts are multiples of this (1: exactly k·hop).
    public let grid: Int

    public init(window: Int, hop: Int, grid: Int = 1) {
        precondition(window > 0 && hop > 0 && grid > 0)
        self.window = window
        self.hop = hop
        self.grid = grid
    }

    /// Where regular window k starts: k·hop, rounded to the nearest multiple of `grid` (halves up).
    public func start(_ k: Int) -> Int {
        let exact = k * hop
        return (exact + grid / 2) / grid * grid
    }

    /// Recordings up to this many windows long are analysed as one window.
    public static let singleWindowFactor = 1.1

    /// Longest recording analysed as a single window.
    public var singleWindowLimit: Int { Int(Double(window) * Self.singleWindowFactor) }

    /// The longest tail after the last regular window that lengthens it (instead of adding an
    /// end-aligned window): what a single window may exceed `window` by.
    public var absorbedTail: Int { singleWindowLimit - window }

    /// Start and end (in samples) of every window of a recording of `total` samples.
    public func windows(total: Int) -> [Range<Int>] {
        guard total > singleWindowLimit else { return [0..<total] }
        var out: [Range<Int>] = []
        var k = 0
        while start(k) + window <= total {
            out.append(start(k)..<(start(k) + window))
            k += 1
        }
        if let last = out.last, last.upperBound < total {
            if total - last.upperBound <= absorbedTail {
                out[out.count - 1] = last.lowerBound..<total
            } else {
                out.append((total - window)..<total)
            }
        }
        return out
    }
}

/// Cuts a stream of sample blocks into the windows of a `WindowPlan`. It returns the windows'
/// ranges and holds their samples until the consumer releases them (`samples(_:)`,
/// `release(before:)`), so that overlapping windows are cut from the blocks once, as the span
/// they form, instead of each being copied out on its own (at 15-s hops that copied every
/// sample twice, shifted the buffer by a hop per window, then copied once more into the span).
/// Held: what the consumer has not released, plus at most one window, one hop and a short tail
/// (with the blocks they begin and end in), whatever the recording's length.
public struct StreamingWindower: Sendable {
    public let plan: WindowPlan
    /// The blocks held, as appended (never moved or merged: a window is copied out of them once),
    /// the first starting at absolute position `bufferStart`.
    private var blocks: [[Double]] = []
    private var firstBlock = 0
    private var bufferStart = 0
    private var nextIndex = 0
    private var nextStart: Int { plan.start(nextIndex) }
    private var lastEmitted: Range<Int>?
    /// Samples before this the consumer no longer needs.
    private var released = 0
    public private(set) var total = 0
    /// Samples held (not yet dropped).
    public var heldSamples: Int { total - bufferStart }

    public init(plan: WindowPlan) { self.plan = plan }

    /// Adds a block and returns the windows it completed (their samples: `samples(_:)`).
    public mutating func append(_ block: [Double]) -> [Range<Int>] {
        if !block.isEmpty { blocks.append(block) }
        total += block.count
        var out: [Range<Int>] = []
        // Until the recording is known to be longer than one window's worth, keep everything; and
        // hold a window back while it may still be the last one, lengthened by a short tail.
        while nextStart + plan.window <= total && (lastEmitted != nil || total > plan.singleWindowLimit)
                && (total > nextStart + plan.window + plan.absorbedTail || plan.start(nextIndex + 1) + plan.window <= total) {
            let range = nextStart..<(nextStart + plan.window)
            out.append(range)
            lastEmitted = range
            nextIndex += 1
        }
        return out
    }

    /// At the end of the stream: the windows held back (the last one lengthened by a short tail),
    /// the end-aligned last window, or the whole (short) recording.
    public mutating func finish() -> [Range<Int>] {
        var held: [Range<Int>] = []
        if lastEmitted != nil || total > plan.singleWindowLimit {
            while nextStart + plan.window <= total {
                held.append(nextStart..<(nextStart + plan.window))
                nextIndex += 1
            }
        }
        guard let last = held.last ?? lastEmitted else {
            return total > 0 ? [0..<total] : []
        }
        if last.upperBound < total {
            if total - last.upperBound <= plan.absorbedTail, !held.isEmpty {
                held[held.count - 1] = last.lowerBound..<total
            } else {
                held.append((total - plan.window)..<total)
            }
        }
        return held
    }

    /// A copy of the samples in `range` (of a window returned and not yet released).
    public func samples(_ range: Range<Int>) -> [Double] {
        precondition(range.lowerBound >= bufferStart && range.upperBound <= total, "samples: range not held")
        return [Double](unsafeUninitializedCapacity: range.count) { out, count in
            var blockStart = bufferStart, filled = 0
            for block in blocks[firstBlock...] where filled < range.count {
                defer { blockStart += block.count }
                let from = max(range.lowerBound, blockStart), to = min(range.upperBound, blockStart + block.count)
                guard from < to else { continue }
                block.withUnsafeBufferPointer { b in
                    (out.baseAddress! + filled).initialize(from: b.baseAddress! + (from - blockStart), count: to - from)
                }
                filled += to - from
            }
            count = filled
        }
    }

    /// The consumer needs no sample before `position` any more.
    public mutating func release(before position: Int) {
        released = max(released, position)
        // Keep from the last window's start on: the end-aligned window may begin there.
        let keep = min(released, lastEmitted?.lowerBound ?? 0, nextStart)
        while firstBlock < blocks.count, bufferStart + blocks[firstBlock].count <= keep {
            bufferStart += blocks[firstBlock].count
            blocks[firstBlock] = []
            firstBlock += 1
        }
        // The emptied slots are dropped once they outnumber the blocks held.
        if firstBlock > 64, firstBlock > blocks.count - firstBlock {
            blocks.removeFirst(firstBlock)
            firstBlock = 0
        }
    }
}
