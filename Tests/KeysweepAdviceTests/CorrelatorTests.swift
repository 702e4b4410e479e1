import Foundation
import KeysweepAWS
import KeysweepCore
import KeysweepRegistry
import KeysweepTestSupport
import Testing
@testable import KeysweepAdvice

/// Workload inference, policy analysis and correlation against a real registry file.
@Suite struct CorrelatorTests {
    static let keyId = "AKIARZPUZDIKOKZOYGFN"
    static let secret = "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"

    @Test(arguments: [
        (".github/workflows/deploy.yml", RoleKind.githubActionsOIDC), (".gitlab-ci.yml", .gitlabOIDC),
        ("services/api/Dockerfile", .ecsTaskRole), ("infra/ecs/taskdef.json", .ecsTaskRole),
        ("functions/serverless.yml", .lambdaExecutionRole), ("src/lambda/handler.py", .lambdaExecutionRole),
        ("ops/user-data.sh", .instanceProfile), ("ansible/group_vars/all.yml", .instanceProfile),
        ("k8s/base/deployment.yaml", .eksPodIdentity), ("charts/app/values.yaml", .eksPodIdentity),
        ("home/.aws/credentials", .identityCenter), (".env", .identityCenter),
        ("onprem/backup.sh", .rolesAnywhere),
    ])
    func infersRoleKindFromPath(path: String, kind: RoleKind) {
        #expect(RoleKind.infer(path: path, snippet: nil)?.kind == kind)
    }

    @Test func plainSourceFileInfersNothing() {
        #expect(RoleKind.infer(path: "src/app/main.go", snippet: "key := \"AKIA\"") == nil)
        #expect(RoleKind.infer(path: "src/app/main.py", snippet: "def lambda_handler(event, ctx):")?.kind == .lambdaExecutionRole)
        #expect(RoleKind.infer(path: "deploy/ansible/site.yml", snippet: nil)?.kind == .instanceProfile)
        #expect(RoleKind.infer(path: "deploy/scripts/run.sh", snippet: nil) == nil)
    }

