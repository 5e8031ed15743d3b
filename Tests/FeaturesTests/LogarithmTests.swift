import Foundation
import Testing
import Kernels
import KernelsHaswell
@testable import Features

/// Distance in units in the last place between two finite Doubles of the same sign.
private func ulps(_ a: Double, _ b: Double) -> UInt64 {
    let x = a.bitPattern, y = b.bitPattern
    return x > y ? x - y : y - x
}

// The vector logarithm against libm's `log` (an independent implementation): within 1 ulp over
// the range of powers a spectrogram holds (1e-10…1e12), at every binade's edges and at the
// interval boundaries √½ and √2, and never more than 1 ulp apart anywhere in 2 × 10^5 random draws.
@Test func vectorLogarithmIsWithinOneUlpOfLibm() {
    var values: [Double] = [1, 2, 0.5, 0.7071067811865476, 0.7071067811865475, 1.4142135623730951, 1.414213562373095,
                            1e-10, 1e12, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 1 + 1e-15, 1 - 1e-16]
    for e in -40...40 {
        let p = Foundation.pow(2.0, Double(e))
        values += [p, p.nextUp, p.nextDown]
    }
    var state: UInt64 = 7
    for _ in 0..<200_000 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(state >> 11) / Double(1 << 53)
        values.append(Foundation.pow(10, -10 + 22 * u))
    }
    var worst: UInt64 = 0
    var i = 0
    while i + 4 <= values.count {
        let v = SIMD4<Double>(values[i], values[i + 1], values[i + 2], values[i + 3])
        let y = naturalLogarithm(v)
        for j in 0..<4 {
            let expected = Foundation.log(values[i + j])
            let d = expected == 0 ? (y[j] == 0 ? 0 : UInt64.max) : ulps(y[j], expected)
            worst = max(worst, d)
        }
        i += 4
    }
    #expect(worst <= 1, "largest difference from libm's log: \(worst) ulp")
}

// power_to_db's logarithm: the kernel against the scalar formula with libm's log10
// (10·log10(max(amin, x)) − offset), including NaN (taken as amin), +∞, values below amin and
// a last group of one to three values; the AVX2 build gives the baseline's bits.
@Test func decibelsOfPowersMatchTheScalarFormula() {
    var powers: [Double] = [0, 1e-12, 1e-10, 1e-3, 1, 5e4, 2e-5, .nan, .infinity, 3.7e9, 0.25]
    var state: UInt64 = 3
    for _ in 0..<1000 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        powers.append(Foundation.pow(10, -14 + 24 * Double(state >> 11) / Double(1 << 53)))
    }
    for count in [0, 1, 2, 3, 4, 5, 11, powers.count] {
        for offset in [0.0, 12.5] {
            var out = [Double](repeating: -1, count: count)
            Kernels.decibelsOfPowers(powers, count: count, amin: 1e-10, offset: offset, into: &out)
            for i in 0..<count {
                let expected = 10 * Foundation.log10(max(1e-10, powers[i])) - offset
                if expected.isInfinite {
                    #expect(out[i] == expected)
                } else {
                    #expect(abs(out[i] - expected) <= 1e-13 * max(1, abs(expected)), "\(powers[i]): \(out[i]) vs \(expected)")
                }
            }
            if KernelDispatch.wideSupported {
                var wide = [Double](repeating: -1, count: count)
                Haswell.decibelsOfPowers(powers, count: count, amin: 1e-10, offset: offset, into: &wide)
                #expect(wide.map(\.bitPattern) == out.map(\.bitPattern))
            }
        }
    }
    // The public function keeps librosa's values and its top_db floor (cf. powerToDBMatchesLibrosa).
    let db = powerToDB([1e-12, 1e-3, 1, 5e4, 2e-5, .nan])
    let expected = [-33.01029995663981, -30.0, 0.0, 46.98970004336019, -33.01029995663981, -33.01029995663981]
    for (a, b) in zip(db, expected) { #expect(abs(a - b) < 1e-12) }
}

// The vector finiteness test against `allSatisfy(\.isFinite)`, with the odd value in the vector
// part and in the tail, and the extreme finite values (whose differences are still 0).
@Test func allFiniteAgreesWithIsFinite() {
    let finite: [Float] = [1, -2, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 0, -0.0,
                           3e-39, 7, 8, 9, 10, 11]
    #expect(allFinite(finite))
    #expect(allFinite([]))
    for bad: Float in [.infinity, -.infinity, .nan] {
        for position in [0, 5, 7, 8, 12] {
            var v = finite
            v[position] = bad
            #expect(allFinite(v) == v.allSatisfy(\.isFinite), "\(bad) at \(position)")
            #expect(!allFinite(v))
        }
    }
}
