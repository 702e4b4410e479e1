import Foundation
import Testing
import KeysweepTestSupport

/// `keysweep rules list` and `keysweep rules check`, run as the built binary.
@Suite struct RulesCommandTests {
    @Test func checkPassesOnTheBuiltInCatalogue() throws {
        let r = try Run.keysweep(["rules", "check"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let summary = try #require(r.stdout.split(separator: "\n").last.map(String.init))
        #expect(summary.hasSuffix(": ok"), "\(summary)")
        let count = Int(summary.split(separator: " ").first ?? "") ?? 0
        #expect(count >= 150, "\(summary)")
    }

    @Test func listShowsEveryRule() throws {
        let r = try Run.keysweep(["rules", "list"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("github-classic-pat"))
        #expect(r.stdout.contains("private-key-openssh"))
        let json = try Run.keysweep(["rules", "list", "--format", "json", "--tag", "slack"])
        let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((items ?? []).count >= 5)
        #expect((items ?? []).allSatisfy { ($0["tags"] as? [String])?.contains("slack") == true })
    }

    @Test func benchTimesTheMatcherOnFilesInMemory() throws {
        try TempDir.with("rules-bench") { dir in
            let filler = (0..<2000).map { "let value\($0) = compute(key: \"k\($0)\", token: nil)\n" }.joined()
            try (filler + "GITHUB_TOKEN=\(Secrets.githubPAT)\n").write(toFile: dir + "/a.swift", atomically: true, encoding: .utf8)
            try filler.write(toFile: dir + "/b.swift", atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: true)
            try (Secrets.githubPAT + "\n").write(toFile: dir + "/.git/skipped", atomically: true, encoding: .utf8)
            let r = try Run.keysweep(["rules", "bench", dir, "--runs", "1"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("2 files,"), "hidden directories are skipped: \(r.stdout)")
            #expect(r.stdout.contains("1 hits"), "\(r.stdout)")
            #expect(r.stdout.contains("MB/s") && r.stdout.contains("fastest tenth"), "\(r.stdout)")
            #expect(r.stdout.contains("github-classic-pat") || r.stdout.contains("regex time by rule"), "\(r.stdout)")
            let missing = try Run.keysweep(["rules", "bench", dir + "/nope"])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("no such file"), "\(missing.stderr)")
        }
    }

    @Test func checkReportsBrokenExamplesAndRegexes() throws {
        let r = try Run.rulesCheck(#"""
        [[rules]]
        id = "demo-token"
        regex = '''\b(demo_[a-z0-9]{8})\b'''
        secretGroup = 1
        keywords = ["demo_"]
        severity = "low"
        examples = ['t = «demo_ab12cd34»', 't = «demo_ab12cd3»']
        negativeExamples = [{ text = "demo_ab12cd99", why = "matches, so the check must complain" }]

        [[rules]]
        id = "broken-regex"
        regex = '''(abc'''
        severity = "low"
        """#)
        #expect(r.status == 1)
        let out: String = r.stdout
        #expect(out.contains("rule demo-token: example \"t = «demo_ab12cd3»\" is not matched"))
        #expect(out.contains("rule demo-token: negative example \"demo_ab12cd99\" is matched"))
        #expect(out.contains("rule broken-regex: missing closing parenthesis at offset 4"))
    }

    @Test func unreadableConfigIsAnError() throws {
        let r = try Run.keysweep(["rules", "check", "--config", "/nonexistent/gitleaks.toml"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("keysweep: /nonexistent/gitleaks.toml"), "\(r.stderr)")
    }
}
