/// Time-domain frame descriptors computed on the padded waveform, as librosa does for `y` input.
public enum Energy {
    /// Root-mean-square energy of each frame, as `librosa.feature.rms(y=y, frame_length=2048,
    /// hop_length=512, center=True, pad_mode=padMode)`: the signal is padded by frameLength/2 on
    /// both sides, framed without a window, and each frame gives sqrt(mean(x²)).
    /// The GTZAN features use `.reflect` padding.
    public static func rms(_ signal: [Double], frameLength: Int = 2048, hopLength: Int = 512,
                           padMode: PadMode = .reflect) -> [Double] {
        let padded = pad(signal, before: frameLength / 2, after: frameLength / 2, mode: padMode)
        guard frameLength > 0, hopLength > 0, padded.count >= frameLength else { return [] }
        let count = 1 + (padded.count - frameLength) / hopLength
        return padded.withUnsafeBufferPointer { x in
            (0..<count).map { t in
                // Four partial sums so the loop vectorises (the order differs from a single running
                // sum only by rounding, ~1e-16 relative).
                let frame = x.baseAddress! + t * hopLength
                var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
                var i = 0
                while i + 4 <= frameLength {
                    a0 += frame[i] * frame[i]; a1 += frame[i + 1] * frame[i + 1]
                    a2 += frame[i + 2] * frame[i + 2]; a3 += frame[i + 3] * frame[i + 3]
                    i += 4
                }
                while i < frameLength { a0 += frame[i] * frame[i]; i += 1 }
                return (((a0 + a1) + (a2 + a3)) / Double(frameLength)).squareRoot()
            }
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
        guard frameLength > 0, hopLength > 0, padded.count >= frameLength else { return [] }
        // crossings[i]: sign changes between neighbours among samples 0...i, where a sample's sign
        // is its sign bit after small values are clamped to +0. A frame starting at s counts the
        // changes between s and s + L − 1: crossings[s + L − 1] − crossings[s] (exact integers).
        var crossings = [Int32](repeating: 0, count: padded.count)
        padded.withUnsafeBufferPointer { x in
            crossings.withUnsafeMutableBufferPointer { c in
                @inline(__always) func negative(_ v: Double) -> Bool { abs(v) <= threshold ? false : v.sign == .minus }
                var previous = negative(x[0]), total: Int32 = 0
                for i in 1..<x.count {
                    let n = negative(x[i])
                    total &+= n != previous ? 1 : 0
                    c[i] = total
                    previous = n
                }
            }
        }
        let count = 1 + (padded.count - frameLength) / hopLength
        return (0..<count).map { t in
            let start = t * hopLength
            return Double(crossings[start + frameLength - 1] - crossings[start]) / Double(frameLength)
        }
    }
}
