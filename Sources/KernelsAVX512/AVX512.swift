import Kernels

/// The FFT passes of `Kernels.RealFFTPasses` compiled for AVX-512 processors (this module's
/// `-target-cpu skylake-avx512`) on `SIMD8<Double>`: one 512-bit register per vector, twice the
/// lanes of the AVX2 build (`KernelsHaswell`) and 32 vector registers instead of 16. The same
/// operations per lane in the same order (Swift does not contract to fused multiply-adds), so the
/// same bits as the AVX2 and baseline passes.
/// Call only when `genre_cpu_supports_avx512()` (CPUFeatures) says so; `Features` dispatches.
/// Only the FFT is here: it is the largest share of the features' time (about a third on one
/// core) and the kernel whose loops are long enough to fill 8 lanes; valgrind 3.19 cannot run
/// AVX-512 code, so this build's gain is measured in time (bench/features), not instructions.
/// Keep these functions concrete (see `KernelsHaswell`).
public enum AVX512 {
    public static func realFFTForward(
        _ kernel: RealFFTPasses, _ input: UnsafePointer<Double>, window: UnsafePointer<Double>?,
        real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>,
        twiddles: UnsafePointer<SIMD8<Double>>, splitRe: UnsafePointer<Double>, splitIm: UnsafePointer<Double>
    ) {
        kernel.forward(input, window: window, real: real, imag: imag, twiddles: twiddles, splitRe: splitRe, splitIm: splitIm)
    }

    public static func realFFTInverse(
        _ kernel: RealFFTPasses, real: UnsafeMutablePointer<Double>, imag: UnsafeMutablePointer<Double>,
        output: UnsafeMutablePointer<Double>,
        twiddles: UnsafePointer<SIMD8<Double>>, unsplitRe: UnsafePointer<Double>, unsplitIm: UnsafePointer<Double>
    ) {
        kernel.inverse(real: real, imag: imag, output: output, twiddles: twiddles, unsplitRe: unsplitRe, unsplitIm: unsplitIm)
    }
}
