internal import CGit2
import Foundation
import KeysweepCore

extension Repository {
    /// Mirrors the repository at `url` into the bare repository at `path`: clones it there the
    /// first time (`git clone --mirror`), fetches into it afterwards with every ref mapped onto
    /// itself (`+refs/*:refs/*`) and refs gone from the remote pruned. Objects of pruned refs stay
    /// in the mirror, so tips scanned before a force push can still hide their history.
    ///
    /// Credentials come from the usual places: ssh-agent for ssh URLs, and for https the
    /// environment (`KEYSWEEP_GIT_USERNAME` / `KEYSWEEP_GIT_PASSWORD`) or `git credential fill`
    /// (the user's configured git credential helpers), each tried once.
    /// A fetch killed midway (SIGKILL, power loss) leaves libgit2's `*.lock` files behind, and every
    /// later fetch would fail on them; they are removed first. The caller must therefore be the
    /// mirror's only user (the sweep holds its lock for the whole run).
    /// - Returns: the opened mirror.
    /// - Throws: `GitError` for an unreachable URL, an authentication failure or a corrupt pack.
    @discardableResult
    public static func mirror(url: String, into path: String) throws -> Repository {
        _ = GitLibrary.initialized
        let fresh = !FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("HEAD"))
        if fresh {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            var raw: OpaquePointer?
            try check(git_repository_init(&raw, path, 1), "git_repository_init")
            defer { git_repository_free(raw) }
            var remote: OpaquePointer?
            try check(git_remote_create_with_fetchspec(&remote, raw, "origin", url, "+refs/*:refs/*"),
                      "git_remote_create_with_fetchspec")
            git_remote_free(remote)
            var config: OpaquePointer?
            if git_repository_config(&config, raw) == 0 {
                git_config_set_bool(config, "remote.origin.mirror", 1)
                git_config_free(config)
            }
        }
        if !fresh { removeStaleLocks(in: path) }
        let repo = try Repository(path: path)
        do {
            try repo.fetchMirror(url: url)
        } catch {
            if fresh { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
        return try Repository(path: path)  // a fresh handle sees the new refs and packs
    }

    /// Deletes `*.lock` files in the mirror's top directory and under `refs/`.
    static func removeStaleLocks(in path: String) {
        let fm = FileManager.default
        let top = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        let refs = (fm.subpaths(atPath: (path as NSString).appendingPathComponent("refs")) ?? []).map { "refs/" + $0 }
        for name in top + refs where name.hasSuffix(".lock") {
            try? fm.removeItem(atPath: (path as NSString).appendingPathComponent(name))
        }
    }

    /// Fetches every ref of `origin` (re-pointed at `url`, in case the configuration moved it).
    func fetchMirror(url: String) throws {
        try check(git_remote_set_url(handle, "origin", url), "git_remote_set_url")
        var remote: OpaquePointer?
        try check(git_remote_lookup(&remote, handle, "origin"), "git_remote_lookup")
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        options.prune = GIT_FETCH_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE  // the refspec already maps refs/tags/*
        let state = CredentialState()
        options.callbacks.credentials = { out, url, username, allowed, payload in
            let state = Unmanaged<CredentialState>.fromOpaque(payload!).takeUnretainedValue()
            return state.acquire(out, url: url.map { String(cString: $0) },
                                 username: username.map { String(cString: $0) }, allowed: allowed)
        }
        try withExtendedLifetime(state) {
            options.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
            try check(git_remote_fetch(remote, nil, &options, "keysweep sweep: fetch"), "git_remote_fetch")
        }
    }
}

/// What the credential callback has already tried for one fetch: libgit2 calls it again after
/// each rejected credential, so each source is offered once and then the fetch fails.
final class CredentialState {
    private var triedAgent = false
    private var triedUsername = false
    private var triedPassword = false

    func acquire(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, url: String?,
                 username: String?, allowed: UInt32) -> Int32 {
        let user = username.flatMap { $0.isEmpty ? nil : $0 }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0, !triedUsername {
            triedUsername = true
            return git_credential_username_new(out, user ?? "git")
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, !triedAgent,
           ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"] != nil {
            triedAgent = true
            return git_credential_ssh_key_from_agent(out, user ?? "git")
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, !triedPassword {
            triedPassword = true
            if let (name, password) = Self.userPassword(url: url, username: user) {
                return git_credential_userpass_plaintext_new(out, name, password)
            }
        }
        return GIT_PASSTHROUGH.rawValue  // nothing (more) to offer: libgit2 reports the auth failure
    }

    /// A user name and password for `url`: from the environment, else from git's credential helpers.
    static func userPassword(url: String?, username: String?) -> (String, String)? {
        let env = ProcessInfo.processInfo.environment
        if let password = env["KEYSWEEP_GIT_PASSWORD"] {
            return (env["KEYSWEEP_GIT_USERNAME"] ?? username ?? "x-access-token", password)
        }
        guard let url, let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else {
            return nil
        }
        var request = "protocol=\(scheme)\nhost=\(host)\(parsed.port.map { ":\($0)" } ?? "")\n"
        if !parsed.path.isEmpty { request += "path=\(parsed.path.dropFirst())\n" }
        if let username { request += "username=\(username)\n" }
        guard let answer = gitCredentialFill(request + "\n") else { return nil }
        var fields: [String: String] = [:]
        for line in answer.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard let password = fields["password"] else { return nil }
        return (fields["username"] ?? username ?? "", password)
    }

    /// Runs `git credential fill` without a terminal prompt; nil when git or a helper is absent.
    private static func gitCredentialFill(_ request: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "credential", "fill"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "/bin/false", "SSH_ASKPASS": "/bin/false"]) { $1 }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data(request.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
