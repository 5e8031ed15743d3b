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

/// Cuts a stream of sample blocks into the windows of a `WindowPlan` without holding more than
/// about one window plus one hop plus one block in memory, whatever the recording's length.
public struct StreamingWindower {
    public let plan: WindowPlan
    /// Samples from absolute position `bufferStart` on.
    private var buffer: [Double] = []
    private var bufferStart = 0
    private var nextIndex = 0
    private var nextStart: Int { plan.start(nextIndex) }
    private var lastEmitted: Range<Int>?
    public private(set) var total = 0

    public init(plan: WindowPlan) { self.plan = plan }

    /// Adds a block and returns the windows it completed.
    public mutating func append(_ block: [Double]) -> [(range: Range<Int>, samples: [Double])] {
        buffer += block
        total += block.count
        var out: [(range: Range<Int>, samples: [Double])] = []
        // Until the recording is known to be longer than one window's worth, keep everything; and
        // hold a window back while it may still be the last one, lengthened by a short tail.
        while nextStart + plan.window <= total && (lastEmitted != nil || total > plan.singleWindowLimit)
                && (total > nextStart + plan.window + plan.absorbedTail || plan.start(nextIndex + 1) + plan.window <= total) {
            let range = nextStart..<(nextStart + plan.window)
            out.append((range, slice(range)))
            lastEmitted = range
            nextIndex += 1
            // Keep from the last window's start on: the end-aligned window may begin there.
            drop(before: range.lowerBound)
        }
        return out
    }

    /// At the end of the stream: the windows held back (the last one lengthened by a short tail),
    /// the end-aligned last window, or the whole (short) recording.
    public mutating func finish() -> [(range: Range<Int>, samples: [Double])] {
        var held: [Range<Int>] = []
        if lastEmitted != nil || total > plan.singleWindowLimit {
            while nextStart + plan.window <= total {
                held.append(nextStart..<(nextStart + plan.window))
                nextIndex += 1
            }
        }
        guard let last = held.last ?? lastEmitted else {
            return total > 0 ? [(0..<total, slice(0..<total))] : []
        }
        if last.upperBound < total {
            if total - last.upperBound <= plan.absorbedTail, !held.isEmpty {
                held[held.count - 1] = last.lowerBound..<total
            } else {
                held.append((total - plan.window)..<total)
            }
        }
        return held.map { ($0, slice($0)) }
    }

    private func slice(_ range: Range<Int>) -> [Double] {
        Array(buffer[(range.lowerBound - bufferStart)..<(range.upperBound - bufferStart)])
    }

    private mutating func drop(before position: Int) {
        let count = position - bufferStart
        guard count > 0 else { return }
        buffer.removeFirst(count)
        bufferStart = position
    }
}
