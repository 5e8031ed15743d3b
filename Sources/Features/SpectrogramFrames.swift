/// The frames of a spectrogram, read in place: frames `first..<first + frameCount` of a longer
/// spectrogram (a span's STFT power), where the first and last few frames may come from other
/// blocks instead (the window's own frames that reach past its ends, recomputed).
///
/// Why: the shared path for overlapping windows (`features(span:windows:)`) used to copy each
/// window's stretch of the span's power (10.6 MB per 30-s window, in Double) just so that chroma
/// could read it as one array; most of hop 15's extra memory traffic and page faults over hop 30
/// were such copies. A plain spectrogram is the special case of no offset and no blocks.
public struct SpectrogramFrames: Sendable {
    public let binCount: Int
    public let frameCount: Int
    private let base: [Double]
    private let first: Int
    /// Frames `0..<head.frameCount` and the last `tail.frameCount` frames come from these.
    private let head: Spectrogram?
    private let tail: Spectrogram?

    /// Every frame of `spectrogram`.
    public init(_ spectrogram: Spectrogram) {
        binCount = spectrogram.binCount
        frameCount = spectrogram.frameCount
        base = spectrogram.values
        first = 0
        head = nil
        tail = nil
    }

    /// Frames `range` of `spectrogram`, with the first `head.frameCount` of them taken from `head`
    /// and the last `tail.frameCount` from `tail` (same bin count; the blocks must not overlap).
    init(_ range: Range<Int>, of spectrogram: Spectrogram, head: Spectrogram, tail: Spectrogram) {
        precondition(range.lowerBound >= 0 && range.upperBound <= spectrogram.frameCount
                         && head.binCount == spectrogram.binCount && tail.binCount == spectrogram.binCount
                         && head.frameCount + tail.frameCount <= range.count, "SpectrogramFrames: blocks out of range")
        binCount = spectrogram.binCount
        frameCount = range.count
        base = spectrogram.values
        first = range.lowerBound
        self.head = head
        self.tail = tail
    }

    /// Calls `body` with a function giving frame `t`'s `binCount` values (valid inside `body` only).
    public func withFrames<R>(_ body: ((Int) -> UnsafePointer<Double>) -> R) -> R {
        let bins = binCount, count = frameCount, offset = first
        let headCount = head?.frameCount ?? 0, tailStart = count - (tail?.frameCount ?? 0)
        return base.withUnsafeBufferPointer { b in
            (head?.values ?? []).withUnsafeBufferPointer { h in
                (tail?.values ?? []).withUnsafeBufferPointer { e in
                    body { t in
                        t < headCount ? h.baseAddress! + t * bins
                            : t >= tailStart ? e.baseAddress! + (t - tailStart) * bins
                            : b.baseAddress! + (offset + t) * bins
                    }
                }
            }
        }
    }
}
