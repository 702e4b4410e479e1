/// Trust policies for each replacement role kind, after the AWS documentation quoted in
/// shared/reference/aws.md §5.4. Placeholders in capitals (CLUSTER_OIDC_ID, TA_ID) are the parts
/// only the operator knows.
public enum TrustPolicy {
    /// The trust policy JSON and the principal it trusts.
    public static func document(for kind: RoleKind, account: String, repository: String?) -> (json: String, principal: String) {
        let acct = account
        switch kind {
        case .githubActionsOIDC:
            let repo = repository ?? "OWNER/REPO"
            let principal = "arn:aws:iam::\(acct):oidc-provider/token.actions.githubusercontent.com"
            return (render([statement(federated: principal, action: "sts:AssumeRoleWithWebIdentity", condition: [
                "StringEquals": ["token.actions.githubusercontent.com:aud": "sts.amazonaws.com"],
                "StringLike": ["token.actions.githubusercontent.com:sub": "repo:\(repo):ref:refs/heads/main"],
            ])]), principal)
        case .gitlabOIDC:
            let project = repository ?? "GROUP/PROJECT"
            let principal = "arn:aws:iam::\(acct):oidc-provider/gitlab.com"
            return (render([statement(federated: principal, action: "sts:AssumeRoleWithWebIdentity", condition: [
                "StringEquals": ["gitlab.com:aud": "https://gitlab.com",
                                 "gitlab.com:sub": "project_path:\(project):ref_type:branch:ref:main"],
            ])]), principal)
        case .ecsTaskRole:
            return (render([statement(service: "ecs-tasks.amazonaws.com", action: "sts:AssumeRole", condition: [
                "ArnLike": ["aws:SourceArn": "arn:aws:ecs:*:\(acct):*"],
                "StringEquals": ["aws:SourceAccount": acct],
            ])]), "ecs-tasks.amazonaws.com")
        case .lambdaExecutionRole:
            return (render([statement(service: "lambda.amazonaws.com", action: "sts:AssumeRole")]), "lambda.amazonaws.com")
        case .instanceProfile:
            return (render([statement(service: "ec2.amazonaws.com", action: "sts:AssumeRole")]), "ec2.amazonaws.com")
        case .eksPodIdentity:
            return (render([statement(service: "pods.eks.amazonaws.com", action: ["sts:AssumeRole", "sts:TagSession"], condition: [
                "StringEquals": ["aws:RequestTag/kubernetes-namespace": "NAMESPACE",
                                 "aws:RequestTag/kubernetes-service-account": "SERVICE_ACCOUNT"],
            ])]), "pods.eks.amazonaws.com")
        case .rolesAnywhere:
            return (render([statement(service: "rolesanywhere.amazonaws.com",
                                      action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], condition: [
                "ArnEquals": ["aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:\(acct):trust-anchor/TA_ID"],
            ])]), "rolesanywhere.amazonaws.com")
        case .identityCenter:
            // Identity Center creates its own roles from permission sets; nothing to trust by hand.
            return (render([statement(federated: "arn:aws:iam::\(acct):saml-provider/AWSSSO_INSTANCE_DO_NOT_DELETE",
                                      action: ["sts:AssumeRoleWithSAML", "sts:TagSession"], condition: [
                "StringEquals": ["SAML:aud": "https://signin.aws.amazon.com/saml"],
            ])]), "arn:aws:iam::\(acct):saml-provider/AWSSSO_INSTANCE_DO_NOT_DELETE")
        case .unknown:
            let principal = "arn:aws:iam::\(acct):root"
            return (render([["Effect": "Allow", "Principal": ["AWS": principal], "Action": "sts:AssumeRole",
                             "Condition": ["StringEquals": ["aws:PrincipalAccount": acct]]]]), principal)
        }
    }

    static func statement(service: String, action: Any, condition: [String: Any]? = nil) -> [String: Any] {
        var s: [String: Any] = ["Effect": "Allow", "Principal": ["Service": service], "Action": action]
        if let condition { s["Condition"] = condition }
        return s
    }

    static func statement(federated: String, action: Any, condition: [String: Any]) -> [String: Any] {
        ["Effect": "Allow", "Principal": ["Federated": federated], "Action": action, "Condition": condition]
    }

    static func render(_ statements: [[String: Any]]) -> String {
        JSONText.render(["Version": "2012-10-17", "Statement": statements])
    }
}
