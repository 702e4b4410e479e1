import Foundation

/// Where the regex time of a scan goes, per rule: asked for with `KEYSWEEP_PROFILE_RULES=1`
/// (the scan then prints the costliest rules on stderr). Used to find rules that are slow on
/// real histories; off by default, when it costs nothing.
public struct RuleProfile: Sendable {
    public static let requested = ProcessInfo.processInfo.environment["KEYSWEEP_PROFILE_RULES"] == "1"

    public var nanoseconds: [UInt64]
    public var bytes: [Int]
    public var windows: [Int]

    public init(rules: Int) {
        nanoseconds = Array(repeating: 0, count: rules)
        bytes = Array(repeating: 0, count: rules)
        windows = Array(repeating: 0, count: rules)
    }

    public mutating func add(_ other: RuleProfile) {
        for i in nanoseconds.indices {
            nanoseconds[i] += other.nanoseconds[i]
            bytes[i] += other.bytes[i]
            windows[i] += other.windows[i]
        }
    }

    /// The `top` costliest rules, a line each: seconds, share of all regex time, MB searched, MB/s.
    public func summary(ruleIDs: [String], top: Int = 15) -> String {
        let total = max(1, nanoseconds.reduce(0, +))
        var lines = ["regex time by rule: \(String(format: "%.2f", Double(total) / 1e9)) s in all"]
        for i in nanoseconds.indices.sorted(by: { nanoseconds[$0] > nanoseconds[$1] }).prefix(top) where nanoseconds[i] > 0 {
            let s = Double(nanoseconds[i]) / 1e9
            lines.append(String(format: "  %7.3f s %5.1f%% %9.1f MB in %8d windows %8.1f MB/s  %@",
                                s, 100 * Double(nanoseconds[i]) / Double(total), Double(bytes[i]) / 1e6,
                                windows[i], Double(bytes[i]) / 1e6 / max(s, 1e-9), ruleIDs[i]))
        }
        return lines.joined(separator: "\n")
    }
}
