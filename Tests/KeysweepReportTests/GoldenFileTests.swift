import Foundation
import KeysweepCore
import KeysweepReport
import Testing

/// Every format rendered from the fixed fixture must equal its golden file byte for byte.
/// The golden files were written by hand and checked by eye; there is deliberately no switch that
/// rewrites them from the renderer's output. On a mismatch the actual output is saved in the
/// system's temporary directory so that a person can diff it; a match removes any such file left
/// by an earlier failing run.
@Suite struct GoldenFileTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    struct Case: CustomTestStringConvertible, Sendable {
        var format: ReportFormat
        var file: String
        var empty: Bool
        var testDescription: String { "\(format.rawValue) → \(file)" }
    }

    static let cases: [Case] = [
        Case(format: .text, file: "fixture.txt", empty: false),
        Case(format: .text, file: "empty.txt", empty: true),
        Case(format: .json, file: "fixture.json", empty: false),
        Case(format: .jsonl, file: "fixture.jsonl", empty: false),
        Case(format: .sarif, file: "fixture.sarif", empty: false),
        Case(format: .sarif, file: "empty.sarif", empty: true),
        Case(format: .csv, file: "fixture.csv", empty: false),
        Case(format: .markdown, file: "fixture.md", empty: false),
        Case(format: .markdown, file: "empty.md", empty: true),
    ]

    @Test(arguments: cases)
    func matchesGoldenFile(_ c: Case) throws {
        let report = c.empty ? ReportFixture.emptyReport : ReportFixture.report
        let actual = c.format.render(report, options: .golden)
        let expected = try String(contentsOf: Self.golden.appendingPathComponent(c.file), encoding: .utf8)
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("keysweep-golden-actual-\(c.file)")
        if actual != expected {
            try actual.write(to: saved, atomically: true, encoding: .utf8)
            Issue.record("""
                \(c.format.rawValue) output differs from Golden/\(c.file) \(Self.firstDifference(actual, expected)); \
                actual output saved to \(saved.path)
                """)
        } else {
            try? FileManager.default.removeItem(at: saved)
        }
    }

    @Test func everyFormatHasAGoldenFile() {
        let covered = Set(Self.cases.map(\.format))
        #expect(covered == Set(ReportFormat.allCases))
    }

    @Test func emptyCSVIsTheHeaderAlone() {
        let csv = ReportFormat.csv.render(ReportFixture.emptyReport)
        #expect(csv == CSVReport.columns.map(\.name).joined(separator: ",") + "\r\n")
    }

    @Test func emptyJSONLinesIsEmpty() {
        #expect(ReportFormat.jsonl.render(ReportFixture.emptyReport) == "")
    }

    /// `line N: "…" ≠ "…"` for the first line that differs.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, e.count) {
            let x = i < a.count ? String(a[i]) : "<end>"
            let y = i < e.count ? String(e[i]) : "<end>"
            if x != y { return "at line \(i + 1): got \(x.debugDescription), expected \(y.debugDescription)" }
        }
        return "(same lines, different line ends)"
    }
}
