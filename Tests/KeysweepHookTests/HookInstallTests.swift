import Foundation
import Testing
import KeysweepTestSupport

/// `keysweep hook install` / `uninstall`: existing hooks are chained and restored,
/// `core.hooksPath` is honoured, `--global` covers every repository, and a hook whose keysweep
/// has gone missing says so and fails closed unless told to fail open.
@Suite struct HookInstallTests {
    @Test func existingHookIsChainedStillBlocksAndIsRestored() throws {
        let f = try HookFixture(install: false)
        let hook = f.hooksDirectory + "/pre-push"
        try TempDir.with("log") { dir in
            let log = dir + "/ran"
            let original = "cat > '\(log)'\nexit ${OLD_HOOK_STATUS:-0}"
            try HookFixture.writeScript(hook, original)
            let installed = try f.install()
            #expect(installed.stdout.contains("pre-push.keysweep-chained"), "\(installed.stdout)")
            #expect(HookFixture.read(f.hooksDirectory + "/pre-push.keysweep-chained")?.contains(original) == true)

            let commit = try f.commitClean("a.txt", "a\n", message: "a")
            #expect(try f.push(["origin", "main"]).status == 0)
            let seen = HookFixture.read(log) ?? ""
            #expect(seen.contains("refs/heads/main \(commit) refs/heads/main"), "the old hook gets git's lines: \(seen)")

            try f.commitClean("b.txt", "b\n", message: "b")
            let blocked = try f.push(["origin", "main"], extraEnv: ["OLD_HOOK_STATUS": "3"])
            #expect(blocked.status != 0)
            #expect(blocked.stderr.contains("failed (exit 3)"), "\(blocked.stderr)")

            try f.commitSecret()
            #expect(try f.push(["origin", "main"]).status != 0, "keysweep still runs after the chained hook")

            let again = try f.install()
            #expect(again.stdout.contains("updated"), "installing twice updates in place: \(again.stdout)")
            let u = try f.keysweep(["hook", "uninstall", "--repo", f.work.path])
            #expect(u.status == 0, "\(u.stderr)")
            #expect(HookFixture.read(hook)?.contains(original) == true)
            #expect(!FileManager.default.fileExists(atPath: f.hooksDirectory + "/pre-push.keysweep-chained"))
            #expect(try f.push(["origin", "main"]).status == 0, "uninstalled: nothing scans any more")
        }
    }

    @Test func interruptedHookRemovesItsTemporaryFile() throws {
        let f = try HookFixture(install: false)
        // The chained hook runs while git's lines sit in the hook's temporary file, and kills the hook.
        try HookFixture.writeScript(f.hooksDirectory + "/pre-push", "kill -TERM $PPID")
        try f.install()
        let before = try f.remoteTip("main")
        try f.commitClean("a.txt", "a\n", message: "a")
        try TempDir.with("hook-tmp") { tmp in
            let r = try f.push(["origin", "main"], extraEnv: ["TMPDIR": tmp])
            #expect(r.status != 0, "\(r.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: tmp).filter { $0.hasPrefix("keysweep-pre-push.") }
            #expect(left.isEmpty, "the hook left \(left) behind")
        }
        #expect(try f.remoteTip("main") == before, "a killed hook blocks the push")
    }

    @Test func hookThatCannotBeChainedNeedsForce() throws {
        let f = try HookFixture(install: false)
        let hook = f.hooksDirectory + "/pre-push"
        _ = FileManager.default.createFile(atPath: hook, contents: Data("#!/bin/sh\nexit 1\n".utf8),
                                       attributes: [.posixPermissions: 0o644])
        let refused = try f.keysweep(["hook", "install", "--repo", f.work.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not executable") && refused.stderr.contains("--force"), "\(refused.stderr)")
        let forced = try f.keysweep(["hook", "install", "--force", "--repo", f.work.path])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: f.hooksDirectory + "/pre-push.keysweep-saved"))
        try f.commitClean("a.txt", "a\n", message: "a")
        #expect(try f.push(["origin", "main"]).status == 0, "the replaced hook no longer runs")
        #expect(try f.keysweep(["hook", "uninstall", "--repo", f.work.path]).status == 0)
        #expect(HookFixture.read(hook) == "#!/bin/sh\nexit 1\n")
    }

