/// A confirmed match of one rule in one blob, before provenance: where in the bytes, the secret,
/// its line and column, and its pairing with another hit of the same blob.
public struct Hit: Sendable, Equatable {
    public var ruleIndex: Int
    public var secret: String
    /// Byte range of the secret in the blob.
    public var secretRange: Range<Int>
    /// Byte range of the whole match.
    public var matchRange: Range<Int>
    /// 1-based line and column (column in bytes) of the secret's first byte.
    public var line: Int
    public var column: Int
    /// The line holding the secret, trimmed to at most 240 bytes around it.
    public var lineText: String
    public var entropy: Double
    /// Index (in the same blob's hit list) of the hit this one is paired with.
    public var pairedWith: Int?
    /// Allowlists (indices into the rule's, then the global ones offset by the rule's count)
    /// whose content criteria held and whose path/commit criteria decide later.
    public var pendingAllowlists: [Int]
    /// How the text was decoded before matching, if it was ("base64", "percent", …).
    public var decoded: String?
}

/// What one blob's matching ran into besides hits.
public struct MatchDiagnostics: Sendable {
    /// Rule ids whose evaluation stopped at PCRE2's match or depth limit.
    public var limitHits: [String] = []
    public init() {}
}
