import CPUFeatures
import Foundation
import Kernels
import KernelsHaswell

/// Which build of the kernels (`Kernels`: the running medians, the chroma filter-bank sums) runs:
/// the AVX2 one (`KernelsHaswell`) when the processor has it, else the baseline x86-64 one
/// compiled here. Both give the same bits.
/// `GENRE_KERNELS=baseline` in the environment forces the baseline (for benchmarks and tests).
public enum KernelDispatch {
    /// True when this processor can run the AVX2 kernels.
    public static let wideSupported: Bool = genre_cpu_supports_haswell() != 0
    /// The choice for the whole process: AVX2 unless unsupported or `GENRE_KERNELS=baseline`.
    static let wideByDefault: Bool = wideSupported && ProcessInfo.processInfo.environment["GENRE_KERNELS"] != "baseline"
    /// Set (with `$baselineOnly.withValue(true)`) to run the baseline kernels in one task: how the
    /// tests compare the two builds in one process.
    @TaskLocal public static var baselineOnly = false
    /// True when the AVX2 kernels are used.
    public static var wide: Bool { wideByDefault && !baselineOnly }
}

extension LaneMedian {
    /// Medians of rank `size / 2` of every window of `size` consecutive positions of `ext`
    /// (`count + size − 1` positions, already boundary-extended), into `out[0..<count]`, one
    /// sequence per lane: through the AVX2 build for SIMD8<Float> and SIMD4<Double> lanes when
    /// `wide` (default: `KernelDispatch.wide`), else the baseline specialisation.
    @_specialize(where V == SIMD4<Double>) @_specialize(where V == SIMD8<Float>)  // called from other files
    static func run<V: LaneVector>(_ ext: UnsafePointer<V>, count: Int, size: Int, into out: UnsafeMutablePointer<V>,
                                   wide: Bool = KernelDispatch.wide) {
        if wide, V.self == SIMD8<Float>.self {
            Haswell.laneMedians(UnsafeRawPointer(ext).assumingMemoryBound(to: SIMD8<Float>.self), count: count,
                                   size: size, into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: SIMD8<Float>.self))
        } else if wide, V.self == SIMD4<Double>.self {
            Haswell.laneMedians(UnsafeRawPointer(ext).assumingMemoryBound(to: SIMD4<Double>.self), count: count,
                                   size: size, into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: SIMD4<Double>.self))
        } else {
            medians(ext, count: count, size: size, into: out)
        }
    }
}

/// `Kernels.filterBankSums12` through the build `KernelDispatch.wide` selects.
@inline(__always)
func dispatchedFilterBankSums12(_ frame0: UnsafePointer<Double>, _ frame1: UnsafePointer<Double>,
                                weights: UnsafeRawPointer, bins: Int)
    -> ((SIMD4<Double>, SIMD4<Double>, SIMD4<Double>), (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>))
{
    KernelDispatch.wide ? Haswell.filterBankSums12(frame0, frame1, weights: weights, bins: bins)
        : filterBankSums12(frame0, frame1, weights: weights, bins: bins)
}

/// `Kernels.weightedSums4` through the build `KernelDispatch.wide` selects.
@inline(__always)
func dispatchedWeightedSums4(_ x: UnsafePointer<Double>, columns: UnsafeRawPointer, stride: Int, count: Int)
    -> SIMD4<Double>
{
    KernelDispatch.wide ? Haswell.weightedSums4(x, columns: columns, stride: stride, count: count)
        : weightedSums4(x, columns: columns, stride: stride, count: count)
}

/// `Kernels.softMaskedBins` through the build `KernelDispatch.wide` selects (the AVX2 build for a
/// complex64 spectrum), the masked bins in Double or rounded to Float (for the single-precision
/// inverse FFT).
@inline(__always)
func dispatchedSoftMaskedBins<S: BinaryFloatingPoint, O: BinaryFloatingPoint & SIMDScalar>(
    h: UnsafePointer<Float>, p: UnsafePointer<Float>, pStride: Int, xr: UnsafePointer<S>, xi: UnsafePointer<S>,
    re: UnsafeMutablePointer<O>, im: UnsafeMutablePointer<O>, count: Int
) {
    if KernelDispatch.wide, S.self == Float.self {
        let xr = UnsafeRawPointer(xr).assumingMemoryBound(to: Float.self)
        let xi = UnsafeRawPointer(xi).assumingMemoryBound(to: Float.self)
        if O.self == Float.self {
            Haswell.softMaskedBins(h: h, p: p, pStride: pStride, xr: xr, xi: xi,
                                   re: UnsafeMutableRawPointer(re).assumingMemoryBound(to: Float.self),
                                   im: UnsafeMutableRawPointer(im).assumingMemoryBound(to: Float.self), count: count)
            return
        }
        if O.self == Double.self {
            Haswell.softMaskedBins(h: h, p: p, pStride: pStride, xr: xr, xi: xi,
                                   re: UnsafeMutableRawPointer(re).assumingMemoryBound(to: Double.self),
                                   im: UnsafeMutableRawPointer(im).assumingMemoryBound(to: Double.self), count: count)
            return
        }
    }
    softMaskedBins(h: h, p: p, pStride: pStride, xr: xr, xi: xi, re: re, im: im, count: count)
}

