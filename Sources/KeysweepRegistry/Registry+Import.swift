import Foundation
import GRDB

/// What one import did.
public struct ImportSummary: Sendable, Equatable {
    public var file: String
    public var format: ImportFormat
    public var keys: Int
    public var users: Int
    public var records: Int
}

extension Registry {
    /// Imports one file in one transaction: parses it whole first, then writes; any error leaves
    /// the registry as it was. `format` forces the format; otherwise it is detected from content.
    /// `keyId` names the key of a get-access-key-last-used export (else taken from the file name).
    @discardableResult
    public func importFile(_ file: String, format: ImportFormat? = nil, keyId: String? = nil) throws -> ImportSummary {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw RegistryError.malformed(file: file, line: nil, reason: "not UTF-8 text")
            }
            text = decoded
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.unreadable(file: file, reason: fileErrorReason(error))
        }
        let hint = keyId ?? Self.keyIdInFileName(file)
        return try importText(text, source: file, format: format, keyId: hint)
    }

    /// Imports `text` read from `source` (a file name used in messages).
    @discardableResult
    public func importText(_ text: String, source: String, format: ImportFormat? = nil,
                           keyId: String? = nil) throws -> ImportSummary {
        guard let format = format ?? ImportFormat.detect(text) else { throw RegistryError.unknownFormat(file: source) }
        return try queue.write { db in
            let salt = try self.salt(db)
            let batch = try Self.parse(text, source: source, format: format, keyId: keyId,
                                       fingerprint: { Self.fingerprint(secret: $0, salt: salt) })
            try Self.apply(batch, to: db)
            return ImportSummary(file: source, format: format, keys: batch.keys.count,
                                 users: batch.users.count, records: batch.recordCount)
        }
    }

    static func parse(_ text: String, source: String, format: ImportFormat, keyId: String?,
                      fingerprint: @escaping (String) -> String) throws -> ImportBatch {
        let json = IAMExportParser(file: source, text: text, fingerprint: fingerprint)
        switch format {
        case .listAccessKeys: return try json.listAccessKeys()
        case .accessKeyLastUsed: return try json.accessKeyLastUsed(keyIdHint: keyId)
        case .authorizationDetails: return try json.authorizationDetails()
        case .callerIdentity: return try json.callerIdentity()
        case .createAccessKey: return try json.createAccessKey()
        case .credentialReport:
            if text.drop(while: \.isWhitespace).hasPrefix("{") { return try json.credentialReportJSON() }
            return try CredentialReportParser(file: source, text: text).parse()
        case .credentialsFile:
            return try AWSConfigParser(file: source, text: text, isConfig: false, fingerprint: fingerprint).parse()
        case .configFile:
            return try AWSConfigParser(file: source, text: text, isConfig: true, fingerprint: fingerprint).parse()
        case .inventoryTOML: return try InventoryParser(file: source, text: text).parseTOML()
        case .inventoryCSV: return try InventoryParser(file: source, text: text).parseCSV()
        }
    }

    /// A key id embedded in a file name such as `AKIA….last-used.json`.
    static func keyIdInFileName(_ file: String) -> String? {
        let name = URL(fileURLWithPath: file).lastPathComponent
        let chars = Array(name)
        guard chars.count >= 20 else { return nil }
        for start in 0...(chars.count - 20) {
            let candidate = String(chars[start..<start + 20])
            if IAMExportParser.looksLikeLegacyKey(candidate) { return candidate }
        }
        return nil
    }

    /// Writes a parsed batch. Upserts keep values a file does not mention; authorization details
    /// replace a principal's group memberships and policy links wholesale, so re-imports converge.
    static func apply(_ batch: ImportBatch, to db: Database) throws {
        let now = Date()
        for (id, alias) in batch.accounts {
            try db.execute(sql: """
                INSERT INTO account (id, alias) VALUES (?, ?)
                ON CONFLICT(id) DO UPDATE SET alias = COALESCE(excluded.alias, alias)
                """, arguments: [id, alias])
        }
        for k in batch.keys {
            try db.execute(sql: """
                INSERT INTO access_key (key_id, account, user_name, status, created, last_used, last_used_service,
                                        last_used_region, secret_hmac, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(key_id) DO UPDATE SET
                    account = COALESCE(excluded.account, account), user_name = COALESCE(excluded.user_name, user_name),
                    status = COALESCE(excluded.status, status), created = COALESCE(excluded.created, created),
                    last_used = COALESCE(excluded.last_used, last_used),
                    last_used_service = COALESCE(excluded.last_used_service, last_used_service),
                    last_used_region = COALESCE(excluded.last_used_region, last_used_region),
                    secret_hmac = COALESCE(excluded.secret_hmac, secret_hmac), updated = excluded.updated
                """, arguments: [k.keyId, k.account, k.userName, k.status, k.created, k.lastUsed, k.lastUsedService,
                                 k.lastUsedRegion, k.secretHMAC, now])
        }
        for u in batch.users {
            var tags: String? = nil
            if let details = u.details, !details.tags.isEmpty,
               let data = try? JSONSerialization.data(withJSONObject: details.tags, options: [.sortedKeys]) {
                tags = String(decoding: data, as: UTF8.self)
            }
            try db.execute(sql: """
                INSERT INTO iam_user (account, user_name, arn, user_id, created, boundary_arn, tags, details_imported)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(account, user_name) DO UPDATE SET
                    arn = COALESCE(excluded.arn, arn), user_id = COALESCE(excluded.user_id, user_id),
                    created = COALESCE(excluded.created, created),
                    boundary_arn = CASE WHEN excluded.details_imported THEN excluded.boundary_arn ELSE boundary_arn END,
                    tags = CASE WHEN excluded.details_imported THEN excluded.tags ELSE tags END,
                    details_imported = MAX(details_imported, excluded.details_imported)
                """, arguments: [u.account, u.userName, u.arn, u.userId, u.created, u.details?.boundaryArn, tags,
                                 u.details != nil])
            guard let details = u.details else { continue }
            try db.execute(sql: "DELETE FROM group_member WHERE account = ? AND user_name = ?",
                           arguments: [u.account, u.userName])
            for group in details.groups {
                try db.execute(sql: "INSERT OR IGNORE INTO group_member (account, group_name, user_name) VALUES (?, ?, ?)",
                               arguments: [u.account, group, u.userName])
            }
            try replaceLinks(details.policies, account: u.account, kind: "user", name: u.userName, db: db)
        }
        for g in batch.groups {
            try db.execute(sql: """
                INSERT INTO iam_group (account, group_name, arn) VALUES (?, ?, ?)
                ON CONFLICT(account, group_name) DO UPDATE SET arn = COALESCE(excluded.arn, arn)
                """, arguments: [g.account, g.name, g.arn])
            try replaceLinks(g.policies, account: g.account, kind: "group", name: g.name, db: db)
        }
        for r in batch.roles {
            try db.execute(sql: """
                INSERT OR REPLACE INTO iam_role (account, role_name, arn, trust_policy, instance_profiles)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [r.account, r.name, r.arn, r.trustPolicy, r.instanceProfiles.joined(separator: ",")])
            try replaceLinks(r.policies, account: r.account, kind: "role", name: r.name, db: db)
        }
        for p in batch.managedPolicies {
            try db.execute(sql: """
                INSERT INTO managed_policy (arn, name, document) VALUES (?, ?, ?)
                ON CONFLICT(arn) DO UPDATE SET name = excluded.name, document = COALESCE(excluded.document, document)
                """, arguments: [p.arn, p.name, p.document])
        }
        for s in batch.reportSlots {
            try db.execute(sql: """
                INSERT OR REPLACE INTO credential_report (account, user_name, slot, arn, active, last_rotated, last_used,
                                                          last_used_region, last_used_service, mfa_active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.account, s.userName, s.slot, s.arn, s.active, s.lastRotated, s.lastUsed,
                                 s.lastUsedRegion, s.lastUsedService, s.mfaActive])
        }
        for p in batch.profiles {
            try db.execute(sql: """
                INSERT OR REPLACE INTO profile (file, name, key_id, region, role_arn, source_profile, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [p.file, p.name, p.keyId, p.region, p.roleArn, p.sourceProfile, p.kind])
        }
        for e in batch.inventory {
            try db.execute(sql: """
                INSERT OR REPLACE INTO inventory (key_id, workload, owner, team, contact, repository, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [e.keyId, e.workload, e.owner, e.team, e.contact, e.repository, e.notes])
        }
    }

    static func replaceLinks(_ links: [ImportBatch.PolicyLink], account: String, kind: String, name: String,
                             db: Database) throws {
        try db.execute(sql: "DELETE FROM policy_link WHERE account = ? AND principal_kind = ? AND principal_name = ?",
                       arguments: [account, kind, name])
        for link in links {
            try db.execute(sql: """
                INSERT OR REPLACE INTO policy_link (account, principal_kind, principal_name, policy_name, policy_arn,
                                                    inline_document)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [account, kind, name, link.name, link.arn ?? "", link.inlineDocument])
        }
    }
}
