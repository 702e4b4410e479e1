import Foundation
import KeysweepCore

/// Short, stable phrasings of a finding's parts, shared by the text, markdown, CSV and SARIF
/// renderers so that every format says the same thing the same way.
extension Finding {
    /// `path:line:column`.
    public var location: String { "\(path):\(line):\(column)" }

    /// The first twelve characters of the commit id, or nil for a plain file.
    var shortCommit: String? { commit.map { String($0.prefix(12)) } }

    /// `Name <email>`, the name alone, or nil.
    var authorLine: String? {
        switch (author, email) {
        case let (name?, mail?): return "\(name) <\(mail)>"
        case let (name?, nil): return name
        case let (nil, mail?): return "<\(mail)>"
        case (nil, nil): return nil
        }
    }

    /// Where the secret stands now: `present at HEAD`, `history only`, `unreachable history only`,
    /// or `file` for a plain-directory scan.
    public var status: String {
        if unreachable { return "unreachable history only" }
        if presentAtHead { return "present at HEAD" }
        if commit == nil { return "file" }
        return "history only"
    }

    /// `AWS long-term key AKIAQZ7KZ2L5JXW3N5TB, account 123456789012` (or `…, no account encoded
    /// (legacy key)`). The key id is not a secret on its own and is what deactivating the key takes.
    var awsLine: String? { awsLine(showingKeyID: true) }

    /// The AWS line, with or without the key id (SARIF messages leave every credential part out).
    func awsLine(showingKeyID: Bool) -> String? {
        guard let aws else { return nil }
        let account = aws.account.map { "account \($0)" } ?? "no account encoded (legacy key)"
        let keyID = showingKeyID ? aws.keyId.map { " \($0)" } ?? "" : ""
        return "AWS \(aws.keyType) key\(keyID), \(account)"
    }

    /// `valid (arn:aws:iam::…)`: the outcome of `--verify`, if it ran.
    var verificationLine: String? {
        guard let verification else { return nil }
        let detail = verification.arn ?? verification.detail
        return verification.status + (detail.map { " (\($0))" } ?? "")
    }

    /// How many commits introduced it and the last one, when more than one did.
    var occurrenceLine: String? {
        guard occurrences > 1 else { return nil }
        var line = "introduced by \(occurrences) commits"
        if let first = firstCommit { line += ", first \(first.prefix(12))" }
        if let last = lastCommit { line += ", last \(last.prefix(12))" }
        return line
    }
}

extension CredentialOwner {
    /// One line on who holds the key and in what state, e.g.
    /// `deploy-bot in prod (123456789012), Active, 412 days old, last used 2026-10-01 (s3); admin`.
    public var summary: String {
        guard inRegistry else {
            var line = "not in the credential registry"
            if let account {
                line += "; account \(account)" + (accountKnown ? " is one of yours" : " is not one you know")
            }
            return line
        }
        var parts: [String] = []
        var who = userName ?? arn ?? "unknown principal"
        if let account {
            who += " in " + (accountAlias.map { "\($0) (\(account))" } ?? account)
        }
        parts.append(who)
        if let status { parts.append(status) }
        if let ageDays { parts.append("\(ageDays) days old") }
        if let lastUsed {
            parts.append("last used \(ReportDates.day(lastUsed))" + (lastUsedService.map { " (\($0))" } ?? ""))
        } else {
            parts.append("never used")
        }
        if let workload { parts.append("used by \(workload)") }
        if let team { parts.append("team \(team)" + (contact.map { " <\($0)>" } ?? "")) }
        var line = parts.joined(separator: ", ")
        if !flags.isEmpty { line += "; " + flags.joined(separator: ", ") }
        return line
    }
}

/// Dates as reports show them: UTC, ISO 8601, independent of the machine's time zone and locale.
enum ReportDates {
    /// `2024-03-05T14:07:09Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `2024-03-05`.
    static func day(_ date: Date) -> String { String(timestamp(date).prefix(10)) }
}

/// Sizes and counts for summary lines.
enum ReportNumbers {
    /// `1.2 MB`, `340 KB`, `12 B`: decimal units, one decimal place above a kilobyte.
    static func bytes(_ count: Int) -> String {
        let value = Double(count)
        if value >= 1e9 { return String(format: "%.1f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.1f KB", value / 1e3) }
        return "\(count) B"
    }

    /// `1 secret`, `3 secrets`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : (plural ?? singular + "s"))
    }
}

/// Findings grouped by secret (fingerprint), most severe first, each group in report order.
struct SecretGroup {
    var fingerprint: String
    var findings: [Finding]

    var first: Finding { findings[0] }

    static func groups(of findings: [Finding]) -> [SecretGroup] {
        var order: [String] = []
        var byFingerprint: [String: [Finding]] = [:]
        for finding in findings {
            if byFingerprint[finding.fingerprint] == nil { order.append(finding.fingerprint) }
            byFingerprint[finding.fingerprint, default: []].append(finding)
        }
        let groups = order.map { SecretGroup(fingerprint: $0, findings: byFingerprint[$0]!) }
        let ranked = groups.enumerated().sorted { a, b in
            let sa = a.element.findings.map(\.severity).max()!
            let sb = b.element.findings.map(\.severity).max()!
            return sa != sb ? sa > sb : a.offset < b.offset
        }
        return ranked.map(\.element)
    }

    /// Counts per severity, most severe first, only those present: `1 critical, 2 high`.
    static func severityCounts(_ findings: [Finding]) -> String {
        Severity.allCases.reversed().compactMap { severity in
            let n = findings.filter { $0.severity == severity }.count
            return n > 0 ? "\(n) \(severity.rawValue)" : nil
        }.joined(separator: ", ")
    }
}
