#include "cpu_features.h"

int genre_cpu_supports_haswell(void) {
#if defined(__x86_64__) || defined(__i386__)
    // The compiler runtime reads CPUID (and XGETBV for the OS-saved register state) once.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt")
        && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("movbe") && __builtin_cpu_supports("lzcnt");
#else
    return 0;
#endif
}
