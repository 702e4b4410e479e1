import Foundation
import Testing
import KeysweepCore
import KeysweepReport
import KeysweepTestSupport

@Suite struct ScanCLITests {
    func repoWithLeak() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("README.md", "# app\n")
        try repo.commit("init")
        try repo.write(".aws/credentials", "[default]\naws_access_key_id = \(Secrets.awsKeyA)\naws_secret_access_key = \(Secrets.awsSecretA)\n")
        try repo.commit("add credentials")
        return repo
    }

    @Test func findingsExitOneAndJSONHasTheDocumentedShape() throws {
        let repo = try repoWithLeak()
        let r = try Run.keysweep(["scan", repo.path, "--format", "json", "--no-progress"])
        #expect(r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        let key = try #require(findings.first { $0["rule"] as? String == "aws-access-key-id" })
        for field in ["rule", "description", "severity", "secret", "fingerprint", "path", "line", "column", "commit",
                      "author", "email", "date", "message", "occurrences", "firstCommit", "lastCommit", "presentAtHead"] {
            #expect(key[field] != nil, "missing \(field)")
        }
        let aws = try #require(key["aws"] as? [String: Any])
        #expect(aws["keyType"] as? String == "long-term")
        #expect(aws["account"] as? String == "123456789012")
        let stats = try #require(json["stats"] as? [String: Any])
        #expect(stats["commits"] as? Int == 2)
        #expect(stats["blobs"] as? Int == 2)
    }

    @Test func secretsAreRedactedByDefaultAndShownWithNoRedact() throws {
        let repo = try repoWithLeak()
        for format in ["text", "json"] {
            let r = try Run.keysweep(["scan", repo.path, "--format", format])
            #expect(!r.stdout.contains(Secrets.awsSecretA), "\(format) leaks the secret")
            #expect(r.stdout.contains("2o76********"))
        }
        let shown = try Run.keysweep(["scan", repo.path, "--format", "json", "--no-redact"])
        #expect(shown.stdout.contains(Secrets.awsSecretA))
    }

    @Test func outputFileIsWrittenWithMode0600() throws {
        let repo = try repoWithLeak()
        try TempDir.with("out") { dir in
            let out = dir + "/report.json"
            let r = try Run.keysweep(["scan", repo.path, "--format", "json", "-o", out])
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty)
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int)
            #expect(mode == 0o600)
            let report = try JSONReport.decoder().decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
            #expect(report.findings.count == 2)
        }
    }

    @Test func cleanRepositoryExitsZeroAndExitCodeOverrides() throws {
        let repo = try TestRepo()
        try repo.write("main.c", "int main(void) { return 0; }\n")
        try repo.commit("clean")
        #expect(try Run.keysweep(["scan", repo.path]).status == 0)
        let leaky = try repoWithLeak()
        #expect(try Run.keysweep(["scan", leaky.path, "--exit-code", "7"]).status == 7)
    }

    @Test(arguments: [
        (["scan", "/nonexistent/keysweep-path"], "no such file or directory"),
        (["scan", ".", "--bogus-flag"], "Unknown option"),
        (["scan", ".", "--format", "xml"], "unknown format"),
        (["scan", ".", "--max-blob-size", "huge"], "not a size"),
        (["scan", ".", "--config", "/nonexistent/rules.toml"], "cannot read"),
    ])
    func badInputIsOneLineAndExitTwo(args: [String], message: String) throws {
        let repo = try TestRepo()
        try repo.commit("empty")
        let r = try Run.keysweep(args, cwd: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("keysweep: "))
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func badRevAndRevOutsideGitAreErrors() throws {
        let repo = try repoWithLeak()
        let bad = try Run.keysweep(["scan", repo.path, "--rev", "nosuchbranch..HEAD"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--rev"))
        let noGit = try TempDir.with("plain") { dir in try Run.keysweep(["scan", dir, "--rev", "HEAD"]) }
        #expect(noGit.status == 2)
        #expect(noGit.stderr.contains("needs a git repository"))
    }

    @Test func brokenRuleFileNamesFileRuleAndOffset() throws {
        try TempDir.with("rules") { dir in
            let path = dir + "/rules.toml"
            try "[[rules]]\nid = \"mine\"\nregex = '''ab(c'''\nkeywords = [\"ab\"]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let r = try Run.keysweep(["scan", dir, "--config", path])
            #expect(r.status == 2)
            #expect(r.stderr.contains("rules.toml") && r.stderr.contains("mine") && r.stderr.contains("offset"), "\(r.stderr)")
        }
    }

    @Test func ignoreFileBaselineAndEmitIgnore() throws {
        let repo = try repoWithLeak()
        let emitted = try Run.keysweep(["scan", repo.path, "--emit-ignore"])
        #expect(emitted.stdout.contains(":.aws/credentials:aws-access-key-id:2"))
        try repo.write(".keysweepignore", emitted.stdout)
        let ignored = try Run.keysweep(["scan", repo.path])
        #expect(ignored.status == 0, "\(ignored.stdout)")

        let other = try repoWithLeak()
        try TempDir.with("base") { dir in
            let baseline = dir + "/baseline.json"
            _ = try Run.keysweep(["scan", other.path, "--format", "json", "-o", baseline])
            #expect(try Run.keysweep(["scan", other.path, "--baseline", baseline]).status == 0)
            try other.write("deploy.sh", "export AWS_ACCESS_KEY_ID=\(Secrets.awsKeyB)\n")
            try other.commit("new leak")
            let r = try Run.keysweep(["scan", other.path, "--baseline", baseline, "--format", "json"])
            #expect(r.status == 1)
            let report = try JSONReport.decoder().decode(ScanReport.self, from: Data(r.stdout.utf8))
            #expect(report.findings.map(\.path) == ["deploy.sh"])
        }
    }

    @Test func corruptRepositoryWarnsAndStillReports() throws {
        let repo = try repoWithLeak()
        try repo.write("other.txt", "hello\n")
        try repo.commit("other")
        let blob = try repo.git(["rev-parse", "HEAD:other.txt"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let objectPath = "\(repo.path)/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: objectPath)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: objectPath))
        let r = try Run.keysweep(["scan", repo.path, "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("could not be read"))
        let report = try JSONReport.decoder().decode(ScanReport.self, from: Data(r.stdout.utf8))
        #expect(report.stats.unreadable == 1)
        #expect(report.findings.count == 2)
    }
}
