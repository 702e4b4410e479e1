import Foundation
import KeysweepCore

/// JSON lines: one finding a line, each a complete JSON object with the same keys as a finding in
/// the JSON report, for log pipelines (`jq -c`, Loki, Splunk, BigQuery) that take a stream.
/// No stats, no wrapper: an empty scan is an empty output.
public enum JSONLinesReport {
    public static func render(_ report: ScanReport) -> String {
        let encoder = JSONReport.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ""
        for finding in report.findings {
            // A Finding holds only strings, numbers, booleans and dates: encoding it cannot fail.
            let data = try! encoder.encode(finding)
            out += String(decoding: data, as: UTF8.self) + "\n"
        }
        return out
    }

    /// Reads the findings back from JSON-lines text (blank lines are skipped).
    public static func parse(_ text: String) throws -> [Finding] {
        let decoder = JSONReport.decoder()
        return try text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            return try decoder.decode(Finding.self, from: Data(trimmed.utf8))
        }
    }
}
