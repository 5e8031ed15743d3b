/// A waveform read in place from consecutive pieces of other buffers: the shared path's harmonic
/// waveform of a window is the window's own near its two ends and the span's in between
/// (`features(span:windows:)`), and copying it into one array cost 5.3 MB per 30-s window.
/// A waveform in one buffer is the special case of a single piece.
///
/// Valid only while the buffers it points into are (the caller's `withUnsafeBufferPointer`).
struct WaveformPieces {
    /// Samples in all.
    let count: Int
    /// Piece k holds samples `starts[k]..<starts[k + 1]` (the last one up to `count`), its first
    /// at `pointers[k]`. Every start is a multiple of 4, so `forEachFour` can walk the pieces in
    /// the same groups of four as one array.
    private let starts: [Int]
    private let pointers: [UnsafePointer<Float>]

    /// One buffer.
    init(_ samples: UnsafeBufferPointer<Float>) {
        count = samples.count
        starts = samples.baseAddress == nil ? [] : [0]
        pointers = samples.baseAddress.map { [$0] } ?? []
    }

    /// `pieces`: each piece's first sample index (the first is 0, increasing, multiples of 4) and
    /// a pointer to that sample.
    init(count: Int, pieces: [(start: Int, first: UnsafePointer<Float>)]) {
        precondition(pieces.first?.start == 0 && zip(pieces, pieces.dropFirst()).allSatisfy { $0.start < $1.start }
                         && pieces.allSatisfy { $0.start % 4 == 0 && $0.start <= count },
                     "WaveformPieces: pieces must start at 0 and at increasing multiples of 4")
        self.count = count
        starts = pieces.map(\.start)
        pointers = pieces.map(\.first)
    }

    /// Sample 0 (the waveform must not be empty).
    var first: Float { pointers[0][0] }

    /// Calls `body(i, p)` for the samples `0..<end` in order: with `p` pointing at sample i, four
    /// samples at a time (`count == 4`) while whole groups of four remain, then one at a time.
    @inline(__always)
    func forEach(upTo end: Int, _ body: (_ index: Int, _ samples: UnsafePointer<Float>, _ count: Int) -> Void) {
        for k in starts.indices {
            let lower = starts[k], upper = min(k + 1 < starts.count ? starts[k + 1] : count, end)
            guard lower < upper else { break }
            let piece = pointers[k]
            var i = lower
            while i + 4 <= upper { body(i, piece + (i - lower), 4); i += 4 }
            while i < upper { body(i, piece + (i - lower), 1); i += 1 }
        }
    }
}
