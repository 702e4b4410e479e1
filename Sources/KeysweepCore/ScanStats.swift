import Synchronization

/// Counts of what a scan did and what it passed over, reported with every result.
public struct ScanStats: Sendable, Codable, Equatable {
    public var commits = 0
    public var blobs = 0
    public var bytes = 0
    public var skippedBinary = 0
    public var skippedTooLarge = 0
    public var unreadable = 0
    /// Blobs passed over because the same object id was already scanned.
    public var duplicates = 0
    /// Rule evaluations stopped by PCRE2's match or depth limit (the blob's other rules still ran).
    public var ruleLimitHits = 0
    /// Objects that no ref reaches any more but that are still in the object store.
    public var unreachableObjects = 0
    public var findings = 0
    public var durationSeconds = 0.0

    public init() {}
}

/// A thread-safe tally that workers add to while a scan runs.
public final class ScanStatsRecorder: Sendable {
    private let state = Mutex(ScanStats())

    public init() {}

    public func update(_ change: (inout ScanStats) -> Void) {
        state.withLock { change(&$0) }
    }

    public var snapshot: ScanStats { state.withLock { $0 } }
}
