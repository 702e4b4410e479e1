import Foundation
import Testing
import KeysweepTestSupport

/// The pre-push hook end to end: real `git push` to a local bare remote through the hook that
/// `keysweep hook install` wrote.
@Suite struct PrePushTests {
    @Test func pushAddingASecretIsRejectedWithAnActionableMessage() throws {
        let f = try HookFixture()
        let before = try f.remoteTip("main")
        let commit = try f.commitSecret()
        let r = try f.push(["origin", "main"])
        #expect(r.status != 0)
        #expect(try f.remoteTip("main") == before, "the remote must not receive the commit")
        let short = String(commit.prefix(10))
        for expected in ["push blocked", "1 new commit", "aws-access-key-id", "aws-secret-access-key",
                         "config/credentials:2", "config/credentials:3", "commit  \(short)", "AKIA********",
                         "git reset --soft HEAD~1", "git commit --amend --no-edit", "rotate it anyway",
                         "keysweep:allow", ".keysweepignore", "git push --no-verify"] {
            #expect(r.stderr.contains(expected), "missing '\(expected)' in:\n\(r.stderr)")
        }
        #expect(!r.stderr.contains(Secrets.awsSecretA), "the message must not show the secret")
        #expect(!r.stderr.contains(Secrets.awsKeyA))
    }

