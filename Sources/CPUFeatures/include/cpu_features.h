#ifndef GENRE_CPU_FEATURES_H
#define GENRE_CPU_FEATURES_H

/// 1 when the processor (and the operating system, which must save the 256-bit registers) supports
/// what KernelsHaswell is compiled for: AVX, AVX2, FMA, BMI1/2, POPCNT, F16C, MOVBE, LZCNT
/// (every Intel CPU since Haswell, every AMD one since Excavator/Zen); 0 otherwise.
int genre_cpu_supports_haswell(void);

#endif
