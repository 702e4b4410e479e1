/// How bad a leak of this kind of secret is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// How sure a rule is that what it matched is a real secret.
/// A provider prefix (AKIA…, ghp_…) beats a keyword plus entropy, which beats a generic assignment.
public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
}
