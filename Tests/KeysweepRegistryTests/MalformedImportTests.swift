import Foundation
import Testing
@testable import KeysweepRegistry
import KeysweepTestSupport

/// A broken file of any format is refused whole: the registry is unchanged and the error names
/// the file and, where the format allows, the line.
@Suite struct MalformedImportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let format: ImportFormat?
        let line: Int?
        let reason: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "list-access-keys syntax", text: "{\n  \"AccessKeyMetadata\": [\n    {\"UserName\": \"a\",, }\n  ]\n}",
             format: .listAccessKeys, line: 3, reason: "not valid JSON"),
        Case(name: "list-access-keys bad id, after a good one", text: """
            {"AccessKeyMetadata": [
              {"UserName": "a", "AccessKeyId": "AKIAQAAAAAAAFWZ4VSBP", "Status": "Active"},
              {"UserName": "b", "AccessKeyId": "AKIA-not-a-key", "Status": "Active"}
            ]}
            """, format: nil, line: 3, reason: "is not an AWS access key id"),
        Case(name: "last-used without user", text: "{\"AccessKeyLastUsed\": {\"Region\": \"N/A\"}}",
             format: .accessKeyLastUsed, line: 1, reason: "no UserName"),
        Case(name: "authorization details user without Arn", text: """
            {"UserDetailList": [
              {"UserName": "ci-deployer"}
            ]}
            """, format: nil, line: 2, reason: "has no Arn"),
        Case(name: "authorization details bad policy document", text: """
            {"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::123456789012:user/u",
              "UserPolicyList": [{"PolicyName": "broken", "PolicyDocument": "%7Bnot json"}]}]}
            """, format: nil, line: 2, reason: "is not JSON"),
        Case(name: "credential report short row", text: Fixtures.credentialReportCSV + "bob,arn:aws:iam::123456789012:user/bob,true\n",
             format: nil, line: 4, reason: "row has 3 fields"),
        Case(name: "credential report bad boolean", text: Fixtures.credentialReportCSV.replacingOccurrences(of: ",false,true,2024", with: ",maybe,true,2024"),
             format: nil, line: 3, reason: "mfa_active is 'maybe'"),
        Case(name: "credential report JSON not base64", text: "{\"Content\": \"@@@\", \"ReportFormat\": \"text/csv\"}",
             format: nil, line: 1, reason: "not base64"),
        Case(name: "caller identity bad account", text: "{\"UserId\": \"x\", \"Account\": \"12345\", \"Arn\": \"arn:aws:iam::12345:user/x\"}",
             format: nil, line: 1, reason: "not a 12-digit account id"),
        Case(name: "create-access-key without user", text: "{\"AccessKey\": {\"AccessKeyId\": \"AKIAQAAAAAAAFWZ4VSBP\", \"SecretAccessKey\": \"x\"}}",
             format: nil, line: 1, reason: "has no UserName"),
        Case(name: "credentials secret without key id", text: "[default]\naws_access_key_id = AKIAQAAAAAAAFWZ4VSBP\naws_secret_access_key = x\n\n[other]\naws_secret_access_key = y\n",
             format: .credentialsFile, line: 6, reason: "has a secret but no aws_access_key_id"),
        Case(name: "config garbage line", text: "[profile a]\nregion = us-east-1\nthis is not ini\n",
             format: .configFile, line: 3, reason: "expected 'key = value'"),
        Case(name: "inventory TOML syntax", text: "[[keys]]\nkey_id = \"AKIAQAAAAAAAFWZ4VSBP\"\nworkload = \n",
             format: .inventoryTOML, line: 3, reason: "not valid TOML"),
        Case(name: "inventory TOML unknown workload", text: "[[keys]]\nkey_id = \"AKIAQAAAAAAAFWZ4VSBP\"\n\n[[keys]]\nkey_id = \"AKIARZPUZDIKOKZOYGFN\"\nworkload = \"mainframe\"\n",
             format: nil, line: 4, reason: "workload 'mainframe' is not one of"),
        Case(name: "inventory CSV bad key", text: "key_id,workload\nAKIAQAAAAAAAFWZ4VSBP,ec2\nnot-a-key,ec2\n",
             format: nil, line: 3, reason: "is not an AWS access key id"),
    ]

    @Test(arguments: cases)
    func refusedWhole(c: Case) throws {
        try TempDir.with("bad") { dir in
            let reg = try Registry(path: dir + "/registry.sqlite")
            try reg.importText(Fixtures.authorizationDetails, source: "gaad.json")
            try reg.importText(Fixtures.listAccessKeys, source: "keys.json")
            let before = try reg.counts()
            let file = dir + "/broken"
            try c.text.write(toFile: file, atomically: true, encoding: .utf8)
            do {
                try reg.importFile(file, format: c.format)
                Issue.record("\(c.name) was accepted")
            } catch let error as RegistryError {
                guard case .malformed(let f, let line, let reason) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(f.hasPrefix(file))
                #expect(line == c.line)
                #expect(reason.contains(c.reason), "\(reason)")
                #expect(error.description.contains("nothing from this file was imported"))
            }
            #expect(try reg.counts() == before)
        }
    }

    @Test func unknownContentAsksForFormat() throws {
        try TempDir.with("unknown") { dir in
            let reg = try Registry(path: dir + "/registry.sqlite")
            #expect(throws: RegistryError.unknownFormat(file: "notes.txt")) {
                try reg.importText("just some notes\n", source: "notes.txt")
            }
        }
        #expect(RegistryError.unknownFormat(file: "x").description.contains("--format"))
    }
}
