import Foundation

/// Writes and removes keysweep's hooks in a hooks directory, keeping whatever hook was there:
/// an executable hook is chained (renamed `<kind>.keysweep-chained`; it still runs first and
/// its failure still blocks), anything else makes install refuse unless `--force` (then it is
/// kept as `<kind>.keysweep-saved` and no longer runs). Uninstall puts either back.
///
/// Where the hooks directory is comes from git itself (`git rev-parse --git-path hooks`), which
/// honours `core.hooksPath` (relative, `~/`, global or local) and linked work trees.
struct HookInstaller {
    /// The keysweep executable the hooks will run.
    var binary: String
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The hooks directory git uses for the repository at `repo`.
    func hooksDirectory(repo: String) throws -> String {
        let r = try git(["rev-parse", "--git-path", "hooks"], cwd: repo)
        guard r.status == 0 else {
            throw Failure("\(repo) is not a git repository (\(firstLine(r.stderr))); give one with --repo")
        }
        let path = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let absolute = path.hasPrefix("/") ? path : (repo as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// Installs the hooks of `kinds` in `directory`; returns one line per hook saying what it did.
    func install(kinds: [String], in directory: String, force: Bool, global: Bool) throws -> [String] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure("cannot create the hooks directory \(directory): \(error.localizedDescription)")
        }
        var done: [String] = []
        for kind in kinds {
            let hook = (directory as NSString).appendingPathComponent(kind)
            let chained = (directory as NSString).appendingPathComponent(HookScript.chainedName(kind))
            let saved = (directory as NSString).appendingPathComponent(HookScript.savedName(kind))
            var note = "installed \(hook)"
            if exists(hook) {
                if isKeysweepHook(hook, kind: kind) {
                    note = "updated \(hook)"
                } else if force {
                    try? fm.removeItem(atPath: saved)
                    try move(hook, to: saved)
                    note = "installed \(hook); the hook that was there is kept, unused, as \(saved) (--force)"
                } else if exists(chained) {
                    throw Failure("\(hook) is not keysweep's and \(chained) exists already, so it cannot be chained; move one of them away, or pass --force to replace \(hook) (kept as \(saved))")
                } else if !fm.isExecutableFile(atPath: hook) {
                    throw Failure("\(hook) exists but is not executable, so git does not run it and keysweep will not start running it; make it executable (chmod +x) to have it chained, or pass --force to replace it (kept as \(saved))")
                } else {
                    try move(hook, to: chained)
                    note = "installed \(hook); the hook that was there runs first, as \(chained)"
                }
            }
            let script = HookScript(kind: kind, binary: binary, global: global).text
            try write(script, to: hook)
            done.append(note)
        }
        return done
    }

    /// Removes keysweep's hooks of `kinds` from `directory` and puts back what they replaced.
    func uninstall(kinds: [String], in directory: String) throws -> [String] {
        var done: [String] = []
        for kind in kinds {
            let hook = (directory as NSString).appendingPathComponent(kind)
            let chained = (directory as NSString).appendingPathComponent(HookScript.chainedName(kind))
            let saved = (directory as NSString).appendingPathComponent(HookScript.savedName(kind))
            guard exists(hook) else {
                done.append("no \(kind) hook in \(directory); nothing to do")
                continue
            }
            guard isKeysweepHook(hook, kind: kind) else {
                throw Failure("\(hook) is not keysweep's hook (no '\(HookScript.marker(kind))' line); left it alone")
            }
            try FileManager.default.removeItem(atPath: hook)
            if exists(chained) {
                try move(chained, to: hook)
                done.append("removed keysweep from \(hook); restored the hook it had chained")
            } else if exists(saved) {
                try move(saved, to: hook)
                done.append("removed keysweep from \(hook); restored the hook it had replaced")
            } else {
                done.append("removed \(hook)")
            }
        }
        return done
    }

    /// The global hooks directory: the user's global `core.hooksPath` if set, else keysweep's own
    /// (`$XDG_CONFIG_HOME/keysweep/hooks` or `~/.config/keysweep/hooks`), which `install` then
    /// sets as the global `core.hooksPath`.
    func globalDirectory() throws -> (path: String, configured: Bool) {
        let r = try git(["config", "--global", "--path", "--get", "core.hooksPath"], cwd: nil)
        let value = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if r.status == 0, !value.isEmpty { return (value, true) }
        return (ownGlobalDirectory, false)
    }

    var ownGlobalDirectory: String {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (config as NSString).appendingPathComponent("keysweep/hooks")
    }

    /// Points the global `core.hooksPath` at `directory`.
    func setGlobalHooksPath(_ directory: String) throws {
        let r = try git(["config", "--global", "core.hooksPath", directory], cwd: nil)
        guard r.status == 0 else { throw Failure("git config --global core.hooksPath failed: \(firstLine(r.stderr))") }
    }

    /// Unsets the global `core.hooksPath` when it is keysweep's own directory and no hook is left in it.
    func releaseGlobalHooksPath() throws -> String? {
        let (path, configured) = try globalDirectory()
        guard configured, URL(fileURLWithPath: path).standardizedFileURL.path
                == URL(fileURLWithPath: ownGlobalDirectory).standardizedFileURL.path else { return nil }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard left.isEmpty else { return nil }
        _ = try git(["config", "--global", "--unset", "core.hooksPath"], cwd: nil)
        return "unset the global core.hooksPath (\(path))"
    }

    func isKeysweepHook(_ path: String, kind: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return false }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { $0 == HookScript.marker(kind) }
    }

    private func exists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil  // a dangling symlink counts
    }

    private func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw Failure("cannot rename \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    private func write(_ text: String, to path: String) throws {
        let tmp = path + ".keysweep-tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o755]) else {
            throw Failure("cannot write \(path); check that its directory is writable")
        }
        chmod(tmp, 0o755)
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw Failure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func git(_ args: [String], cwd: String?) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw Failure("cannot run git (\(error.localizedDescription)); is git installed and on PATH?") }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    private func firstLine(_ s: String) -> String {
        s.split(separator: "\n").first.map(String.init) ?? s
    }
}