    @Test func adminAndWildcardsAreFlagged() {
        let admin = PolicyAnalysis(policies: [PolicyRecord(name: "everything", arn: nil, via: "user",
            document: #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#)])
        #expect(admin.admin)
        #expect(admin.permissionPolicyJSON == nil)   // admin is never carried over
        let managedAdmin = PolicyAnalysis(policies: [PolicyRecord(name: "AdministratorAccess",
            arn: "arn:aws:iam::aws:policy/AdministratorAccess", via: "group:ops", document: nil)])
        #expect(managedAdmin.admin && managedAdmin.managedWithoutDocument == ["arn:aws:iam::aws:policy/AdministratorAccess"])
        let narrow = PolicyAnalysis(policies: [PolicyRecord(name: "s3", arn: nil, via: "user",
            document: #"{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:Get*"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#)])
        #expect(!narrow.admin)
        #expect(narrow.wildcardActions == ["s3:Get* in s3"])
        #expect(narrow.services == ["s3"])
        #expect(narrow.permissionPolicyJSON?.contains("\"Sid\" : \"s31\"") == true || narrow.permissionPolicyJSON?.contains("\"Sid\":\"s31\"") == true)
        #expect(narrow.boundaryJSON.contains("s3:*") && narrow.boundaryJSON.contains("iam:CreateAccessKey"))
    }

    /// A registry in `dir` holding the deployer's key, policies, secret and inventory entry.
    func registry(in dir: String) throws -> Registry {
        let reg = try Registry(path: dir + "/registry.sqlite")
        try reg.importText("""
            {"AccessKeyMetadata": [{"UserName": "ci-deployer", "AccessKeyId": "\(Self.keyId)", "Status": "Active", "CreateDate": "2024-01-01T00:00:00Z"}]}
            """, source: "keys.json")
        try reg.importText("""
            {"UserDetailList": [{"UserName": "ci-deployer", "Arn": "arn:aws:iam::123456789012:user/ci-deployer",
              "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/b"},
              "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}]}
            """, source: "gaad.json")
        try reg.importText("[ci]\naws_access_key_id = \(Self.keyId)\naws_secret_access_key = \(Self.secret)\n", source: "credentials")
        try reg.importText("key_id,workload,repository\n\(Self.keyId),ecs,acme/api\n", source: "inventory.csv")
        return reg
    }

    func findings(secret: String) -> [Finding] {
        var key = Finding(rule: "aws-access-key-id", description: "", severity: .critical, confidence: .high,
                          secret: Self.keyId, fingerprint: "fp-key", path: ".github/workflows/ci.yml", line: 3, column: 1)
        key.aws = AccessKeyID(Self.keyId)?.facts
        var sec = Finding(rule: "aws-secret-access-key", description: "", severity: .critical, confidence: .high,
                          secret: secret, fingerprint: "fp-secret", path: ".github/workflows/ci.yml", line: 4, column: 1)
        sec.pairedWith = "fp-key"
        return [key, sec]
    }

    @Test func annotatesOwnerFlagsAndInventoryOverride() throws {
        var list = findings(secret: Self.secret)
        try TempDir.with("corr") { dir in
            Correlator.annotate(&list, registry: try registry(in: dir), repository: "acme/elsewhere",
                                now: ISO8601DateFormatter().date(from: "2024-01-31T00:00:00Z")!)
        }
        let owner = try #require(list[0].owner)
        #expect(owner.inRegistry && owner.userName == "ci-deployer" && owner.ageDays == 30)
        #expect(owner.flags == ["admin", "secret-confirmed"])   // has a boundary: no no-permissions-boundary
        #expect(owner.workload == "ecs")
        let advice = try #require(list[0].advice)
        #expect(advice.roleKind == "ecs-task-role")          // inventory beats the workflow path
        #expect(advice.reason.contains("inventory"))
        #expect(advice.steps.map(\.phase) == ["contain", "contain", "contain", "replace", "remove", "remove"])
        #expect(advice.warnings.first?.contains("administrator access") == true)
        #expect(list[1].owner == nil && list[1].advice == nil)
    }

    @Test func wrongSecretIsNotConfirmed() throws {
        var list = findings(secret: String(Self.secret.reversed()))
        try TempDir.with("corr") { dir in Correlator.annotate(&list, registry: try registry(in: dir)) }
        #expect(list[0].owner?.flags.contains("secret-confirmed") == false)
    }

    @Test func unknownKeyGetsOfflineAccountAndPathAdvice() throws {
        var list = findings(secret: Self.secret)
        list[0].secret = "AKIA6RVFFB77RE7OLMKI"
        try TempDir.with("corr") { dir in Correlator.annotate(&list, registry: try registry(in: dir), repository: "acme/api") }
        let owner = try #require(list[0].owner)
        #expect(!owner.inRegistry && owner.account == "999999999999" && !owner.accountKnown)
        #expect(list[0].advice?.roleKind == "github-actions-oidc")
        #expect(list[0].advice?.trustPolicy?.contains("repo:acme/api:ref:refs/heads/main") == true)
        #expect(list[0].advice?.warnings.contains { $0.contains("not in the registry") } == true)
    }

    @Test func temporaryKeysAreRevokedBySessionNotDeactivated() throws {
        let advice = Correlator.advice(for: AccessKeyID("ASIAY34FZKBOKMUTVV7A")!, record: nil, path: "k8s/app.yaml",
                                       snippet: nil, repository: nil)
        #expect(advice.roleKind == "eks-pod-identity")
        #expect(advice.steps[0].commands[0].contains("AWSRevokeOlderSessions"))
        #expect(!advice.steps.flatMap(\.commands).contains { $0.contains("update-access-key") })
    }

    @Test func markdownIsATicket() throws {
        var list = findings(secret: Self.secret)
        try TempDir.with("corr") { dir in Correlator.annotate(&list, registry: try registry(in: dir)) }
        let md = AdviceRenderer.render(owner: list[0].owner!, advice: list[0].advice!, format: .markdown)
        #expect(md.hasPrefix("## Leaked AWS key \(Self.keyId)"))
        #expect(md.contains("### Contain") && md.contains("- [ ] **Deactivate the key.**") && md.contains("```json"))
        let json = AdviceRenderer.render(owner: list[0].owner!, advice: list[0].advice!, format: .json)
        #expect((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["advice"] != nil)
    }
}
