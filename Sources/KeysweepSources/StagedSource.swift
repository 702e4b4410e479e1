import Foundation
import KeysweepCore
import KeysweepGit

/// The blobs a commit would record that HEAD does not already hold at the same path: the staged
/// changes, as the pre-commit hook scans them. Each unique blob is read once, from the object
/// database (git writes staged content there at `git add` time), not from the work tree, so
/// unstaged edits neither hide nor add findings.
public final class StagedSource: BlobSource, @unchecked Sendable {
    // SAFETY: all state is computed in init and only read afterwards.
    public let path: String
    let gate: BlobGate
    /// The staged files, in index order.
    public let entries: [StagedEntry]
    private let order: [BlobID]
    private let paths: [BlobID: [String]]
    public let headCommit: String?

    /// - Parameters:
    ///   - path: the repository (work tree or git directory).
    ///   - indexFile: the index to read instead of the repository's own (`GIT_INDEX_FILE`).
    public init(path: String, indexFile: String? = nil, gate: BlobGate) throws {
        self.path = path
        self.gate = gate
        let repo = try Repository(path: path)
        headCommit = repo.headCommit?.hex
        entries = try repo.stagedEntries(indexFile: indexFile)
        var order: [BlobID] = []
        var paths: [BlobID: [String]] = [:]
        for e in entries {
            if paths[e.blob] == nil { order.append(e.blob) }
            paths[e.blob, default: []].append(e.path)
        }
        self.order = order
        self.paths = paths
    }

    /// Unique staged blobs to scan.
    public var blobCount: Int { order.count }

    public func forEachBlob(jobs: Int, stats: ScanStatsRecorder,
                            _ body: @Sendable (Int, BlobID, UnsafeRawBufferPointer) -> Void) throws {
        try ParallelObjects.scanBlobs(path: path, ids: order, jobs: jobs, gate: gate, stats: stats, body)
    }

    /// Staged blobs belong to no commit yet: each placement is a path with no commit. Every
    /// staged path counts as present at HEAD, since the commit being made will hold it.
    public func provenance(of blobs: Set<BlobID>) throws -> [BlobID: BlobPlacements] {
        var out: [BlobID: BlobPlacements] = [:]
        for blob in blobs {
            let list = paths[blob] ?? []
            out[blob] = BlobPlacements(introductions: list.map { Placement(path: $0, commit: nil, reachable: true) },
                                       headPaths: Set(list))
        }
        return out
    }
}
