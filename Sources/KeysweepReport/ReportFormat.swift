import Foundation
import KeysweepCore

/// KeysweepReport: pure renderers from Core values to text. Nothing here prints or touches a file.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json

    /// Renders a whole scan report in this format.
    public func render(_ report: ScanReport, options: RenderOptions = RenderOptions()) -> String {
        switch self {
        case .text: return TextReport.render(report, options: options)
        case .json: return JSONReport.render(report)
        }
    }
}

/// Presentation choices that do not change what is reported.
public struct RenderOptions: Sendable {
    /// ANSI colours (only on a terminal, never with NO_COLOR).
    public var color: Bool
    public init(color: Bool = false) { self.color = color }
}
