import Foundation
import KeysweepCore
import KeysweepReport
import KeysweepTestSupport
import Testing

/// Behaviour of the renderers beyond the golden files: CSV quoting and formula neutralising, the
/// text report's colours and terminal safety, JSON and JSON-lines round trips, markdown escaping.
@Suite struct RenderingTests {
    // MARK: CSV

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r\nlf", "\"cr\r\nlf\""),
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("=A1,B1", "\"'=A1,B1\""),
        ("", ""),
    ])
    func csvFieldQuoting(_ input: String, _ expected: String) {
        #expect(CSVReport.field(input) == expected)
    }

    @Test func csvParsesBackToTheSameFields() {
        let csv = ReportFormat.csv.render(ReportFixture.report)
        let records = CSVReport.parse(csv)
        #expect(records.count == 1 + ReportFixture.report.findings.count)
        #expect(records.allSatisfy { $0.count == CSVReport.columns.count })
        #expect(records[0] == CSVReport.columns.map(\.name))
        let message = records[4][CSVReport.columns.firstIndex { $0.name == "message" }!]
        #expect(message == "'" + ReportFixture.githubToken.message!)
        let path = records[3][CSVReport.columns.firstIndex { $0.name == "path" }!]
        #expect(path == "deploy/old deploy.sh")
    }

    @Test func csvRecordsEndWithCRLF() {
        let csv = ReportFormat.csv.render(ReportFixture.report)
        #expect(csv.hasSuffix("\r\n"))
        // Every LF outside a quoted field is preceded by CR.
        var quoted = false
        var previous: Unicode.Scalar = " "
        for scalar in csv.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if scalar == "\n" && !quoted { #expect(previous == "\r") }
            previous = scalar
        }
    }

    // MARK: Text

    @Test func colourOnlyWhenAsked() {
        let plain = TextReport.render(ReportFixture.report, options: RenderOptions(color: false))
        let coloured = TextReport.render(ReportFixture.report, options: RenderOptions(color: true))
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31mCRITICAL\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31mHIGH\u{1B}[0m"))
        #expect(Self.stripANSI(coloured) == plain)
    }

    @Test func plantedEscapesCannotReachTheTerminal() {
        let text = TextReport.render(ReportFixture.report, options: RenderOptions(color: false))
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("second line ?[31mred"))
    }

    @Test func groupsBySecretMostSevereFirst() {
        var low = ReportFixture.githubToken
        low.severity = .low
        low.fingerprint = String(repeating: "a", count: 64)
        var report = ReportFixture.report
        report.findings.insert(low, at: 0)
        let text = TextReport.render(report, options: RenderOptions())
        let headers = text.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.contains("  ") }
        #expect(headers.map { String($0.prefix(while: { $0 != " " })) } == ["CRITICAL", "CRITICAL", "HIGH", "LOW"])
        #expect(text.contains("4 secrets in 5 places (2 critical, 1 high, 1 low)"))
    }

    @Test func ownerOutsideTheRegistry() {
        var owner = CredentialOwner(inRegistry: false, keyId: Secrets.awsKeyA)
        owner.account = "123456789012"
        #expect(owner.summary == "not in the credential registry; account 123456789012 is not one you know")
        owner.accountKnown = true
        #expect(owner.summary == "not in the credential registry; account 123456789012 is one of yours")
    }

    // MARK: JSON

    @Test func jsonRoundTrips() throws {
        let report = ReportFixture.report
        let text = JSONReport.render(report)
        let decoded = try JSONReport.decoder().decode(ScanReport.self, from: Data(text.utf8))
        #expect(decoded == report)
    }

    @Test func jsonLinesRoundTrips() throws {
        let report = ReportFixture.report
        let text = JSONLinesReport.render(report)
        #expect(text.split(separator: "\n").count == report.findings.count)
        #expect(try JSONLinesReport.parse(text) == report.findings)
    }

    // MARK: Markdown

    @Test func markdownCellsCannotBreakTheTable() {
        var finding = ReportFixture.githubToken
        finding.path = "a|b`c.md"
        finding.author = "<img src=x> *bold* | pipe"
        let md = MarkdownReport.render(ScanReport(findings: [finding], stats: ScanStats()))
        let row = md.split(separator: "\n").first { $0.hasPrefix("| high") }!
        #expect(row.contains("``a\\|b`c.md:27:1``"))
        #expect(row.contains("&lt;img src=x&gt; \\*bold\\* \\| pipe"))
        // Eight cells: nine unescaped pipes.
        let unescaped = row.enumerated().filter { i, ch in
            ch == "|" && (i == 0 || row[row.index(row.startIndex, offsetBy: i - 1)] != "\\")
        }
        #expect(unescaped.count == 9)
    }

    // MARK: Formats

    @Test(arguments: [
        ("scan.sarif", ReportFormat.sarif), ("x.CSV", .csv), ("a.jsonl", .jsonl), ("a.ndjson", .jsonl),
        ("r.md", .markdown), ("r.json", .json), ("r.txt", .text),
    ])
    func formatFromFileName(_ name: String, _ format: ReportFormat) {
        #expect(ReportFormat(fileName: name) == format)
    }

    @Test func noFormatFromUnknownExtensions() {
        #expect(ReportFormat(fileName: "report") == nil)
        #expect(ReportFormat(fileName: ".sarif") == nil)
        #expect(ReportFormat(fileName: "x.xml") == nil)
    }

    @Test func versionLine() {
        #expect(ToolInfo(version: "1.2.3", catalogueHash: "abc", ruleCount: 7).versionLine
                == "keysweep 1.2.3 (rules: 7, catalogue abc)")
        #expect(ToolInfo(version: "1.2.3").versionLine == "keysweep 1.2.3")
        #expect(ToolInfo(report: ReportFixture.report).version == "0.1.0")
    }

    static func stripANSI(_ s: String) -> String {
        var out = ""
        var scalars = s.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            if c == "\u{1B}" {
                while let d = scalars.next(), d != "m" {}
                continue
            }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
