/// A whole scan's result: what renderers turn into text, JSON, SARIF or CSV.
public struct ScanReport: Sendable, Codable, Equatable {
    public var version: Int
    public var tool: String
    public var target: String?
    public var findings: [Finding]
    public var stats: ScanStats
    /// Problems met and survived (unreadable objects, rule limit hits), one line each.
    public var warnings: [String]

    public init(findings: [Finding], stats: ScanStats, target: String? = nil, warnings: [String] = []) {
        self.version = 1
        self.tool = "keysweep \(Keysweep.version)"
        self.target = target
        self.findings = findings
        self.stats = stats
        self.warnings = warnings
    }
}

extension ScanReport {
    /// The report as shown by default: every secret, and every snippet that holds any of the
    /// report's secrets, redacted. Fingerprints and AWS key ids stay.
    public func redacted() -> ScanReport {
        var copy = self
        // A snippet is one line of one file: only secrets found in that file can be on it.
        var secretsByPath: [String: [String]] = [:]
        for f in findings { secretsByPath[f.path, default: []].append(f.secret) }
        for (path, secrets) in secretsByPath {
            secretsByPath[path] = Array(Set(secrets)).sorted { $0.count > $1.count }
        }
        copy.findings = findings.map { f in
            var f = f
            f.secret = Redaction.redact(f.secret)
            f.snippet = f.snippet.map { text in
                let plain = (secretsByPath[f.path] ?? []).reduce(text) { Redaction.redact($1, in: $0) }
                // A decoded finding's line holds the secret encoded: hide what looks encoded.
                return f.decoded == nil ? plain : Redaction.redactEncoded(in: plain)
            }
            return f
        }
        return copy
    }
}
