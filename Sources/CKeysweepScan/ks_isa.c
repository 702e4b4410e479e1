#include "ks_scan.h"

int ks_isa(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static int cached = -1;
    int isa = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (isa < 0) {
        __builtin_cpu_init();
        int avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
        int vbmi = __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2")
            && __builtin_cpu_supports("gfni");
        isa = avx512 && vbmi ? KS_ISA_AVX512_VBMI : avx512 ? KS_ISA_AVX512
            : __builtin_cpu_supports("avx2") ? KS_ISA_AVX2 : KS_ISA_SCALAR;
        __atomic_store_n(&cached, isa, __ATOMIC_RELAXED);
    }
    return isa;
#else
    return KS_ISA_SCALAR;
#endif
}
