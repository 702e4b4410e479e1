import KeysweepCore
import KeysweepGit

/// The commits of a repository held in memory: parents, root trees, commit times, and which
/// commits a ref reaches. Commit ids map to dense indices.
struct CommitGraph {
    private(set) var index: [BlobID: Int32] = [:]
    private(set) var records: [CommitRecord] = []
    private(set) var reachable: [Bool] = []
    /// Root tree → commits whose root it is.
    private(set) var byRootTree: [BlobID: [Int32]] = [:]
    /// Parents as indices (parents missing from the repository, as in a shallow clone, omitted).
    private(set) var parentIndices: [[Int32]] = []

    var count: Int { records.count }
    var unreachableCount: Int { reachable.lazy.filter { !$0 }.count }

    mutating func add(_ commits: [CommitRecord]) {
        for c in commits where index[c.id] == nil {
            index[c.id] = Int32(records.count)
            records.append(c)
            byRootTree[c.tree, default: []].append(Int32(records.count - 1))
        }
        reachable = [Bool](repeating: false, count: records.count)
        parentIndices = records.map { $0.parents.compactMap { index[$0] } }
    }

    /// Marks every commit reachable from `tips` (ids that are not commits here are ignored).
    mutating func markReachable(from tips: [BlobID]) {
        var stack = tips.compactMap { index[$0] }
        while let i = stack.popLast() {
            guard !reachable[Int(i)] else { continue }
            reachable[Int(i)] = true
            for pi in parentIndices[Int(i)] where !reachable[Int(pi)] { stack.append(pi) }
        }
    }

    func parents(of i: Int32) -> [Int32] {
        parentIndices[Int(i)]
    }
}
