import Foundation
import KeysweepCore

/// The human-readable report: one block per secret, most severe first, listing every place the
/// secret was found, then a summary line and any warnings.
///
/// ```
/// CRITICAL  aws-access-key-id  AKIA********
///   AWS access key id (long-term AKIA, temporary ASIA)
///   AWS long-term key, account 123456789012
///   owner:  deploy-bot in prod (123456789012), Active, 412 days old, …
///   advice: Replace with a GitHub Actions OIDC role; deactivate the key first.
///   fingerprint 3f1c…
///   - config/prod.env:3:19
///     commit 0123456789ab  Alice Example <alice@example.com>  2024-03-05  "Add prod config"
///     introduced by 4 commits, first 0123456789ab, last 89abcdef0123 · present at HEAD
/// ```
///
/// Colour (with `options.color`) marks the severity, the rule and the locations; without it the
/// output is plain text, byte for byte the same apart from the escape codes.
public enum TextReport {
    public static func render(_ report: ScanReport, options: RenderOptions) -> String {
        var out = ""
        let groups = SecretGroup.groups(of: report.findings)
        let pairs = Dictionary(report.findings.map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a })
        for group in groups {
            out += block(for: group, pairs: pairs, options: options)
            out += "\n"
        }
        out += summary(report, groups: groups, options: options)
        for warning in report.warnings {
            out += paint("warning:", .yellow, options) + " \(warning)\n"
        }
        return out
    }

    /// One secret: the header line, what it is and who owns it, then each place it was found.
    static func block(for group: SecretGroup, pairs: [String: Finding], options: RenderOptions) -> String {
        let first = group.first
        let severity = group.findings.map(\.severity).max()!
        var out = paint(severity.rawValue.uppercased(), style(for: severity), options) + "  "
            + paint(first.rule, .bold, options) + "  " + oneLine(first.secret) + "\n"
        out += "  \(oneLine(first.description))\n"
        if let aws = first.awsLine { out += "  \(aws)\n" }
        if let paired = first.pairedWith {
            if let keyFinding = pairs[paired] {
                out += "  pairs with \(oneLine(keyFinding.secret)) (\(keyFinding.rule)) at \(oneLine(keyFinding.location))\n"
            } else {
                out += "  pairs with the key id of fingerprint \(paired.prefix(16))\n"
            }
        }
        if let owner = first.owner { out += "  owner:  \(oneLine(owner.summary))\n" }
        if let advice = first.advice { out += "  advice: \(oneLine(advice.summary))\n" }
        if let verified = first.verificationLine { out += "  verify: \(verified)\n" }
        if let decoded = first.decoded { out += "  found after \(decoded) decoding\n" }
        out += "  fingerprint \(first.fingerprint)\n"
        for finding in group.findings {
            out += "  - " + paint(oneLine(finding.location), .cyan, options) + "\n"
            var origin: [String] = []
            if let commit = finding.shortCommit { origin.append("commit \(commit)") }
            if let author = finding.authorLine { origin.append(oneLine(author)) }
            if let date = finding.date { origin.append(ReportDates.day(date)) }
            if let message = finding.message { origin.append("\"\(oneLine(message))\"") }
            if !origin.isEmpty { out += "    " + origin.joined(separator: "  ") + "\n" }
            var facts: [String] = []
            if let occurrences = finding.occurrenceLine { facts.append(occurrences) }
            if finding.unreachable {
                facts.append(paint("only in unreachable (rewritten) history, still in the object store", .yellow, options))
            } else if finding.presentAtHead {
                facts.append(paint("present at HEAD", .red, options))
            } else if finding.commit != nil {
                facts.append("removed from HEAD, still in history")
            }
            if !facts.isEmpty { out += "    " + facts.joined(separator: " · ") + "\n" }
            if let snippet = finding.snippet { out += "    | \(oneLine(snippet))\n" }
        }
        return out
    }

    /// `3 secrets in 4 places (1 critical, 2 high)` and what was scanned and skipped.
    static func summary(_ report: ScanReport, groups: [SecretGroup], options: RenderOptions) -> String {
        let s = report.stats
        var out: String
        if groups.isEmpty {
            out = paint("No secrets found", .green, options)
        } else {
            out = paint(ReportNumbers.count(groups.count, "secret") + " in "
                        + ReportNumbers.count(report.findings.count, "place"), .bold, options)
            out += " (" + SecretGroup.severityCounts(groups.map(\.first)) + ")"
        }
        if let target = report.target { out += " in \(target)" }
        out += "\n"
        out += "scanned " + ReportNumbers.count(s.commits, "commit") + ", " + ReportNumbers.count(s.blobs, "blob")
            + ", " + ReportNumbers.bytes(s.bytes) + " in " + String(format: "%.2f s", s.durationSeconds) + "\n"
        var skipped: [String] = []
        if s.duplicates > 0 { skipped.append("\(s.duplicates) already seen") }
        if s.skippedBinary > 0 { skipped.append("\(s.skippedBinary) binary") }
        if s.skippedTooLarge > 0 { skipped.append("\(s.skippedTooLarge) too large") }
        if s.unreadable > 0 { skipped.append("\(s.unreadable) unreadable") }
        if !skipped.isEmpty { out += "skipped " + skipped.joined(separator: ", ") + "\n" }
        if s.unreachableObjects > 0 {
            out += ReportNumbers.count(s.unreachableObjects, "unreachable object") + " scanned as well\n"
        }
        if s.ruleLimitHits > 0 {
            out += ReportNumbers.count(s.ruleLimitHits, "rule evaluation") + " stopped at the match limit\n"
        }
        return out
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", magenta = "35", cyan = "36"
        case boldRed = "1;31"
    }

    static func style(for severity: Severity) -> Style {
        switch severity {
        case .critical: return .boldRed
        case .high: return .red
        case .medium: return .yellow
        case .low: return .magenta
        case .info: return .dim
        }
    }

    static func paint(_ s: String, _ style: Style, _ options: RenderOptions) -> String {
        options.color ? "\u{1B}[\(style.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// Keeps one value on one line and harmless on a terminal: line breaks and tabs become spaces,
    /// other control characters (an escape sequence planted in a commit message) become `?`.
    static func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { scalar -> Character in
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" { return " " }
            if scalar.properties.generalCategory == .control { return "?" }
            return Character(scalar)
        })
    }
}
