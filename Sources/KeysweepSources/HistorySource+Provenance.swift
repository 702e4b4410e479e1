import Foundation
import KeysweepCore
import KeysweepGit

extension HistorySource {
    /// Reads every tree once (in object-id order, on all workers), keeps the subtree edges and the
    /// edges to the blobs asked about, then walks upward from each blob to the root trees of
    /// commits. A commit introduces a blob at a path when none of its parents holds it there.
    public func provenance(of targets: Set<BlobID>) throws -> [BlobID: BlobPlacements] {
        guard !targets.isEmpty else { return [:] }
        let started = Date()
        let trees = TreeGraph(try readTrees(targets: targets))
        if ProcessInfo.processInfo.environment["KEYSWEEP_PROFILE_RULES"] == "1" {
            FileHandle.standardError.write(Data(String(format: "provenance: tree graph %.2f s, %d subtree edges, %d names\n", Date().timeIntervalSince(started), trees.parents.count, trees.names.count).utf8))
        }
        let repo = try Repository(path: path)
        var infoCache: [Int32: CommitInfo] = [:]
        func info(_ c: Int32) -> CommitInfo? {
            if let cached = infoCache[c] { return cached }
            let id = graph.records[Int(c)].id
            let value = try? repo.withObject(id) { _, raw in RawObjects.commitInfo(id: id, raw: raw) }
            infoCache[c] = value
            return value
        }
        let head = headCommit.flatMap { BlobID(hex: $0) }.flatMap { graph.index[$0] }

        var out: [BlobID: BlobPlacements] = [:]
        for blob in targets {
            var placements = BlobPlacements()
            let (containing, orphanPaths) = trees.commitsHolding(blob, graph: graph)
            for (path, commits) in containing.sorted(by: { $0.key < $1.key }) {
                if let head, commits.contains(head) { placements.headPaths.insert(path) }
                let introducing = commits.filter { c in !graph.parents(of: c).contains { commits.contains($0) } }
                for c in introducing.sorted(by: { graph.records[Int($0)].time < graph.records[Int($1)].time }) {
                    placements.introductions.append(
                        Placement(path: path, commit: info(c), reachable: graph.reachable[Int(c)]))
                }
            }
            for path in orphanPaths.sorted() {
                placements.introductions.append(Placement(path: path, commit: nil, reachable: false))
            }
            if placements.introductions.isEmpty {
                placements.introductions.append(Placement(path: "", commit: nil, reachable: false))
            }
            out[blob] = placements
        }
        return out
    }

    struct TreeState: Sendable {
        var edges = EdgeList()
        var blobEdges: [TreeGraph.BlobEdge] = []
        var names = NameTable()
    }

    private func readTrees(targets: Set<BlobID>) throws -> TreeGraph.Input {
        let treeIDs = self.treeIDs
        let trees = IDIndex(treeIDs)
        let wanted = IDIndex(Array(targets))
        // The first 16 bits of each wanted id: most blob entries are ruled out by one bit test.
        var prefixes = [UInt64](repeating: 0, count: 1024)
        for t in targets { let k = Int(t.high >> 48); prefixes[k >> 6] |= 1 << UInt64(k & 63) }
        let wantedPrefixes = prefixes
        let readOrder = PackOrder.sort(treeIDs, gitDirectory: gitDirectory)
        let states = try ParallelObjects.run(path: path, ids: readOrder, jobs: ProcessInfo.activeCores,
                                             makeState: { TreeState() }) { _, repo, id, state in
            guard let parent = trees.index(of: id) else { return }
            try? repo.withObject(id) { _, raw in
                RawObjects.forEachTreeEntryRaw(raw) { kind, name, idBytes in
                    switch kind {
                    case .tree:
                        if let c = trees.index(of: BlobID(bytes: idBytes)) {
                            state.edges.append(.init(child: c, parent: parent, name: state.names.intern(name)))
                        }
                    case .blob:
                        let k = Int(idBytes[0]) << 8 | Int(idBytes[1])
                        guard wantedPrefixes[k >> 6] >> UInt64(k & 63) & 1 != 0 else { break }
                        let child = BlobID(bytes: idBytes)
                        if wanted.index(of: child) != nil {
                            state.blobEdges.append(.init(blob: child, parent: parent, name: state.names.intern(name)))
                        }
                    case .submodule:
                        break
                    }
                }
            }
        }
        return TreeGraph.Input(treeIDs: treeIDs, states: states)
    }
}

