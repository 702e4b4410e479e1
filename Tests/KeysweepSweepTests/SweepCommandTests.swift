import Foundation
import Testing
import KeysweepTestSupport

/// `keysweep sweep` over several real repositories (local paths and file:// URLs), run as the
/// built binary: first sweep, unchanged re-sweep, a new secret, a force push, failing repositories.
@Suite(.serialized)
struct SweepCommandTests {
    /// Three repositories: a local path with an AWS key pair, a file:// URL with a GitHub token,
    /// a local path with a lone AWS key id.
    static func fixture() throws -> SweepFixture {
        let f = try SweepFixture()
        try f.addRepo(file: "config/aws.env",
                      content: "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\nAWS_SECRET_ACCESS_KEY=\(Secrets.awsSecretA)\n")
        try f.addRepo(file: "ci/token.txt", content: "GITHUB_TOKEN=\(Secrets.githubPAT)\n", url: true)
        try f.addRepo(file: "deploy/key.txt", content: "key_id: \(Secrets.awsKeyB)\n")
        return f
    }

    @Test func firstSweepFindsPlantedSecretsAndSecondFindsNothingNew() throws {
        let f = try Self.fixture()
        let first = try f.sweep()
        #expect(first.status == 1, "\(first.result.stderr)")
        let repos = Set(first.findings.compactMap { $0["repository"] as? String })
        #expect(repos == Set([f.repos[0].path, f.locations[1], f.repos[2].path]))
        let rules = first.findings.map { $0["rule"] as? String ?? "" }
        #expect(rules.contains("aws-access-key-id"))
        #expect(rules.contains { $0.hasPrefix("github") })
        #expect(first.keys.count == Set(first.keys).count, "a finding reported twice")
        #expect(first.findings.allSatisfy { ($0["new"] as? Bool) == true && $0["firstSeen"] != nil })
        for secret in [Secrets.awsKeyA, Secrets.awsSecretA, Secrets.githubPAT] where !secret.hasPrefix("AKIA") {
            #expect(!first.result.stdout.contains(secret), "a raw secret in the output")
        }

        let second = try f.sweepText()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("0 commits scanned"), "\(second.stdout)")
        #expect(second.stdout.contains("0 new findings"))
        #expect(second.stdout.components(separatedBy: "unchanged").count - 1 == 3)

