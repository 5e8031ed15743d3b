import Foundation

/// Kaiser's window for FIR design (J. F. Kaiser, "Nonrecursive digital filter design using the
/// I0-sinh window function", 1974; the same formulas as soxr and `scipy.signal.kaiserord`), for
/// the resampler's low-pass and the band-pass filter.
struct KaiserWindow {
    /// β = 0.1102·(A − 8.7) for a stop-band rejection of A dB (A > 50).
    let beta: Double
    private let i0beta: Double

    init(rejection: Double) {
        beta = 0.1102 * (rejection - 8.7)
        i0beta = Self.besselI0(beta)
    }

    /// The window at r ∈ [−1, 1] (0 at the centre): I0(β·√(1 − r²)) / I0(β).
    func callAsFunction(_ r: Double) -> Double {
        Self.besselI0(beta * sqrt(max(0, 1 - r * r))) / i0beta
    }

    /// A filter's length minus one, in samples, for a rejection of A dB and a transition band of
    /// Δω rad/sample: (A − 7.95) / (2.285·Δω).
    static func span(rejection: Double, transition: Double) -> Double {
        (rejection - 7.95) / (2.285 * transition)
    }

    /// Modified Bessel function of the first kind, order 0 (power series; converges for β ≤ 20).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        let q = x * x / 4
        for k in 1..<200 {
            term *= q / Double(k * k)
            sum += term
            if term < sum * 1e-17 { break }
        }
        return sum
    }
}
