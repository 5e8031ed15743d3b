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

    public init(sampleRate: Double = 22050, fftLength: Int = 2048, melCount: Int = 128, coefficientCount: Int = 20) {
        self.coefficientCount = coefficientCount
        melBank = MelFilterBank(sampleRate: sampleRate, fftLength: fftLength, melCount: melCount)
        basis = MFCC.dctBasis(rows: coefficientCount, size: melCount)
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
        let n = db.binCount
        var out = Spectrogram(binCount: coefficientCount, frameCount: db.frameCount)
        for t in 0..<db.frameCount {
            let frame = db.frame(t)
            let base = frame.startIndex
            for k in 0..<coefficientCount {
                var acc = 0.0
                for i in 0..<n { acc += basis[k * n + i] * db.values[base + i] }
                out.values[t * coefficientCount + k] = acc
            }
        }
        return out
    }

    /// MFCCs of a power spectrogram (|STFT|²).
    public func coefficients(ofPower power: Spectrogram) -> Spectrogram {
        cepstrum(ofDecibels: melBank.apply(power).decibels())
    }
}
