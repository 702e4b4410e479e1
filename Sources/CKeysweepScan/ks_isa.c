#include "ks_scan.h"

int ks_isa(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
            ? KS_ISA_AVX512 : KS_ISA_SCALAR;
    }
    return cached;
#else
    return KS_ISA_SCALAR;
#endif
}
