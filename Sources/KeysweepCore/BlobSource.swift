/// A source of blobs to scan: the history of a repository, a range of commits, staged changes,
/// or the files of a plain directory.
///
/// `forEachBlob` hands each unique blob to `body` exactly once, as borrowed bytes that live only
/// for the duration of the call. Provenance is asked for afterwards, only for the blobs that had
/// findings, so a full-history source need not compute paths for the millions that had none.
public protocol BlobSource {
    /// Calls `body` once for each unique blob, possibly from several threads at once (`jobs`).
    /// Gated blobs (binary, too large, unreadable) are counted in `stats` and not passed on.
    func forEachBlob(jobs: Int, stats: ScanStatsRecorder,
                     _ body: @Sendable (_ worker: Int, _ id: BlobID, _ bytes: UnsafeRawBufferPointer) -> Void) throws

    /// Where the given blobs were seen, every (path, commit) place, oldest commit first.
    func provenance(of blobs: Set<BlobID>) throws -> [BlobID: [Placement]]

    /// The commit the report calls HEAD, if any.
    var headCommit: String? { get }
}

/// One place a blob was seen: a path in a commit. `introduced` is true when the commit's parents
/// did not have this blob at this path (the commit that added or changed it).
public struct Placement: Hashable, Sendable {
    public var path: String
    public var commit: CommitInfo?
    public var introduced: Bool
    /// False when no ref reaches the commit (rewritten history not yet garbage-collected),
    /// or when the blob is in no commit at all.
    public var reachable: Bool

    public init(path: String, commit: CommitInfo?, introduced: Bool, reachable: Bool) {
        self.path = path
        self.commit = commit
        self.introduced = introduced
        self.reachable = reachable
    }
}
