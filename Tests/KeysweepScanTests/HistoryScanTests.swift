import Foundation
import Testing
import KeysweepCore
import KeysweepScan
import KeysweepTestSupport

@Suite struct HistoryScanTests {
    @Test func deletedFileIsFoundWithItsIntroducingCommit() throws {
        let repo = try TestRepo()
        try repo.write("README.md", "# demo\n")
        try repo.commit("initial")
        try repo.write("config/prod.ini", "[default]\naws_access_key_id = \(Secrets.awsKeyA)\naws_secret_access_key = \(Secrets.awsSecretA)\n")
        let introducing = try repo.commit("add prod credentials", author: "Bob Builder", email: "bob@example.com")
        try repo.git(["rm", "-q", "config/prod.ini"])
        try repo.commit("remove credentials")

        let report = try Fixtures.scanHistory(repo)
        let key = try #require(report.finding(secret: Secrets.awsKeyA))
        #expect(key.rule == "aws-access-key-id")
        #expect(key.path == "config/prod.ini")
        #expect(key.line == 2)
        #expect(key.column == 21)
        #expect(key.commit == introducing)
        #expect(key.author == "Bob Builder")
        #expect(key.email == "bob@example.com")
        #expect(key.message == "add prod credentials")
        #expect(key.presentAtHead == false)
        #expect(key.unreachable == false)
        #expect(key.aws?.keyType == "long-term")
        #expect(key.aws?.account == "123456789012")
        #expect(key.fingerprint == Scanner.fingerprint(Secrets.awsKeyA))
        let secret = try #require(report.finding(secret: Secrets.awsSecretA))
        #expect(secret.rule == "aws-secret-access-key")
        #expect(secret.line == 3)
        #expect(secret.pairedWith == key.fingerprint)
        #expect(report.stats.commits == 3)
    }

