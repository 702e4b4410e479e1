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
