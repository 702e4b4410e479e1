import Foundation
import KeysweepAWS

/// Parses the JSON the aws CLI prints for IAM and STS calls into an `ImportBatch`.
///
/// Lenient where AWS itself varies (policy documents as objects or URL-encoded strings,
/// `Statement`/`Action` as scalars or arrays), strict where a wrong value would mislead
/// correlation (a key id that is not a key id, a missing user name).
struct IAMExportParser {
    let file: String
    let text: String
    /// HMAC-SHA-256 of a secret under the registry's salt, hex.
    let fingerprint: (String) -> String

    var locator: LineLocator { LineLocator(text: text) }

    func fail(_ reason: String, near needle: String? = nil) -> RegistryError {
        .malformed(file: file, line: needle.flatMap { locator.line(of: $0) }, reason: reason)
    }

    /// The top-level JSON object, or a malformed error with the parser's line.
    func root() throws -> [String: Any] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw RegistryError.malformed(file: file, line: Self.line(in: error, locator: locator),
                                          reason: "not valid JSON")
        }
        guard let dict = object as? [String: Any] else { throw fail("expected a JSON object at the top") }
        return dict
    }

    /// Pulls "line N" (or "character N") out of a JSON parser error.
    static func line(in error: Error, locator: LineLocator) -> Int? {
        let text = String(describing: error) + " " + ((error as NSError).userInfo.values.map { "\($0)" }.joined(separator: " "))
        for marker in ["line ", "character ", "offset "] {
            guard let r = text.range(of: marker) else { continue }
            let digits = text[r.upperBound...].prefix { $0.isNumber }
            guard let n = Int(digits) else { continue }
            return marker == "line " ? n : locator.line(atOffset: n)
        }
        return nil
    }

    func string(_ dict: [String: Any], _ key: String) -> String? {
        guard let v = dict[key] as? String, !v.isEmpty else { return nil }
        return v
    }

    func keyId(_ dict: [String: Any], _ field: String = "AccessKeyId") throws -> String {
        guard let raw = dict[field] as? String else { throw fail("an entry has no \(field)", near: "\"\(field)\"") }
        guard AccessKeyID(raw) != nil || Self.looksLikeLegacyKey(raw) else {
            throw fail("'\(raw)' is not an AWS access key id (20 characters starting AKIA/ASIA)", near: raw)
        }
        return raw
    }

    /// AWS documentation keys such as AKIAIOSFODNN7EXAMPLE use digits outside base32; accept any
    /// 20 upper-case alphanumerics with a credential prefix.
    static func looksLikeLegacyKey(_ raw: String) -> Bool {
        raw.count == 20 && ["AKIA", "ASIA"].contains(String(raw.prefix(4)))
            && raw.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    static func decodedAccount(_ keyId: String) -> String? { AccessKeyID(keyId)?.account }

    // MARK: formats

    func listAccessKeys() throws -> ImportBatch {
        guard let entries = try root()["AccessKeyMetadata"] as? [[String: Any]] else {
            throw fail("AccessKeyMetadata is not a list of keys", near: "AccessKeyMetadata")
        }
        var batch = ImportBatch()
        for entry in entries {
            let id = try keyId(entry)
            guard let user = string(entry, "UserName") else { throw fail("key \(id) has no UserName", near: id) }
            let status = string(entry, "Status")
            if let status, !["Active", "Inactive", "Expired"].contains(status) {
                throw fail("key \(id) has status '\(status)'; expected Active, Inactive or Expired", near: status)
            }
            let account = Self.decodedAccount(id)
            batch.keys.append(.init(keyId: id, account: account, userName: user, status: status,
                                    created: ISODate.parse(string(entry, "CreateDate"))))
            batch.users.append(.init(account: account ?? "", userName: user))
            batch.noteAccount(account)
        }
        return batch
    }

    /// get-access-key-last-used has no key id in its output; the file name or `--key-id` gives it.
    func accessKeyLastUsed(keyIdHint: String?) throws -> ImportBatch {
        let dict = try root()
        guard let user = string(dict, "UserName") else { throw fail("no UserName", near: "AccessKeyLastUsed") }
        guard let used = dict["AccessKeyLastUsed"] as? [String: Any] else {
            throw fail("AccessKeyLastUsed is not an object", near: "AccessKeyLastUsed")
        }
        guard let id = keyIdHint else {
            throw fail("get-access-key-last-used output does not name its key; put the key id in the file name (e.g. AKIA….last-used.json)")
        }
        let service = string(used, "ServiceName").flatMap { $0 == "N/A" ? nil : $0 }
        let region = string(used, "Region").flatMap { $0 == "N/A" ? nil : $0 }
        let account = Self.decodedAccount(id)
        var batch = ImportBatch()
        batch.keys.append(.init(keyId: id, account: account, userName: user,
                                lastUsed: ISODate.parse(string(used, "LastUsedDate")),
                                lastUsedService: service, lastUsedRegion: region))
        batch.users.append(.init(account: account ?? "", userName: user))
        batch.noteAccount(account)
        return batch
    }

    func callerIdentity() throws -> ImportBatch {
        let dict = try root()
        guard let arn = string(dict, "Arn"), let account = string(dict, "Account") else {
            throw fail("get-caller-identity output needs Arn and Account", near: "Arn")
        }
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw fail("Account '\(account)' is not a 12-digit account id", near: account)
        }
        var batch = ImportBatch()
        batch.noteAccount(account)
        if let range = arn.range(of: ":user/") {
            let name = String(arn[range.upperBound...].split(separator: "/").last ?? "")
            batch.users.append(.init(account: account, userName: name, arn: arn, userId: string(dict, "UserId")))
        }
        return batch
    }

    func createAccessKey() throws -> ImportBatch {
        guard let key = try root()["AccessKey"] as? [String: Any] else {
            throw fail("AccessKey is not an object", near: "AccessKey")
        }
        let id = try keyId(key)
        guard let user = string(key, "UserName") else { throw fail("key \(id) has no UserName", near: id) }
        let account = Self.decodedAccount(id)
        var batch = ImportBatch()
        batch.keys.append(.init(keyId: id, account: account, userName: user, status: string(key, "Status"),
                                created: ISODate.parse(string(key, "CreateDate")),
                                secretHMAC: string(key, "SecretAccessKey").map(fingerprint)))
        batch.users.append(.init(account: account ?? "", userName: user))
        batch.noteAccount(account)
        return batch
    }

    /// The JSON form of get-credential-report: base64 CSV in `Content`.
    func credentialReportJSON() throws -> ImportBatch {
        let dict = try root()
        guard let content = string(dict, "Content") else { throw fail("no Content", near: "Content") }
        guard let data = Data(base64Encoded: content, options: .ignoreUnknownCharacters),
              let csv = String(data: data, encoding: .utf8) else {
            throw fail("Content is not base64 of a UTF-8 CSV report", near: "Content")
        }
        return try CredentialReportParser(file: file + " (decoded Content)", text: csv).parse()
    }

    // MARK: policy documents

    /// A policy document as compact JSON text, from a JSON object or a (percent-encoded) string.
    func document(_ value: Any?, near: String) throws -> String? {
        guard let value else { return nil }
        var object: Any = value
        if let text = value as? String {
            let decoded = text.removingPercentEncoding ?? text
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(decoded.utf8)) else {
                throw fail("policy document of \(near) is not JSON", near: near)
            }
            object = parsed
        }
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            throw fail("policy document of \(near) is not a JSON object", near: near)
        }
        return String(decoding: data, as: UTF8.self)
    }

    func inlinePolicies(_ list: Any?, owner: String) throws -> [ImportBatch.PolicyLink] {
        guard let list = list as? [[String: Any]] else { return [] }
        return try list.map { entry in
            guard let name = string(entry, "PolicyName") else { throw fail("an inline policy of \(owner) has no PolicyName", near: owner) }
            return .init(name: name, arn: nil, inlineDocument: try document(entry["PolicyDocument"], near: name))
        }
    }

    /// Attached managed policies: a list per the model, an object in one aws-cli example.
    func attachedPolicies(_ value: Any?, owner: String) throws -> [ImportBatch.PolicyLink] {
        let list: [[String: Any]]
        if let l = value as? [[String: Any]] { list = l } else if let one = value as? [String: Any] { list = [one] } else { return [] }
        return try list.map { entry in
            guard let arn = string(entry, "PolicyArn") else { throw fail("an attached policy of \(owner) has no PolicyArn", near: owner) }
            let name = string(entry, "PolicyName") ?? String(arn.split(separator: "/").last ?? "")
            return .init(name: name, arn: arn, inlineDocument: nil)
        }
    }
}
