import Foundation

/// A real git repository in a temporary directory, built by running git, with fixed authors and
/// dates so that commit ids are the same on every run. Removed when released.
public final class TestRepo: @unchecked Sendable {
    public let path: String
    private var clock = 1_700_000_000
    private let owned: Bool

    /// Creates an empty repository (`git init`), optionally bare.
    public init(bare: Bool = false, branch: String = "main") throws {
        path = try TempDir.make("repo")
        owned = true
        try git(["init", "-q", "-b", branch] + (bare ? ["--bare"] : []))
    }

    /// Wraps an existing path (for clones made by a test).
    public init(existing: String) {
        path = existing
        owned = false
    }

    deinit { if owned { try? FileManager.default.removeItem(atPath: path) } }

    /// Writes a file (creating directories), relative to the work tree.
    public func write(_ relative: String, _ content: String) throws {
        try write(relative, Data(content.utf8))
    }

    public func write(_ relative: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// `git add -A` and `git commit`, with the next fixed date; returns the commit id.
    @discardableResult
    public func commit(_ message: String, author: String = "Alice Example", email: String = "alice@example.com") throws -> String {
        try git(["add", "-A"])
        clock += 3600
        let date = "\(clock) +0000"
        try git(["commit", "-q", "--allow-empty", "-m", message],
                env: ["GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
                      "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date])
        return try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git in the repository; throws with git's stderr when it fails.
    @discardableResult
    public func git(_ args: [String], env: [String: String] = [:], stdin: String? = nil) throws -> String {
        let r = try Run.process("/usr/bin/env", ["git"] + args, cwd: path, env: TestRepo.gitEnv.merging(env) { $1 }, stdin: stdin)
        guard r.status == 0 else { throw RunError(message: "git \(args.joined(separator: " ")): \(r.stderr)") }
        return r.stdout
    }

    /// An environment that keeps the user's and system's git configuration out of tests.
    public static let gitEnv: [String: String] = [
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "HOME": NSTemporaryDirectory(),
        "GIT_AUTHOR_NAME": "Alice Example", "GIT_AUTHOR_EMAIL": "alice@example.com",
        "GIT_COMMITTER_NAME": "Alice Example", "GIT_COMMITTER_EMAIL": "alice@example.com",
    ]
}

/// Temporary directories for tests.
public enum TempDir {
    /// Creates `keysweep-<label>-<random>` in the temporary directory; the caller removes it.
    public static func make(_ label: String) throws -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("keysweep-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `body` with a directory from `make(label)` and removes the directory afterwards,
    /// whether `body` returns or throws.
    public static func with<T>(_ label: String, _ body: (String) throws -> T) throws -> T {
        let dir = try make(label)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }
}

public struct RunError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
