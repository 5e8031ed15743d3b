import Kernels

/// The kernels of `Kernels` compiled for Haswell-class x86-64 (this module's
/// `-target-cpu haswell`): a SIMD8<Float> or SIMD4<Double> is one AVX register, so each vector
/// step covers twice the lanes of the baseline (SSE2) build. The same operations in the same
/// order (no fused multiply-adds: Swift does not contract), so the same bits.
/// Call only when `genre_cpu_supports_haswell()` (CPUFeatures) says so; `Features` dispatches.
/// Keep these functions concrete and the kernels `@inline(__always)`: a generic specialisation
/// emitted here would be a shared symbol that the linker could also hand to baseline callers.
public enum Haswell {
    public static func laneMedians(_ ext: UnsafePointer<SIMD8<Float>>, count: Int, size: Int,
                                   into out: UnsafeMutablePointer<SIMD8<Float>>) {
        LaneMedian.medians(ext, count: count, size: size, into: out)
    }

    public static func laneMedians(_ ext: UnsafePointer<SIMD4<Double>>, count: Int, size: Int,
                                   into out: UnsafeMutablePointer<SIMD4<Double>>) {
        LaneMedian.medians(ext, count: count, size: size, into: out)
    }

    public static func filterBankSums12(_ frame0: UnsafePointer<Double>, _ frame1: UnsafePointer<Double>,
                                        weights: UnsafeRawPointer, bins: Int)
        -> ((SIMD4<Double>, SIMD4<Double>, SIMD4<Double>), (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>))
    {
        Kernels.filterBankSums12(frame0, frame1, weights: weights, bins: bins)
    }

    public static func weightedSums4(_ x: UnsafePointer<Double>, columns: UnsafeRawPointer, stride: Int, count: Int)
        -> SIMD4<Double>
    {
        Kernels.weightedSums4(x, columns: columns, stride: stride, count: count)
    }

    public static func softMaskedBins(h: UnsafePointer<Float>, p: UnsafePointer<Float>, pStride: Int,
                                      xr: UnsafePointer<Float>, xi: UnsafePointer<Float>,
                                      re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, count: Int) {
        Kernels.softMaskedBins(h: h, p: p, pStride: pStride, xr: xr, xi: xi, re: re, im: im, count: count)
    }

    public static func softMaskedBins(h: UnsafePointer<Float>, p: UnsafePointer<Float>, pStride: Int,
                                      xr: UnsafePointer<Float>, xi: UnsafePointer<Float>,
                                      re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, count: Int) {
        Kernels.softMaskedBins(h: h, p: p, pStride: pStride, xr: xr, xi: xi, re: re, im: im, count: count)
    }

    public static func spectrumProducts(re: UnsafePointer<Double>, im: UnsafePointer<Double>, count: Int,
                                        power: UnsafeMutablePointer<Double>, magnitude: UnsafeMutablePointer<Float>,
                                        real: UnsafeMutablePointer<Float>, imag: UnsafeMutablePointer<Float>)
        -> (maximum: Double, sum: Double)
    {
        Kernels.spectrumProducts(re: re, im: im, count: count, power: power, magnitude: magnitude, real: real, imag: imag)
    }

    public static func bandSums4(_ first: UnsafePointer<Double>, stride: Int, lanes: Int,
                                 weights: UnsafePointer<Double>, count: Int) -> SIMD4<Double>
    {
        Kernels.bandSums4(first, stride: stride, lanes: lanes, weights: weights, count: count)
    }

    public static func decibelsOfPowers(_ x: UnsafePointer<Double>, count: Int, amin: Double, offset: Double,
                                        into out: UnsafeMutablePointer<Double>) {
        Kernels.decibelsOfPowers(x, count: count, amin: amin, offset: offset, into: out)
    }

    public static func overlapAdd(_ frame: UnsafePointer<Double>, window: UnsafePointer<Double>, count: Int, overlap: Int,
                                  into out: UnsafeMutablePointer<Double>) {
        Kernels.overlapAdd(frame, window: window, count: count, overlap: overlap, into: out)
    }

    public static func overlapAdd(_ frame: UnsafePointer<Float>, window: UnsafePointer<Double>, count: Int, overlap: Int,
                                  into out: UnsafeMutablePointer<Double>) {
        Kernels.overlapAdd(frame, window: window, count: count, overlap: overlap, into: out)
    }

    public static func overlapAdd(_ frame: UnsafePointer<Float>, window: UnsafePointer<Double>, count: Int, overlap: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        Kernels.overlapAdd(frame, window: window, count: count, overlap: overlap, into: out)
    }

    public static func normalisedByWindow(_ value: UnsafePointer<Double>, norm: UnsafePointer<Double>, count: Int,
                                          into out: UnsafeMutablePointer<Double>) {
        Kernels.normalisedByWindow(value, norm: norm, count: count, into: out)
    }

    public static func normalisedByWindow(_ value: UnsafePointer<Float>, norm: UnsafePointer<Float>, count: Int,
                                          into out: UnsafeMutablePointer<Float>) {
        Kernels.normalisedByWindow(value, norm: norm, count: count, into: out)
    }

    public static func floatDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        Kernels.floatDot(a, b, n)
    }

    public static func realFFTForward(
        _ kernel: RealFFTPasses, _ input: UnsafePointer<Double>, window: UnsafePointer<Double>?,
        real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>,
        twiddles: UnsafePointer<SIMD4<Double>>, splitRe: UnsafePointer<Double>, splitIm: UnsafePointer<Double>
    ) {
        kernel.forward(input, window: window, real: real, imag: imag, twiddles: twiddles, splitRe: splitRe, splitIm: splitIm)
    }

    public static func realFFTInverse(
        _ kernel: RealFFTPasses, real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>,
        output: UnsafeMutablePointer<Double>,
        twiddles: UnsafePointer<SIMD4<Double>>, unsplitRe: UnsafePointer<Double>, unsplitIm: UnsafePointer<Double>
    ) {
        kernel.inverse(real: real, imag: imag, output: output, twiddles: twiddles, unsplitRe: unsplitRe, unsplitIm: unsplitIm)
    }

    public static func realFFTInverse(
        _ kernel: RealFFTPasses, real: UnsafeMutablePointer<Float>, imag: UnsafeMutablePointer<Float>,
        output: UnsafeMutablePointer<Float>,
        twiddles: UnsafePointer<SIMD8<Float>>, unsplitRe: UnsafePointer<Float>, unsplitIm: UnsafePointer<Float>
    ) {
        kernel.inverse(real: real, imag: imag, output: output, twiddles: twiddles, unsplitRe: unsplitRe, unsplitIm: unsplitIm)
    }

    public static func spectralSums4(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ r3: UnsafePointer<Float>,
        frequencies: UnsafePointer<Double>, bins: Int
    ) -> (total: SIMD4<Double>, weighted: SIMD4<Double>, single: SIMD4<Float>) {
        Kernels.spectralSums4(r0, r1, r2, r3, frequencies: frequencies, bins: bins)
    }

    public static func spectralSpread4(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ r3: UnsafePointer<Float>,
        frequencies: UnsafePointer<Double>, bins: Int, centre: SIMD4<Double>, scale: SIMD4<Double>
    ) -> SIMD4<Double> {
        Kernels.spectralSpread4(r0, r1, r2, r3, frequencies: frequencies, bins: bins, centre: centre, scale: scale)
    }
}