/// `Kernels.spectrumProducts` through the build `KernelDispatch.wide` selects.
@inline(__always)
func dispatchedSpectrumProducts(re: UnsafePointer<Double>, im: UnsafePointer<Double>, count: Int,
                                power: UnsafeMutablePointer<Double>, magnitude: UnsafeMutablePointer<Float>,
                                real: UnsafeMutablePointer<Float>, imag: UnsafeMutablePointer<Float>)
    -> (maximum: Double, sum: Double)
{
    KernelDispatch.wide
        ? Haswell.spectrumProducts(re: re, im: im, count: count, power: power, magnitude: magnitude, real: real, imag: imag)
        : spectrumProducts(re: re, im: im, count: count, power: power, magnitude: magnitude, real: real, imag: imag)
}

/// `Kernels.bandSums4` through the build `KernelDispatch.wide` selects.
@inline(__always)
func dispatchedBandSums4(_ first: UnsafePointer<Double>, stride: Int, lanes: Int,
                         weights: UnsafePointer<Double>, count: Int, wide: Bool) -> SIMD4<Double>
{
    wide ? Haswell.bandSums4(first, stride: stride, lanes: lanes, weights: weights, count: count)
        : bandSums4(first, stride: stride, lanes: lanes, weights: weights, count: count)
}

/// `Kernels.decibelsOfPowers` through the build `KernelDispatch.wide` selects.
@inline(__always)
func dispatchedDecibelsOfPowers(_ x: UnsafePointer<Double>, count: Int, amin: Double, offset: Double,
                                into out: UnsafeMutablePointer<Double>) {
    if KernelDispatch.wide {
        Haswell.decibelsOfPowers(x, count: count, amin: amin, offset: offset, into: out)
    } else {
        decibelsOfPowers(x, count: count, amin: amin, offset: offset, into: out)
    }
}

/// `Kernels.overlapAdd` through the build `KernelDispatch.wide` selects: a Double frame into a
/// Double sum, or a Float (single-precision inverse) frame into a Double or a Float sum.
@inline(__always)
func dispatchedOverlapAdd<S: BinaryFloatingPoint & SIMDScalar, O: BinaryFloatingPoint & SIMDScalar>(
    _ frame: UnsafePointer<S>, window: UnsafePointer<Double>, count: Int, overlap: Int,
    into out: UnsafeMutablePointer<O>
) {
    if KernelDispatch.wide, S.self == Double.self, O.self == Double.self {
        Haswell.overlapAdd(UnsafeRawPointer(frame).assumingMemoryBound(to: Double.self), window: window,
                           count: count, overlap: overlap, into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
    } else if KernelDispatch.wide, S.self == Float.self, O.self == Double.self {
        Haswell.overlapAdd(UnsafeRawPointer(frame).assumingMemoryBound(to: Float.self), window: window,
                           count: count, overlap: overlap, into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
    } else if KernelDispatch.wide, S.self == Float.self, O.self == Float.self {
        Haswell.overlapAdd(UnsafeRawPointer(frame).assumingMemoryBound(to: Float.self), window: window,
                           count: count, overlap: overlap, into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
    } else {
        overlapAdd(frame, window: window, count: count, overlap: overlap, into: out)
    }
}

/// `Kernels.normalisedByWindow` through the build `KernelDispatch.wide` selects (Double or Float).
@inline(__always)
func dispatchedNormalisedByWindow<T: BinaryFloatingPoint & SIMDScalar>(
    _ value: UnsafePointer<T>, norm: UnsafePointer<T>, count: Int, into out: UnsafeMutablePointer<T>
) {
    if T.self == Double.self {
        let v = UnsafeRawPointer(value).assumingMemoryBound(to: Double.self)
        let n = UnsafeRawPointer(norm).assumingMemoryBound(to: Double.self)
        let o = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self)
        if KernelDispatch.wide { Haswell.normalisedByWindow(v, norm: n, count: count, into: o) }
        else { normalisedByWindow(v, norm: n, count: count, into: o) }
    } else {
        precondition(T.self == Float.self, "normalisedByWindow: Double or Float only")
        let v = UnsafeRawPointer(value).assumingMemoryBound(to: Float.self)
        let n = UnsafeRawPointer(norm).assumingMemoryBound(to: Float.self)
        let o = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)
        if KernelDispatch.wide { Haswell.normalisedByWindow(v, norm: n, count: count, into: o) }
        else { normalisedByWindow(v, norm: n, count: count, into: o) }
    }
}
