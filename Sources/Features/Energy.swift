/// Time-domain frame descriptors computed on the padded waveform, as librosa does for `y` input.
public enum Energy {
    /// Root-mean-square energy of each frame, as `librosa.feature.rms(y=y, frame_length=2048,
    /// hop_length=512, center=True, pad_mode=padMode)`: the signal is padded by frameLength/2 on
    /// both sides, framed without a window, and each frame gives sqrt(mean(x²)).
    /// The GTZAN features use `.reflect` padding.
    public static func rms(_ signal: [Double], frameLength: Int = 2048, hopLength: Int = 512,
                           padMode: PadMode = .reflect) -> [Double] {
        let padded = pad(signal, before: frameLength / 2, after: frameLength / 2, mode: padMode)
        return framed(padded, frameLength: frameLength, hopLength: hopLength) { frame in
            var acc = 0.0
            for v in frame { acc += v * v }
            return (acc / Double(frameLength)).squareRoot()
        }
    }

    /// Zero-crossing rate of each frame, as `librosa.feature.zero_crossing_rate(y,
    /// frame_length=2048, hop_length=512, center=True)`: edge padding (librosa's fixed choice),
    /// values with |x| ≤ 1e-10 count as zero, a crossing is a change of sign bit between
    /// neighbours (zero counts as positive), the frame's first sample never counts, and the rate is
    /// crossings / frameLength.
    public static func zeroCrossingRate(_ signal: [Double], frameLength: Int = 2048, hopLength: Int = 512,
                                        threshold: Double = 1e-10) -> [Double] {
        let padded = pad(signal, before: frameLength / 2, after: frameLength / 2, mode: .edge)
        // negative[i]: the sign bit of sample i after small values are clamped to +0.
        let negative = padded.map { abs($0) <= threshold ? false : $0.sign == .minus }
        return framed(negative, frameLength: frameLength, hopLength: hopLength) { frame in
            var count = 0
            var previous = frame.first!
            for n in frame.dropFirst() {
                if n != previous { count += 1 }
                previous = n
            }
            return Double(count) / Double(frameLength)
        }
    }

    /// Applies `body` to each full frame of `values` (as `librosa.util.frame`: 1 + (n − L) / hop frames).
    static func framed<T>(_ values: [T], frameLength: Int, hopLength: Int,
                          _ body: (ArraySlice<T>) -> Double) -> [Double] {
        guard values.count >= frameLength else { return [] }
        let count = 1 + (values.count - frameLength) / hopLength
        return (0..<count).map { t in body(values[(t * hopLength)..<(t * hopLength + frameLength)]) }
    }
}
