import Foundation
import Testing
@testable import KeysweepRegistry

/// Importers, one transaction per file, idempotence, secrets kept only as fingerprints.
/// A class: each test gets its own instance, whose deinit removes that test's directory.
@Suite final class RegistryImportTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keysweep-reg-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: dir) }

    func registry() throws -> Registry { try Registry(path: dir.appendingPathComponent("r/registry.sqlite").path) }

    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(arguments: [
        (Fixtures.listAccessKeys, ImportFormat.listAccessKeys), (Fixtures.lastUsed, .accessKeyLastUsed),
        (Fixtures.authorizationDetails, .authorizationDetails), (Fixtures.credentialReportCSV, .credentialReport),
        (Fixtures.credentialReportJSON, .credentialReport), (Fixtures.callerIdentity, .callerIdentity),
        (Fixtures.createAccessKey, .createAccessKey), (Fixtures.credentials, .credentialsFile),
        (Fixtures.config, .configFile), (Fixtures.inventoryTOML, .inventoryTOML), (Fixtures.inventoryCSV, .inventoryCSV),
    ])
    func detectsFormatFromContent(text: String, format: ImportFormat) {
        #expect(ImportFormat.detect(text) == format)
    }

    @Test func fileIsCreatedMode0600() throws {
        let reg = try registry()
        let attrs = try FileManager.default.attributesOfItem(atPath: reg.path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func defaultPathFollowsXDG() {
        #expect(Registry.defaultPath.hasSuffix("/keysweep/registry.sqlite"))
    }

    @Test func joinsEveryExportIntoOneRecord() throws {
        let reg = try registry()
        try reg.importFile(write("keys.json", Fixtures.listAccessKeys))
        try reg.importFile(write("\(Fixtures.keyId).last-used.json", Fixtures.lastUsed))
        try reg.importFile(write("gaad.json", Fixtures.authorizationDetails))
        try reg.importFile(write("report.json", Fixtures.credentialReportJSON))
        try reg.importFile(write("inventory.toml", Fixtures.inventoryTOML))
        try reg.importFile(write("credentials", Fixtures.credentials))
        let record = try #require(try reg.record(for: Fixtures.keyId))
        #expect(record.account == "123456789012")
        #expect(record.accountKnown)
        #expect(record.accountAlias == "acme-prod")
        #expect(record.userName == "ci-deployer")
        #expect(record.status == "Active")
        #expect(record.lastUsedService == "s3")
        #expect(record.lastRotated == ISODate.parse("2024-01-01T00:05:00Z"))
        #expect(record.hasSecretFingerprint)
        #expect(record.profiles == ["credentials:ci-deployer"])
        #expect(record.inventory?.workload == "github-actions")
        #expect(record.inventory?.repository == "acme/webshop")
        let user = try #require(record.user)
        #expect(user.arn == "arn:aws:iam::123456789012:user/ci-deployer")
        #expect(user.groups == ["deployers"])
        #expect(user.tags == ["team": "platform"])
        #expect(user.permissionsBoundary == nil && user.detailsKnown)
        #expect(user.policies.map(\.name) == ["s3-deploy", "deploy-policy"])
        #expect(user.policies[1].via == "group:deployers")
        #expect(user.policies[1].document?.contains("lambda:*") == true)   // percent-encoded document decoded
    }

    @Test func reimportIsIdempotent() throws {
        let reg = try registry()
        let files = [try write("gaad.json", Fixtures.authorizationDetails), try write("keys.json", Fixtures.listAccessKeys),
                     try write("inv.csv", Fixtures.inventoryCSV), try write("config", Fixtures.config)]
        for f in files { try reg.importFile(f) }
        let first = try reg.counts()
        let firstRecord = try reg.record(for: Fixtures.keyId)
        for f in files { try reg.importFile(f) }
        #expect(try reg.counts() == first)
        #expect(try reg.record(for: Fixtures.keyId) == firstRecord)
        #expect(first["policy_link"] == 2 && first["profile"] == 3 && first["inventory"] == 1)  // default, deploy-role, dev-sso
    }

    @Test func secretIsKeptOnlyAsFingerprint() throws {
        let reg = try registry()
        try reg.importFile(write("credentials", Fixtures.credentials))
        try reg.importFile(write("created.json", Fixtures.createAccessKey))
        #expect(try reg.secretMatches(keyId: Fixtures.keyId, secret: Fixtures.secret) == true)
        #expect(try reg.secretMatches(keyId: Fixtures.keyId, secret: String(Fixtures.secret.reversed())) == false)
        #expect(try reg.secretMatches(keyId: "AKIAQAAAAAAAFWZ4VSBP", secret: Fixtures.secret) == nil)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: reg.path))
        #expect(bytes.range(of: Data(Fixtures.secret.utf8)) == nil)
        #expect(bytes.range(of: Data("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)) == nil)
        #expect(bytes.range(of: Data(Fixtures.keyId.utf8)) != nil)
    }

    @Test func twoRegistriesFingerprintTheSameSecretDifferently() throws {
        let a = try registry()
        let b = try Registry(path: dir.appendingPathComponent("other.sqlite").path)
        let sa = try a.queue.read { try a.salt($0) }, sb = try b.queue.read { try b.salt($0) }
        #expect(sa.count == 32 && sa != sb)
        #expect(Registry.fingerprint(secret: Fixtures.secret, salt: sa) != Registry.fingerprint(secret: Fixtures.secret, salt: sb))
    }

    @Test func forgetRemovesTheKey() throws {
        let reg = try registry()
        try reg.importFile(write("inv.toml", Fixtures.inventoryTOML))
        #expect(try reg.forget(keyId: Fixtures.keyId))
        #expect(try reg.record(for: Fixtures.keyId) == nil)
        #expect(try reg.forget(keyId: Fixtures.keyId) == false)
    }

    @Test func callerIdentityAndConfigMarkAccountsKnown() throws {
        let reg = try registry()
        try reg.importFile(write("id.json", Fixtures.callerIdentity))
        try reg.importFile(write("config", Fixtures.config))
        #expect(try reg.knowsAccount("123456789012"))
        #expect(try reg.knowsAccount("111122223333"))
        #expect(try reg.knowsAccount("999999999999") == false)
    }
}
