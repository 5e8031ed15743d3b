import Testing
import Kernels
@testable import Features

// The lane kernels against sorting each window: `LaneMedian.run` on SIMD4<Double> and
// SIMD8<Float> lanes, in the baseline build and (when the processor has AVX2) the wide one, on
// the same values (Float → Double is exact and keeps the order), every lane with its own data,
// for window sizes and counts at and around the edges of the block decomposition.

/// Values drawn with many ties: a few repeated constants, ±0, ±∞, negative and positive randoms.
private struct Values {
    var state: UInt64
    mutating func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let u = Double(state >> 11) / Double(1 << 53)
        switch u {
        case ..<0.10: return 0
        case ..<0.18: return -0.0
        case ..<0.26: return 0.5
        case ..<0.30: return -2
        case ..<0.35: return .infinity
        case ..<0.37: return -.infinity
        default: return Float(u * 8 - 4)
        }
    }
}

/// Element of rank size/2 of ext[p ..< p + size], by sorting; and whether that window holds
/// both signs of zero (then only the value, not the sign, of a zero median is specified).
private func naiveMedians(_ ext: [Double], count n: Int, size: Int) -> [(value: Double, mixedZeros: Bool)] {
    (0..<n).map { p in
        let window = Array(ext[p..<(p + size)])
        let mixed = window.contains { $0 == 0 && $0.sign == .minus } && window.contains { $0 == 0 && $0.sign == .plus }
        return (window.sorted()[size / 2], mixed)
    }
}

/// Exact match: same bits, or an equal zero when the window mixes +0 and −0.
private func matches(_ got: Double, _ expected: (value: Double, mixedZeros: Bool)) -> Bool {
    got.bitPattern == expected.value.bitPattern || (expected.mixedZeros && expected.value == 0 && got == 0)
}

/// Lanes per test run (the Float vector's; the Double runs take the first four).
private let laneCount = 8

/// Builds of the kernel to check: the baseline one, and the AVX2 one where the CPU has it.
private let builds = KernelDispatch.wideSupported ? [false, true] : [false]

/// Runs the kernels on `lanes[l]` (each of count + size − 1 values) and returns their outputs
/// per lane (the Double kernel's for the first four lanes only), after checking that none writes
/// past `count` outputs.
private func runKernels(_ lanes: [[Float]], count n: Int, size: Int, wide: Bool)
    -> (double: [[Double]], float: [[Double]])
{
    let extCount = n + size - 1
    var extF = [SIMD8<Float>](repeating: .zero, count: extCount)
    var extD = [SIMD4<Double>](repeating: .zero, count: extCount)
    for i in 0..<extCount {
        for l in 0..<laneCount { extF[i][l] = lanes[l][i] }
        for l in 0..<4 { extD[i][l] = Double(lanes[l][i]) }
    }
    // Outputs start as NaN (plus one guard output), so unwritten slots show up.
    var outF = [SIMD8<Float>](repeating: SIMD8(repeating: .nan), count: n + 1)
    var outD = [SIMD4<Double>](repeating: SIMD4(repeating: .nan), count: n + 1)
    extF.withUnsafeBufferPointer { e in
        outF.withUnsafeMutableBufferPointer { o in
            LaneMedian.run(e.baseAddress!, count: n, size: size, into: o.baseAddress!, wide: wide)
        }
    }
    extD.withUnsafeBufferPointer { e in
        outD.withUnsafeMutableBufferPointer { o in
            LaneMedian.run(e.baseAddress!, count: n, size: size, into: o.baseAddress!, wide: wide)
        }
    }
    #expect((0..<laneCount).allSatisfy { outF[n][$0].isNaN } && (0..<4).allSatisfy { outD[n][$0].isNaN },
            "wrote past count, n=\(n) size=\(size)")
    let double = (0..<4).map { l in (0..<n).map { outD[$0][l] } }
    let float = (0..<laneCount).map { l in (0..<n).map { Double(outF[$0][l]) } }
    return (double, float)
}

@Test func laneMedianMatchesSortedWindows() {
    for size in [1, 2, 3, 4, 5, 30, 31, 32, 63, 64] {
        let counts = Set([1, 2, size - 1, size, size + 1, 3 * size + 7, 200].filter { $0 >= 1 }).sorted()
        for n in counts {
            var values = Values(state: UInt64(size * 1000 + n))
            let lanes = (0..<laneCount).map { _ in (0..<(n + size - 1)).map { _ in values.next() } }
            for wide in builds {
                let (double, float) = runKernels(lanes, count: n, size: size, wide: wide)
                for l in 0..<laneCount {
                    let expected = naiveMedians(lanes[l].map(Double.init), count: n, size: size)
                    let badF = (0..<n).filter { !matches(float[l][$0], expected[$0]) }
                    #expect(badF.isEmpty, "Float: wide=\(wide) size=\(size) n=\(n) lane \(l) at \(badF.prefix(5))")
                    guard l < 4 else { continue }
                    let badD = (0..<n).filter { !matches(double[l][$0], expected[$0]) }
                    #expect(badD.isEmpty, "Double: wide=\(wide) size=\(size) n=\(n) lane \(l) at \(badD.prefix(5))")
                }
            }
        }
    }
}

@Test func laneMedianOfDistinctValuesIsBitExact() {
    // Distinct finite values (no ties at all) for every size 1...64: a tighter check of the
    // selection itself, at a block boundary and past it.
    for size in 1...LaneMedian.maximumSize {
        let n = size + 3
        // i·37 mod 257 is a permutation of 0..<257 (n + size − 1 ≤ 130 positions per lane).
        let lanes: [[Float]] = (0..<laneCount).map { (l: Int) -> [Float] in
            (0..<(n + size - 1)).map { (i: Int) -> Float in
                let code: Int = (i * 37 + l * 11) % 257
                return Float(code) - 128.5
            }
        }
        for wide in builds {
            let (double, float) = runKernels(lanes, count: n, size: size, wide: wide)
            for l in 0..<laneCount {
                let expected = naiveMedians(lanes[l].map(Double.init), count: n, size: size).map(\.value)
                #expect(float[l] == expected, "Float: wide=\(wide) size=\(size) lane \(l)")
                if l < 4 { #expect(double[l] == expected, "Double: wide=\(wide) size=\(size) lane \(l)") }
            }
        }
    }
}

@Test func laneMedianSurvivesNaN() {
    // NaN in lane 0 (outputs unspecified there) must not crash or hang, nor leak into the
    // other lanes, which stay exact.
    for size in [1, 4, 31, 64] {
        let n = 2 * size + 5
        var values = Values(state: UInt64(size))
        var lanes = (0..<laneCount).map { _ in (0..<(n + size - 1)).map { _ in values.next() } }
        for i in stride(from: 0, to: lanes[0].count, by: 3) { lanes[0][i] = .nan }
        for wide in builds {
            let (double, float) = runKernels(lanes, count: n, size: size, wide: wide)
            for l in 1..<laneCount {
                let expected = naiveMedians(lanes[l].map(Double.init), count: n, size: size)
                #expect((0..<n).allSatisfy { matches(float[l][$0], expected[$0]) }, "Float: wide=\(wide) size=\(size) lane \(l)")
                if l < 4 {
                    #expect((0..<n).allSatisfy { matches(double[l][$0], expected[$0]) }, "Double: wide=\(wide) size=\(size) lane \(l)")
                }
            }
        }
    }
}
