import Foundation
import KeysweepCore

/// SARIF 2.1.0 as GitHub code scanning takes it: one run; the rules that fired, with remediation
/// help, tags (`security`, CWE-798) and a numeric `security-severity`; one result a finding with
/// its rule index, a level from the severity, a message that never holds the secret, the path
/// relative to the repository root with line and column, and partial fingerprints so that
/// uploading the same leak again updates the alert instead of opening a new one.
public enum SARIFReport {
    /// The fingerprint key of the secret's SHA-256; versioned so that a change of scheme is visible.
    public static let secretFingerprintKey = "secretFingerprint/v1"
    /// The fingerprint key of secret and path together: one alert per place a secret is found.
    public static let locationFingerprintKey = "secretLocationFingerprint/v1"

    public static func render(_ report: ScanReport, options: RenderOptions = RenderOptions()) -> String {
        let encoder = JSONReport.encoder()
        // Every value is a string, number or boolean: encoding cannot fail.
        let data = try! encoder.encode(log(for: report, options: options))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The SARIF object model for a report.
    public static func log(for report: ScanReport, options: RenderOptions = RenderOptions()) -> SARIFLog {
        var ruleOrder: [String] = []
        var ruleFindings: [String: [Finding]] = [:]
        for finding in report.findings {
            if ruleFindings[finding.rule] == nil { ruleOrder.append(finding.rule) }
            ruleFindings[finding.rule, default: []].append(finding)
        }
        let rules = ruleOrder.map { rule(ruleFindings[$0]!) }
        let index = Dictionary(uniqueKeysWithValues: ruleOrder.enumerated().map { ($0.element, $0.offset) })
        let results = report.findings.map { result($0, ruleIndex: index[$0.rule]!) }

        let tool = options.tool
        let driver = SARIFLog.Driver(
            name: tool.name, version: tool.version, semanticVersion: tool.version,
            informationUri: tool.informationUri, rules: rules,
            properties: tool.catalogueHash == nil && tool.ruleCount == nil
                ? nil : SARIFLog.DriverProperties(catalogueHash: tool.catalogueHash, ruleCount: tool.ruleCount))
        let notifications = report.warnings.map {
            SARIFLog.Notification(level: "warning", message: .init(text: $0))
        }
        let s = report.stats
        let run = SARIFLog.Run(
            tool: .init(driver: driver),
            invocations: [.init(executionSuccessful: true,
                                toolExecutionNotifications: notifications.isEmpty ? nil : notifications)],
            results: results,
            properties: .init(target: report.target, commits: s.commits, blobs: s.blobs, bytes: s.bytes,
                              skippedBinary: s.skippedBinary, skippedTooLarge: s.skippedTooLarge,
                              unreadable: s.unreadable, unreachableObjects: s.unreachableObjects))
        return SARIFLog(runs: [run])
    }

    /// A `reportingDescriptor` for a rule, from the findings it produced.
    static func rule(_ findings: [Finding]) -> SARIFLog.Rule {
        let first = findings[0]
        let help = RuleHelp(rule: first.rule, description: first.description)
        let severity = findings.map(\.severity).max()!
        let confidence = findings.map(\.confidence).max()!
        var tags = ["security", "secret", "external/cwe/cwe-798"]
        for tag in findings.flatMap(\.tags) where !tags.contains(tag) { tags.append(tag) }
        return SARIFLog.Rule(
            id: first.rule, name: help.name,
            shortDescription: .init(text: help.shortDescription),
            fullDescription: .init(text: help.fullDescription),
            help: .init(text: help.helpText, markdown: help.helpMarkdown),
            helpUri: "https://cwe.mitre.org/data/definitions/798.html",
            defaultConfiguration: .init(level: level(severity)),
            properties: .init(tags: tags, precision: confidence.rawValue,
                              securitySeverity: securitySeverity(severity), problemSeverity: problemSeverity(severity)))
    }

    /// One result. The message and snippet never carry the secret, even with `--no-redact`; the AWS
    /// key id, which is not secret on its own, is in the properties only.
    static func result(_ f: Finding, ruleIndex: Int) -> SARIFLog.Result {
        let snippet = f.snippet.map { text in
            let redacted = Redaction.redact(f.secret, in: text)
            return SARIFLog.Snippet(text: f.decoded == nil ? redacted : Redaction.redactEncoded(in: redacted))
        }
        let region = SARIFLog.Region(startLine: max(1, f.line), startColumn: max(1, f.column), snippet: snippet)
        let location = SARIFLog.Location(physicalLocation: .init(
            artifactLocation: .init(uri: uri(for: f.path)), region: region))
        let properties = SARIFLog.ResultProperties(
            severity: f.severity.rawValue, confidence: f.confidence.rawValue,
            commit: f.commit, author: f.author, email: f.email, date: f.date.map(ReportDates.timestamp),
            commitMessage: f.message, occurrences: f.occurrences, firstCommit: f.firstCommit,
            lastCommit: f.lastCommit, presentAtHead: f.presentAtHead, unreachable: f.unreachable,
            awsKeyId: f.aws?.keyId, awsKeyType: f.aws?.keyType, awsAccount: f.aws?.account, pairedWith: f.pairedWith,
            owner: f.owner?.summary, advice: f.advice?.summary, verification: f.verificationLine,
            decoded: f.decoded)
        return SARIFLog.Result(
            ruleId: f.rule, ruleIndex: ruleIndex, level: level(f.severity),
            message: .init(text: message(f)), locations: [location],
            partialFingerprints: [
                secretFingerprintKey: f.fingerprint,
                locationFingerprintKey: "\(f.fingerprint):\(f.path)",
            ],
            properties: properties)
    }

    /// `AWS access key id … committed in 0123456789ab by Alice Example on 2024-03-05 (present at HEAD).`
    static func message(_ f: Finding) -> String {
        var text = f.description
        if let aws = f.awsLine(showingKeyID: false) { text += " (\(aws))" }
        if let decoded = f.decoded { text += ", found after \(decoded) decoding," }
        if let commit = f.shortCommit {
            text += " committed in \(commit)"
            if let author = f.author { text += " by \(author)" }
            if let date = f.date { text += " on \(ReportDates.day(date))" }
        } else {
            text += " in a file"
        }
        switch f.status {
        case "present at HEAD": text += "; still present at HEAD"
        case "history only": text += "; removed from HEAD but still in the history"
        case "unreachable history only": text += "; only in rewritten history that the object store still holds"
        default: break
        }
        if f.occurrences > 1 { text += "; introduced by \(f.occurrences) commits" }
        text += ". Rotate the credential: deleting it from the file does not remove it from the history."
        return text
    }

    /// A repository-relative path as a URI reference: percent-encoded, forward slashes, no leading `/`.
    static func uri(for path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        let trimmed = path.drop(while: { $0 == "/" })
        return String(trimmed).addingPercentEncoding(withAllowedCharacters: allowed) ?? String(trimmed)
    }

    /// `error` for critical and high, `warning` for medium, `note` below.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// GitHub's scale: 9.0 and up critical, 7.0 high, 4.0 medium, 0.1 low.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "1.0"
        }
    }

    /// CodeQL's `problem.severity`: error, warning or recommendation.
    static func problemSeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "recommendation"
        }
    }
}
