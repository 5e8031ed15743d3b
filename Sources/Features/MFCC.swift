import Foundation

/// Mel-frequency cepstral coefficients, as `librosa.feature.mfcc(y=y, sr=sr, n_mfcc=20)`:
/// the mel power spectrogram (128 Slaney mel bands, n_fft 2048, hop 512) in dB
/// (`power_to_db`, ref 1, top_db 80 over the whole spectrogram), then an orthonormal DCT-II
/// across the bands of each frame, keeping the first `coefficientCount`.
public struct MFCC: Sendable {
    public let coefficientCount: Int
    public let melBank: MelFilterBank
    /// DCT-II orthonormal basis, coefficientCount x melCount, row-major (scipy.fft.dct norm='ortho').
    let basis: [Double]
    /// The same basis band-major, `[i * 4·⌈coefficientCount/4⌉ + k]`, for the per-frame transform.
    let basisByBand: [Double]

    public init(sampleRate: Double = 22050, fftLength: Int = 2048, melCount: Int = 128, coefficientCount: Int = 20) {
        self.coefficientCount = coefficientCount
        melBank = MelFilterBank(sampleRate: sampleRate, fftLength: fftLength, melCount: melCount)
        basis = MFCC.dctBasis(rows: coefficientCount, size: melCount)
        // Band-major, coefficients padded with zeros to a multiple of four.
        let groups = (coefficientCount + 3) / 4
        var byBand = [Double](repeating: 0, count: 4 * groups * melCount)
        for k in 0..<coefficientCount {
            for i in 0..<melCount { byBand[i * 4 * groups + k] = basis[k * melCount + i] }
        }
        basisByBand = byBand
    }

    /// DCT-II with orthonormal scaling: X_k = s_k Σ_n x_n cos(π k (2n + 1) / 2N),
    /// s_0 = sqrt(1/N), s_k = sqrt(2/N).
    static func dctBasis(rows: Int, size n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * n)
        for k in 0..<rows {
            let s = k == 0 ? (1 / Double(n)).squareRoot() : (2 / Double(n)).squareRoot()
            for i in 0..<n { out[k * n + i] = s * cos(Double.pi * Double(k) * Double(2 * i + 1) / Double(2 * n)) }
        }
        return out
    }

    /// Orthonormal DCT-II of each frame of a dB spectrogram (first `coefficientCount` terms).
    /// Output is frame-major: coefficient c of frame t at `t * coefficientCount + c`.
    public func cepstrum(ofDecibels db: Spectrogram) -> Spectrogram {
        let n = db.binCount, count = coefficientCount
        precondition(n * count == basis.count, "MFCC: \(n) bands, expected \(basis.count / max(count, 1))")
        var out = Spectrogram(binCount: count, frameCount: db.frameCount)
        guard n > 0, count > 0 else { return out }
        // Four coefficients at a time in one vector, from the basis transposed to band-major
        // (`basisByBand`): each coefficient's sum still runs over the bands in order.
        let groups = basisByBand.count / (4 * n)
        basisByBand.withUnsafeBufferPointer { bb in
            db.values.withUnsafeBufferPointer { x in
                out.values.withUnsafeMutableBufferPointer { o in
                    let basisRaw = UnsafeRawPointer(bb.baseAddress!)
                    for t in 0..<db.frameCount {
                        let frame = x.baseAddress! + t * n
                        for g in 0..<groups {
                            let column = basisRaw + g * 4 * MemoryLayout<Double>.stride
                            let acc = dispatchedWeightedSums4(frame, columns: column, stride: groups * 32, count: n)
                            for l in 0..<min(4, count - 4 * g) { o[t * count + 4 * g + l] = acc[l] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// MFCCs of a power spectrogram (|STFT|²).
    public func coefficients(ofPower power: Spectrogram) -> Spectrogram {
        cepstrum(ofDecibels: melBank.apply(power).decibels())
    }
}
