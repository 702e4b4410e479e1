import CKeysweepScan
import Foundation

/// Which instruction set the matcher's C loops use: the best the CPU has (`ks_isa`), or the
/// portable scalar loops when `KEYSWEEP_SIMD=0` is set (to compare the two, or to rule out a
/// CPU-specific path when something looks wrong).
public enum MatchISA {
    public static let current: Int32 = {
        if ProcessInfo.processInfo.environment["KEYSWEEP_SIMD"] == "0" { return Int32(KS_ISA_SCALAR) }
        return ks_isa()
    }()

    /// "avx512" or "scalar", for `rules bench` and profiles.
    public static var name: String { current == Int32(KS_ISA_AVX512) ? "avx512" : "scalar" }
}
