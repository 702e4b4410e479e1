import Foundation
import Testing
import KeysweepCore
import KeysweepRules
import KeysweepMatch
import KeysweepTestSupport

/// Every AWS rule's own examples and negative examples, plus the syntaxes people really write.
@Suite struct AWSRuleTests {
    static let awsRules = Fixtures.rules.rules.filter { $0.tags.contains("aws") }

    @Test(arguments: awsRules.flatMap { rule in rule.examples.map { (rule.id, $0) } })
    func examplesMatchTheirMarkedSpan(rule: String, example: String) {
        let (text, span) = Rule.unmark(example.replacingOccurrences(of: "\\n", with: "\n"))
        let expected = span.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        let hits = Fixtures.hits(text)
        #expect(hits.contains { $0.rule == rule && $0.secret == expected }, "\(rule): \(hits)")
    }

    @Test(arguments: awsRules.flatMap { rule in rule.negativeExamples.map { (rule.id, $0.text) } })
    func negativeExamplesDoNotMatch(rule: String, text: String) {
        #expect(!Fixtures.hits(text).contains { $0.rule == rule })
    }

    @Test(arguments: [
        "[default]\naws_access_key_id = KEY\naws_secret_access_key = SECRET\n",
        "AWS_ACCESS_KEY_ID=KEY\nAWS_SECRET_ACCESS_KEY=SECRET\n",
        "aws:\n  accessKeyId: KEY\n  secretAccessKey: SECRET\n",
        "{\"AccessKeyId\": \"KEY\", \"SecretAccessKey\": \"SECRET\"}",
        "provider \"aws\" {\n  access_key = \"KEY\"\n  secret_key = \"SECRET\"\n}\n",
        "aws.accessKeyId=KEY\naws.secretKey=SECRET\n",
        "ENV AWS_ACCESS_KEY_ID=KEY\nENV AWS_SECRET_ACCESS_KEY SECRET\n",
        "User name,Password,Access key ID,Secret access key\nci,,KEY,SECRET\n",
        "client = boto3.client('s3', aws_access_key_id='KEY', aws_secret_access_key='SECRET')",
        "{\"cell_type\": \"code\", \"source\": [\"session = Session('KEY',\\n\", \"    'SECRET')\"]}",
        "KEY\r\nSECRET\r\n",
    ])
    func keyAndSecretArePairedInCommonSyntaxes(template: String) {
        let text = template.replacingOccurrences(of: "KEY", with: Secrets.awsKeyA)
            .replacingOccurrences(of: "SECRET", with: Secrets.awsSecretA)
        let hits = Fixtures.hits(text)
        #expect(hits.contains { $0.rule == "aws-access-key-id" && $0.secret == Secrets.awsKeyA }, "\(hits)")
        #expect(hits.contains { $0.rule.contains("secret-access-key") && $0.secret == Secrets.awsSecretA }, "\(hits)")
    }

    @Test func inlineAllowSilencesAHit() {
        #expect(Fixtures.hits("AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA) # keysweep:allow").isEmpty)
        #expect(Fixtures.hits("AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA) # gitleaks:allow").isEmpty)
        #expect(!Fixtures.hits("AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)").isEmpty)
    }

    @Test func embeddedCatalogueMatchesPatternsDirectory() throws {
        let dir = Run.packageRoot + "/patterns"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(BuiltinPatterns.files.map(\.name) == names, "run scripts/gen-patterns")
        for file in BuiltinPatterns.files {
            let onDisk = try String(contentsOfFile: "\(dir)/\(file.name)", encoding: .utf8)
            #expect(file.toml == onDisk.trimmingTrailingNewlines(), "\(file.name) drifted: run scripts/gen-patterns")
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