/// Subtree edges (child → parents, with entry names) of every tree, and the edges to the blobs
/// being located, with names interned across workers. On git/git: 7 million subtree edges.
struct TreeGraph {
    struct BlobEdge: Sendable { var blob: BlobID; var parent: Int32; var name: Int32 }
    struct Input { var treeIDs: [BlobID]; var states: [HistorySource.TreeState] }

    let treeIDs: [BlobID]
    var names: [String] = []
    /// Tree c's parents are `parents[start[c]..<start[c+1]]`, each holding c under the name at
    /// the same position of `edgeNames` (compressed rows: 6 bytes an edge, built without sorting).
    var parents: [Int32] = []
    /// Name indices of the edges; the (rare) ones past 65,535 are in `wideNames`.
    var edgeNames: [UInt16] = []
    var wideNames: [Int: Int32] = [:]
    var start: [Int32] = []
    var blobEdges: [BlobID: [(parent: Int32, name: Int32)]] = [:]

    init(_ input: consuming Input) {
        treeIDs = input.treeIDs
        var start = [Int32](repeating: 0, count: treeIDs.count + 1)
        for s in input.states { s.edges.forEach { start[Int($0.child) + 1] += 1 } }
        for i in 0..<treeIDs.count { start[i + 1] += start[i] }
        var fill = start
        parents = [Int32](repeating: 0, count: Int(start[treeIDs.count]))
        edgeNames = [UInt16](repeating: 0, count: parents.count)
        var nameIndex: [String: Int32] = [:]
        for w in input.states.indices {
            let remap = input.states[w].names.strings().map { name -> Int32 in
                if let i = nameIndex[name] { return i }
                names.append(name)
                nameIndex[name] = Int32(names.count - 1)
                return Int32(names.count - 1)
            }
            input.states[w].edges.forEach { e in
                let k = Int(fill[Int(e.child)])
                parents[k] = e.parent
                let name = remap[Int(e.name)]
                if name < 0xFFFF { edgeNames[k] = UInt16(name) } else { edgeNames[k] = 0xFFFF; wideNames[k] = name }
                fill[Int(e.child)] += 1
            }
            for b in input.states[w].blobEdges { blobEdges[b.blob, default: []].append((b.parent, remap[Int(b.name)])) }
            input.states[w] = HistorySource.TreeState()  // free this worker's edges before the next
        }
        self.start = start
    }

    struct Place: Hashable { var tree: Int32; var path: String }

    /// For each path of `blob`, the commits whose tree holds it there; and the paths at which only
    /// trees that no commit reaches hold it.
    func commitsHolding(_ blob: BlobID, graph: CommitGraph) -> (paths: [String: Set<Int32>], orphans: Set<String>) {
        var result: [String: Set<Int32>] = [:]
        var orphans = Set<String>()
        var queue = (blobEdges[blob] ?? []).map { Place(tree: $0.parent, path: names[Int($0.name)]) }
        var visited = Set(queue)
        while let place = queue.popLast() {
            let commits = graph.byRootTree[treeIDs[Int(place.tree)]] ?? []
            for c in commits { result[place.path, default: []].insert(c) }
            let edges = Int(start[Int(place.tree)])..<Int(start[Int(place.tree) + 1])
            if commits.isEmpty && edges.isEmpty { orphans.insert(place.path) }
            for k in edges {
                let name = edgeNames[k] == 0xFFFF ? Int(wideNames[k]!) : Int(edgeNames[k])
                let next = Place(tree: parents[k], path: names[name] + "/" + place.path)
                if visited.insert(next).inserted { queue.append(next) }
            }
        }
        return (result, orphans.subtracting(result.keys))
    }
}

extension Array where Element == BlobID {
    /// Binary search in a sorted array.
    func sortedIndex(of id: BlobID) -> Int32? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo] == id ? Int32(lo) : nil
    }
}

extension ProcessInfo {
    /// The number of cores this process may use.
    static var activeCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
