import Foundation
import Testing
import KeysweepCore
import KeysweepScan
import KeysweepSources
import KeysweepTestSupport

@Suite struct RangeAndDirectoryTests {
    @Test func rangeScansOnlyTheBlobsItsCommitsIntroduce() throws {
        let repo = try TestRepo()
        try repo.write("old.env", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\n")
        let base = try repo.commit("old secret")
        try repo.write("new.env", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyB)\n")
        let head = try repo.commit("new secret")

        let range = try Fixtures.scanRange(repo, "\(base)..HEAD")
        #expect(range.findings.map(\.secret) == [Secrets.awsKeyB])
        #expect(range.findings.first?.commit == head)
        #expect(range.stats.commits == 1)
        #expect(range.stats.blobs == 1)

        let single = try Fixtures.scanRange(repo, "\(base)^!")
        #expect(single.findings.map(\.secret) == [Secrets.awsKeyA])
        let all = try Fixtures.scanRange(repo, "main")
        #expect(Set(all.findings.map(\.secret)) == [Secrets.awsKeyA, Secrets.awsKeyB])
    }

    @Test func directoryScanSkipsGitDirectory() throws {
        let repo = try TestRepo()
        try repo.write("src/config.json", "{\"AccessKeyId\": \"\(Secrets.awsKeyC)\"}\n")
        try repo.commit("config")
        try repo.write("notes.txt", "token \(Secrets.githubPAT)\n")
        let report = try Scanner(rules: Fixtures.rules).scan(DirectorySource(root: repo.path, gate: BlobGate()), jobs: 2)
        #expect(Set(report.findings.map(\.path)) == ["src/config.json", "notes.txt"])
        #expect(report.findings.allSatisfy { $0.commit == nil && $0.presentAtHead })
        #expect(report.stats.blobs == 2, "nothing under .git/ was read")
    }
}
