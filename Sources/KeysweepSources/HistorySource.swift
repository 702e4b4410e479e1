import Foundation
import Synchronization
import KeysweepCore
import KeysweepGit

/// Every blob in a repository's object database, reachable from a ref or not, read once each in
/// object-id order. Provenance (path, introducing commits, reachability) is computed afterwards
/// from an in-memory commit → tree → blob graph, only for the blobs asked about.
public final class HistorySource: BlobSource, @unchecked Sendable {
    // SAFETY: mutable state is written only by `forEachBlob` after its workers have joined, and
    // read only by `provenance(of:)`, which callers invoke after `forEachBlob` returns.
    public let path: String
    let gate: BlobGate
    var graph = CommitGraph()
    var treeIDs: [BlobID] = []
    public private(set) var warnings: [String] = []
    public private(set) var headCommit: String?
    let gitDirectory: String

    /// - Throws: `GitError` when `path` is not a readable git repository.
    public init(path: String, gate: BlobGate) throws {
        self.path = path
        self.gate = gate
        let repo = try Repository(path: path)
        headCommit = repo.headCommit?.hex
        gitDirectory = repo.gitDirectory
    }

    struct WorkerState: Sendable {
        var commits: [CommitRecord] = []
        var trees: [BlobID] = []
        var unreadable: [String] = []
        var unreadableCount = 0
    }

    public func forEachBlob(jobs: Int, stats: ScanStatsRecorder,
                            _ body: @Sendable (Int, BlobID, UnsafeRawBufferPointer) -> Void) throws {
        let repo = try Repository(path: path)
        var ids = try repo.allObjectIDs()
        let listed = ids.count
        ids.sort()
        ids = ids.uniqued()
        stats.update { $0.duplicates += listed - ids.count }
        ids = PackOrder.sort(ids, gitDirectory: repo.gitDirectory)
        let gate = self.gate
        let states = try ParallelObjects.run(path: path, ids: ids, jobs: jobs, makeState: { WorkerState() }) {
            worker, repo, id, state in
            do {
                // Trees are only listed here (provenance reads them if anything is found): their
                // kind comes from the pack header, without inflating them.
                if try repo.header(id).kind == .tree {
                    state.trees.append(id)
                    return
                }
                try repo.withObject(id) { kind, bytes in
                    switch kind {
                    case .blob:
                        if gate.admit(bytes, stats: stats) { body(worker, id, bytes) }
                    case .commit:
                        if let c = CommitRecord(id: id, raw: bytes) { state.commits.append(c) }
                    case .tree:
                        state.trees.append(id)
                    case .tag, .other:
                        break
                    }
                }
            } catch {
                state.unreadableCount += 1
                if state.unreadable.count < 5 { state.unreadable.append("object \(id.hex): \(error)") }
            }
        }
        var unreadable = 0
        for s in states {
            graph.add(s.commits)
            treeIDs += s.trees
            unreadable += s.unreadableCount
            warnings += s.unreadable
        }
        treeIDs.sort()
        graph.markReachable(from: try repo.referenceTips().map(\.target) + (repo.headCommit.map { [$0] } ?? []))
        let unreachable = graph.unreachableCount
        stats.update {
            $0.commits += self.graph.count
            $0.unreadable += unreadable
            $0.unreachableObjects += unreachable
        }
        if unreadable > 0 {
            warnings.insert("\(unreadable) object(s) could not be read (corrupt or missing pack data); "
                            + "the rest of the history was scanned", at: 0)
        }
        if repo.isShallow {
            warnings.append("shallow clone: history before the shallow boundary is not in this repository")
        }
    }
}

extension Array where Element: Equatable {
    /// Removes adjacent duplicates of a sorted array.
    func uniqued() -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        for e in self where out.last != e { out.append(e) }
        return out
    }
}
