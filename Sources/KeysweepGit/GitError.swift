internal import CGit2

/// An error libgit2 reported: the C function, its return code and libgit2's own message, read on
/// the same thread right after the call.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public let function: String
    public let code: Int32
    public let message: String

    public var description: String { "\(function): \(message)" }

    /// True when the failure was "object not found" / "reference not found".
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// Turns a libgit2 return code into a thrown `GitError`; passes non-negative codes through.
@discardableResult
func check(_ code: Int32, _ function: String) throws -> Int32 {
    guard code < 0 else { return code }
    let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
        ?? "error \(code)"
    throw GitError(function: function, code: code, message: message)
}

/// One-time libgit2 set-up: initialise the library and turn off per-read SHA-1 verification
/// (scanning trusts the object store's names; verification cost 4x on a full read of git/git).
enum GitLibrary {
    static let initialized: Bool = {
        git_libgit2_init()
        ks_git_set_strict_hash_verification(0)
        // Each object is read once; libgit2's object cache would only cost a lock and memory.
        // (The pack's delta-base cache, which matters, is separate.)
        ks_git_enable_caching(0)
        // Pack data is read once, in order: 32 MiB windows and at most 64 MiB mapped keep the
        // resident set bounded on large packs (the default maps up to 8 GiB).
        ks_git_set_mwindow_limits(32 << 20, 64 << 20)
        return true
    }()
}
