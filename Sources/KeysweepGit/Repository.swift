internal import CGit2
import KeysweepCore

/// KeysweepGit: owns CGit2. An open repository and its object database. One `Repository` per
/// worker thread: libgit2 handles are not shared across threads.
public final class Repository {
    let handle: OpaquePointer
    let odb: OpaquePointer
    public let path: String

    /// Opens the repository at `path` exactly (worktree or bare; no search upward).
    /// - Throws: `GitError` when `path` is not a git repository.
    public init(path: String) throws {
        _ = GitLibrary.initialized
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "git_repository_open_ext")
        handle = repo!
        var db: OpaquePointer?
        do {
            try check(git_repository_odb(&db, handle), "git_repository_odb")
        } catch {
            git_repository_free(handle)
            throw error
        }
        odb = db!
        self.path = path
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(handle)
    }

    /// True for a repository with no work tree.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// True when the repository is a shallow clone.
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// The work tree's directory, if any.
    public var workdir: String? { git_repository_workdir(handle).map { String(cString: $0) } }

    /// The `.git` directory (or the bare repository's directory).
    public var gitDirectory: String { String(cString: git_repository_path(handle)) }

    /// The commit HEAD points at; nil for an unborn branch.
    public var headCommit: BlobID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, handle, "HEAD") == 0 else { return nil }
        return peelToCommit(BlobID(oid))
    }

    /// Every object id in the object database (loose and packed, reachable or not), in the
    /// order the backends list them; an id in two packs appears twice.
    public func allObjectIDs() throws -> [BlobID] {
        final class Box { var ids: [BlobID] = [] }
        let box = Box()
        let rc = withExtendedLifetime(box) {
            git_odb_foreach(odb, { oid, payload in
                let box = Unmanaged<Box>.fromOpaque(payload!).takeUnretainedValue()
                box.ids.append(BlobID(oid!))
                return 0
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        try check(rc, "git_odb_foreach")
        return box.ids
    }

    /// Reads one object and lends its decompressed bytes to `body`; they are freed when it returns.
    public func withObject<T>(_ id: BlobID,
                              _ body: (ObjectKind, UnsafeRawBufferPointer) throws -> T) throws -> T {
        var oid = id.gitOID
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &oid), "git_odb_read")
        defer { git_odb_object_free(object) }
        let kind = ObjectKind(git_odb_object_type(object))
        let size = git_odb_object_size(object)
        let data = git_odb_object_data(object)
        return try body(kind, UnsafeRawBufferPointer(start: data, count: size))
    }

    /// The size and kind of an object, without decompressing a loose object's body.
    public func header(_ id: BlobID) throws -> (kind: ObjectKind, size: Int) {
        var oid = id.gitOID
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, odb, &oid), "git_odb_read_header")
        return (ObjectKind(type), size)
    }

    /// True when the object database has this object.
    public func contains(_ id: BlobID) -> Bool {
        var oid = id.gitOID
        return git_odb_exists(odb, &oid) == 1
    }

    /// Every reference's name with the object it finally points at (tags peeled), plus the
    /// older entries of the stash's reflog. Symbolic references are resolved; broken ones skipped.
    public func referenceTips() throws -> [(name: String, target: BlobID)] {
        var names = git_strarray()
        try check(git_reference_list(&names, handle), "git_reference_list")
        defer { git_strarray_dispose(&names) }
        var tips: [(String, BlobID)] = []
        for i in 0..<names.count {
            guard let cName = names.strings[i] else { continue }
            let name = String(cString: cName)
            var ref: OpaquePointer?
            guard git_reference_lookup(&ref, handle, cName) == 0 else { continue }
            defer { git_reference_free(ref) }
            var peeled: OpaquePointer?
            if git_reference_peel(&peeled, ref, GIT_OBJECT_ANY) == 0 {
                tips.append((name, BlobID(git_object_id(peeled)!)))
                git_object_free(peeled)
            }
        }
        tips.append(contentsOf: stashReflog().map { ("refs/stash", $0) })
        return tips
    }

    private func stashReflog() -> [BlobID] {
        var reflog: OpaquePointer?
        guard git_reflog_read(&reflog, handle, "refs/stash") == 0 else { return [] }
        defer { git_reflog_free(reflog) }
        return (0..<git_reflog_entrycount(reflog)).compactMap { i in
            git_reflog_entry_byindex(reflog, i).flatMap { git_reflog_entry_id_new($0) }.map(BlobID.init)
        }
    }

    /// Resolves a revision expression (`main`, `v1.0`, `HEAD~3`, an abbreviated id) to a commit.
    public func resolveCommit(_ spec: String) throws -> BlobID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, spec), "git_revparse_single")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(commit) }
        return BlobID(git_object_id(commit)!)
    }

    func peelToCommit(_ id: BlobID) -> BlobID? {
        var oid = id.gitOID
        var object: OpaquePointer?
        guard git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY) == 0 else { return nil }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0 else { return nil }
        defer { git_object_free(commit) }
        return BlobID(git_object_id(commit)!)
    }

    /// The value of a configuration entry, if set.
    public func configString(_ name: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
        return String(cString: value)
    }
}
