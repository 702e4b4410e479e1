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

    /// Where the given blobs were introduced (each path and commit that added them), and the
    /// paths at which HEAD still holds them.
    func provenance(of blobs: Set<BlobID>) throws -> [BlobID: BlobPlacements]

    /// The commit the report calls HEAD, if any.
    var headCommit: String? { get }

    /// Problems met and survived while reading (unreadable objects, a shallow clone).
    var warnings: [String] { get }
}

extension BlobSource {
    public var warnings: [String] { [] }
}

/// Where one blob lives in history.
public struct BlobPlacements: Sendable {
    /// Each commit that introduced the blob at a path (its parents did not have it there).
    public var introductions: [Placement]
    /// Paths at which HEAD's tree holds the blob.
    public var headPaths: Set<String>

    public init(introductions: [Placement] = [], headPaths: Set<String> = []) {
        self.introductions = introductions
        self.headPaths = headPaths
    }
}

/// One place a blob was introduced: a path and the commit that added or changed it there.
/// A blob of a plain directory, or a dangling object, has no commit.
public struct Placement: Hashable, Sendable {
    public var path: String
    public var commit: CommitInfo?
    /// False when no ref reaches the commit (rewritten history not yet garbage-collected),
    /// or when the blob is in no commit at all.
    public var reachable: Bool

    public init(path: String, commit: CommitInfo?, reachable: Bool) {
        self.path = path
        self.commit = commit
        self.reachable = reachable
    }
}