    @Test func unmergedBranchTagAndStashAreScanned() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "hello\n")
        try repo.commit("base")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write("deploy.sh", "export AWS_ACCESS_KEY_ID=\(Secrets.awsKeyB)\n")
        try repo.commit("feature work")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["checkout", "-q", "--orphan", "release"])
        try repo.write("token.yml", "github_token: \(Secrets.githubPAT)\n")
        try repo.commit("release notes")
        try repo.git(["tag", "-a", "v1", "-m", "v1"])
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["branch", "-D", "release"])

        let report = try Fixtures.scanHistory(repo)
        let branch = try #require(report.finding(secret: Secrets.awsKeyB))
        #expect(branch.path == "deploy.sh")
        #expect(branch.unreachable == false)
        #expect(branch.presentAtHead == false)
        #expect(branch.aws?.account == "987654321098")
        let tagged = try #require(report.finding(secret: Secrets.githubPAT))
        #expect(tagged.path == "token.yml")
        #expect(tagged.unreachable == false, "reachable through the annotated tag v1")
    }

    @Test func sameSecretAcrossManyCommitsIsOneFindingWithOccurrences() throws {
        let repo = try TestRepo()
        var commits: [String] = []
        for i in 0..<5 {
            try repo.write("settings.py", "# revision \(i)\nAWS_ACCESS_KEY_ID = '\(Secrets.awsKeyC)'\nDEBUG = \(i % 2 == 0)\n")
            commits.append(try repo.commit("revision \(i)"))
        }
        try repo.write("other.txt", "unrelated\n")
        try repo.commit("unrelated change")

        let report = try Fixtures.scanHistory(repo)
        let found = report.findings(rule: "aws-access-key-id")
        #expect(found.count == 1)
        let f = try #require(found.first)
        #expect(f.occurrences == 5)
        #expect(f.firstCommit == commits.first)
        #expect(f.lastCommit == commits.last)
        #expect(f.presentAtHead)
    }

    @Test func rewrittenHistoryIsReportedAsUnreachable() throws {
        let repo = try TestRepo()
        try repo.write("app.env", "APP=1\n")
        try repo.commit("base")
        try repo.write("app.env", "APP=1\nAWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\n")
        try repo.commit("oops")
        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        try repo.git(["reflog", "expire", "--expire=now", "--all"])

        let report = try Fixtures.scanHistory(repo)
        let f = try #require(report.finding(secret: Secrets.awsKeyA))
        #expect(f.unreachable)
        #expect(f.path == "app.env")
        #expect(f.commit != nil, "the dangling commit is still in the object store")
        #expect(report.stats.unreachableObjects >= 1)
    }

    @Test func minifiedLineAndBinaryFile() throws {
        let repo = try TestRepo()
        let filler = String(repeating: "var a=function(b){return b*2};", count: 4000)
        try repo.write("dist/app.min.js", filler + "var k=\"\(Secrets.awsKeyB)\";" + filler + "\n")
        var binary = Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00])
        binary.append(Data("aws_access_key_id=\(Secrets.awsKeyA)".utf8))
        try repo.write("logo.png", binary)
        try repo.commit("bundle")

        let report = try Fixtures.scanHistory(repo)
        let f = try #require(report.finding(secret: Secrets.awsKeyB))
        #expect(f.line == 1)
        #expect(f.column == filler.count + 8)
        #expect((f.snippet ?? "").count < 300, "the snippet of a minified line is trimmed")
        #expect(report.finding(secret: Secrets.awsKeyA) == nil)
        #expect(report.stats.skippedBinary == 1)
    }

    @Test func placeholdersAndDocumentationExamplesAreNotReported() throws {
        let repo = try TestRepo()
        try repo.write("docs/setup.md", """
            aws_access_key_id = \(Secrets.docKey)
            aws_secret_access_key = \(Secrets.docSecret)
            AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX
            AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}
            aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]
            aws_secret_access_key: <your-secret-access-key>
            user id AIDARZPUZDIKKJZDEGXDQ, role AROARZPUZDIKKJZDEGXDQ
            commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b next to \(Secrets.docKey)
            """)
        try repo.commit("docs")
        let report = try Fixtures.scanHistory(repo)
        #expect(report.findings.isEmpty, "\(report.findings.map { "\($0.rule) \($0.secret)" })")
    }

    @Test func largeBlobsAreSkippedAndCounted() throws {
        let repo = try TestRepo()
        try repo.write("big.txt", String(repeating: "x", count: 5000) + "\nAWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\n")
        try repo.commit("big")
        let report = try Fixtures.scanHistory(repo, gate: BlobGate(maxSize: 1000))
        #expect(report.findings.isEmpty)
        #expect(report.stats.skippedTooLarge == 1)
    }

    @Test func oneJobAndManyJobsAgree() throws {
        let repo = try TestRepo()
        for i in 0..<30 {
            try repo.write("f\(i % 7).txt", "line \(i)\n" + (i % 5 == 0 ? "key=\(Secrets.awsKeyA)\n" : "") + (i % 6 == 0 ? "tok=\(Secrets.githubPAT)\n" : ""))
            try repo.commit("c\(i)")
        }
        let one = try Fixtures.scanHistory(repo, jobs: 1).findings
        let many = try Fixtures.scanHistory(repo, jobs: 4).findings
        #expect(!one.isEmpty)
        #expect(one == many)
    }

    /// Commits with the same author date (a rebase, a cherry-pick in the same second): the first
    /// and last commits are chosen by commit id, the same on every run and with any job count.
    @Test func equalAuthorDatesAreBrokenByCommitID() throws {
        let repo = try TestRepo()
        var ids: [String] = []
        for i in 0..<4 {
            try repo.write("conf.env", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\nrev=\(i)\n")
            try repo.git(["add", "-A"])
            let date = "1700000000 +0000", committed = "\(1700000000 + i) +0000"
            try repo.git(["commit", "-q", "-m", "c\(i)"], env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": committed])
            ids.append(try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for jobs in [1, 4] {
            let f = try #require(Fixtures.scanHistory(repo, jobs: jobs).findings.first { $0.rule == "aws-access-key-id" })
            #expect(f.firstCommit == ids.min(), "jobs \(jobs)")
            #expect(f.lastCommit == ids.max(), "jobs \(jobs)")
        }
    }
}
