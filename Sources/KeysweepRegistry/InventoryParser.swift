import Foundation
import KeysweepAWS
import TOMLKit

/// Parses keysweep's inventory: which workload uses each key and who answers for it.
///
/// TOML:
/// ```toml
/// [[keys]]
/// key_id = "AKIA…"
/// workload = "github-actions"   # one of `InventoryParser.workloads`
/// owner = "jdoe"                # optional: owner, team, contact, repository, account_alias, notes
/// repository = "acme/webshop"
/// ```
/// CSV: a header naming `key_id` and any of the same columns, one key per row.
struct InventoryParser {
    let file: String
    let text: String

    /// Workloads the advisor knows how to move to role-based credentials.
    static let workloads: [String] = [
        "ec2", "lambda", "ecs", "eks", "github-actions", "gitlab-ci", "ci", "on-prem", "laptop", "other",
    ]
    static let columns: Set<String> = ["key_id", "workload", "owner", "team", "contact", "repository", "account_alias", "notes"]

    func entry(_ fields: [String: String], line: Int?) throws -> ImportBatch.InventoryEntry {
        guard let id = fields["key_id"], !id.isEmpty else {
            throw RegistryError.malformed(file: file, line: line, reason: "an inventory entry has no key_id")
        }
        guard AccessKeyID(id) != nil || IAMExportParser.looksLikeLegacyKey(id) else {
            throw RegistryError.malformed(file: file, line: line, reason: "key_id '\(id)' is not an AWS access key id")
        }
        if let workload = fields["workload"], !workload.isEmpty, !Self.workloads.contains(workload) {
            throw RegistryError.malformed(file: file, line: line,
                                          reason: "workload '\(workload)' is not one of \(Self.workloads.joined(separator: ", "))")
        }
        if let unknown = fields.keys.sorted().first(where: { !Self.columns.contains($0) }) {
            throw RegistryError.malformed(file: file, line: line,
                                          reason: "unknown field '\(unknown)'; known: \(Self.columns.sorted().joined(separator: ", "))")
        }
        func get(_ k: String) -> String? { fields[k].flatMap { $0.isEmpty ? nil : $0 } }
        return .init(keyId: id, workload: get("workload"), owner: get("owner"), team: get("team"), contact: get("contact"),
                     repository: get("repository"), accountAlias: get("account_alias"), notes: get("notes"))
    }

    func parseTOML() throws -> ImportBatch {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw RegistryError.malformed(file: file, line: error.source.begin.line, reason: "not valid TOML: \(error.description)")
        }
        guard let keys = table["keys"]?.array else {
            throw RegistryError.malformed(file: file, line: nil, reason: "no [[keys]] tables")
        }
        let locator = LineLocator(text: text)
        var batch = ImportBatch()
        for (i, value) in keys.enumerated() {
            let line = locator.line(of: "[[keys]]", occurrence: i)
            guard let entryTable = value.table else {
                throw RegistryError.malformed(file: file, line: line, reason: "keys[\(i)] is not a table")
            }
            var fields: [String: String] = [:]
            for key in entryTable.keys {
                guard let s = entryTable[key]?.string else {
                    throw RegistryError.malformed(file: file, line: line, reason: "\(key) must be a string")
                }
                fields[key] = s
            }
            try add(entry(fields, line: line), to: &batch)
        }
        return batch
    }

    func parseCSV() throws -> ImportBatch {
        let rows = try CSVReader(file: file, text: text).rows()
        guard let header = rows.first else { throw RegistryError.malformed(file: file, line: 1, reason: "empty inventory") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names.contains("key_id") else {
            throw RegistryError.malformed(file: file, line: header.line, reason: "the header has no key_id column")
        }
        var batch = ImportBatch()
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                throw RegistryError.malformed(file: file, line: row.line,
                                              reason: "row has \(row.fields.count) fields, the header has \(names.count)")
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(names, row.fields) { fields[name] = value.trimmingCharacters(in: .whitespaces) }
            try add(entry(fields, line: row.line), to: &batch)
        }
        return batch
    }

    func add(_ entry: ImportBatch.InventoryEntry, to batch: inout ImportBatch) throws {
        batch.inventory.append(entry)
        let account = AccessKeyID(entry.keyId)?.account
        batch.noteAccount(account, alias: entry.accountAlias)
        batch.keys.append(.init(keyId: entry.keyId, account: account))
    }
}
