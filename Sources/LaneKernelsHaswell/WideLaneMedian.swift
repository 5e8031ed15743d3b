import LaneKernels

/// `LaneMedian.medians` compiled for Haswell-class x86-64 (this module's `-target-cpu haswell`):
/// a SIMD8<Float> or SIMD4<Double> lane vector is one AVX register, so each min/max step covers
/// twice the lanes of the baseline (SSE2) build. Same comparisons, so the same bits.
/// Call only when `genre_cpu_supports_haswell()` (CPUFeatures) says so; `Features` dispatches.
public enum WideLaneMedian {
    public static func medians(_ ext: UnsafePointer<SIMD8<Float>>, count: Int, size: Int,
                               into out: UnsafeMutablePointer<SIMD8<Float>>) {
        LaneMedian.medians(ext, count: count, size: size, into: out)
    }

    public static func medians(_ ext: UnsafePointer<SIMD4<Double>>, count: Int, size: Int,
                               into out: UnsafeMutablePointer<SIMD4<Double>>) {
        LaneMedian.medians(ext, count: count, size: size, into: out)
    }
}
