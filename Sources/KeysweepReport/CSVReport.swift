import Foundation
import KeysweepCore

/// One row a finding, RFC 4180: comma-separated, CRLF line ends, a header row, and fields that hold
/// a comma, a double quote or a line break wrapped in double quotes with inner quotes doubled.
///
/// Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, as a planted commit message might) get a leading apostrophe, as OWASP advises
/// for CSV injection. Numbers are never negative, so no real value is changed by that.
public enum CSVReport {
    /// The columns, in order. Documented in docs/integrations.md; add new ones at the end only.
    public static let columns: [Column] = [
        Column("rule") { $0.rule },
        Column("severity") { $0.severity.rawValue },
        Column("confidence") { $0.confidence.rawValue },
        Column("description") { $0.description },
        Column("secret") { $0.secret },
        Column("fingerprint") { $0.fingerprint },
        Column("path") { $0.path },
        Column("line") { String($0.line) },
        Column("column") { String($0.column) },
        Column("commit") { $0.commit ?? "" },
        Column("author") { $0.author ?? "" },
        Column("email") { $0.email ?? "" },
        Column("date") { $0.date.map(ReportDates.timestamp) ?? "" },
        Column("message") { $0.message ?? "" },
        Column("occurrences") { String($0.occurrences) },
        Column("first_commit") { $0.firstCommit ?? "" },
        Column("last_commit") { $0.lastCommit ?? "" },
        Column("present_at_head") { $0.presentAtHead ? "true" : "false" },
        Column("unreachable") { $0.unreachable ? "true" : "false" },
        Column("aws_key_id") { $0.aws?.keyId ?? "" },
        Column("aws_key_type") { $0.aws?.keyType ?? "" },
        Column("aws_account") { $0.aws?.account ?? "" },
        Column("paired_with") { $0.pairedWith ?? "" },
        Column("owner") { $0.owner?.summary ?? "" },
        Column("advice") { $0.advice?.summary ?? "" },
        Column("verification") { $0.verification?.status ?? "" },
        Column("decoded") { $0.decoded ?? "" },
    ]

    /// A named column and how to read its value from a finding.
    public struct Column: Sendable {
        public var name: String
        public var value: @Sendable (Finding) -> String

        init(_ name: String, _ value: @escaping @Sendable (Finding) -> String) {
            self.name = name
            self.value = value
        }
    }

    public static func render(_ report: ScanReport) -> String {
        var out = row(columns.map(\.name))
        for finding in report.findings {
            out += row(columns.map { $0.value(finding) })
        }
        return out
    }

    /// One record: fields joined by commas, ended by CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, neutralised against formula injection, then quoted when RFC 4180 requires it.
    public static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Splits RFC 4180 text back into records of fields (for tests and for tools that read the
    /// CSV back). Accepts CRLF or LF record ends.
    public static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = scalars.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\r": break
            case "\n": record.append(field); records.append(record); record = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
