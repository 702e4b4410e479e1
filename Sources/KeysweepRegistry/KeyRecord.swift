import Foundation

/// Everything the registry knows about one access key, joined across imports: the key, its IAM
/// user with groups and policies, the credential-report slot, profiles that hold it, and the
/// inventory entry.
public struct KeyRecord: Sendable, Codable, Equatable {
    public var keyId: String
    public var account: String?
    public var accountAlias: String?
    public var accountKnown: Bool
    public var userName: String?
    public var status: String?
    public var created: Date?
    public var lastUsed: Date?
    public var lastUsedService: String?
    public var lastUsedRegion: String?
    /// From the credential report: when the key in this user's matching slot was created/rotated.
    public var lastRotated: Date?
    /// Whether the registry holds a secret fingerprint for the key.
    public var hasSecretFingerprint: Bool
    public var user: UserRecord?
    /// Names of `~/.aws` profiles that hold the key (`credentials:ci-deployer`).
    public var profiles: [String]
    public var inventory: InventoryRecord?

    public init(keyId: String) {
        self.keyId = keyId
        self.accountKnown = false
        self.hasSecretFingerprint = false
        self.profiles = []
    }
}

/// An IAM user as the registry knows it.
public struct UserRecord: Sendable, Codable, Equatable {
    public var account: String
    public var userName: String
    public var arn: String?
    public var userId: String?
    public var created: Date?
    /// The permissions boundary ARN, if authorization details were imported and set one.
    public var permissionsBoundary: String?
    /// Whether authorization details were imported for this user (so groups/policies are known).
    public var detailsKnown: Bool
    public var mfaActive: Bool?
    public var tags: [String: String]
    public var groups: [String]
    /// Every policy that applies: the user's own and those of its groups.
    public var policies: [PolicyRecord]
}

/// One policy reaching a user, directly or through a group.
public struct PolicyRecord: Sendable, Codable, Equatable {
    public var name: String
    /// The managed policy ARN; nil for inline policies.
    public var arn: String?
    /// `user` or `group:NAME`.
    public var via: String
    /// The policy document (JSON) when the registry has it: inline documents always, managed
    /// ones when the authorization details listed the policy.
    public var document: String?

    public var isInline: Bool { arn == nil }

    public init(name: String, arn: String?, via: String, document: String?) {
        self.name = name
        self.arn = arn
        self.via = via
        self.document = document
    }
}

/// Where the inventory says a key is used and who answers for it.
public struct InventoryRecord: Sendable, Codable, Equatable {
    public var workload: String?
    public var owner: String?
    public var team: String?
    public var contact: String?
    public var repository: String?
    public var notes: String?
}

/// One row of `keysweep registry list`.
public struct KeySummary: Sendable, Codable, Equatable {
    public var keyId: String
    public var account: String?
    public var userName: String?
    public var status: String?
    public var lastUsed: Date?
    public var workload: String?
    public var hasSecretFingerprint: Bool
}
