import KeysweepCore

/// An AWS access key id (20 characters: a 4-letter prefix and 16 base32 characters) and what it
/// says about itself offline: the kind of credential and, for new-format keys, the account id.
public struct AccessKeyID: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    /// The credential kinds, by prefix. Other unique-id prefixes (AIDA, AROA, …) are identifiers.
    public enum Kind: String, Sendable, CaseIterable {
        case longTerm = "long-term"          // AKIA
        case temporary = "temporary"          // ASIA
        case bearerToken = "bearer-token"     // ABIA
        case contextSpecific = "context-specific"  // ACCA

        public init?(prefix: Substring) {
            switch prefix {
            case "AKIA": self = .longTerm
            case "ASIA": self = .temporary
            case "ABIA": self = .bearerToken
            case "ACCA": self = .contextSpecific
            default: return nil
            }
        }
    }

    public let kind: Kind

    /// Accepts exactly 20 characters: a credential prefix and 16 of `A–Z2–7`.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 20, let kind = Kind(prefix: text.prefix(4)) else { return nil }
        for c in utf8.dropFirst(4) where Self.base32Value(c) == nil { return nil }
        self.text = text
        self.kind = kind
    }

    public var description: String { text }

    /// The 12-digit account id the key encodes, or nil for legacy keys (5th character A–P, such as
    /// AKIAI…/AKIAJ…) that encode none.
    public var account: String? {
        let utf8 = Array(text.utf8)
        // Decode characters 4..<12 (40 bits); the top bit is the new-format marker.
        var value: UInt64 = 0
        for c in utf8[4..<12] {
            guard let v = Self.base32Value(c) else { return nil }
            value = value << 5 | UInt64(v)
        }
        let marker: UInt64 = 1 << 39
        guard value & marker != 0, let middle = Self.base32Value(utf8[12]) else { return nil }
        let account = (value & (marker - 1)) * 2 + (middle >= 16 ? 1 : 0)
        guard account <= 999_999_999_999 else { return nil }
        let digits = String(account)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// The facts a finding carries.
    public var facts: AWSKeyFacts { AWSKeyFacts(keyId: text, keyType: kind.rawValue, account: account) }

    static func base32Value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - UInt8(ascii: "A")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): return c - UInt8(ascii: "2") + 26
        default: return nil
        }
    }
}
