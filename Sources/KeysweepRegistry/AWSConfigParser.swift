import Foundation
import KeysweepAWS

/// Parses `~/.aws/credentials` and `~/.aws/config` the way botocore reads them: `[name]`
/// sections in credentials, `[profile name]` / `[default]` / `[sso-session name]` in config,
/// `key = value` lines, and only whole lines starting `#` or `;` as comments.
///
/// A secret access key is turned into its HMAC fingerprint here and goes no further.
struct AWSConfigParser {
    let file: String
    let text: String
    let isConfig: Bool
    let fingerprint: (String) -> String

    struct Section {
        var name: String
        var line: Int
        var values: [String: (value: String, line: Int)] = [:]
    }

    func sections() throws -> [Section] {
        var sections: [Section] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    throw RegistryError.malformed(file: file, line: line, reason: "section header '\(trimmed)' has no closing ]")
                }
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw RegistryError.malformed(file: file, line: line, reason: "empty section name") }
                sections.append(Section(name: name, line: line))
                continue
            }
            // Indented lines continue a nested value (e.g. `s3 =` blocks); keep them out of the way.
            if raw.first == " " || raw.first == "\t" { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw RegistryError.malformed(file: file, line: line, reason: "expected 'key = value', found '\(trimmed.prefix(40))'")
            }
            guard !sections.isEmpty else {
                throw RegistryError.malformed(file: file, line: line, reason: "setting before any [section]")
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[sections.count - 1].values[key] = (value, line)
        }
        return sections
    }

    func parse() throws -> ImportBatch {
        var batch = ImportBatch()
        let all = try sections()
        guard !all.isEmpty else { throw RegistryError.malformed(file: file, line: nil, reason: "no [section] found") }
        for section in all {
            var name = section.name
            if isConfig {
                if name.hasPrefix("sso-session ") || name.hasPrefix("services ") { continue }
                if name.hasPrefix("profile ") { name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces) }
            }
            let v = section.values
            var keyId: String? = nil
            if let id = v["aws_access_key_id"] {
                guard AccessKeyID(id.value) != nil || IAMExportParser.looksLikeLegacyKey(id.value) else {
                    throw RegistryError.malformed(file: file, line: id.line,
                                                  reason: "aws_access_key_id '\(id.value)' is not an AWS access key id")
                }
                keyId = id.value
                let secret = v["aws_secret_access_key"]
                if let secret, secret.value.isEmpty {
                    throw RegistryError.malformed(file: file, line: secret.line, reason: "empty aws_secret_access_key")
                }
                let account = AccessKeyID(id.value)?.account
                batch.keys.append(.init(keyId: id.value, account: account,
                                        secretHMAC: secret.map { fingerprint($0.value) }))
                batch.noteAccount(account)
            } else if let secret = v["aws_secret_access_key"] {
                throw RegistryError.malformed(file: file, line: secret.line,
                                              reason: "profile [\(section.name)] has a secret but no aws_access_key_id")
            }
            let kind: String
            if keyId != nil { kind = "static-key" }
            else if v["role_arn"] != nil && v["web_identity_token_file"] != nil { kind = "web-identity" }
            else if v["role_arn"] != nil && v["credential_source"] != nil { kind = "instance-credentials" }
            else if v["role_arn"] != nil { kind = "assume-role" }
            else if v["sso_session"] != nil || v["sso_start_url"] != nil { kind = "sso" }
            else if v["credential_process"] != nil { kind = "credential-process" }
            else { kind = "settings" }
            if let role = v["role_arn"]?.value { batch.noteAccount(accountOf(arn: role)) }
            batch.noteAccount(v["sso_account_id"]?.value)
            batch.profiles.append(.init(file: isConfig ? "config" : "credentials", name: name, keyId: keyId,
                                        region: v["region"]?.value, roleArn: v["role_arn"]?.value,
                                        sourceProfile: v["source_profile"]?.value, kind: kind))
        }
        return batch
    }
}
