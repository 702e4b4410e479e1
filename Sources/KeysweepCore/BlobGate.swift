/// The checks a blob passes before it is matched: not too large, not binary. Every source applies
/// the same gate and counts what it turns away.
public struct BlobGate: Sendable {
    public enum Verdict: Sendable { case scan, binary, tooLarge }

    /// Blobs larger than this many bytes are skipped.
    public var maxSize: Int

    public init(maxSize: Int = 16 << 20) { self.maxSize = maxSize }

    /// Binary means a NUL byte in the first 8 KiB, as git decides it.
    public func verdict(_ bytes: UnsafeRawBufferPointer) -> Verdict {
        if bytes.count > maxSize { return .tooLarge }
        let head = UnsafeRawBufferPointer(rebasing: bytes.prefix(8192))
        if let base = head.baseAddress, memchr(base, 0, head.count) != nil { return .binary }
        return .scan
    }

    /// Applies the verdict to the stats and says whether to scan.
    public func admit(_ bytes: UnsafeRawBufferPointer, stats: ScanStatsRecorder) -> Bool {
        switch verdict(bytes) {
        case .scan:
            stats.update { $0.blobs += 1; $0.bytes += bytes.count }
            return true
        case .binary:
            stats.update { $0.skippedBinary += 1 }
            return false
        case .tooLarge:
            stats.update { $0.skippedTooLarge += 1 }
            return false
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
