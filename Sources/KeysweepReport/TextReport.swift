import Foundation
import KeysweepCore

/// The human-readable report: one block per finding, grouped by secret, then a stats line.
public enum TextReport {
    public static func render(_ report: ScanReport, options: RenderOptions) -> String {
        var out = ""
        let groups = Dictionary(grouping: report.findings, by: \.fingerprint)
        let order = report.findings.map(\.fingerprint).reduce(into: [String]()) { acc, fp in
            if !acc.contains(fp) { acc.append(fp) }
        }
        for fp in order {
            let findings = groups[fp]!
            let first = findings[0]
            out += paint("\(first.severity.rawValue.uppercased())  \(first.rule)", .bold, options) + "  "
                + first.secret + "\n"
            out += "  \(first.description)\n"
            if let aws = first.aws {
                out += "  AWS \(aws.keyType) key" + (aws.account.map { ", account \($0)" } ?? ", account not encoded (legacy key)") + "\n"
            }
            for f in findings {
                out += "  at " + paint("\(f.path):\(f.line):\(f.column)", .cyan, options)
                if let c = f.commit { out += "  commit \(c.prefix(12))" }
                if let a = f.author { out += "  \(a)" + (f.email.map { " <\($0)>" } ?? "") }
                if let d = f.date { out += "  \(ISO8601DateFormatter().string(from: d).prefix(10))" }
                out += "\n"
                if f.occurrences > 1 { out += "     \(f.occurrences) commits introduce it; last \(f.lastCommit?.prefix(12) ?? "?")\n" }
                if f.unreachable { out += "     only in unreachable (rewritten) history: still in the object store\n" }
                if f.presentAtHead { out += "     still present at HEAD\n" }
                if let m = f.message { out += "     \"\(m)\"\n" }
            }
            out += "\n"
        }
        let s = report.stats
        out += "\(report.findings.count) finding(s); \(s.commits) commits, \(s.blobs) blobs, "
            + String(format: "%.1f MB", Double(s.bytes) / 1e6) + " scanned in "
            + String(format: "%.2f s", s.durationSeconds)
            + "; skipped \(s.skippedBinary) binary, \(s.skippedTooLarge) too large, \(s.unreadable) unreadable\n"
        for w in report.warnings { out += "warning: \(w)\n" }
        return out
    }

    enum Style: String { case bold = "1", cyan = "36", red = "31" }

    static func paint(_ s: String, _ style: Style, _ options: RenderOptions) -> String {
        options.color ? "\u{1B}[\(style.rawValue)m\(s)\u{1B}[0m" : s
    }
}
