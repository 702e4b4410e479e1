#include "ks_scan.h"

int ks_isa(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static int cached = -1;
    int isa = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (isa < 0) {
        __builtin_cpu_init();
        isa = (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) ? KS_ISA_AVX512
            : __builtin_cpu_supports("avx2") ? KS_ISA_AVX2 : KS_ISA_SCALAR;
        __atomic_store_n(&cached, isa, __ATOMIC_RELAXED);
    }
    return isa;
#else
    return KS_ISA_SCALAR;
#endif
}
