import Foundation
import KeysweepCore
import KeysweepGit

/// The blobs introduced by a set of commits: those reachable from `include` and from none of
/// `exclude`. Used for `--rev`, the pre-push hook and incremental sweeps. Each commit's tree is
/// diffed against its parents' (unchanged subtrees skipped); each unique blob is read once.
public final class RangeSource: BlobSource, @unchecked Sendable {
    // SAFETY: all state is computed in init and only read afterwards.
    public let path: String
    let gate: BlobGate
    public let commits: [BlobID]
    private var placements: [BlobID: [Placement]] = [:]
    private var order: [BlobID] = []
    public let headCommit: String?
    private let headTree: BlobID?
    private let trees: TreeCache

    /// - Parameters:
    ///   - include: commits whose history to scan.
    ///   - exclude: commits whose history to leave out (what the remote already has).
    public init(path: String, include: [BlobID], exclude: [BlobID], gate: BlobGate) throws {
        self.path = path
        self.gate = gate
        let repo = try Repository(path: path)
        trees = TreeCache(repo: repo)
        let head = repo.headCommit
        headCommit = head?.hex
        headTree = try head.map { try repo.commitRecord($0).tree }
        commits = try repo.commits(including: include, excluding: exclude)
        for id in commits.reversed() {
            let record = try repo.commitRecord(id)
            let parentTrees = record.parents.compactMap { try? repo.commitRecord($0).tree }
            var info: CommitInfo?
            trees.introducedBlobs(tree: record.tree, parents: parentTrees) { path, blob in
                if info == nil { info = try? repo.commitInfo(id) }
                if placements[blob] == nil { order.append(blob) }
                placements[blob, default: []].append(Placement(path: path, commit: info, reachable: true))
            }
        }
    }

    /// Parses a revision range as git does: `A..B`, `A...B`, `X^!`, `^X`, or a plain revision
    /// (its whole history); several may be given separated by spaces.
    public convenience init(path: String, range: String, gate: BlobGate) throws {
        let repo = try Repository(path: path)
        var include: [BlobID] = [], exclude: [BlobID] = []
        for spec in range.split(separator: " ").map(String.init) {
            if let r = spec.range(of: "...") {
                let a = try repo.resolveCommit(spec[..<r.lowerBound].isEmpty ? "HEAD" : String(spec[..<r.lowerBound]))
                let b = try repo.resolveCommit(spec[r.upperBound...].isEmpty ? "HEAD" : String(spec[r.upperBound...]))
                include += [a, b]
                if let base = repo.mergeBase(a, b) { exclude.append(base) }
            } else if let r = spec.range(of: "..") {
                let a = spec[..<r.lowerBound], b = spec[r.upperBound...]
                exclude.append(try repo.resolveCommit(a.isEmpty ? "HEAD" : String(a)))
                include.append(try repo.resolveCommit(b.isEmpty ? "HEAD" : String(b)))
            } else if spec.hasSuffix("^!") {
                let c = try repo.resolveCommit(String(spec.dropLast(2)))
                include.append(c)
                exclude += try repo.commitRecord(c).parents
            } else if spec.hasPrefix("^") {
                exclude.append(try repo.resolveCommit(String(spec.dropFirst())))
            } else {
                include.append(try repo.resolveCommit(spec))
            }
        }
        try self.init(path: path, include: include, exclude: exclude, gate: gate)
    }

    /// Unique blobs to scan, in the order commits introduced them.
    public var blobCount: Int { order.count }

    public func forEachBlob(jobs: Int, stats: ScanStatsRecorder,
                            _ body: @Sendable (Int, BlobID, UnsafeRawBufferPointer) -> Void) throws {
        stats.update { $0.commits += self.commits.count }
        try ParallelObjects.scanBlobs(path: path, ids: order, jobs: jobs, gate: gate, stats: stats, body)
    }

    public func provenance(of blobs: Set<BlobID>) throws -> [BlobID: BlobPlacements] {
        var out: [BlobID: BlobPlacements] = [:]
        for blob in blobs {
            let list = placements[blob] ?? []
            var heads = Set<String>()
            if let headTree {
                for p in Set(list.map(\.path)) where trees.blob(at: p, in: headTree) == blob { heads.insert(p) }
            }
            out[blob] = BlobPlacements(introductions: list, headPaths: heads)
        }
        return out
    }
}
