internal import CGit2
import KeysweepCore

/// A configured remote: its name and the URLs it fetches from and pushes to.
public struct RemoteInfo: Sendable, Hashable {
    public var name: String
    /// The fetch URL, then the push URL when it differs.
    public var urls: [String]
}

extension Repository {
    /// The remotes configured for the repository (`remote.<name>.url` / `.pushurl`).
    public func remotes() -> [RemoteInfo] {
        var names = git_strarray()
        guard git_remote_list(&names, handle) == 0 else { return [] }
        defer { git_strarray_dispose(&names) }
        var out: [RemoteInfo] = []
        for i in 0..<names.count {
            guard let cName = names.strings[i] else { continue }
            var remote: OpaquePointer?
            guard git_remote_lookup(&remote, handle, cName) == 0 else { continue }
            defer { git_remote_free(remote) }
            var urls: [String] = []
            if let u = git_remote_url(remote) { urls.append(String(cString: u)) }
            if let u = git_remote_pushurl(remote), !urls.contains(String(cString: u)) {
                urls.append(String(cString: u))
            }
            out.append(RemoteInfo(name: String(cString: cName), urls: urls))
        }
        return out
    }

    /// The names and peeled commits of the references matching a glob such as
    /// `refs/remotes/origin/*`, without listing or peeling any other reference. References that
    /// do not lead to a commit are left out.
    public func referenceTips(matching glob: String) throws -> [(name: String, target: BlobID)] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var tips: [(String, BlobID)] = []
        var ref: OpaquePointer?
        while git_reference_next(&ref, iterator) == 0 {
            defer { git_reference_free(ref) }
            let name = String(cString: git_reference_name(ref))
            var peeled: OpaquePointer?
            if git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 {
                tips.append((name, BlobID(git_object_id(peeled)!)))
                git_object_free(peeled)
            }
        }
        return tips
    }
}
