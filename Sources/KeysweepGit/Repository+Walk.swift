internal import CGit2
import KeysweepCore

extension Repository {
    /// The commits reachable from `include` and from none of `exclude`, newest first (libgit2's
    /// revwalk, which stops early on hidden history instead of walking all of it).
    public func commits(including include: [BlobID], excluding exclude: [BlobID]) throws -> [BlobID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        for id in include {
            var oid = id.gitOID
            try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
        }
        for id in exclude {
            var oid = id.gitOID
            // A hidden commit the repository lacks (a shallow boundary, a remote ref not fetched)
            // hides nothing; that is not an error.
            let rc = git_revwalk_hide(walk, &oid)
            if rc < 0 && rc != GIT_ENOTFOUND.rawValue { try check(rc, "git_revwalk_hide") }
        }
        var out: [BlobID] = []
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walk)
            if rc == GIT_ITEROVER.rawValue { break }
            if rc == GIT_ENOTFOUND.rawValue && isShallow {
                return try commitsInShallowClone(including: include, excluding: exclude)
            }
            try check(rc, "git_revwalk_next")
            out.append(BlobID(oid))
        }
        return out
    }

    /// The merge base of two commits, if they have one.
    public func mergeBase(_ a: BlobID, _ b: BlobID) -> BlobID? {
        var out = git_oid()
        var oa = a.gitOID, ob = b.gitOID
        return git_merge_base(&out, handle, &oa, &ob) == 0 ? BlobID(out) : nil
    }

    /// The commit record (tree, parents, time) of a commit.
    public func commitRecord(_ id: BlobID) throws -> CommitRecord {
        try withObject(id) { kind, raw in
            guard kind == .commit, let record = CommitRecord(id: id, raw: raw) else {
                throw GitError(function: "commitRecord", code: -1, message: "\(id.hex) is not a commit")
            }
            return record
        }
    }

    /// Who made a commit, when, and its summary line.
    public func commitInfo(_ id: BlobID) throws -> CommitInfo {
        try withObject(id) { _, raw in RawObjects.commitInfo(id: id, raw: raw) }
    }
}

/// A parsed tree entry.
public struct TreeEntry: Sendable {
    public var kind: RawObjects.EntryKind
    public var name: String
    public var id: BlobID
}

/// Trees parsed on demand and kept by id, for diffing a handful of commits.
public final class TreeCache {
    let repo: Repository
    private var trees: [BlobID: [String: TreeEntry]] = [:]

    public init(repo: Repository) { self.repo = repo }

    /// The entries of a tree by name (empty when the tree cannot be read).
    public func entries(_ id: BlobID) -> [String: TreeEntry] {
        if let t = trees[id] { return t }
        var map: [String: TreeEntry] = [:]
        try? repo.withObject(id) { _, raw in
            RawObjects.forEachTreeEntry(raw) { kind, name, child in
                let n = String(decoding: name, as: UTF8.self)
                map[n] = TreeEntry(kind: kind, name: n, id: child)
            }
        }
        trees[id] = map
        return map
    }

    /// The blobs a tree holds that none of `parents` holds at the same path, with their paths.
    /// Subtrees identical to a parent's are skipped without being read.
    public func introducedBlobs(tree: BlobID, parents: [BlobID], prefix: String = "",
                                _ found: (String, BlobID) -> Void) {
        let parentEntries = parents.map { entries($0) }
        for (name, e) in entries(tree) {
            let same = parentEntries.compactMap { $0[name] }
            if same.contains(where: { $0.id == e.id }) { continue }
            switch e.kind {
            case .tree:
                introducedBlobs(tree: e.id, parents: same.filter { $0.kind == .tree }.map(\.id),
                                prefix: prefix + name + "/", found)
            case .blob:
                found(prefix + name, e.id)
            case .submodule:
                continue
            }
        }
    }

    /// The blob at `path` in `tree`, if any.
    public func blob(at path: String, in tree: BlobID) -> BlobID? {
        var current = tree
        let parts = path.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            guard let e = entries(current)[part] else { return nil }
            if i == parts.count - 1 { return e.kind == .blob ? e.id : nil }
            guard e.kind == .tree else { return nil }
            current = e.id
        }
        return nil
    }
}
