import Foundation
import KeysweepTestSupport

/// A developer's clone and the bare repository it pushes to, both real, with keysweep's hook
/// installed by the built binary. Pushes go through git, which runs the hook.
final class HookFixture: @unchecked Sendable {
    let remote: TestRepo
    let work: TestRepo
    /// Extra environment for every git and keysweep run (e.g. a global config file).
    var env: [String: String]

    /// A bare remote and a work repository with `origin` pointing at it and one clean commit
    /// already pushed.
    init(install: Bool = true, env: [String: String] = [:]) throws {
        self.env = env
        remote = try TestRepo(bare: true)
        work = try TestRepo()
        try work.git(["remote", "add", "origin", remote.path])
        try work.write("README.md", "# service\n")
        try work.commit("initial commit")
        try work.git(["push", "-q", "-u", "origin", "main"])
        if install { try self.install() }
    }

    /// `keysweep hook install` with extra arguments; throws when it fails.
    @discardableResult
    func install(_ args: [String] = [], in repo: String? = nil) throws -> Run.Result {
        let r = try keysweep(["hook", "install", "--repo", repo ?? work.path] + args)
        guard r.status == 0 else { throw HookFixtureError(message: "hook install failed: \(r.stderr)") }
        return r
    }

    func keysweep(_ args: [String], cwd: String? = nil, stdin: String? = nil) throws -> Run.Result {
        try Run.keysweep(args, cwd: cwd ?? work.path, env: TestRepo.gitEnv.merging(env) { $1 }, stdin: stdin)
    }

    /// Runs git in `cwd` (the work repository by default) and returns its result, failing or not.
    func git(_ args: [String], cwd: String? = nil, extraEnv: [String: String] = [:]) throws -> Run.Result {
        try Run.process("/usr/bin/env", ["git"] + args, cwd: cwd ?? work.path,
                        env: TestRepo.gitEnv.merging(env) { $1 }.merging(extraEnv) { $1 })
    }

    /// `git push` with the given arguments; the hook's messages are in `stderr`.
    func push(_ args: [String], cwd: String? = nil, extraEnv: [String: String] = [:]) throws -> Run.Result {
        try git(["push"] + args, cwd: cwd, extraEnv: extraEnv)
    }

    /// The commit a ref of the remote points at, or nil when the remote has no such ref.
    func remoteTip(_ ref: String) throws -> String? {
        let r = try Run.process("/usr/bin/env", ["git", "rev-parse", "--verify", "-q", ref], cwd: remote.path,
                                env: TestRepo.gitEnv)
        return r.status == 0 ? r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// The hooks directory of the work repository.
    var hooksDirectory: String { work.path + "/.git/hooks" }

    /// Text of a file holding an AWS key pair: what a push must not carry.
    static var leakedCredentials: String {
        "[default]\naws_access_key_id = \(Secrets.awsKeyA)\naws_secret_access_key = \(Secrets.awsSecretA)\n"
    }

    /// Commits a file holding a secret and returns the commit id.
    @discardableResult
    func commitSecret(_ path: String = "config/credentials", message: String = "add deploy credentials") throws -> String {
        try work.write(path, Self.leakedCredentials)
        return try work.commit(message)
    }

    /// Commits a clean change and returns the commit id.
    @discardableResult
    func commitClean(_ path: String, _ content: String, message: String) throws -> String {
        try work.write(path, content)
        return try work.commit(message)
    }

    /// Writes an executable shell script.
    static func writeScript(_ path: String, _ body: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(("#!/bin/sh\n" + body + "\n").utf8),
                                       attributes: [.posixPermissions: 0o755])
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}

struct HookFixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
