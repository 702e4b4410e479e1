import Foundation
import GRDB
import KeysweepAWS

extension Registry {
    /// Everything known about `keyId`, or nil when no import mentioned it.
    public func record(for keyId: String) throws -> KeyRecord? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM access_key WHERE key_id = ?", arguments: [keyId]) else {
                return nil
            }
            var record = KeyRecord(keyId: keyId)
            record.account = (row["account"] as String?) ?? AccessKeyID(keyId)?.account
            record.userName = row["user_name"]
            record.status = row["status"]
            record.created = row["created"]
            record.lastUsed = row["last_used"]
            record.lastUsedService = row["last_used_service"]
            record.lastUsedRegion = row["last_used_region"]
            record.hasSecretFingerprint = (row["secret_hmac"] as String?) != nil
            if let userName = record.userName {
                record.user = try user(named: userName, account: record.account, db: db)
                if record.account == nil, let account = record.user?.account, !account.isEmpty { record.account = account }
                if let user = record.user {
                    try applyReport(to: &record, user: user, db: db)
                }
            }
            if let account = record.account {
                let alias = try Row.fetchOne(db, sql: "SELECT alias FROM account WHERE id = ?", arguments: [account])
                record.accountKnown = alias != nil
                record.accountAlias = alias?["alias"]
            }
            record.profiles = try String.fetchAll(db, sql: "SELECT file || ':' || name FROM profile WHERE key_id = ? ORDER BY 1",
                                                  arguments: [keyId])
            if let inv = try Row.fetchOne(db, sql: "SELECT * FROM inventory WHERE key_id = ?", arguments: [keyId]) {
                record.inventory = InventoryRecord(workload: inv["workload"], owner: inv["owner"], team: inv["team"],
                                                   contact: inv["contact"], repository: inv["repository"], notes: inv["notes"])
            }
            return record
        }
    }

    /// The user `name` in `account`, else in an unknown account (''), else the only user of that name.
    func user(named name: String, account: String?, db: Database) throws -> UserRecord? {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM iam_user WHERE user_name = ? ORDER BY details_imported DESC",
                                    arguments: [name])
        let row = rows.first { ($0["account"] as String) == (account ?? "") && ($0["details_imported"] as Bool) }
            ?? rows.first { ($0["account"] as String) == (account ?? "") }
            ?? rows.first { ($0["account"] as String).isEmpty }
            ?? (rows.count == 1 ? rows[0] : nil)
        guard let row else { return nil }
        let acct: String = row["account"]
        var tags: [String: String] = [:]
        if let json: String = row["tags"], let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String] {
            tags = parsed
        }
        let groups = try String.fetchAll(db, sql: "SELECT group_name FROM group_member WHERE account = ? AND user_name = ? ORDER BY 1",
                                         arguments: [acct, name])
        var policies = try links(kind: "user", name: name, account: acct, via: "user", db: db)
        for group in groups {
            policies += try links(kind: "group", name: group, account: acct, via: "group:\(group)", db: db)
        }
        let mfa = try Bool.fetchOne(db, sql: "SELECT mfa_active FROM credential_report WHERE account = ? AND user_name = ? LIMIT 1",
                                    arguments: [acct, name])
        return UserRecord(account: acct, userName: name, arn: row["arn"], userId: row["user_id"], created: row["created"],
                          permissionsBoundary: row["boundary_arn"], detailsKnown: row["details_imported"], mfaActive: mfa,
                          tags: tags, groups: groups, policies: policies)
    }

    func links(kind: String, name: String, account: String, via: String, db: Database) throws -> [PolicyRecord] {
        try Row.fetchAll(db, sql: """
            SELECT l.policy_name, l.policy_arn, COALESCE(l.inline_document, m.document) AS document
            FROM policy_link l LEFT JOIN managed_policy m ON m.arn = l.policy_arn AND l.policy_arn != ''
            WHERE l.account = ? AND l.principal_kind = ? AND l.principal_name = ?
            ORDER BY l.policy_arn != '', l.policy_name
            """, arguments: [account, kind, name]).map { row in
            let arn: String = row["policy_arn"]
            return PolicyRecord(name: row["policy_name"], arn: arn.isEmpty ? nil : arn, via: via, document: row["document"])
        }
    }

    /// Fills last-rotated (and missing last-used) from the credential report slot whose
    /// last-rotated time is the key's creation time, else the only slot in use.
    func applyReport(to record: inout KeyRecord, user: UserRecord, db: Database) throws {
        let slots = try Row.fetchAll(db, sql: "SELECT * FROM credential_report WHERE account = ? AND user_name = ? ORDER BY slot",
                                     arguments: [user.account, user.userName])
        guard !slots.isEmpty else { return }
        var match: Row? = nil
        if let created = record.created {
            match = slots.first { row in
                guard let rotated: Date = row["last_rotated"] else { return false }
                return abs(rotated.timeIntervalSince(created)) < 2
            }
        }
        if match == nil, slots.count == 1 { match = slots[0] }
        guard let slot = match else { return }
        record.lastRotated = slot["last_rotated"]
        if record.lastUsed == nil { record.lastUsed = slot["last_used"] }
        if record.lastUsedService == nil { record.lastUsedService = slot["last_used_service"] }
        if record.lastUsedRegion == nil { record.lastUsedRegion = slot["last_used_region"] }
        if record.status == nil { record.status = (slot["active"] as Bool) ? "Active" : "Inactive" }
    }

    /// All keys, for `registry list`, ordered by account and key id.
    public func keys() throws -> [KeySummary] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.key_id, k.account, k.user_name, k.status, k.last_used, k.secret_hmac IS NOT NULL AS has_fp,
                       i.workload
                FROM access_key k LEFT JOIN inventory i ON i.key_id = k.key_id
                ORDER BY k.account, k.key_id
                """).map { row in
                KeySummary(keyId: row["key_id"], account: row["account"], userName: row["user_name"], status: row["status"],
                           lastUsed: row["last_used"], workload: row["workload"], hasSecretFingerprint: row["has_fp"])
            }
        }
    }
}
