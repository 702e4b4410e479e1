import Foundation
import KeysweepCore
import KeysweepReport
import KeysweepTestSupport
import Testing

/// A finding made after decoding (a Kubernetes Secret's base64 value) shows how it was decoded in
/// every format, and its snippet, which holds the secret only encoded, is redacted anyway.
@Suite struct DecodedFindingTests {
    static let encoded = Data(Secrets.githubPAT.utf8).base64EncodedString()

    static var report: ScanReport {
        var f = Finding(rule: "github-classic-pat", description: "GitHub personal access token (classic)",
                        severity: .critical, confidence: .high, secret: Secrets.githubPAT,
                        fingerprint: String(repeating: "ab", count: 32), path: "k8s/secret.yaml", line: 7, column: 17)
        f.snippet = "  GITHUB_TOKEN: \(encoded)"
        f.decoded = "base64"
        f.presentAtHead = true
        return ScanReport(findings: [f], stats: ScanStats(), target: "demo")
    }

    @Test func everyFormatSaysHowItWasDecoded() throws {
        let report = Self.report.redacted()
        let json = ReportFormat.json.render(report)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["decoded"] as? String == "base64")

        let lines = try JSONLinesReport.parse(ReportFormat.jsonl.render(report))
        #expect(lines.first?.decoded == "base64")

        let sarif = SARIFReport.log(for: report)
        let result = try #require(sarif.runs.first?.results.first)
        #expect(result.properties.decoded == "base64")
        #expect(result.message.text.contains("found after base64 decoding"))

        let csv = CSVReport.parse(ReportFormat.csv.render(report))
        let column = try #require(CSVReport.columns.firstIndex { $0.name == "decoded" })
        #expect(csv[1][column] == "base64")

        #expect(ReportFormat.markdown.render(report).contains("(decoded: base64)"))
        #expect(ReportFormat.text.render(report).contains("found after base64 decoding"))
    }

    @Test func encodedSecretIsRedactedInSnippets() throws {
        let redacted = Self.report.redacted()
        let snippet = try #require(redacted.findings.first?.snippet)
        #expect(!snippet.contains(Self.encoded))
        #expect(snippet == "  GITHUB_TOKEN: \(Self.encoded.prefix(4))********")
        for format in ReportFormat.allCases {
            #expect(!format.render(redacted).contains(Self.encoded), "\(format.rawValue)")
        }
        // SARIF never carries the secret, even unredacted.
        #expect(!ReportFormat.sarif.render(Self.report).contains(Self.encoded))
        // Text that does not look encoded stays.
        #expect(Redaction.redactEncoded(in: "AWS_ACCESS_KEY_ID: value, https://example.com/a/b")
                == "AWS_ACCESS_KEY_ID: value, https://example.com/a/b")
        #expect(Redaction.redactEncoded(in: "key=abc%2Fdef") == "key=********")
        #expect(Redaction.redactEncoded(in: #""\u0067\u0068\u0070\u005f""#) == #""\u00********""#)
    }
}
