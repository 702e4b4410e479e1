import Foundation
import KeysweepCore

/// What a user has said not to report: `.keysweepignore` entries (a secret's fingerprint, which
/// silences it everywhere, or `commit:path:rule:line` for one place) and a baseline report.
public struct Suppression: Sendable {
    public var fingerprints: Set<String> = []
    public var locations: Set<String> = []
    /// (rule, fingerprint, path) of every finding in a baseline report.
    public var baseline: Set<String> = []

    public init() {}

    /// Parses `.keysweepignore` text: one entry a line, `#` starts a comment.
    /// - Throws: `SuppressionError` naming the line that is neither form.
    public init(ignoreFile text: String, origin: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            if line.count == 64, line.allSatisfy(\.isHexDigit) {
                fingerprints.insert(line.lowercased())
                continue
            }
            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 4, Int(parts[parts.count - 1]) != nil else {
                throw SuppressionError(message: "\(origin):\(n + 1): expected a 64-digit fingerprint or commit:path:rule:line")
            }
            locations.insert(line)
        }
    }

    /// Adds every finding of a previous JSON report as known.
    public mutating func addBaseline(_ report: ScanReport) {
        for f in report.findings { baseline.insert(Self.baselineKey(f)) }
    }

    static func baselineKey(_ f: Finding) -> String { "\(f.rule)\u{0}\(f.fingerprint)\u{0}\(f.path)" }

    /// True when the baseline already holds this finding.
    public func inBaseline(_ f: Finding) -> Bool { baseline.contains(Self.baselineKey(f)) }

    func suppresses(fingerprint: String, rule: String, path: String, line: Int, commit: String?) -> Bool {
        if fingerprints.contains(fingerprint) { return true }
        guard !locations.isEmpty else { return false }
        let suffix = ":\(path):\(rule):\(line)"
        if locations.contains(suffix) || locations.contains(String(suffix.dropFirst())) { return true }
        guard let commit else { return false }
        return locations.contains { $0.hasSuffix(suffix) && commit.hasPrefix(String($0.dropLast(suffix.count))) && $0.count > suffix.count }
    }

    /// `.keysweepignore` lines that would silence these findings, one per place, with comments.
    public static func ignoreEntries(for findings: [Finding]) -> String {
        var out = "# keysweep ignore entries: one per line; a fingerprint silences a secret everywhere,\n"
            + "# commit:path:rule:line silences one place. Review each before committing this file.\n"
        for f in findings {
            out += "# \(f.rule) at \(f.path):\(f.line)\n"
            out += "\(f.commit ?? ""):\(f.path):\(f.rule):\(f.line)\n"
        }
        return out
    }
}

/// A `.keysweepignore` line that is neither a fingerprint nor a location.
public struct SuppressionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
