import Foundation

/// The exports and files `keysweep registry import` understands, and how each is recognised from
/// its content when `--format` is not given.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// `aws iam list-access-keys` JSON (`AccessKeyMetadata`).
    case listAccessKeys = "list-access-keys"
    /// `aws iam get-access-key-last-used` JSON (`AccessKeyLastUsed`).
    case accessKeyLastUsed = "get-access-key-last-used"
    /// `aws iam get-account-authorization-details` JSON (users, groups, roles, policies).
    case authorizationDetails = "get-account-authorization-details"
    /// `aws iam get-credential-report`: the CSV, or the JSON whose `Content` is the base64 CSV.
    case credentialReport = "credential-report"
    /// `aws sts get-caller-identity` JSON.
    case callerIdentity = "get-caller-identity"
    /// `aws iam create-access-key` JSON: kept as key id + secret fingerprint, never the secret.
    case createAccessKey = "create-access-key"
    /// `~/.aws/credentials` (INI; `[name]` sections).
    case credentialsFile = "aws-credentials"
    /// `~/.aws/config` (INI; `[profile name]`, `[sso-session name]` sections).
    case configFile = "aws-config"
    /// keysweep's own inventory, TOML (`[[keys]]` tables).
    case inventoryTOML = "inventory-toml"
    /// keysweep's own inventory, CSV (header with `key_id` and `workload`).
    case inventoryCSV = "inventory-csv"

    /// Accepts the raw names plus the short aliases `credentials` and `config`.
    public static func named(_ name: String) -> ImportFormat? {
        switch name.lowercased() {
        case "credentials": return .credentialsFile
        case "config": return .configFile
        default: return ImportFormat(rawValue: name.lowercased())
        }
    }

    /// Guesses the format from the text; nil when nothing fits.
    public static func detect(_ text: String) -> ImportFormat? {
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("{") {
            func has(_ key: String) -> Bool { trimmed.contains("\"\(key)\"") }
            if has("AccessKeyMetadata") { return .listAccessKeys }
            if has("AccessKeyLastUsed") { return .accessKeyLastUsed }
            if has("UserDetailList") || has("GroupDetailList") || has("RoleDetailList") { return .authorizationDetails }
            if has("Content") && (has("ReportFormat") || has("GeneratedTime")) { return .credentialReport }
            if has("AccessKey") && has("SecretAccessKey") { return .createAccessKey }
            if has("Arn") && has("Account") && has("UserId") { return .callerIdentity }
            return nil
        }
        let firstLine = trimmed.prefix { $0 != "\n" && $0 != "\r" }.lowercased()
        if firstLine.hasPrefix("user,arn,") { return .credentialReport }
        if firstLine.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains("key_id") {
            return .inventoryCSV
        }
        let lines = trimmed.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(where: { $0.hasPrefix("[[") }) { return .inventoryTOML }
        let sections = lines.filter { $0.hasPrefix("[") }
        guard !sections.isEmpty else { return nil }
        if sections.contains(where: { $0.hasPrefix("[profile ") || $0.hasPrefix("[sso-session ") || $0.hasPrefix("[services ") }) {
            return .configFile
        }
        if lines.contains(where: { $0.lowercased().hasPrefix("aws_access_key_id") || $0.lowercased().hasPrefix("aws_secret_access_key") }) {
            return .credentialsFile
        }
        if lines.contains(where: { $0.hasPrefix("region") || $0.hasPrefix("output") }) { return .configFile }
        return nil
    }
}
