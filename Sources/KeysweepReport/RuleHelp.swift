import KeysweepCore

/// What SARIF and markdown reports say about a rule: a display name, descriptions, and the
/// remediation for that kind of credential, chosen by the provider prefix of the rule id
/// (`aws-…`, `github-…`, …). Built from the findings alone, so that a saved JSON report
/// re-renders to the same SARIF without the rule catalogue at hand.
public struct RuleHelp: Sendable, Equatable {
    public var id: String
    /// PascalCase form of the id (`AwsAccessKeyId`), as SARIF `name` wants.
    public var name: String
    public var shortDescription: String
    public var fullDescription: String
    /// Ordered remediation steps for this provider.
    public var steps: [String]

    public init(rule id: String, description: String) {
        self.id = id
        self.name = id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
        self.shortDescription = description
        let provider = Provider(rule: id)
        self.fullDescription = "\(description). \(provider.leakSentence) A secret committed to git "
            + "stays in every clone and in the history even after the file is changed, so the "
            + "credential must be revoked or rotated, not only deleted."
        self.steps = provider.steps + Self.historySteps
    }

    /// The remediation as plain text, one numbered step a line.
    public var helpText: String {
        "\(fullDescription)\n\nRemediation:\n"
            + steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    /// The remediation as GitHub-flavoured markdown.
    public var helpMarkdown: String {
        "**\(shortDescription)**\n\n\(fullDescription)\n\n### Remediation\n\n"
            + steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
            + "\n\nSee [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)."
    }

    /// What every leak needs once the credential itself is dealt with.
    static let historySteps = [
        "Remove the secret from the code and load it at run time (environment, a secret manager, or a role).",
        "If the repository is public or widely cloned, rewrite the history (`git filter-repo --replace-text`) "
            + "and ask hosts to purge cached views; rotation comes first either way.",
        "Once rotated, add the finding's fingerprint to `.keysweepignore` so that the old value stops "
            + "being reported.",
    ]

    /// The provider a rule id names, and how to contain a leak of its credentials.
    enum Provider {
        case aws, github, gitlab, slack, stripe, google, npm, sendgrid, privateKey, other

        init(rule id: String) {
            let id = id.lowercased()
            switch true {
            case id.hasPrefix("aws"): self = .aws
            case id.hasPrefix("github"): self = .github
            case id.hasPrefix("gitlab"): self = .gitlab
            case id.hasPrefix("slack"): self = .slack
            case id.hasPrefix("stripe"): self = .stripe
            case id.hasPrefix("google"), id.hasPrefix("gcp"): self = .google
            case id.hasPrefix("npm"): self = .npm
            case id.hasPrefix("sendgrid"): self = .sendgrid
            case id.contains("private-key"), id.hasPrefix("pem"): self = .privateKey
            default: self = .other
            }
        }

        var leakSentence: String {
            switch self {
            case .aws: return "Anyone with the key can call AWS APIs as its IAM principal until it is deactivated."
            case .github: return "Anyone with the token can act on GitHub with its scopes until it is revoked."
            case .gitlab: return "Anyone with the token can use the GitLab API with its scopes until it is revoked."
            case .slack: return "Anyone with the token or webhook can read or post in the workspace until it is revoked."
            case .stripe: return "Anyone with a live key can create charges and read customer data until it is rolled."
            case .google: return "Anyone with the key can call the Google APIs it allows, billed to the project."
            case .npm: return "Anyone with the token can publish packages as its owner until it is revoked."
            case .sendgrid: return "Anyone with the key can send mail as the account until it is deleted."
            case .privateKey: return "Anyone with the private key can impersonate its owner (TLS, SSH, signing)."
            case .other: return "Anyone who can read the repository can use the credential until it is revoked."
            }
        }

        var steps: [String] {
            switch self {
            case .aws:
                return [
                    "Deactivate the key at once: `aws iam update-access-key --access-key-id KEY_ID --status Inactive --user-name USER`.",
                    "Review its use in CloudTrail (`aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=KEY_ID`).",
                    "Replace it with role-based credentials (GitHub Actions OIDC, an instance profile, a task or execution role) "
                        + "and then delete the key: `aws iam delete-access-key`.",
                ]
            case .github:
                return [
                    "Revoke the token in Settings → Developer settings → Personal access tokens (or the app's settings).",
                    "Check the organisation audit log for its use, then issue a fine-grained token with the least scope, "
                        + "or use `GITHUB_TOKEN` / OIDC in workflows.",
                ]
            case .gitlab:
                return [
                    "Revoke the token in User Settings → Access Tokens (or the project or group token page).",
                    "Review audit events for its use and create a replacement with the least scope and an expiry date.",
                ]
            case .slack:
                return [
                    "Revoke the token (`auth.revoke`) or regenerate the webhook URL in the app's configuration.",
                    "Review the workspace access logs and reinstall the app with the least scopes.",
                ]
            case .stripe:
                return [
                    "Roll the key in Dashboard → Developers → API keys; prefer restricted keys.",
                    "Review recent API requests and events in the Dashboard for activity you do not expect.",
                ]
            case .google:
                return [
                    "Regenerate or delete the key in Cloud Console → APIs & Services → Credentials.",
                    "Restrict the replacement by API and by referrer, IP or app, and review billing for unexpected use.",
                ]
            case .npm:
                return [
                    "Revoke the token: `npm token revoke TOKEN_ID` (list them with `npm token list`).",
                    "Check the packages it could publish for versions you did not release; use granular, expiring tokens.",
                ]
            case .sendgrid:
                return [
                    "Delete the key in Settings → API Keys and create a replacement with the least permissions.",
                    "Review the activity feed for mail you did not send.",
                ]
            case .privateKey:
                return [
                    "Treat the key pair as compromised: generate a new one and revoke any certificate issued for the old key.",
                    "Remove the old public key wherever it is trusted (`authorized_keys`, deploy keys, signing trust stores).",
                ]
            case .other:
                return [
                    "Revoke or rotate the credential with its provider, then review the provider's logs for its use.",
                ]
            }
        }
    }
}
