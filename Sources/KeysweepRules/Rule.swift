import Foundation
import KeysweepCore

/// A validated rule: every field checked and defaulted, ready to be compiled by KeysweepMatch.
public struct Rule: Sendable {
    public var id: String
    public var description: String
    public var regex: String
    public var secretGroup: Int
    public var entropy: Double?
    /// Lower-cased literals; one of them occurs in any text the regex matches.
    public var keywords: [String]
    public var path: String?
    public var tags: [String]
    public var severity: Severity
    public var confidence: Confidence
    public var examples: [String]
    public var negativeExamples: [NegativeExample]
    public var allowlists: [Allowlist]
    public var near: Near?
    /// A match starts at most this many bytes before one of the keywords (see `RuleSpec`).
    public var keywordAnchor: Int?
    /// What follows one of the keywords in any match (see `RuleSpec`); empty: anything may.
    public var keywordFollowedBy: [FollowPattern]
    /// No match spans lines, and each match's line holds a keyword (see `RuleSpec`).
    public var lineLocal: Bool
    /// The file the rule came from (for error messages).
    public var origin: String

    public struct Near: Sendable {
        public var rule: String
        public var lines: Int
        public var required: Bool
    }

    public struct NegativeExample: Sendable {
        public var text: String
        public var why: String
    }

    /// The example's text with the « » span marks removed, and the marked span's byte range.
    public static func unmark(_ example: String) -> (text: String, secret: Range<Int>?) {
        guard let open = example.range(of: "«"), let close = example.range(of: "»"),
              open.upperBound <= close.lowerBound else { return (example, nil) }
        let before = String(example[..<open.lowerBound])
        let secret = String(example[open.upperBound..<close.lowerBound])
        let after = String(example[close.upperBound...])
        let start = before.utf8.count
        return (before + secret + after, start..<(start + secret.utf8.count))
    }
}

/// A validated allowlist.
public struct Allowlist: Sendable {
    public enum Condition: String, Sendable { case or = "OR", and = "AND" }
    public enum Target: String, Sendable { case secret, match, line }

    public var description: String?
    public var condition: Condition
    public var commits: [String]
    public var paths: [String]
    public var regexTarget: Target
    public var regexes: [String]
    /// Lower-cased; a secret containing one of them is allowed.
    public var stopwords: [String]

    public init(description: String? = nil, condition: Condition = .or, commits: [String] = [],
                paths: [String] = [], regexTarget: Target = .secret, regexes: [String] = [],
                stopwords: [String] = []) {
        self.description = description
        self.condition = condition
        self.commits = commits
        self.paths = paths
        self.regexTarget = regexTarget
        self.regexes = regexes
        self.stopwords = stopwords
    }

    /// True when the allowlist says nothing about content (only paths or commits).
    public var isLocationOnly: Bool { regexes.isEmpty && stopwords.isEmpty }
}