    @Test func coreHooksPathIsHonoured() throws {
        let f = try HookFixture(install: false)
        try f.work.git(["config", "core.hooksPath", ".githooks"])
        let r = try f.install(["--pre-push", "--pre-commit"])
        #expect(r.stdout.contains(f.work.path + "/.githooks/pre-push"), "\(r.stdout)")
        #expect(FileManager.default.fileExists(atPath: f.work.path + "/.githooks/pre-commit"))
        #expect(!FileManager.default.fileExists(atPath: f.hooksDirectory + "/pre-push"))
        try f.work.write("config/credentials", HookFixture.leakedCredentials)
        try f.work.git(["add", "-A"])
        let commit = try f.git(["commit", "-q", "-m", "leak"])
        #expect(commit.status != 0 && commit.stderr.contains("commit blocked"), "\(commit.stderr)")
        try f.work.git(["commit", "-q", "--no-verify", "-m", "leak"])
        #expect(try f.push(["origin", "main"]).status != 0)
        let u = try f.keysweep(["hook", "uninstall", "--all", "--repo", f.work.path])
        #expect(u.status == 0, "\(u.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.work.path + "/.githooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: f.work.path + "/.githooks/pre-commit"))
    }

    @Test func globalInstallCoversEveryRepositoryAndKeepsTheirOwnHooks() throws {
        let home = try TempDir.make("home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = ["GIT_CONFIG_GLOBAL": home + "/gitconfig", "XDG_CONFIG_HOME": home + "/config"]
        _ = FileManager.default.createFile(atPath: home + "/gitconfig", contents: Data())
        let f = try HookFixture(install: false, env: env)
        let own = home + "/own-hook-ran"
        try HookFixture.writeScript(f.hooksDirectory + "/pre-push", "touch '\(own)'")

        let r = try f.keysweep(["hook", "install", "--global"])
        #expect(r.status == 0, "\(r.stderr)")
        let path = try f.git(["config", "--global", "core.hooksPath"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path == home + "/config/keysweep/hooks")

        try f.commitSecret()
        let blocked = try f.push(["origin", "main"])
        #expect(blocked.status != 0 && blocked.stderr.contains("push blocked"), "\(blocked.stderr)")
        #expect(FileManager.default.fileExists(atPath: own), "the repository's own hook still runs")

        let u = try f.keysweep(["hook", "uninstall", "--global"])
        #expect(u.status == 0, "\(u.stderr)")
        #expect(u.stdout.contains("unset the global core.hooksPath"), "\(u.stdout)")
        #expect(try f.git(["config", "--global", "core.hooksPath"]).status != 0)
    }

    @Test func missingKeysweepFailsClosedUnlessFailOpen() throws {
        let f = try HookFixture(install: false)
        let dir = try TempDir.make("bin")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let copy = dir + "/keysweep"
        try FileManager.default.copyItem(atPath: Run.keysweepBinary, toPath: copy)
        let r = try Run.process(copy, ["hook", "install", "--repo", f.work.path], env: TestRepo.gitEnv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(HookFixture.read(f.hooksDirectory + "/pre-push")?.contains(copy) == true)
        try FileManager.default.removeItem(atPath: copy)

        try f.commitClean("a.txt", "a\n", message: "a")
        let path = ["PATH": "/usr/local/bin:/usr/bin:/bin"]
        let closed = try f.push(["origin", "main"], extraEnv: path)
        #expect(closed.status != 0)
        #expect(closed.stderr.contains("keysweep is missing") && closed.stderr.contains(copy), "\(closed.stderr)")
        #expect(closed.stderr.contains("KEYSWEEP_HOOK_FAIL_OPEN=1"))
        let open = try f.push(["origin", "main"], extraEnv: path.merging(["KEYSWEEP_HOOK_FAIL_OPEN": "1"]) { $1 })
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stderr.contains("UNSCANNED"))
    }

    @Test func brokenRepositoryFailsClosed() throws {
        let f = try HookFixture()
        try f.commitClean("a.txt", "a\n", message: "a")
        let r = try f.keysweep(["hook", "pre-push", "origin", f.remote.path],
                               stdin: "refs/heads/main \(String(repeating: "ab", count: 20)) refs/heads/main \(String(repeating: "0", count: 40))\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such object"), "\(r.stderr)")
    }
}
