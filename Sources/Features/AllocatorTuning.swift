#if canImport(Glibc)
import Glibc
#endif

/// Keeps large freed blocks in the C heap for reuse instead of returning them to the kernel.
///
/// Why: one clip's features allocate several spectrogram-sized arrays (about 10 MB each). glibc
/// serves blocks that large with a fresh `mmap` and unmaps them on free, so every clip paid
/// thousands of page faults and page zeroing (about a sixth of its CPU time). Raising the mmap
/// threshold to glibc's maximum (32 MB on 64-bit) and the trim threshold to 512 MB lets the
/// next clip reuse the same pages. The cost is that up to that much freed memory stays mapped
/// per malloc arena. Applied once per process, on Linux/glibc only; a no-op elsewhere.
///
/// The top pad (64 MB) is for threads other than the main one: their arenas are made of 64-MB
/// heaps, and glibc deletes a heap whose memory is all free (whatever the trim threshold) unless
/// the pad forbids it, so every span of `genre classify`'s shared windows (arrays of 13–27 MB)
/// faulted its pages in afresh. With the pad, the 10-minute excerpt of bench/longfile at hop 15
/// takes 76 k page faults instead of 122 k (0.1 s less system time), at the same peak RSS.
/// (One arena for all threads, M_ARENA_MAX 1, did less, 83 k, and would serialise allocation.)
enum AllocatorTuning {
    static let applied: Bool = {
        #if canImport(Glibc)
        // <malloc.h> is not part of the Glibc module: look `mallopt` up at run time.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3   // M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        _ = mallopt(topPad, 64 << 20)
        return true
        #else
        return false
        #endif
    }()
}
