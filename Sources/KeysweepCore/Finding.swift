import Foundation

/// One secret at one path, as a report shows it: the rule, the (redacted) secret, where it was
/// first introduced, how often it occurs, and what keysweep knows about the credential.
public struct Finding: Sendable, Codable, Equatable {
    public var rule: String
    public var description: String
    public var severity: Severity
    public var confidence: Confidence
    /// The secret as reports show it: redacted unless the user asked for `--no-redact`.
    public var secret: String
    /// SHA-256 of the secret's bytes, lower-case hex.
    public var fingerprint: String
    public var path: String
    public var line: Int
    public var column: Int
    /// The line holding the secret, redacted like `secret`, trimmed to a readable length.
    public var snippet: String?
    public var commit: String?
    public var author: String?
    public var email: String?
    public var date: Date?
    public var message: String?
    /// Number of commits that introduced a blob holding this secret at this path (1 for a file).
    public var occurrences: Int
    public var firstCommit: String?
    public var lastCommit: String?
    public var presentAtHead: Bool
    /// True when only rewritten (unreachable) history or a dangling object holds the secret.
    public var unreachable: Bool
    public var blob: String?
    public var tags: [String]
    public var entropy: Double?
    /// For AWS access key ids: the kind of key and the account it encodes.
    public var aws: AWSKeyFacts?
    /// For a secret paired with a key id: the fingerprint of the key id's finding.
    public var pairedWith: String?
    /// How the secret was decoded before it matched ("base64", "percent", …), if it was.
    public var decoded: String?
    /// What the credential registry knows about the key (filled in by correlation).
    public var owner: CredentialOwner?
    /// A rotation plan toward role-based credentials (filled in by the advisor).
    public var advice: RotationAdvice?
    /// Result of live verification, only with `--verify`.
    public var verification: Verification?

    public init(rule: String, description: String, severity: Severity, confidence: Confidence,
                secret: String, fingerprint: String, path: String, line: Int, column: Int) {
        self.rule = rule
        self.description = description
        self.severity = severity
        self.confidence = confidence
        self.secret = secret
        self.fingerprint = fingerprint
        self.path = path
        self.line = line
        self.column = column
        self.occurrences = 1
        self.presentAtHead = false
        self.unreachable = false
        self.tags = []
    }
}

/// What an AWS access key id says about itself, offline.
public struct AWSKeyFacts: Sendable, Codable, Equatable {
    /// The access key id itself. Not a secret on its own (AWS says so), and needed to deactivate
    /// the key, so reports show it in full.
    public var keyId: String?
    /// "long-term" (AKIA), "temporary" (ASIA), "bearer-token" (ABIA), "context-specific" (ACCA).
    public var keyType: String
    /// The 12-digit account id the key encodes; nil for legacy keys that encode none.
    public var account: String?

    public init(keyId: String? = nil, keyType: String, account: String?) {
        self.keyId = keyId
        self.keyType = keyType
        self.account = account
    }
}

/// The result of checking a credential against its provider.
public struct Verification: Sendable, Codable, Equatable {
    /// "valid", "invalid", "expired", "error", "skipped".
    public var status: String
    public var arn: String?
    public var account: String?
    public var userId: String?
    public var detail: String?

    public init(status: String, arn: String? = nil, account: String? = nil, userId: String? = nil,
                detail: String? = nil) {
        self.status = status
        self.arn = arn
        self.account = account
        self.userId = userId
        self.detail = detail
    }
}
