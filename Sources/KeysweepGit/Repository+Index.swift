internal import CGit2
import Foundation
import KeysweepCore

/// One file the index holds differently from HEAD: a path and the blob staged there.
public struct StagedEntry: Sendable, Hashable {
    public var path: String
    public var blob: BlobID
}

extension Repository {
    /// The files whose staged blob HEAD does not hold at the same path: added, modified and
    /// type-changed entries of the index against HEAD's tree (every entry on an unborn branch).
    /// Deletions and submodules (gitlinks) are left out; no rename detection, so a moved file
    /// counts as added at its new path.
    ///
    /// - Parameter indexFile: an index file to read instead of the repository's own, as git
    ///   names it in `GIT_INDEX_FILE` while `git commit -a` or `git commit PATH` runs the hook.
    /// - Throws: `GitError` when the index or HEAD's tree cannot be read.
    public func stagedEntries(indexFile: String? = nil) throws -> [StagedEntry] {
        var index: OpaquePointer?
        if let indexFile {
            try check(git_index_open(&index, indexFile), "git_index_open")
        } else {
            try check(git_repository_index(&index, handle), "git_repository_index")
        }
        defer { git_index_free(index) }

        var tree: OpaquePointer?
        if let head = headCommit {
            var oid = try commitRecord(head).tree.gitOID
            try check(git_tree_lookup(&tree, handle, &oid), "git_tree_lookup")
        }
        defer { if let tree { git_tree_free(tree) } }

        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_IGNORE_SUBMODULES.rawValue
        var diff: OpaquePointer?
        try check(git_diff_tree_to_index(&diff, handle, tree, index, &options), "git_diff_tree_to_index")
        defer { git_diff_free(diff) }

        var entries: [StagedEntry] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            switch delta.status {
            case GIT_DELTA_ADDED, GIT_DELTA_MODIFIED, GIT_DELTA_TYPECHANGE, GIT_DELTA_CONFLICTED:
                break
            default:
                continue
            }
            let file = delta.new_file
            guard file.mode != UInt16(GIT_FILEMODE_COMMIT.rawValue),
                  file.mode != UInt16(GIT_FILEMODE_TREE.rawValue),
                  let path = file.path else { continue }
            let blob = BlobID(file.id)
            if blob.high == 0, blob.mid == 0, blob.low == 0 { continue }
            entries.append(StagedEntry(path: String(cString: path), blob: blob))
        }
        return entries
    }

    /// The repository's common directory: where hooks, config and refs live. A linked work
    /// tree (`git worktree add`) has its own git directory but shares these with the main one.
    public var commonDirectory: String {
        String(cString: git_repository_commondir(handle))
    }

    /// The commit an object id finally points at (an annotated tag peeled); nil for a tree, a
    /// blob, or an object the repository lacks.
    public func commit(peeling id: BlobID) -> BlobID? {
        peelToCommit(id)
    }
}
