import Foundation

/// What the local credential registry knows about an AWS access key id: who owns it, whether it is
/// active, what it can do. Filled in by correlation; a key unknown to the registry still carries
/// the account decoded offline and whether that account is known.
public struct CredentialOwner: Sendable, Codable, Equatable {
    public var inRegistry: Bool
    public var keyId: String
    public var account: String?
    public var accountAlias: String?
    public var accountKnown: Bool
    public var userName: String?
    public var arn: String?
    public var status: String?
    public var created: Date?
    public var lastUsed: Date?
    public var lastUsedService: String?
    public var lastRotated: Date?
    public var ageDays: Int?
    public var groups: [String]
    public var attachedPolicies: [String]
    public var inlinePolicies: [String]
    /// "admin", "wildcard-actions", "no-permissions-boundary", "secret-confirmed", …
    public var flags: [String]
    /// Where the inventory says the key is used (ec2, lambda, github-actions, laptop, …).
    public var workload: String?
    public var team: String?
    public var contact: String?

    public init(inRegistry: Bool, keyId: String) {
        self.inRegistry = inRegistry
        self.keyId = keyId
        self.accountKnown = false
        self.groups = []
        self.attachedPolicies = []
        self.inlinePolicies = []
        self.flags = []
    }
}
