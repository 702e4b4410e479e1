import Foundation
import KeysweepTestSupport
import Testing

/// Acceptance for issue 4: a moto server with real IAM users, keys and policies; the aws CLI's
/// exports imported into a registry; one key pair planted in a real git repository; the built
/// `keysweep scan` checked for the owner block, the advice and `--verify`, before and after the
/// key is deleted with moto's auth checks on.
@Suite(.serialized) struct EndToEndTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func keysweep(_ args: [String], stdin: String? = nil, home: String) throws -> Subprocess.Result {
        try Subprocess.run(Run.keysweepBinary, args, stdin: stdin,
                           environment: ["NO_COLOR": "1", "XDG_DATA_HOME": home + "/data", "HOME": home])
    }

    @Test func exportImportScanAdviseVerify() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        try TempDir.with("e2e") { work in
            func save(_ name: String, _ text: String) throws -> String {
                let path = work + "/" + name
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                return path
            }

            // IAM: a deployer with an inline S3 policy and a group-attached managed policy, and a key.
            try moto.aws(["iam", "create-user", "--user-name", "ci-deployer", "--tags", "Key=team,Value=platform"])
            try moto.aws(["iam", "create-group", "--group-name", "deployers"])
            try moto.aws(["iam", "add-user-to-group", "--group-name", "deployers", "--user-name", "ci-deployer"])
            try moto.aws(["iam", "put-user-policy", "--user-name", "ci-deployer", "--policy-name", "s3-deploy", "--policy-document",
                          #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:Get*"],"Resource":"arn:aws:s3:::site/*"}]}"#])
            try moto.aws(["iam", "create-policy", "--policy-name", "cdn-invalidate", "--policy-document",
                          #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudfront:CreateInvalidation","Resource":"*"}]}"#])
            try moto.aws(["iam", "attach-group-policy", "--group-name", "deployers", "--policy-arn",
                          "arn:aws:iam::123456789012:policy/cdn-invalidate"])
            let created = try Self.json(moto.aws(["iam", "create-access-key", "--user-name", "ci-deployer"]))
            let accessKey = try #require(created["AccessKey"] as? [String: Any])
            let keyId = try #require(accessKey["AccessKeyId"] as? String)
            let secret = try #require(accessKey["SecretAccessKey"] as? String)

            // Exports, as an operator would take them.
            let keys = try save("keys.json", moto.aws(["iam", "list-access-keys", "--user-name", "ci-deployer"]))
            let gaad = try save("gaad.json", moto.aws(["iam", "get-account-authorization-details"]))
            try moto.aws(["iam", "generate-credential-report"])
            try moto.aws(["iam", "generate-credential-report"])
            let report = try save("report.json", moto.aws(["iam", "get-credential-report"]))
            let lastUsed = try save("\(keyId).last-used.json", moto.aws(["iam", "get-access-key-last-used", "--access-key-id", keyId]))
            let identity = try save("identity.json", moto.aws(["sts", "get-caller-identity"]))
            let credentials = try save("credentials", "[ci-deployer]\naws_access_key_id = \(keyId)\naws_secret_access_key = \(secret)\n")
            let inventory = try save("inventory.toml", """
                [[keys]]
                key_id = "\(keyId)"
                team = "platform"
                contact = "platform@example.com"
                """)

            let registry = work + "/registry.sqlite"
            let imported = try keysweep(["registry", "import", keys, gaad, report, lastUsed, identity, credentials, inventory,
                                         "--registry", registry], home: work)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("(get-account-authorization-details)"))
            #expect(imported.stdout.contains("(credential-report)") && imported.stdout.contains("(get-caller-identity)"))
            #expect(imported.stdout.contains("(aws-credentials)") && imported.stdout.contains("(inventory-toml)"))
            let mode = try FileManager.default.attributesOfItem(atPath: registry)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let dbBytes = try Data(contentsOf: URL(fileURLWithPath: registry))
            #expect(dbBytes.range(of: Data(secret.utf8)) == nil, "the registry file holds the planted secret")

            // A repository with the pair in a GitHub Actions workflow.
            let repo = try TestRepo()
            _ = try repo.git(["remote", "add", "origin", "git@github.com:acme/site.git"])
            try repo.write(".github/workflows/deploy.yml", """
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    env:
                      AWS_ACCESS_KEY_ID: \(keyId)
                      AWS_SECRET_ACCESS_KEY: \(secret)
                """)
            _ = try repo.commit("add deploy workflow")

            let scan = try keysweep(["scan", repo.path, "--format", "json", "--no-progress", "--registry", registry,
                                     "--verify", "--sts-endpoint", moto.endpoint], home: work)
            #expect(scan.status == 1, "\(scan.stderr)")
            #expect(!scan.stdout.contains(secret), "the report shows the secret")
            let findings = try #require(try Self.json(scan.stdout)["findings"] as? [[String: Any]])
            let keyFinding = try #require(findings.first { $0["rule"] as? String == "aws-access-key-id" })
            let owner = try #require(keyFinding["owner"] as? [String: Any])
            #expect(owner["inRegistry"] as? Bool == true)
            #expect(owner["userName"] as? String == "ci-deployer")
            #expect(owner["arn"] as? String == "arn:aws:iam::123456789012:user/ci-deployer")
            #expect(owner["account"] as? String == "123456789012")
            #expect(owner["status"] as? String == "Active")
            #expect(owner["groups"] as? [String] == ["deployers"])
            #expect(owner["team"] as? String == "platform")
            let flags = owner["flags"] as? [String] ?? []
            #expect(flags.contains("secret-confirmed") && flags.contains("wildcard-actions") && flags.contains("no-permissions-boundary"))
            #expect(!flags.contains("admin"))

            let advice = try #require(keyFinding["advice"] as? [String: Any])
            #expect(advice["roleKind"] as? String == "github-actions-oidc")
            let trust = try Self.json(try #require(advice["trustPolicy"] as? String))
            let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
            #expect((statement["Principal"] as? [String: String])?["Federated"]
                    == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")
            #expect(((statement["Condition"] as? [String: Any])?["StringLike"] as? [String: String])?["token.actions.githubusercontent.com:sub"]
                    == "repo:acme/site:ref:refs/heads/main")
            let permissions = try #require(advice["permissionPolicy"] as? String)
            #expect(permissions.contains("s3:PutObject") && permissions.contains("cloudfront:CreateInvalidation"))
            let verification = try #require(keyFinding["verification"] as? [String: Any])
            #expect(verification["status"] as? String == "valid")
            #expect(verification["arn"] as? String == "arn:aws:iam::123456789012:user/ci-deployer")

            // `advise` and `verify` on their own.
            let markdown = try keysweep(["advise", keyId, "--path", "ecs/taskdef.json", "--format", "markdown", "--registry", registry], home: work)
            #expect(markdown.status == 0)
            #expect(markdown.stdout.contains("`ecs-task-role`") && markdown.stdout.contains("ecs-tasks.amazonaws.com"))
            let verified = try keysweep(["verify", keyId, "--sts-endpoint", moto.endpoint], stdin: secret + "\n", home: work)
            #expect(verified.status == 0 && verified.stdout.contains("valid arn:aws:iam::123456789012:user/ci-deployer"))

            // Delete the key, switch moto's checks on: the same pair is now invalid.
            try moto.aws(["iam", "delete-access-key", "--user-name", "ci-deployer", "--access-key-id", keyId])
            try moto.setAuth(true)
            let rescan = try keysweep(["scan", repo.path, "--format", "json", "--no-progress", "--registry", registry,
                                       "--verify", "--sts-endpoint", moto.endpoint], home: work)
            let again = try #require(try Self.json(rescan.stdout)["findings"] as? [[String: Any]])
            let keyAgain = try #require(again.first { $0["rule"] as? String == "aws-access-key-id" })
            let after = try #require(keyAgain["verification"] as? [String: Any])
            #expect(after["status"] as? String == "invalid")
            #expect((after["detail"] as? String)?.hasPrefix("InvalidClientTokenId") == true)
            let reverify = try keysweep(["verify", keyId, "--sts-endpoint", moto.endpoint], stdin: secret + "\n", home: work)
            #expect(reverify.status == 1 && reverify.stdout.contains("invalid"))
        }
    }

    @Test func cliErrorsAreOneLineWithExit2() throws {
        try TempDir.with("e2e-errors") { work in
            let broken = work + "/keys.json"
            try "{\"AccessKeyMetadata\": [\n  {\"UserName\": \"a\", \"AccessKeyId\": \"AKIA-bad\"}\n]}".write(toFile: broken, atomically: true, encoding: .utf8)
            let registry = work + "/r.sqlite"
            let bad = try keysweep(["registry", "import", broken, "--registry", registry], home: work)
            #expect(bad.status == 2)
            #expect(bad.stderr == "keysweep: \(broken):2: 'AKIA-bad' is not an AWS access key id (20 characters starting AKIA/ASIA); nothing from this file was imported, fix it and run the import again\n")
            let missing = try keysweep(["registry", "show", "AKIAQAAAAAAAFWZ4VSBP", "--registry", registry], home: work)
            #expect(missing.status == 2 && missing.stderr.hasPrefix("keysweep: AKIAQAAAAAAAFWZ4VSBP is not in the registry"))
            let noSecret = try keysweep(["verify", "AKIAQAAAAAAAFWZ4VSBP"], stdin: "", home: work)
            #expect(noSecret.status == 2 && noSecret.stderr.hasPrefix("keysweep: no secret on stdin"))
            let unknownKey = try keysweep(["advise", "AKIAQAAAAAAAFWZ4VSBP", "--registry", registry], home: work)
            #expect(unknownKey.status == 0)
            #expect(unknownKey.stdout.contains("in registry  no") && unknownKey.stdout.contains("000000000000, not known to the registry"))
            let defaultPath = try keysweep(["registry", "list"], home: work)
            #expect(defaultPath.status == 0)
            #expect(FileManager.default.fileExists(atPath: work + "/data/keysweep/registry.sqlite"))
        }
    }
}
