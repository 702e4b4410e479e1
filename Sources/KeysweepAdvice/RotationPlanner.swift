import Foundation
import KeysweepAWS
import KeysweepCore
import KeysweepRegistry

/// Turns what is known about a leaked key into a plan: contain it, replace it with a role fitted
/// to where it was used, and remove it. Commands are in the order to run them, with the real
/// user, key, account and policy names filled in where the registry knows them.
public struct RotationPlanner: Sendable {
    public var keyId: String
    public var account: String?
    public var userName: String?
    public var temporary: Bool
    public var kind: RoleKind
    public var reason: String
    public var repository: String?
    public var analysis: PolicyAnalysis
    public var lastUsed: Date?
    public var created: Date?

    public init(keyId: String, account: String?, userName: String?, kind: RoleKind, reason: String,
                repository: String?, analysis: PolicyAnalysis, lastUsed: Date? = nil, created: Date? = nil) {
        self.keyId = keyId
        self.account = account
        self.userName = userName
        self.temporary = keyId.hasPrefix("ASIA")
        self.kind = kind
        self.reason = reason
        self.repository = repository
        self.analysis = analysis
        self.lastUsed = lastUsed
        self.created = created
    }

    var user: String { userName ?? "USER_NAME" }
    var acct: String { account ?? "ACCOUNT_ID" }
    var roleName: String {
        let base = userName ?? "leaked-key"
        switch kind {
        case .githubActionsOIDC: return "\(base)-gha"
        case .gitlabOIDC: return "\(base)-gitlab"
        case .ecsTaskRole: return "\(base)-task"
        case .lambdaExecutionRole: return "\(base)-lambda"
        case .instanceProfile: return "\(base)-ec2"
        case .eksPodIdentity: return "\(base)-pod"
        case .rolesAnywhere: return "\(base)-ra"
        case .identityCenter, .unknown: return "\(base)-role"
        }
    }

    /// The full plan.
    public func advice() -> RotationAdvice {
        let trust = TrustPolicy.document(for: kind, account: acct, repository: repository)
        var warnings = analysis.warnings
        if kind == .githubActionsOIDC && repository == nil {
            warnings.append("the repository is unknown: replace OWNER/REPO in the trust policy's sub condition, never leave it as a wildcard")
        }
        if userName == nil {
            warnings.append("the key's owner is not in the registry: find it with `aws iam get-access-key-last-used --access-key-id \(keyId)` and import the exports")
        }
        let summary = "deactivate \(keyId)\(userName.map { " (\($0))" } ?? ""), move to a \(kind.title), then delete the key"
        return RotationAdvice(roleKind: kind.rawValue, reason: reason, summary: summary,
                              steps: containSteps() + replaceSteps(trustPrincipal: trust.principal) + removeSteps(),
                              trustPolicy: trust.json, permissionPolicy: analysis.permissionPolicyJSON,
                              permissionsBoundary: analysis.boundaryJSON, warnings: warnings)
    }

    func containSteps() -> [AdviceStep] {
        let since = Self.day(created ?? Date().addingTimeInterval(-90 * 86_400))
        var steps: [AdviceStep] = []
        if temporary {
            let now = "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
            steps.append(AdviceStep(phase: "contain", title: "Revoke the role's older sessions",
                detail: "Temporary (ASIA) keys cannot be deactivated; deny every session issued before now on the role that issued it. Run with other credentials.",
                commands: ["aws iam put-role-policy --role-name ROLE_NAME --policy-name AWSRevokeOlderSessions --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"'\(now)'\"}}}]}'"]))
        } else {
            steps.append(AdviceStep(phase: "contain", title: "Deactivate the key",
                detail: "Run with other (admin) credentials: AWS's quarantine policy denies the leaked user iam:UpdateAccessKey. Deactivating (not deleting) keeps the key restorable if something critical breaks.",
                commands: ["aws iam update-access-key --user-name \(user) --access-key-id \(keyId) --status Inactive"]))
            steps.append(AdviceStep(phase: "contain", title: "Cut off sessions minted with the key",
                detail: "Temporary credentials from GetSessionToken/GetFederationToken outlive the key for up to 36 hours; deny them by issue time.",
                commands: ["aws iam put-user-policy --user-name \(user) --policy-name keysweep-revoke-sessions --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'\"}}}]}'"]))
        }
        steps.append(AdviceStep(phase: "contain", title: "Look for what the key did",
            detail: "Review CloudTrail for calls made with the key, and for new users, keys or roles (persistence).",
            commands: ["aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=\(keyId) --start-time \(since)",
                       "aws iam list-users --query 'Users[?CreateDate>=`\(since)`]'"]))
        return steps
    }

