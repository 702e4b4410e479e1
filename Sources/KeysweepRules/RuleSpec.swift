import KeysweepCore

/// KeysweepRules: the rule-file schema (TOML, a superset of gitleaks' configuration), loading,
/// validation, and the built-in catalogue compiled into the binary from `patterns/`.
///
/// `RuleFileSpec` is a rule file as decoded, before validation.
public struct RuleFileSpec: Decodable, Sendable {
    public var title: String?
    public var extend: ExtendSpec?
    public var rules: [RuleSpec]?
    /// gitleaks' newer global allowlists.
    public var allowlists: [AllowlistSpec]?
    /// gitleaks' older singular global allowlist.
    public var allowlist: AllowlistSpec?
    public var disabledRules: [String]?
    /// "pcre2" or "re2"; when absent, inferred (see `RuleFileSpec.dialect`).
    public var regexDialect: RegexDialect?
}

/// `[extend]`: build on the built-in catalogue (`useDefault`) or another file (`path`).
public struct ExtendSpec: Decodable, Sendable {
    public var useDefault: Bool?
    public var path: String?
    public var disabledRules: [String]?
}

/// One `[[rules]]` table as written.
public struct RuleSpec: Decodable, Sendable {
    public var id: String
    public var description: String?
    public var regex: String?
    public var secretGroup: Int?
    public var entropy: Double?
    public var keywords: [String]?
    public var path: String?
    public var tags: [String]?
    public var severity: Severity?
    public var confidence: Confidence?
    public var examples: [String]?
    public var negativeExamples: [NegativeExampleSpec]?
    public var allowlists: [AllowlistSpec]?
    /// gitleaks' older singular per-rule allowlist.
    public var allowlist: AllowlistSpec?
    /// Composite rules: a match counts only within `lines` lines of a hit of rule `rule`,
    /// and is reported as paired with it.
    public var near: NearSpec?
    /// keysweep's own: a match starts at most this many bytes before an occurrence of one of the
    /// rule's keywords. The matcher then tries the regex only at those offsets instead of
    /// searching the lines around each keyword (much faster for rules on common words).
    public var keywordAnchor: Int?
    /// keysweep's own: wherever the regex matches, one of the rule's keywords in the match is
    /// followed by text that one of these `FollowPattern`s matches; the matcher skips keyword
    /// occurrences where none does, before any PCRE2 call.
    public var keywordFollowedBy: [String]?
    /// keysweep's own: no match spans lines, and every match's line holds one of the rule's
    /// keywords (followed as `keywordFollowedBy` says). The matcher then runs the regex over each
    /// such keyword's line alone, not over the lines around it.
    public var lineLocal: Bool?
}

/// A negative example: either plain text or `{ text = "...", why = "..." }`.
public struct NegativeExampleSpec: Decodable, Sendable {
    public var text: String
    public var why: String?

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.text = text
            self.why = nil
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        why = try c.decodeIfPresent(String.self, forKey: .why)
    }

    enum CodingKeys: String, CodingKey { case text, why }
}

/// An allowlist (gitleaks schema): what matches it is not reported.
public struct AllowlistSpec: Decodable, Sendable {
    public var description: String?
    /// "OR" (default: any criterion suffices) or "AND" (all given criteria must hold).
    public var condition: String?
    public var commits: [String]?
    public var paths: [String]?
    /// "secret" (default), "match" or "line".
    public var regexTarget: String?
    public var regexes: [String]?
    public var stopwords: [String]?
}

/// See `RuleSpec.near`.
public struct NearSpec: Decodable, Sendable {
    public var rule: String
    public var lines: Int?
    /// When false, the match is reported on its own too and only paired when a hit is near.
    public var required: Bool?
}