    @Test func cleanPushGoesThrough() throws {
        let f = try HookFixture()
        let commit = try f.commitClean("src/app.py", "print('hello')\n", message: "add app")
        let r = try f.push(["origin", "main"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try f.remoteTip("main") == commit)
    }

    @Test func secretInAlreadyPushedHistoryDoesNotBlockCleanNewCommits() throws {
        let f = try HookFixture()
        try f.commitSecret()
        #expect(try f.push(["--no-verify", "origin", "main"]).status == 0)
        let commit = try f.commitClean("src/app.py", "print('v2')\n", message: "clean change")
        let r = try f.push(["origin", "main"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try f.remoteTip("main") == commit)
        // The same holds when the push names the remote by URL instead of by name.
        let next = try f.commitClean("src/app.py", "print('v3')\n", message: "another clean change")
        let byURL = try f.push([f.remote.path, "main"])
        #expect(byURL.status == 0, "\(byURL.stderr)")
        #expect(try f.remoteTip("main") == next)
    }

    @Test func newBranchWithASecretThreeCommitsDeepIsRejected() throws {
        let f = try HookFixture()
        try f.work.git(["checkout", "-q", "-b", "feature"])
        let leak = try f.commitSecret()
        try f.commitClean("src/a.py", "a = 1\n", message: "a")
        try f.commitClean("src/b.py", "b = 2\n", message: "b")
        let r = try f.push(["-u", "origin", "feature"])
        #expect(r.status != 0)
        #expect(try f.remoteTip("feature") == nil)
        #expect(r.stderr.contains("3 new commits"), "\(r.stderr)")
        #expect(r.stderr.contains("git rebase -i \(leak.prefix(10))^"), "\(r.stderr)")
    }

    @Test func newBranchScansOnlyItsOwnCommits() throws {
        let f = try HookFixture()
        try f.commitSecret()
        #expect(try f.push(["--no-verify", "origin", "main"]).status == 0)
        try f.work.git(["checkout", "-q", "-b", "topic"])
        let commit = try f.commitClean("docs/notes.md", "notes\n", message: "notes")
        let r = try f.push(["origin", "topic"])
        #expect(r.status == 0, "history the remote has must not be rescanned: \(r.stderr)")
        #expect(try f.remoteTip("topic") == commit)
    }

    @Test func severalRefsInOnePush() throws {
        let f = try HookFixture()
        try f.work.git(["checkout", "-q", "-b", "one"])
        try f.commitClean("one.txt", "1\n", message: "one")
        try f.work.git(["checkout", "-q", "main"])
        try f.work.git(["checkout", "-q", "-b", "two"])
        try f.commitClean("two.txt", "2\n", message: "two")
        let clean = try f.push(["origin", "one", "two"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(try f.remoteTip("one") != nil && f.remoteTip("two") != nil)

        try f.work.git(["checkout", "-q", "one"])
        try f.commitClean("one.txt", "1b\n", message: "one again")
        try f.work.git(["checkout", "-q", "two"])
        try f.commitSecret("two/credentials")
        let before = (try f.remoteTip("one"), try f.remoteTip("two"))
        let r = try f.push(["origin", "one", "two"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("two/credentials:2"), "\(r.stderr)")
        #expect(try f.remoteTip("one") == before.0 && f.remoteTip("two") == before.1)
    }

    @Test func tagsAreScanned() throws {
        let f = try HookFixture()
        try f.commitClean("VERSION", "1.0\n", message: "release 1.0")
        #expect(try f.push(["origin", "main"]).status == 0)
        try f.work.git(["tag", "-a", "v1.0", "-m", "v1.0"])
        let clean = try f.push(["origin", "v1.0"])
        #expect(clean.status == 0, "\(clean.stderr)")

        try f.work.git(["checkout", "-q", "--detach"])
        try f.commitSecret(message: "hotfix with credentials")
        try f.work.git(["tag", "-a", "v1.1", "-m", "v1.1"])
        let r = try f.push(["origin", "v1.1"])
        #expect(r.status != 0)
        #expect(try f.remoteTip("v1.1") == nil)
        #expect(r.stderr.contains("refs/tags/v1.1"), "\(r.stderr)")
    }

    @Test func deletingABranchScansNothing() throws {
        let f = try HookFixture()
        try f.work.git(["checkout", "-q", "-b", "old"])
        try f.commitSecret()
        #expect(try f.push(["--no-verify", "origin", "old"]).status == 0)
        let r = try f.push(["origin", "--delete", "old"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try f.remoteTip("old") == nil)
    }

    @Test func forcePushScansOnlyTheNewCommits() throws {
        let f = try HookFixture()
        try f.commitSecret()
        #expect(try f.push(["--no-verify", "origin", "main"]).status == 0)
        try f.commitClean("a.txt", "a\n", message: "a")
        #expect(try f.push(["origin", "main"]).status == 0)
        // Rewrite the last commit: the old secret stays in history the remote already has.
        try f.work.write("a.txt", "a, amended\n")
        try f.work.git(["commit", "-q", "-a", "--amend", "-m", "a amended"])
        let clean = try f.push(["--force", "origin", "main"])
        #expect(clean.status == 0, "\(clean.stderr)")
        // A force push that brings a secret is blocked.
        try f.work.git(["reset", "-q", "--hard", "HEAD~1"])
        try f.commitSecret("b/credentials", message: "b")
        let before = try f.remoteTip("main")
        let r = try f.push(["--force", "origin", "main"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("b/credentials:2"), "\(r.stderr)")
        #expect(try f.remoteTip("main") == before)
    }

    @Test func pushFromAShallowClone() throws {
        let f = try HookFixture()
        for i in 0..<3 { try f.commitClean("log.txt", "\(i)\n", message: "change \(i)") }
        #expect(try f.push(["origin", "main"]).status == 0)
        let dir = try TempDir.make("shallow")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clone = dir + "/clone"
        let c = try f.git(["clone", "-q", "--depth", "1", "file://" + f.remote.path, clone], cwd: dir)
        #expect(c.status == 0, "\(c.stderr)")
        let shallow = TestRepo(existing: clone)
        try f.install([], in: clone)
        try shallow.write("clean.txt", "fine\n")
        try shallow.commit("clean change in a shallow clone")
        let clean = try f.push(["origin", "main"], cwd: clone)
        #expect(clean.status == 0, "\(clean.stderr)")
        try shallow.write("config/credentials", HookFixture.leakedCredentials)
        try shallow.commit("leak from a shallow clone")
        let r = try f.push(["origin", "main"], cwd: clone)
        #expect(r.status != 0)
        #expect(r.stderr.contains("config/credentials:2"), "\(r.stderr)")
    }

    @Test func eachBlobIsScannedOnceAcrossTheRefsOfAPush() throws {
        let f = try HookFixture()
        for branch in ["one", "two"] {
            try f.work.git(["checkout", "-q", "-B", branch, "main"])
            try f.work.write("shared/config.yml", "region: eu-west-1\n")
            try f.commitClean("\(branch).txt", "\(branch)\n", message: branch)
        }
        let r = try f.push(["origin", "one", "two"], extraEnv: ["KEYSWEEP_HOOK_TIMING": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("walk 2 commits, 3 blobs"), "one.txt, two.txt and the shared file once: \(r.stderr)")
    }

    @Test func inputFromGitIsCheckedAndAnEmptyPushIsFine() throws {
        let f = try HookFixture()
        let empty = try f.keysweep(["hook", "pre-push", "origin", f.remote.path], stdin: "")
        #expect(empty.status == 0, "\(empty.stderr)")
        let bad = try f.keysweep(["hook", "pre-push", "origin", f.remote.path], stdin: "refs/heads/main nonsense\n")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("cannot read the line"), "\(bad.stderr)")
    }

    @Test func registryAddsTheOwnerAndAdvice() throws {
        let data = try TempDir.make("registry")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let f = try HookFixture(env: ["XDG_DATA_HOME": data])
        let export = data + "/list-access-keys.json"
        try Data(#"{"AccessKeyMetadata":[{"UserName":"deploy-bot","AccessKeyId":"\#(Secrets.awsKeyA)","Status":"Active","CreateDate":"2020-01-01T00:00:00Z"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: export))
        let imported = try f.keysweep(["registry", "import", export])
        #expect(imported.status == 0, "\(imported.stderr)")
        try f.commitSecret()
        let r = try f.push(["origin", "main"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("owner   deploy-bot in 123456789012, Active"), "\(r.stderr)")
        #expect(r.stderr.contains("advice  deactivate"), "\(r.stderr)")
        #expect(!r.stderr.contains(Secrets.awsSecretA))
    }
}
