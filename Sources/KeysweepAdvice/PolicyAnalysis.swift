import Foundation
import KeysweepRegistry

/// What a key's policies allow, read from the documents the registry holds: the flags a report
/// shows (`admin`, `wildcard-actions`), a permission policy that carries the same grants over to
/// a role, the wildcards to narrow, and a permissions boundary fitted to the services in use.
public struct PolicyAnalysis: Sendable, Equatable {
    /// One statement, with `Action`/`Resource` normalised to lists.
    public struct Statement: Sendable, Equatable {
        public var sid: String
        public var effect: String
        public var actions: [String]
        public var notActions: [String]
        public var resources: [String]
        /// The statement as JSON object, with the new `Sid`, for the carried-over policy.
        public var json: [String: AnyHashableSendable]
    }

    public var statements: [Statement] = []
    /// Managed policies whose documents the registry lacks (AWS-managed ones, usually): the role
    /// gets them attached by ARN.
    public var managedWithoutDocument: [String] = []
    public var admin = false
    public var wildcardActions: [String] = []
    public var quarantined = false
    public var warnings: [String] = []

    static let adminPolicyNames: Set<String> = ["AdministratorAccess"]
    static let broadManagedPolicies: Set<String> = ["PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess"]

    public init(policies: [PolicyRecord]) {
        for policy in policies {
            let shortName = policy.arn.map { String($0.split(separator: "/").last ?? "") } ?? policy.name
            if let arn = policy.arn, arn.hasPrefix("arn:aws:iam::aws:policy/") {
                if Self.adminPolicyNames.contains(shortName) { admin = true }
                if shortName.hasPrefix("AWSCompromisedKeyQuarantine") { quarantined = true; continue }
                if Self.broadManagedPolicies.contains(shortName) || shortName.hasSuffix("FullAccess") {
                    wildcardActions.append("\(shortName) (AWS managed, full access)")
                }
            }
            guard let document = policy.document,
                  let object = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any] else {
                if let arn = policy.arn { managedWithoutDocument.append(arn) }
                continue
            }
            let raw: [[String: Any]]
            if let list = object["Statement"] as? [[String: Any]] { raw = list }
            else if let one = object["Statement"] as? [String: Any] { raw = [one] } else { raw = [] }
            for (i, s) in raw.enumerated() {
                let sid = Self.sid(policy.name, i, count: raw.count)
                var json: [String: AnyHashableSendable] = [:]
                for (k, v) in s where k != "Sid" { json[k] = AnyHashableSendable(v) }
                json["Sid"] = AnyHashableSendable(sid)
                let st = Statement(sid: sid, effect: (s["Effect"] as? String) ?? "Allow",
                                   actions: Self.list(s["Action"]), notActions: Self.list(s["NotAction"]),
                                   resources: Self.list(s["Resource"]), json: json)
                statements.append(st)
                guard st.effect == "Allow" else { continue }
                if st.actions.contains(where: { $0 == "*" || $0 == "*:*" }) && st.resources.contains("*") { admin = true }
                for action in st.actions where action.contains("*") {
                    wildcardActions.append("\(action) in \(policy.name)")
                    warnings.append("\(policy.name) allows '\(action)' (a wildcard): narrow it to the calls the workload makes, as seen in CloudTrail or IAM last-accessed data")
                }
                if !st.notActions.isEmpty {
                    wildcardActions.append("NotAction in \(policy.name)")
                    warnings.append("\(policy.name) uses NotAction, which allows everything else: replace it with an explicit Action list")
                }
            }
        }
        if admin { warnings.insert("the key has administrator access: treat every resource in the account as exposed, and do not carry admin over to the new role", at: 0) }
        if quarantined { warnings.insert("AWS has attached AWSCompromisedKeyQuarantine to this user: AWS already detected the leak", at: 0) }
    }

    static func list(_ value: Any?) -> [String] {
        if let s = value as? String { return [s] }
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }

    static func sid(_ name: String, _ index: Int, count: Int) -> String {
        let base = name.filter { $0.isLetter || $0.isNumber }
        return count > 1 ? "\(base)\(index + 1)" : base
    }

    /// Services named by allowed actions (`s3:PutObject` → `s3`), sorted.
    public var services: [String] {
        let names = statements.filter { $0.effect == "Allow" }.flatMap(\.actions).compactMap { action -> String? in
            guard let colon = action.firstIndex(of: ":") else { return nil }
            return String(action[..<colon])
        }
        return Array(Set(names)).sorted()
    }

    /// The carried-over permission policy (JSON), or nil when no document is known.
    public var permissionPolicyJSON: String? {
        let kept = statements.filter { st in
            !(st.effect == "Allow" && st.actions.contains(where: { $0 == "*" || $0 == "*:*" }) && st.resources.contains("*"))
        }
        guard !kept.isEmpty else { return nil }
        return JSONText.render(["Version": "2012-10-17", "Statement": kept.map { $0.json.mapValues(\.value) }])
    }

    /// A permissions boundary: the services in use, and never new long-lived credentials.
    public var boundaryJSON: String {
        var statements: [[String: Any]] = []
        if !services.isEmpty && !admin {
            statements.append(["Sid": "ServicesInUse", "Effect": "Allow", "Action": services.map { "\($0):*" }, "Resource": "*"])
        } else {
            statements.append(["Sid": "ReviewBeforeUse", "Effect": "Allow", "Action": ["sts:GetCallerIdentity"], "Resource": "*"])
        }
        statements.append(["Sid": "NoLongLivedCredentials", "Effect": "Deny",
                            "Action": ["iam:CreateAccessKey", "iam:CreateUser", "iam:CreateLoginProfile",
                                       "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:DeleteRolePermissionsBoundary",
                                       "iam:PutRolePermissionsBoundary", "sts:GetFederationToken"],
                            "Resource": "*"])
        return JSONText.render(["Version": "2012-10-17", "Statement": statements])
    }
}

/// A JSON value held as `Any` but passed across concurrency domains; only ever holds values
/// parsed by JSONSerialization (strings, numbers, bools, arrays, dictionaries, NSNull).
public struct AnyHashableSendable: @unchecked Sendable, Equatable {
    // SAFETY: the wrapped value is an immutable JSON tree created by JSONSerialization.
    public let value: Any
    init(_ value: Any) { self.value = value }
    public static func == (a: Self, b: Self) -> Bool { JSONText.render(a.value) == JSONText.render(b.value) }
}

/// Stable, pretty JSON text for policies shown to people.
enum JSONText {
    static func render(_ object: Any) -> String {
        guard JSONSerialization.isValidJSONObject(object) || object is String || object is NSNumber,
              let data = try? JSONSerialization.data(withJSONObject: object,
                                                     options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else {
            return "\(object)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
