/// A plan to contain a leaked key and replace it with role-based credentials for good.
public struct RotationAdvice: Sendable, Codable, Equatable {
    /// The role kind fitted to where the key was used: "github-actions-oidc", "ecs-task-role",
    /// "lambda-execution-role", "instance-profile", "eks-pod-identity", "identity-center",
    /// "roles-anywhere", …
    public var roleKind: String
    /// Why that kind was chosen (the path or inventory entry that decided it).
    public var reason: String
    /// One line a report shows under the finding.
    public var summary: String
    public var steps: [AdviceStep]
    /// The trust policy document for the new role, JSON text.
    public var trustPolicy: String?
    /// A permission policy carrying over what the key could do, JSON text.
    public var permissionPolicy: String?
    public var permissionsBoundary: String?
    public var warnings: [String]

    public init(roleKind: String, reason: String, summary: String, steps: [AdviceStep] = [],
                trustPolicy: String? = nil, permissionPolicy: String? = nil,
                permissionsBoundary: String? = nil, warnings: [String] = []) {
        self.roleKind = roleKind
        self.reason = reason
        self.summary = summary
        self.steps = steps
        self.trustPolicy = trustPolicy
        self.permissionPolicy = permissionPolicy
        self.permissionsBoundary = permissionsBoundary
        self.warnings = warnings
    }
}

/// One step of a rotation plan: a phase (contain, replace, remove), what to do, and the commands.
public struct AdviceStep: Sendable, Codable, Equatable {
    public var phase: String
    public var title: String
    public var detail: String
    public var commands: [String]

    public init(phase: String, title: String, detail: String, commands: [String] = []) {
        self.phase = phase
        self.title = title
        self.detail = detail
        self.commands = commands
    }
}
