#ifndef GENRE_CPU_FEATURES_H
#define GENRE_CPU_FEATURES_H

/// 1 when the processor (and the operating system, which must save the 256-bit registers) supports
/// what KernelsHaswell is compiled for: AVX, AVX2, FMA, BMI1/2, POPCNT, F16C, MOVBE, LZCNT
/// (every Intel CPU since Haswell, every AMD one since Excavator/Zen); 0 otherwise.
int genre_cpu_supports_haswell(void);

/// A hint to fetch the cache line holding `p` (for reading) before it is needed: for strided
/// gathers, whose rows lie a page apart where the hardware prefetchers do not follow.
static inline void genre_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// The same for a line about to be written (a plain prefetch on baseline x86-64, which lacks PREFETCHW).
static inline void genre_prefetch_for_write(void *p) { __builtin_prefetch(p, 1, 3); }

#endif
