import CKeysweepScan
import Foundation

/// Which instruction set the matcher's C loops use: the best the CPU has (`ks_isa`: AVX-512 with
/// VBMI, VBMI2 and GFNI, else AVX-512, else AVX2, else scalar), or a lower one when `KEYSWEEP_SIMD` says
/// so: `0` (or `scalar`) for the portable loops, `avx2` for the AVX2 ones, `avx512` for the
/// AVX-512 ones without VBMI (to compare them, or to rule out a CPU-specific path when something
/// looks wrong).
public enum MatchISA {
    public static let current: Int32 = {
        let best = ks_isa()
        switch ProcessInfo.processInfo.environment["KEYSWEEP_SIMD"] {
        case "0", "scalar": return Int32(KS_ISA_SCALAR)
        case "avx2": return best == Int32(KS_ISA_SCALAR) ? best : Int32(KS_ISA_AVX2)
        case "avx512": return best == Int32(KS_ISA_AVX512_VBMI) ? Int32(KS_ISA_AVX512) : best
        default: return best
        }
    }()

    /// Every level this CPU can run, lowest first (tests compare the loops of each).
    public static var available: [Int32] {
        switch ks_isa() {
        case Int32(KS_ISA_AVX512_VBMI):
            return [Int32(KS_ISA_SCALAR), Int32(KS_ISA_AVX2), Int32(KS_ISA_AVX512), Int32(KS_ISA_AVX512_VBMI)]
        case Int32(KS_ISA_AVX512): return [Int32(KS_ISA_SCALAR), Int32(KS_ISA_AVX2), Int32(KS_ISA_AVX512)]
        case Int32(KS_ISA_AVX2): return [Int32(KS_ISA_SCALAR), Int32(KS_ISA_AVX2)]
        default: return [Int32(KS_ISA_SCALAR)]
        }
    }

    /// "avx512-vbmi", "avx512", "avx2" or "scalar", for `rules bench` and profiles.
    public static var name: String {
        switch current {
        case Int32(KS_ISA_AVX512_VBMI): return "avx512-vbmi"
        case Int32(KS_ISA_AVX512): return "avx512"
        case Int32(KS_ISA_AVX2): return "avx2"
        default: return "scalar"
        }
    }
}
