import Foundation

/// Parses the CSV of `aws iam get-credential-report` (decoded from base64) into per-user
/// access-key slots. The report names no key ids: slots are matched to keys later by creation
/// time (`access_key_N_last_rotated` is when the key in that slot was created).
struct CredentialReportParser {
    let file: String
    let text: String

    static let requiredColumns = [
        "user", "arn", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
        "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service",
    ]

    func parse() throws -> ImportBatch {
        let rows = try CSVReader(file: file, text: text).rows()
        guard let header = rows.first else { throw RegistryError.malformed(file: file, line: 1, reason: "empty credential report") }
        let names = header.fields.map { $0.lowercased() }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name] = i }
        if let missing = Self.requiredColumns.first(where: { index[$0] == nil }) {
            throw RegistryError.malformed(file: file, line: header.line, reason: "credential report header lacks column '\(missing)'")
        }
        var batch = ImportBatch()
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                throw RegistryError.malformed(file: file, line: row.line,
                                              reason: "row has \(row.fields.count) fields, the header has \(names.count)")
            }
            func cell(_ name: String) -> String { row.fields[index[name]!] }
            func value(_ name: String) -> String? {
                let v = cell(name)
                return ["N/A", "not_supported", "no_information", ""].contains(v) ? nil : v
            }
            func bool(_ name: String) throws -> Bool {
                switch cell(name).lowercased() {
                case "true": return true
                case "false", "not_supported", "n/a": return false
                default:
                    throw RegistryError.malformed(file: file, line: row.line,
                                                  reason: "\(name) is '\(cell(name))', expected true or false")
                }
            }
            func date(_ name: String) throws -> Date? {
                guard let v = value(name) else { return nil }
                guard let d = ISODate.parse(v) else {
                    throw RegistryError.malformed(file: file, line: row.line, reason: "\(name) '\(v)' is not an ISO-8601 time")
                }
                return d
            }
            let user = cell("user"), arn = cell("arn")
            guard let account = accountOf(arn: arn) else {
                throw RegistryError.malformed(file: file, line: row.line, reason: "arn '\(arn)' has no account id")
            }
            batch.noteAccount(account)
            if user == "<root_account>" { continue }
            batch.users.append(.init(account: account, userName: user, arn: arn,
                                     created: try date("user_creation_time")))
            let mfa = try bool("mfa_active")
            for slot in 1...2 {
                let p = "access_key_\(slot)_"
                let active = try bool(p + "active")
                let rotated = try date(p + "last_rotated")
                guard active || rotated != nil else { continue }
                batch.reportSlots.append(.init(account: account, userName: user, arn: arn, slot: slot, active: active,
                                               lastRotated: rotated, lastUsed: try date(p + "last_used_date"),
                                               lastUsedRegion: value(p + "last_used_region"),
                                               lastUsedService: value(p + "last_used_service"), mfaActive: mfa))
            }
        }
        return batch
    }
}

/// RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends; each row keeps the line
/// it starts on for error messages.
struct CSVReader {
    let file: String
    let text: String

    struct Row { let line: Int; let fields: [String] }

    func rows() throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1, rowLine = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        func endRow() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n": endRow(); line += 1; rowLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { throw RegistryError.malformed(file: file, line: rowLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