    func replaceSteps(trustPrincipal: String) -> [AdviceStep] {
        var commands: [String] = []
        var detail = "Create a \(kind.title) trusting \(trustPrincipal), carrying over the key's permissions."
        switch kind {
        case .githubActionsOIDC:
            commands.append("aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com")
        case .gitlabOIDC:
            commands.append("aws iam create-open-id-connect-provider --url https://gitlab.com --client-id-list https://gitlab.com")
        case .identityCenter:
            detail = "People should sign in through IAM Identity Center instead of holding keys: give the user a permission set with the same permissions, then `aws configure sso`."
        default: break
        }
        if kind != .identityCenter {
            commands.append("aws iam create-role --role-name \(roleName) --assume-role-policy-document file://trust-policy.json")
            if analysis.permissionPolicyJSON != nil {
                commands.append("aws iam put-role-policy --role-name \(roleName) --policy-name carried-over --policy-document file://permission-policy.json")
            }
            for arn in analysis.managedWithoutDocument where !arn.hasSuffix("/AdministratorAccess") {
                commands.append("aws iam attach-role-policy --role-name \(roleName) --policy-arn \(arn)")
            }
            commands.append("aws iam create-policy --policy-name \(roleName)-boundary --policy-document file://boundary.json")
            commands.append("aws iam put-role-permissions-boundary --role-name \(roleName) --permissions-boundary arn:aws:iam::\(acct):policy/\(roleName)-boundary")
        }
        commands += useSteps()
        return [AdviceStep(phase: "replace", title: "Replace the key with a \(kind.title)", detail: detail, commands: commands)]
    }

    /// How the workload picks up the role.
    func useSteps() -> [String] {
        let roleArn = "arn:aws:iam::\(acct):role/\(roleName)"
        switch kind {
        case .githubActionsOIDC:
            return ["# in the workflow: permissions: {id-token: write}; uses: aws-actions/configure-aws-credentials@v4 with role-to-assume: \(roleArn) and aws-region"]
        case .gitlabOIDC:
            return ["# in .gitlab-ci.yml: id_tokens: {AWS_TOKEN: {aud: https://gitlab.com}}; aws sts assume-role-with-web-identity --role-arn \(roleArn) --web-identity-token $AWS_TOKEN"]
        case .ecsTaskRole:
            return ["# set \"taskRoleArn\": \"\(roleArn)\" in the task definition, remove AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from it and the image"]
        case .lambdaExecutionRole:
            return ["aws lambda update-function-configuration --function-name FUNCTION --role \(roleArn)"]
        case .instanceProfile:
            return ["aws iam create-instance-profile --instance-profile-name \(roleName)",
                    "aws iam add-role-to-instance-profile --instance-profile-name \(roleName) --role-name \(roleName)",
                    "aws ec2 associate-iam-instance-profile --instance-id INSTANCE_ID --iam-instance-profile Name=\(roleName)"]
        case .eksPodIdentity:
            return ["aws eks create-pod-identity-association --cluster-name CLUSTER --namespace NAMESPACE --service-account SERVICE_ACCOUNT --role-arn \(roleArn)"]
        case .rolesAnywhere:
            return ["aws rolesanywhere create-trust-anchor --name \(roleName)-ca --source sourceType=CERTIFICATE_BUNDLE,sourceData={x509CertificateData=file://ca.pem} --enabled",
                    "aws rolesanywhere create-profile --name \(roleName) --role-arns \(roleArn) --enabled",
                    "# on the host: credential_process = aws_signing_helper credential-process --certificate CERT --private-key KEY --trust-anchor-arn TA_ARN --profile-arn PROFILE_ARN --role-arn \(roleArn)"]
        case .identityCenter:
            return ["aws configure sso", "aws sso login --profile PROFILE"]
        case .unknown:
            return ["# find where the key runs (CloudTrail sourceIPAddress/userAgent), then pick the matching role kind: keysweep advise \(keyId) --path PATH"]
        }
    }

    func removeSteps() -> [AdviceStep] {
        let used = lastUsed.map { " The registry last saw it used on \(Self.day($0))." } ?? ""
        return [
            AdviceStep(phase: "remove", title: "Delete the key once nothing uses it",
                detail: "Confirm the last-used date stops moving after the switch, then delete the key; delete the user too if it only existed for this key.\(used)",
                commands: ["aws iam get-access-key-last-used --access-key-id \(keyId)",
                           "aws iam delete-access-key --user-name \(user) --access-key-id \(keyId)"]),
            AdviceStep(phase: "remove", title: "Do not rely on rewriting git history",
                detail: "Clones, forks, CI caches, pull-request refs and search indexes keep the old commits: a pushed key stays leaked after a history rewrite. Only deactivating and deleting it ends the exposure."),
        ]
    }

    static func day(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: date)
    }
}
