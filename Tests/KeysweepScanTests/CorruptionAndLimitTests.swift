import Foundation
import Testing
import KeysweepCore
import KeysweepRules
import KeysweepMatch
import KeysweepScan
import KeysweepSources
import KeysweepTestSupport

@Suite struct CorruptionAndLimitTests {
    @Test func missingObjectIsCountedAndTheRestIsScanned() throws {
        let repo = try TestRepo()
        try repo.write("a.env", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\n")
        try repo.write("b.txt", "harmless\n")
        try repo.commit("two files")
        // Corrupt one loose object: overwrite the blob of b.txt with garbage.
        let blob = try repo.git(["rev-parse", "HEAD:b.txt"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let objectPath = "\(repo.path)/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: objectPath)
        try Data("not a zlib stream".utf8).write(to: URL(fileURLWithPath: objectPath))

        let report = try Fixtures.scanHistory(repo)
        #expect(report.stats.unreadable == 1)
        #expect(report.warnings.contains { $0.contains("could not be read") })
        #expect(report.finding(secret: Secrets.awsKeyA) != nil)
    }

    @Test func truncatedPackIsSurvived() throws {
        let repo = try TestRepo()
        for i in 0..<20 {
            try repo.write("f\(i).txt", String(repeating: "content \(i) ", count: 200))
            try repo.commit("c\(i)")
        }
        try repo.write("keys.env", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyB)\n")
        try repo.commit("key")
        try repo.git(["gc", "-q", "--aggressive"])
        let packs = try FileManager.default.contentsOfDirectory(atPath: "\(repo.path)/.git/objects/pack")
        let pack = try #require(packs.first { $0.hasSuffix(".pack") })
        let packPath = "\(repo.path)/.git/objects/pack/\(pack)"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: packPath)[.size] as? Int)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packPath)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: packPath))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()

        let report = try Fixtures.scanHistory(repo)
        #expect(report.stats.unreadable > 0)
        #expect(report.warnings.contains { $0.contains("could not be read") })
    }

    @Test func pathologicalRegexHitsTheMatchLimitAndIsCounted() throws {
        let toml = """
            [[rules]]
            id = "catastrophic"
            regex = '''(a+)+$'''
            keywords = ["aaaa"]
            """
        let rules = try CompiledRuleSet(RuleLoader.parse(toml, origin: "test.toml"))
        let context = rules.makeContext()
        var subject = String(repeating: "a", count: 40) + "!"
        let started = Date()
        let hits = subject.withUTF8 { rules.scan(UnsafeRawBufferPointer($0), context: context) }
        #expect(hits.isEmpty)
        #expect(context.limitHits == ["catastrophic"])
        #expect(Date().timeIntervalSince(started) < 30, "the limit stops the search instead of hanging")
    }

    @Test func invalidRegexNamesRuleAndOffset() throws {
        let toml = """
            [[rules]]
            id = "broken"
            regex = '''abc(def'''
            keywords = ["abc"]
            """
        #expect(throws: MatchError.self) { try CompiledRuleSet(RuleLoader.parse(toml, origin: "my.toml")) }
        do {
            _ = try CompiledRuleSet(RuleLoader.parse(toml, origin: "my.toml"))
        } catch {
            #expect("\(error)".contains("my.toml"))
            #expect("\(error)".contains("broken"))
            #expect("\(error)".contains("offset"))
        }
    }
}
