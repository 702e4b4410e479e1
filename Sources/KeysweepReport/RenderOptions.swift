import Foundation
import KeysweepCore

/// Presentation choices that do not change what is reported.
public struct RenderOptions: Sendable {
    /// ANSI colours in the text report. The executable turns this on only for a terminal and never
    /// with `NO_COLOR`; other formats ignore it.
    public var color: Bool
    /// What the tool says about itself in SARIF `tool.driver` and in `--version`.
    public var tool: ToolInfo

    public init(color: Bool = false, tool: ToolInfo = ToolInfo()) {
        self.color = color
        self.tool = tool
    }
}

/// The tool's identity as reports and `keysweep --version` show it.
public struct ToolInfo: Sendable, Equatable {
    /// The project's home page; SARIF `tool.driver.informationUri`.
    public static let homepage = "https://github.com/keysweep/keysweep"

    public var name: String
    public var version: String
    public var informationUri: String
    /// A stable hash of the rule catalogue in use (`RuleSet.catalogueHash`), when the caller knows it.
    public var catalogueHash: String?
    /// Number of rules in that catalogue.
    public var ruleCount: Int?

    public init(name: String = "keysweep", version: String = Keysweep.version,
                informationUri: String = ToolInfo.homepage, catalogueHash: String? = nil,
                ruleCount: Int? = nil) {
        self.name = name
        self.version = version
        self.informationUri = informationUri
        self.catalogueHash = catalogueHash
        self.ruleCount = ruleCount
    }

    /// The text `keysweep --version` prints, e.g.
    /// `keysweep 0.1.0 (rules: 42, catalogue 8c1f0d2e6a7b9c3d)`: the version first, so that
    /// scripts splitting on the first space get it, then what the catalogue is.
    public var versionLine: String {
        var line = "\(name) \(version)"
        var details: [String] = []
        if let ruleCount { details.append("rules: \(ruleCount)") }
        if let catalogueHash { details.append("catalogue \(catalogueHash)") }
        if !details.isEmpty { line += " (" + details.joined(separator: ", ") + ")" }
        return line
    }

    /// The identity a saved report names in its `tool` field (`keysweep 0.1.0`), so that a
    /// re-rendered report says which version produced the findings, not which one re-rendered them.
    public init(report: ScanReport) {
        let parts = report.tool.split(separator: " ", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            self.init(name: parts[0], version: parts[1])
        } else {
            self.init()
        }
    }
}
