import Foundation
import Testing
import KeysweepTestSupport

/// The pre-commit hook: the staged changes (index against HEAD) through a real `git commit`,
/// and both hooks through the pre-commit framework's `.pre-commit-hooks.yaml`.
@Suite struct PreCommitTests {
    func fixture() throws -> HookFixture {
        let f = try HookFixture(install: false)
        try f.install(["--pre-commit"])
        return f
    }

    @Test func stagedSecretBlocksTheCommit() throws {
        let f = try fixture()
        try f.work.write("app/settings.env", "DEBUG=1\n" + HookFixture.leakedCredentials)
        try f.work.git(["add", "-A"])
        let r = try f.git(["commit", "-q", "-m", "settings"])
        #expect(r.status != 0)
        for expected in ["commit blocked", "in the staged changes", "app/settings.env:3", "aws-access-key-id",
                         "git add app/settings.env", "git restore --staged app/settings.env", "keysweep:allow",
                         "git commit --no-verify"] {
            #expect(r.stderr.contains(expected), "missing '\(expected)' in:\n\(r.stderr)")
        }
        #expect(!r.stderr.contains(Secrets.awsSecretA))
        #expect(try f.git(["log", "--oneline"]).stdout.split(separator: "\n").count == 1, "no commit was made")
    }

    @Test func onlyStagedContentCounts() throws {
        let f = try fixture()
        try f.work.write("notes.txt", "clean\n")
        try f.work.git(["add", "notes.txt"])
        try f.work.write("notes.txt", HookFixture.leakedCredentials)  // unstaged edit
        let clean = try f.git(["commit", "-q", "-m", "notes"])
        #expect(clean.status == 0, "an unstaged secret is not part of the commit: \(clean.stderr)")
        let all = try f.git(["commit", "-q", "-a", "-m", "notes again"])
        #expect(all.status != 0, "git commit -a stages it (in a temporary index the hook must read)")
        #expect(all.stderr.contains("notes.txt:2"), "\(all.stderr)")
    }

    @Test func firstCommitOfANewRepositoryIsChecked() throws {
        let repo = try TestRepo()
        let install = try Run.keysweep(["hook", "install", "--pre-commit", "--repo", repo.path], env: TestRepo.gitEnv)
        #expect(install.status == 0, "\(install.stderr)")
        try repo.write(".env", HookFixture.leakedCredentials)
        try repo.git(["add", "-A"])
        let r = try Run.process("/usr/bin/env", ["git", "commit", "-q", "-m", "first"], cwd: repo.path, env: TestRepo.gitEnv)
        #expect(r.status != 0)
        #expect(r.stderr.contains(".env:2"), "\(r.stderr)")
    }

    @Test func falsePositivesCanBeMarked() throws {
        let f = try fixture()
        try f.work.write("test/fixture.txt", "key = \(Secrets.githubPAT)\n")
        try f.work.git(["add", "-A"])
        let blocked = try f.git(["commit", "-q", "-m", "fixture"])
        #expect(blocked.status != 0)
        // The message prints the exact .keysweepignore entry: use it as a developer would.
        let entry = try #require(blocked.stderr.split(separator: "\n").first { $0.contains("# ") && $0.contains("everywhere") })
        try f.work.write(".keysweepignore", entry.trimmingCharacters(in: .whitespaces) + "\n")
        let ignored = try f.git(["commit", "-q", "-m", "fixture"])
        #expect(ignored.status == 0, "\(ignored.stderr)")

        try f.work.write("test/other.txt", "key = \(Secrets.awsKeyB) # keysweep:allow\n")
        try f.work.git(["add", "-A"])
        let allowed = try f.git(["commit", "-q", "-m", "inline allow"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test(.enabled(if: PreCommitFramework.available, "pre-commit is not installed (scripts/test-deps installs it)"))
    func preCommitFrameworkRunsBothHooks() throws {
        let f = try HookFixture(install: false)
        let hooksRepo = try TestRepo()
        let yaml = try String(contentsOfFile: Run.packageRoot + "/.pre-commit-hooks.yaml", encoding: .utf8)
        try hooksRepo.write(".pre-commit-hooks.yaml", yaml)
        let rev = try hooksRepo.commit("hooks")
        try f.work.write(".pre-commit-config.yaml", """
            repos:
              - repo: \(hooksRepo.path)
                rev: \(rev)
                hooks:
                  - id: keysweep-pre-commit
                  - id: keysweep-pre-push

            """)
        try f.work.git(["add", "-A"])
        try f.work.commit("pre-commit config")
        #expect(try f.push(["origin", "main"]).status == 0)

        let cache = try TempDir.make("pre-commit-cache")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let binDir = (Run.keysweepBinary as NSString).deletingLastPathComponent
        let env = ["PRE_COMMIT_HOME": cache,
                   "PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let install = try Run.process("/usr/bin/env", ["pre-commit", "install", "--hook-type", "pre-commit",
                                                       "--hook-type", "pre-push"],
                                      cwd: f.work.path, env: TestRepo.gitEnv.merging(env) { $1 })
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")

        try f.work.write("deploy/credentials", HookFixture.leakedCredentials)
        try f.work.git(["add", "-A"])
        let commit = try f.git(["commit", "-q", "-m", "leak"], extraEnv: env)
        #expect(commit.status != 0, "\(commit.stdout)\(commit.stderr)")
        #expect((commit.stdout + commit.stderr).contains("deploy/credentials:2"))

        let bypass = try f.git(["commit", "-q", "--no-verify", "-m", "leak"], extraEnv: env)
        #expect(bypass.status == 0, "\(bypass.stderr)")
        let push = try f.push(["origin", "main"], extraEnv: env)
        #expect(push.status != 0, "\(push.stdout)\(push.stderr)")
        #expect((push.stdout + push.stderr).contains("push blocked"))
        try f.work.git(["reset", "-q", "--hard", "HEAD~1"])
        try f.work.write("ok.txt", "ok\n")
        try f.work.git(["add", "-A"])
        let cleanCommit = try f.git(["commit", "-q", "-m", "clean"], extraEnv: env)
        #expect(cleanCommit.status == 0, "\(cleanCommit.stdout)\(cleanCommit.stderr)")
        let clean = try f.push(["origin", "main"], extraEnv: env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }
}

/// Whether the pre-commit framework is on PATH.
enum PreCommitFramework {
    static var available: Bool {
        (try? Run.process("/usr/bin/env", ["pre-commit", "--version"]).status) == 0
    }
}
