/// The role-based credential that replaces a long-lived key, by where the key was used.
public enum RoleKind: String, Sendable, CaseIterable {
    case githubActionsOIDC = "github-actions-oidc"
    case gitlabOIDC = "gitlab-ci-oidc"
    case ecsTaskRole = "ecs-task-role"
    case lambdaExecutionRole = "lambda-execution-role"
    case instanceProfile = "instance-profile"
    case eksPodIdentity = "eks-pod-identity"
    case identityCenter = "identity-center"
    case rolesAnywhere = "roles-anywhere"
    /// Nothing says where the key runs: a role to be fitted once the workload is known.
    case unknown = "iam-role"

    /// The inventory's workload names.
    public init?(workload: String) {
        switch workload {
        case "ec2": self = .instanceProfile
        case "lambda": self = .lambdaExecutionRole
        case "ecs": self = .ecsTaskRole
        case "eks": self = .eksPodIdentity
        case "github-actions": self = .githubActionsOIDC
        case "gitlab-ci": self = .gitlabOIDC
        case "on-prem", "ci": self = .rolesAnywhere
        case "laptop": self = .identityCenter
        default: return nil
        }
    }

    /// What the replacement is, in a phrase.
    public var title: String {
        switch self {
        case .githubActionsOIDC: return "GitHub Actions OIDC role"
        case .gitlabOIDC: return "GitLab CI OIDC role"
        case .ecsTaskRole: return "ECS task role"
        case .lambdaExecutionRole: return "Lambda execution role"
        case .instanceProfile: return "EC2 instance profile"
        case .eksPodIdentity: return "EKS Pod Identity role"
        case .identityCenter: return "IAM Identity Center (SSO) for people"
        case .rolesAnywhere: return "IAM Roles Anywhere (X.509) role"
        case .unknown: return "IAM role assumed by the workload"
        }
    }

    /// Infers the kind from a finding's path and the line that held the key; nil when nothing fits.
    public static func infer(path: String, snippet: String?) -> (kind: RoleKind, reason: String)? {
        let p = path.lowercased()
        let name = p.split(separator: "/").last.map(String.init) ?? p
        let parts = p.split(separator: "/").map(String.init)
        let text = (snippet ?? "").lowercased()
        func any(_ needles: [String], in hay: String) -> String? { needles.first { hay.contains($0) } }

        if p.contains(".github/workflows/") || p.hasPrefix(".github/actions/") {
            return (.githubActionsOIDC, "the key is in a GitHub Actions workflow (\(path))")
        }
        if name == ".gitlab-ci.yml" || p.contains(".gitlab-ci/") || p.contains(".gitlab/ci/") {
            return (.gitlabOIDC, "the key is in GitLab CI configuration (\(path))")
        }
        if name == "serverless.yml" || name == "serverless.yaml" || name == "samconfig.toml"
            || ((name == "template.yaml" || name == "template.yml") && text.contains("serverless"))
            || parts.contains(where: { $0.contains("lambda") }) || any(["lambda_handler", "exports.handler"], in: text) != nil {
            return (.lambdaExecutionRole, "the key is in Lambda/Serverless/SAM code (\(path))")
        }
        if name.hasPrefix("dockerfile") || name.hasSuffix(".dockerfile") || name.hasPrefix("docker-compose")
            || name.contains("task-definition") || name.contains("taskdef") || parts.contains("ecs")
            || text.contains("containerdefinitions") {
            return (.ecsTaskRole, "the key is in a container image or ECS task definition (\(path))")
        }
        let k8sDirs = ["k8s", "kubernetes", "helm", "charts", "manifests", "kustomize", "deploy"]
        if parts.dropLast().contains(where: { k8sDirs.contains($0) }) || name == "kustomization.yaml"
            || name == "values.yaml" || ((name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && text.contains("secretkeyref")) {
            return (.eksPodIdentity, "the key is in a Kubernetes manifest or chart (\(path))")
        }
        if any(["user-data", "userdata", "user_data", "cloud-init", "cloud-config"], in: p) != nil
            || parts.contains(where: { ["ansible", "playbooks", "group_vars", "host_vars", "roles"].contains($0) })
            || name.hasPrefix("playbook") || name == "site.yml" {
            return (.instanceProfile, "the key is in EC2 user-data or configuration management (\(path))")
        }
        if any(["on-prem", "onprem", "datacenter", "jenkins"], in: p) != nil || name == "jenkinsfile" {
            return (.rolesAnywhere, "the key is used outside AWS (\(path))")
        }
        let dotfiles = [".aws", ".bashrc", ".zshrc", ".profile", ".bash_profile", ".envrc", ".netrc", ".s3cfg", ".boto", "dotfiles"]
        if parts.contains(where: { dotfiles.contains($0) }) || name == ".env" || name.hasPrefix(".env.") {
            return (.identityCenter, "the key is in a person's dotfiles or local environment (\(path))")
        }
        return nil
    }
}
