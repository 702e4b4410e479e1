import Foundation
import KeysweepCore

/// A summary a person pastes into a ticket or a pull-request comment (GitHub-flavoured markdown):
/// a headline, one table row a finding, who owns each credential and what to do, remediation per
/// rule in collapsible sections, and what was scanned.
///
/// Values from the repository (paths, names, commit messages) are escaped so that they cannot
/// break the table or inject markup.
public enum MarkdownReport {
    public static func render(_ report: ScanReport, options: RenderOptions = RenderOptions()) -> String {
        let groups = SecretGroup.groups(of: report.findings)
        var out = "## keysweep: "
        if groups.isEmpty {
            out += "no secrets found"
        } else {
            out += ReportNumbers.count(groups.count, "secret") + " found in "
                + ReportNumbers.count(report.findings.count, "place")
        }
        out += "\n\n"
        if let target = report.target { out += "Target: \(code(target))\n\n" }
        if !groups.isEmpty {
            out += "**Severity:** " + SecretGroup.severityCounts(groups.map(\.first)) + ". "
                + "Rotate each credential first: deleting it from the file does not remove it from the history.\n\n"
            out += findingsTable(groups)
            out += ownersSection(groups)
            out += remediationSection(report.findings)
        }
        if !report.warnings.isEmpty {
            out += "### Warnings\n\n" + report.warnings.map { "- \(text($0))\n" }.joined() + "\n"
        }
        let s = report.stats
        out += "<sub>\(options.tool.name) \(options.tool.version) · scanned "
            + ReportNumbers.count(s.commits, "commit") + ", " + ReportNumbers.count(s.blobs, "blob") + ", "
            + ReportNumbers.bytes(s.bytes) + String(format: " in %.2f s", s.durationSeconds)
        let skipped = s.skippedBinary + s.skippedTooLarge + s.unreadable
        if skipped > 0 {
            out += " · skipped \(s.skippedBinary) binary, \(s.skippedTooLarge) too large, \(s.unreadable) unreadable"
        }
        out += "</sub>\n"
        return out
    }

    /// One row a finding, grouped by secret, most severe first.
    static func findingsTable(_ groups: [SecretGroup]) -> String {
        var out = "| Severity | Rule | Secret | Location | Commit | Author | Date | Status |\n"
        out += "|---|---|---|---|---|---|---|---|\n"
        for group in groups {
            for f in group.findings {
                let cells = [
                    f.severity.rawValue, code(f.rule) + (f.decoded.map { " (decoded: \(text($0)))" } ?? ""),
                    code(f.secret), code(f.location),
                    f.shortCommit.map(code) ?? "", f.author.map(text) ?? "",
                    f.date.map(ReportDates.day) ?? "", occurrenceStatus(f),
                ]
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out + "\n"
    }

    /// `present at HEAD, 4 commits`.
    static func occurrenceStatus(_ f: Finding) -> String {
        f.status + (f.occurrences > 1 ? ", \(f.occurrences) commits" : "")
    }

    /// Owner, AWS facts, verification and advice for each secret that has any.
    static func ownersSection(_ groups: [SecretGroup]) -> String {
        var items: [String] = []
        for group in groups {
            let f = group.first
            var facts: [String] = []
            if let aws = f.awsLine { facts.append(text(aws)) }
            if let owner = f.owner { facts.append("owner: " + text(owner.summary)) }
            if let verified = f.verificationLine { facts.append("verification: " + text(verified)) }
            if let advice = f.advice { facts.append("advice: " + text(advice.summary)) }
            guard !facts.isEmpty else { continue }
            items.append("- \(code(f.secret)) (\(code(f.rule))): " + facts.joined(separator: "; "))
        }
        guard !items.isEmpty else { return "" }
        return "### Credentials\n\n" + items.joined(separator: "\n") + "\n\n"
    }

    /// The remediation steps of each rule that fired, folded.
    static func remediationSection(_ findings: [Finding]) -> String {
        var seen: Set<String> = []
        var out = "### Remediation\n\n"
        for f in findings where seen.insert(f.rule).inserted {
            let help = RuleHelp(rule: f.rule, description: f.description)
            out += "<details><summary><code>\(html(f.rule))</code>: \(html(f.description))</summary>\n\n"
            out += help.steps.enumerated().map { "\($0.offset + 1). \($0.element)\n" }.joined()
            out += "\n</details>\n\n"
        }
        return out
    }

    /// Plain text for a table cell or list item: pipes escaped, markup characters neutralised,
    /// one line.
    static func text(_ s: String) -> String {
        var out = ""
        for ch in TextReport.oneLine(s) {
            switch ch {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#": out += "\\\(ch)"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Text inside an HTML element (the `<summary>` of a folded section).
    static func html(_ s: String) -> String {
        TextReport.oneLine(s).replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A code span that survives backticks and pipes inside the value.
    static func code(_ s: String) -> String {
        let value = TextReport.oneLine(s).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for ch in value { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = value.hasPrefix("`") || value.hasSuffix("`") ? " " : ""
        return fence + pad + value + pad + fence
    }
}
