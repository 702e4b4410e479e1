import Foundation
import KeysweepCore
import KeysweepReport
import KeysweepTestSupport

/// A fixed scan report that every golden file is rendered from: an AWS key id with its paired
/// secret (in the registry, with advice), the same key id in a second file that history alone
/// still holds, and a GitHub token only in unreachable history, whose commit message is hostile
/// (quotes, a comma, a formula, a line break, a terminal escape).
///
/// The key id is AWS's documentation example (a legacy AKIAI key, so no account is decoded), so
/// that scanning this repository does not report its own golden files.
enum ReportFixture {
    static let keyIDPrint = "be157793c53c62d5acff56055fa2720f8f2c61996c2689979b7c963590b0e478"
    static let secretKeyPrint = "1edb6ec153a27b59f57166a65acf4d0f92a4a8438344f5601b983d912775c039"
    static let githubTokenPrint = "0f44b595c68efebdc27aa9f277c3b1a7c55bebbc95878ca87a5320795a3e7869"

    static let commitA = "0123456789abcdef0123456789abcdef01234567"
    static let commitB = "89abcdef0123456789abcdef0123456789abcdef"
    static let commitC = "fedcba9876543210fedcba9876543210fedcba98"
    static let commitD = "5555aaaa5555aaaa5555aaaa5555aaaa5555aaaa"

    static func date(_ iso: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: iso)!
    }

    static var report: ScanReport {
        var stats = ScanStats()
        stats.commits = 120
        stats.blobs = 340
        stats.bytes = 1_234_567
        stats.skippedBinary = 2
        stats.skippedTooLarge = 0
        stats.unreadable = 1
        stats.duplicates = 10
        stats.unreachableObjects = 3
        stats.findings = 4
        stats.durationSeconds = 0.42
        return ScanReport(findings: [awsKeyID, awsSecret, awsKeyIDInHistory, githubToken],
                          stats: stats, target: "payments",
                          warnings: ["1 object could not be read (a shallow or partial clone?)"])
            .pinned
    }

    static var emptyReport: ScanReport {
        var stats = ScanStats()
        stats.commits = 3
        stats.blobs = 7
        stats.bytes = 912
        stats.durationSeconds = 0.01
        return ScanReport(findings: [], stats: stats, target: "clean").pinned
    }

    static var awsKeyID: Finding {
        var f = Finding(rule: "aws-access-key-id", description: "AWS access key id", severity: .critical,
                        confidence: .high, secret: "AKIA********", fingerprint: keyIDPrint,
                        path: "config/prod.env", line: 3, column: 19)
        f.snippet = "aws_access_key_id = AKIA********"
        f.commit = commitA
        f.author = "Alice Example"
        f.email = "alice@example.com"
        f.date = date("2024-03-05T14:07:09Z")
        f.message = "Add prod config"
        f.occurrences = 4
        f.firstCommit = commitA
        f.lastCommit = commitB
        f.presentAtHead = true
        f.blob = "1111111111111111111111111111111111111111"
        f.tags = ["aws", "key-id"]
        f.entropy = 3.9
        f.aws = AWSKeyFacts(keyId: Secrets.docKey, keyType: "long-term", account: nil)
        var owner = CredentialOwner(inRegistry: true, keyId: Secrets.docKey)
        owner.account = "123456789012"
        owner.accountAlias = "prod"
        owner.accountKnown = true
        owner.userName = "deploy-bot"
        owner.status = "Active"
        owner.ageDays = 412
        owner.lastUsed = date("2026-10-01T08:00:00Z")
        owner.lastUsedService = "s3"
        owner.workload = "github-actions"
        owner.flags = ["admin"]
        f.owner = owner
        f.advice = RotationAdvice(roleKind: "github-actions-oidc", reason: "used by github-actions",
                                  summary: "Deactivate the key, then give the workflow an OIDC role (payments-deploy).")
        f.verification = Verification(status: "valid", arn: "arn:aws:iam::123456789012:user/deploy-bot")
        return f
    }

    static var awsSecret: Finding {
        var f = Finding(rule: "aws-secret-access-key", description: "AWS secret access key", severity: .critical,
                        confidence: .high, secret: "kR7v********", fingerprint: secretKeyPrint,
                        path: "config/prod.env", line: 4, column: 23)
        f.snippet = "aws_secret_access_key = kR7v********"
        f.commit = commitA
        f.author = "Alice Example"
        f.email = "alice@example.com"
        f.date = date("2024-03-05T14:07:09Z")
        f.message = "Add prod config"
        f.occurrences = 4
        f.firstCommit = commitA
        f.lastCommit = commitB
        f.presentAtHead = true
        f.tags = ["aws"]
        f.pairedWith = keyIDPrint
        return f
    }

    static var awsKeyIDInHistory: Finding {
        var f = awsKeyID
        f.path = "deploy/old deploy.sh"
        f.line = 12
        f.column = 8
        f.snippet = "export AWS_ACCESS_KEY_ID=AKIA********"
        f.commit = commitC
        f.author = "Bob O'Neil"
        f.email = "bob@example.com"
        f.date = date("2023-11-20T09:30:00Z")
        f.message = "Remove \"old\" deploy, for good"
        f.occurrences = 1
        f.firstCommit = commitC
        f.lastCommit = commitC
        f.presentAtHead = false
        return f
    }

    static var githubToken: Finding {
        var f = Finding(rule: "github-pat", description: "GitHub personal access token", severity: .high,
                        confidence: .high, secret: "ghp_********", fingerprint: githubTokenPrint,
                        path: "docs/setup.md", line: 27, column: 1)
        f.snippet = "ghp_******** <- use this | or that"
        f.commit = commitD
        f.author = "Mallory"
        f.email = "mallory@example.net"
        f.date = date("2025-01-31T23:59:59Z")
        f.message = "=HYPERLINK(\"http://x\"),\nsecond line \u{1B}[31mred"
        f.unreachable = true
        f.tags = ["github"]
        return f
    }
}

extension ScanReport {
    /// The report with its tool string fixed, so that a version bump does not change golden files.
    var pinned: ScanReport {
        var copy = self
        copy.tool = "keysweep 0.1.0"
        return copy
    }
}

extension RenderOptions {
    /// The tool identity golden files are rendered with.
    static let golden = RenderOptions(tool: ToolInfo(
        version: "0.1.0", catalogueHash: "8c1f0d2e6a7b9c3d",
        ruleCount: 12))
}
