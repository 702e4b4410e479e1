import Foundation
import KeysweepCore

/// KeysweepReport: pure renderers from Core values to text (human text, JSON, JSON lines, SARIF,
/// CSV, markdown). Nothing here prints, reads the environment or touches a file; the executable
/// decides where the text goes.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Grouped by secret, for a person at a terminal.
    case text
    /// One document `{"version": 1, "findings": [...], "stats": {...}}`; `keysweep report` reads it back.
    case json
    /// One finding a line, for log pipelines.
    case jsonl
    /// SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.
    case sarif
    /// One row a finding, RFC 4180, for spreadsheets and audits.
    case csv
    /// A summary a person pastes into a ticket or a pull-request comment.
    case markdown

    /// Renders a whole scan report in this format.
    public func render(_ report: ScanReport, options: RenderOptions = RenderOptions()) -> String {
        switch self {
        case .text: return TextReport.render(report, options: options)
        case .json: return JSONReport.render(report)
        case .jsonl: return JSONLinesReport.render(report)
        case .sarif: return SARIFReport.render(report, options: options)
        case .csv: return CSVReport.render(report)
        case .markdown: return MarkdownReport.render(report, options: options)
        }
    }

    /// The usual file name extension for a file in this format, without the dot.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .json: return "json"
        case .jsonl: return "jsonl"
        case .sarif: return "sarif"
        case .csv: return "csv"
        case .markdown: return "md"
        }
    }

    /// One line for `--help`: what the format is for.
    public var summary: String {
        switch self {
        case .text: return "human-readable, grouped by secret (default)"
        case .json: return "one JSON document; `keysweep report` re-renders it"
        case .jsonl: return "one finding a line (JSON lines), for log pipelines"
        case .sarif: return "SARIF 2.1.0 for GitHub code scanning"
        case .csv: return "one row a finding (RFC 4180), for spreadsheets"
        case .markdown: return "a summary to paste into a ticket or pull request"
        }
    }

    /// True for formats that colour their output when asked to (only text does).
    public var supportsColor: Bool { self == .text }

    /// The format a file name suggests (`.sarif`, `.csv`, …), or nil when the extension says nothing.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        switch ext {
        case "txt", "text": self = .text
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonl
        case "sarif": self = .sarif
        case "csv": self = .csv
        case "md", "markdown": self = .markdown
        default: return nil
        }
    }
}
