import Foundation
import KeysweepCore
import KeysweepReport
import KeysweepTestSupport
import Testing

/// SARIF as GitHub code scanning takes it: valid against the 2.1.0 schema, every result pointing
/// at a rule of the run, and never a secret, whatever `--no-redact` did to the finding.
@Suite struct SARIFReportTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Schemas/sarif-schema-2.1.0.json")

    /// Validates with Python's `jsonschema` (Draft 4, as the schema declares). `scripts/test-deps`
    /// installs it; without python3 at all the test fails and says so rather than passing quietly.
    @Test(arguments: [false, true])
    func validatesAgainstTheSARIFSchema(empty: Bool) throws {
        guard Tools.python3 != nil else {
            Issue.record("python3 is missing: SARIF schema validation cannot run (install Python 3, then scripts/test-deps)")
            return
        }
        let report = empty ? ReportFixture.emptyReport : ReportFixture.report
        let dir = URL(fileURLWithPath: try TempDir.make("keysweep-sarif"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.sarif")
        try ReportFormat.sarif.render(report, options: .golden).write(to: file, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            doc = json.load(open(sys.argv[2]))
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
            for e in errors:
                print("/".join(str(p) for p in e.path) + ": " + e.message)
            sys.exit(1 if errors else 0)
            """
        let result = try Run.process(Tools.python3!, ["-c", script, Self.schema.path, file.path])
        #expect(result.status == 0, "SARIF fails the schema (or jsonschema is missing: run scripts/test-deps):\n\(result.stdout)\(result.stderr)")
    }

    @Test func resultsPointAtTheRulesOfTheRun() {
        let log = SARIFReport.log(for: ReportFixture.report, options: .golden)
        #expect(log.runs.count == 1)
        let run = log.runs[0]
        #expect(run.tool.driver.rules.map(\.id) == ["aws-access-key-id", "aws-secret-access-key", "github-pat"])
        #expect(run.results.count == 4)
        for result in run.results {
            #expect(run.tool.driver.rules[result.ruleIndex].id == result.ruleId)
            #expect(result.partialFingerprints[SARIFReport.secretFingerprintKey]?.count == 64)
        }
        for rule in run.tool.driver.rules {
            #expect(rule.properties.tags.contains("security"))
            #expect(rule.properties.tags.contains("external/cwe/cwe-798"))
            let score = Double(rule.properties.securitySeverity)
            #expect(score != nil && (0.0...10.0).contains(score!))
            #expect(rule.help.markdown.contains("### Remediation"))
        }
    }

    @Test func levelsFollowSeverity() {
        var findings: [Finding] = []
        for severity in Severity.allCases {
            findings.append(Finding(rule: "rule-\(severity.rawValue)", description: "d", severity: severity,
                                    confidence: .medium, secret: "********", fingerprint: "f\(severity)",
                                    path: "a", line: 1, column: 1))
        }
        let log = SARIFReport.log(for: ScanReport(findings: findings, stats: ScanStats()))
        #expect(log.runs[0].results.map(\.level) == ["note", "note", "warning", "error", "error"])
        #expect(log.runs[0].tool.driver.rules.map(\.properties.securitySeverity) == ["1.0", "3.0", "5.5", "8.0", "9.5"])
    }

    /// With `--no-redact` the finding holds the raw secret; SARIF goes to a hosted dashboard, so it
    /// must still carry neither the secret nor any line that holds it.
    @Test func neverCarriesAnUnredactedSecret() {
        let raw = Secrets.githubPAT
        var finding = ReportFixture.githubToken
        finding.secret = raw
        finding.snippet = "token: \(raw) # for CI"
        let sarif = ReportFormat.sarif.render(ScanReport(findings: [finding], stats: ScanStats()))
        #expect(!sarif.contains(raw))
        #expect(!sarif.contains(String(raw.dropFirst(4))))
        #expect(sarif.contains("token: ghp_******** # for CI"))
    }

    @Test func pathsBecomeRelativeURIs() {
        var finding = ReportFixture.githubToken
        finding.path = "/dir with space/ünï#?%.txt"
        let log = SARIFReport.log(for: ScanReport(findings: [finding], stats: ScanStats()))
        let uri = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri
        #expect(uri == "dir%20with%20space/%C3%BCn%C3%AF%23%3F%25.txt")
    }

    @Test func lineAndColumnAreAtLeastOne() {
        var finding = ReportFixture.githubToken
        finding.line = 0
        finding.column = 0
        let region = SARIFReport.log(for: ScanReport(findings: [finding], stats: ScanStats()))
            .runs[0].results[0].locations[0].physicalLocation.region
        #expect(region.startLine == 1 && region.startColumn == 1)
    }
}
