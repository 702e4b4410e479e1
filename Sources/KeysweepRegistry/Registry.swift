import Foundation
import GRDB
import KeysweepAWS

/// KeysweepRegistry: the local credential registry, a SQLite file through GRDB. It records what
/// AWS exports and the team's inventory say about access keys (owner, status, age, policies,
/// workload) so that a leaked key id can be answered for at once, offline.
///
/// It never stores a secret: a secret seen in a credentials file is kept as HMAC-SHA-256 under a
/// random per-registry salt, enough to confirm a leaked secret is the real pair. The file is mode
/// 0600; every import is one transaction.
public final class Registry: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// `$XDG_DATA_HOME/keysweep/registry.sqlite`, else `~/.local/share/keysweep/registry.sqlite`.
    public static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/keysweep/registry.sqlite"
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/keysweep/registry.sqlite"
    }

    /// Opens (creating if needed, with its directory) the registry at `path` and migrates it to
    /// the current schema.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
            if !fm.fileExists(atPath: path) {
                let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
                guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                close(fd)
            }
            guard chmod(path, 0o600) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM) }
            var config = Configuration()
            config.foreignKeysEnabled = true
            queue = try DatabaseQueue(path: path, configuration: config)
            try Self.migrator.migrate(queue)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.cannotOpen(path: path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        if let db = error as? DatabaseError {
            return db.message ?? "SQLite error \(db.resultCode)"
        }
        return fileErrorReason(error)
    }

    /// The per-registry salt for secret fingerprints.
    func salt(_ db: Database) throws -> [UInt8] {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'secret_salt'") else {
            throw RegistryError.cannotOpen(path: path, reason: "the registry has no secret salt; it was not created by keysweep")
        }
        return Self.bytes(hex: hex)
    }

    /// HMAC-SHA-256 of `secret` under `salt`, lower-case hex.
    static func fingerprint(secret: String, salt: [UInt8]) -> String {
        SigV4Signer.hex(SigV4Signer.hmacSHA256(key: salt, data: Array(secret.utf8)))
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = hex.makeIterator()
        while let hi = chars.next(), let lo = chars.next() {
            if let b = UInt8(String([hi, lo]), radix: 16) { out.append(b) }
        }
        return out
    }

    /// Whether `secret` is the secret whose fingerprint the registry holds for `keyId`: true or
    /// false when a fingerprint is stored, nil when the registry never saw the secret.
    public func secretMatches(keyId: String, secret: String) throws -> Bool? {
        try queue.read { db in
            guard let stored = try String.fetchOne(db, sql: "SELECT secret_hmac FROM access_key WHERE key_id = ?",
                                                   arguments: [keyId]) else { return nil }
            return Self.fingerprint(secret: secret, salt: try salt(db)) == stored
        }
    }

    /// Removes everything the registry holds about `keyId`; returns whether it knew the key.
    @discardableResult
    public func forget(keyId: String) throws -> Bool {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM inventory WHERE key_id = ?", arguments: [keyId])
            try db.execute(sql: "UPDATE profile SET key_id = NULL WHERE key_id = ?", arguments: [keyId])
            let before = db.totalChangesCount
            try db.execute(sql: "DELETE FROM access_key WHERE key_id = ?", arguments: [keyId])
            return db.totalChangesCount > before
        }
    }

    /// Whether the registry has seen `account` in any import.
    public func knowsAccount(_ account: String) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM account WHERE id = ?)", arguments: [account]) ?? false
        }
    }

    /// Number of rows per table, for `registry list` and tests.
    public func counts() throws -> [String: Int] {
        try queue.read { db in
            var out: [String: Int] = [:]
            for table in ["access_key", "iam_user", "iam_group", "iam_role", "managed_policy", "policy_link",
                          "credential_report", "profile", "inventory", "account"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return out
        }
    }
}