        let all = try f.sweep(["--all"])
        #expect(all.status == 0)
        #expect(Set(all.keys) == Set(first.keys))
        #expect(all.findings.allSatisfy { ($0["new"] as? Bool) == false })
    }

    @Test func aNewCommitWithASecretGivesExactlyOneNewFinding() throws {
        let f = try Self.fixture()
        _ = try f.sweep()
        try f.repos[1].write("services/billing.env", "aws_access_key_id = \(Secrets.awsKeyC)\n")
        try f.repos[1].commit("billing credentials")
        let run = try f.sweep()
        #expect(run.status == 1, "\(run.result.stderr)")
        #expect(run.findings.count == 1)
        #expect(run.findings.first?["repository"] as? String == f.locations[1])
        #expect(run.findings.first?["path"] as? String == "services/billing.env")
        let text = try f.sweepText()
        #expect(text.status == 0)
        #expect(text.stdout.contains("0 commits scanned"))
    }

    @Test func aForcePushScansOnlyTheNewCommits() throws {
        let f = try SweepFixture()
        let bare = try TestRepo(bare: true)
        let work = try TestRepo()
        try work.write("README.md", "# app\n")
        try work.commit("initial")
        try work.write("app.cfg", "token = \(Secrets.githubPAT)\n")
        try work.commit("config")
        try work.write("notes.txt", "draft\n")
        try work.commit("notes")
        try work.git(["push", "-q", bare.path, "main"])
        let url = "file://" + bare.path
        let first = try f.sweep(locations: [url])
        #expect(first.status == 1, "\(first.result.stderr)")
        #expect(first.findings.count == 1)

        // Rewrite the last commit and force-push: one new commit, with a new secret.
        try work.git(["reset", "-q", "--hard", "HEAD~1"])
        try work.write("deploy.env", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyC)\n")
        try work.commit("deploy config")
        try work.git(["push", "-q", "--force", bare.path, "main"])
        let text = try Run.keysweep(f.arguments(locations: [url]), env: f.env)
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("1 commit scanned"), "\(text.stdout)")
        #expect(text.stdout.contains("1 new finding"))
        #expect(text.stdout.contains("deploy.env"))
        #expect(!text.stdout.contains("app.cfg"), "the old finding was reported again")

        let again = try f.sweep(locations: [url])
        #expect(again.status == 0)
        #expect(again.findings.isEmpty)
    }

    @Test func aFailingRepositoryIsRecordedRetriedAndDoesNotStopTheOthers() throws {
        let f = try Self.fixture()
        _ = try f.sweep()
        let moved = f.repos[2].path + "-moved"
        try FileManager.default.moveItem(atPath: f.repos[2].path, toPath: moved)
        defer { try? FileManager.default.moveItem(atPath: moved, toPath: f.repos[2].path) }
        let missingURL = "file://" + f.root + "/no-such-repo.git"
        try f.repos[0].write("second.env", "aws_access_key_id = \(Secrets.awsKeyC)\n")
        try f.repos[0].commit("second key")

        let run = try f.sweep(locations: f.locations + [missingURL])
        #expect(run.status == 2)
        #expect(run.findings.count == 1, "the healthy repository's new finding is still reported")
        #expect(run.result.stderr.contains(f.repos[2].path))
        #expect(run.result.stderr.contains("no-such-repo.git"))
        #expect(run.result.stderr.contains("retried next sweep"))

        let text = try Run.keysweep(f.arguments(locations: f.locations + [missingURL]), env: f.env)
        #expect(text.status == 2)
        #expect(text.stdout.contains("2 failed"))
        #expect(text.stdout.contains("FAILED"))

        // The repository comes back with a new secret: the retry sweeps it and reports it.
        try FileManager.default.moveItem(atPath: moved, toPath: f.repos[2].path)
        try f.repos[2].write("late.txt", "token: \(Secrets.githubPAT)\n")
        try f.repos[2].commit("late token")
        let back = try f.sweep()
        #expect(back.status == 1, "\(back.result.stderr)")
        #expect(back.findings.count == 1)
        #expect(back.findings.first?["path"] as? String == "late.txt")
    }

    @Test func theStateHoldsNoRawSecretAndIsPrivate() throws {
        let f = try Self.fixture()
        _ = try f.sweep()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: f.state))
        let text = String(decoding: bytes, as: UTF8.self)
        for secret in [Secrets.awsSecretA, Secrets.githubPAT] {
            #expect(!text.contains(secret))
        }
        let mode = try FileManager.default.attributesOfItem(atPath: f.state)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aConfigFileWithPerRepositoryExclusionsAndAReportFile() throws {
        let f = try Self.fixture()
        let report = f.root + "/findings.jsonl"
        let config = """
            state = "state/sweep.sqlite"
            cache = "cache"
            report = "findings.jsonl"
            jobs = 2

            [[repository]]
            path = "\(f.repos[0].path)"
            name = "payments"
            exclude-paths = ["config/"]

            [[repository]]
            url = "\(f.locations[1])"
            """
        try config.write(toFile: f.root + "/sweep.toml", atomically: true, encoding: .utf8)
        let run = try Run.keysweep(["sweep", "--config", f.root + "/sweep.toml", "--format", "jsonl"], env: f.env)
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1, "config/ findings are excluded in payments")
        let saved = try String(contentsOfFile: report, encoding: .utf8)
        #expect(saved.split(separator: "\n").count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(FileManager.default.fileExists(atPath: f.root + "/state/sweep.sqlite"))
    }
}
