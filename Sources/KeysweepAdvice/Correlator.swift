import Foundation
import KeysweepAWS
import KeysweepCore
import KeysweepRegistry

/// KeysweepAdvice: correlation of AWS findings with the credential registry, and rotation plans
/// toward role-based credentials.
///
/// `Correlator.annotate` fills `owner` and `advice` on every AWS key-id finding. It runs before
/// redaction (the raw key id is in `finding.secret`) and needs no network.
public enum Correlator {
    public static let keyIdRule = "aws-access-key-id"
    public static let secretRule = "aws-secret-access-key"

    /// Annotates AWS key-id findings in place. `repository` (`owner/name`) scopes a GitHub or
    /// GitLab trust policy when the inventory does not name one.
    public static func annotate(_ findings: inout [Finding], registry: Registry?) {
        annotate(&findings, registry: registry, repository: nil)
    }

    /// As `annotate(_:registry:)`, with the repository the findings came from.
    public static func annotate(_ findings: inout [Finding], registry: Registry?, repository: String?, now: Date = Date()) {
        let secrets = pairedSecrets(findings)
        for i in findings.indices where findings[i].rule == keyIdRule {
            guard let id = AccessKeyID(findings[i].secret) else { continue }
            let record = try? registry?.record(for: id.text)
            var owner = Self.owner(for: id, record: record ?? nil, registry: registry, now: now)
            if let secret = secrets[findings[i].fingerprint],
               let match = try? registry?.secretMatches(keyId: id.text, secret: secret), match == true {
                owner.flags.append("secret-confirmed")
            }
            findings[i].owner = owner
            findings[i].advice = advice(for: id, record: record ?? nil, path: findings[i].path,
                                        snippet: findings[i].snippet, repository: repository)
        }
    }

    /// For each key-id finding's fingerprint, the raw secret of the secret finding paired with it.
    public static func pairedSecrets(_ findings: [Finding]) -> [String: String] {
        var out: [String: String] = [:]
        let byFingerprint = Dictionary(findings.map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a })
        for f in findings where f.rule == secretRule {
            if let key = f.pairedWith { out[key] = f.secret }
        }
        for f in findings where f.rule == keyIdRule && out[f.fingerprint] == nil {
            if let p = f.pairedWith, let s = byFingerprint[p], s.rule == secretRule { out[f.fingerprint] = s.secret }
        }
        return out
    }

    /// The owner block: the registry's record, or the offline decode for an unknown key.
    public static func owner(for id: AccessKeyID, record: KeyRecord?, registry: Registry?, now: Date = Date()) -> CredentialOwner {
        var owner = CredentialOwner(inRegistry: record != nil, keyId: id.text)
        owner.account = record?.account ?? id.account
        if let account = owner.account {
            owner.accountKnown = record?.accountKnown ?? ((try? registry?.knowsAccount(account)) ?? false)
        }
        guard let record else { return owner }
        owner.accountAlias = record.accountAlias
        owner.userName = record.userName
        owner.arn = record.user?.arn ?? record.userName.flatMap { name in owner.account.map { "arn:aws:iam::\($0):user/\(name)" } }
        owner.status = record.status
        owner.created = record.created
        owner.lastUsed = record.lastUsed
        owner.lastUsedService = record.lastUsedService
        owner.lastRotated = record.lastRotated ?? record.created
        if let start = record.created ?? record.lastRotated {
            owner.ageDays = max(0, Int(now.timeIntervalSince(start) / 86_400))
        }
        owner.workload = record.inventory?.workload
        owner.team = record.inventory?.team
        owner.contact = record.inventory?.contact ?? record.inventory?.owner
        if let user = record.user {
            owner.groups = user.groups
            owner.inlinePolicies = user.policies.filter(\.isInline).map { "\($0.name) (\($0.via))" }
            owner.attachedPolicies = user.policies.compactMap { p in p.arn.map { "\($0) (\(p.via))" } }
            let analysis = PolicyAnalysis(policies: user.policies)
            if analysis.admin { owner.flags.append("admin") }
            if !analysis.wildcardActions.isEmpty { owner.flags.append("wildcard-actions") }
            if user.detailsKnown && user.permissionsBoundary == nil { owner.flags.append("no-permissions-boundary") }
            if analysis.quarantined { owner.flags.append("aws-quarantined") }
        }
        return owner
    }

    /// The rotation plan for a key found at `path`; the inventory's workload overrides the path.
    public static func advice(for id: AccessKeyID, record: KeyRecord?, path: String?, snippet: String?,
                              repository: String?) -> RotationAdvice {
        var kind = RoleKind.unknown
        var reason = "nothing in the path or the inventory says where the key runs"
        if let path, let inferred = RoleKind.infer(path: path, snippet: snippet) {
            (kind, reason) = inferred
        }
        if let workload = record?.inventory?.workload, let fromInventory = RoleKind(workload: workload) {
            kind = fromInventory
            reason = "the inventory says the key is used by \(workload)"
        }
        let planner = RotationPlanner(keyId: id.text, account: record?.account ?? id.account, userName: record?.userName,
                                      kind: kind, reason: reason,
                                      repository: record?.inventory?.repository ?? repository,
                                      analysis: PolicyAnalysis(policies: record?.user?.policies ?? []),
                                      lastUsed: record?.lastUsed, created: record?.created)
        return planner.advice()
    }
}
