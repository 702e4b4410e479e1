import Foundation
import KeysweepCore

/// What one sweep reports: each repository's outcome and the findings to show (new ones, or
/// every known one with `--all`). Rendered as a text summary or as JSON lines, one finding a
/// line with its repository; pure functions of stored, redacted values.
public struct SweepReport: Sendable {
    public var outcomes: [RepositoryOutcome]
    public var findings: [StoredFinding]

    public init(outcomes: [RepositoryOutcome], findings: [StoredFinding]) {
        self.outcomes = outcomes
        self.findings = findings
    }

    public var failed: [RepositoryOutcome] { outcomes.filter { $0.error != nil } }
    public var newFindings: [StoredFinding] { findings.filter(\.isNew) }

    /// One JSON object per line: the finding's own fields (as in `scan --format json`) plus
    /// `repository`, `firstSeen` and `new`.
    public func jsonLines() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return findings.map { f in
            let data = (try? encoder.encode(Line(stored: f))) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }.joined()
    }

    struct Line: Encodable {
        let stored: StoredFinding

        enum Keys: String, CodingKey { case repository, firstSeen, new }

        func encode(to encoder: Encoder) throws {
            try stored.finding.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(stored.repository, forKey: .repository)
            try c.encode(stored.firstSeen, forKey: .firstSeen)
            try c.encode(stored.isNew, forKey: .new)
        }
    }

    /// The summary for a terminal or a log: a header line, one line per repository, then the
    /// findings reported.
    public func text() -> String {
        let changed = outcomes.filter { !$0.unchanged && $0.error == nil }.count
        let commits = outcomes.reduce(0) { $0 + $1.commits }
        var out = "keysweep sweep: \(outcomes.count) repositor\(outcomes.count == 1 ? "y" : "ies"), "
            + "\(changed) changed, \(commits) commit\(commits == 1 ? "" : "s") scanned, "
            + "\(newFindings.count) new finding\(newFindings.count == 1 ? "" : "s"), \(failed.count) failed\n"
        let width = min(48, outcomes.map(\.target.name.count).max() ?? 0)
        for o in outcomes {
            let name = o.target.name.padding(toLength: max(width, o.target.name.count), withPad: " ", startingAt: 0)
            if let error = o.error {
                out += "  FAILED     \(name)  \(error)\n"
            } else if o.unchanged {
                out += "  unchanged  \(name)  commits=0\n"
            } else {
                out += "  swept      \(name)  commits=\(o.commits) blobs=\(o.blobs) findings=\(o.findings) new=\(o.newFindings)"
                    + String(format: " %.2fs\n", o.seconds)
            }
            for w in o.warnings { out += "             warning: \(w)\n" }
        }
        if !findings.isEmpty {
            out += "\n"
            let stamp = ISO8601DateFormatter()
            for s in findings {
                let f = s.finding
                let commit = (f.firstCommit ?? f.commit).map { " commit \($0.prefix(12))" } ?? ""
                let owner = f.owner.map { o in [o.userName, o.account].compactMap { $0 }.joined(separator: " ") }
                    .map { $0.isEmpty ? "" : " owner \($0)" } ?? ""
                out += "\(s.isNew ? "NEW  " : "known") \(f.severity.rawValue) \(f.rule) \(f.secret)  "
                    + "\(s.repository) \(f.path):\(f.line)\(commit)\(owner)  first seen \(stamp.string(from: s.firstSeen))\n"
            }
        }
        return out
    }
}
