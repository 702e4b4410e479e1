import Foundation

/// Everything one imported file says, in a format-neutral shape, ready to be written in one
/// transaction. Holds secret fingerprints (HMAC), never secrets.
struct ImportBatch {
    /// An access key and what the file says about it; nil fields leave stored values alone.
    struct Key {
        var keyId: String
        var account: String?
        var userName: String?
        var status: String?
        var created: Date?
        var lastUsed: Date?
        var lastUsedService: String?
        var lastUsedRegion: String?
        var secretHMAC: String?
    }

    /// A policy attached to a principal: inline (with its document) or managed (by ARN).
    struct PolicyLink {
        var name: String
        var arn: String?
        var inlineDocument: String?
    }

    /// An IAM user. `details` is set by authorization-details exports, which replace the user's
    /// groups and policies; other formats only fill in identity fields.
    struct User {
        var account: String
        var userName: String
        var arn: String?
        var userId: String?
        var created: Date?
        var details: Details?

        struct Details {
            var boundaryArn: String?
            var tags: [String: String]
            var groups: [String]
            var policies: [PolicyLink]
        }
    }

    struct Group {
        var account: String
        var name: String
        var arn: String?
        var policies: [PolicyLink]
    }

    struct Role {
        var account: String
        var name: String
        var arn: String?
        var trustPolicy: String?
        var policies: [PolicyLink]
        var instanceProfiles: [String]
    }

    struct ManagedPolicy {
        var arn: String
        var name: String
        var document: String?
    }

    /// One access-key slot (1 or 2) of one user in a credential report.
    struct ReportSlot {
        var account: String
        var userName: String
        var arn: String
        var slot: Int
        var active: Bool
        var lastRotated: Date?
        var lastUsed: Date?
        var lastUsedRegion: String?
        var lastUsedService: String?
        var mfaActive: Bool
    }

    /// A profile of `~/.aws/credentials` or `~/.aws/config`.
    struct Profile {
        var file: String
        var name: String
        var keyId: String?
        var region: String?
        var roleArn: String?
        var sourceProfile: String?
        /// "static-key", "assume-role", "sso", "credential-process", "web-identity",
        /// "instance-credentials", "settings".
        var kind: String
    }

    /// A row of keysweep's inventory: where a key is used and who answers for it.
    struct InventoryEntry {
        var keyId: String
        var workload: String?
        var owner: String?
        var team: String?
        var contact: String?
        var repository: String?
        var accountAlias: String?
        var notes: String?
    }

    var keys: [Key] = []
    var users: [User] = []
    var groups: [Group] = []
    var roles: [Role] = []
    var managedPolicies: [ManagedPolicy] = []
    var reportSlots: [ReportSlot] = []
    var profiles: [Profile] = []
    var inventory: [InventoryEntry] = []
    /// Accounts seen, with an alias when the file names one.
    var accounts: [String: String?] = [:]

    mutating func noteAccount(_ account: String?, alias: String? = nil) {
        guard let account, !account.isEmpty else { return }
        if let alias { accounts[account] = alias } else if accounts[account] == nil { accounts[account] = .some(nil) }
    }

    /// Number of records, for the import summary.
    var recordCount: Int {
        keys.count + users.count + groups.count + roles.count + managedPolicies.count + reportSlots.count
            + profiles.count + inventory.count
    }
}

/// The account id inside an ARN (`arn:aws:iam::123456789012:user/x` → `123456789012`).
func accountOf(arn: String?) -> String? {
    guard let arn else { return nil }
    let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count >= 6, parts[0] == "arn" else { return nil }
    let account = String(parts[4])
    return account.isEmpty ? nil : account
}

/// ISO-8601 timestamps as AWS writes them: `2013-06-04T18:17:34Z`, `…18.176775Z`, `…+00:00`.
enum ISODate {
    static func parse(_ text: String?) -> Date? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), text.count >= 19 else { return nil }
        // Drop fractional seconds; the formatter's own fractional support varies in precision.
        if let dot = text.firstIndex(of: "."), text.distance(from: text.startIndex, to: dot) == 19 {
            var end = text.index(after: dot)
            while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
            text.removeSubrange(dot..<end)
        }
        if text.count == 19 { text += "Z" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
