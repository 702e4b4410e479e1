import Foundation
import GRDB
import KeysweepCore

/// The sweep's state in SQLite: per repository, the ref tips already scanned and the last failure;
/// every finding ever seen with its first-seen time and whether a report has shown it yet.
///
/// It shares a file with the credential registry by default, so its migrations are named
/// `sweep-…` and its tables `sweep_…`. Findings are stored redacted (the caller redacts them):
/// fingerprint, rule, path, commit and the report's JSON of the redacted finding; never a secret.
/// A repository's tips advance only in the transaction that stores its findings (`commit`).
public final class SweepStore: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating mode 0600, with its directory) the state database and migrates it.
    public init(path given: String) throws {
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        self.path = path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                   withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if !fm.fileExists(atPath: path) {
                let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
                if fd >= 0 { close(fd) } else if errno != EEXIST { throw SweepError.posix("create", path, errno) }
            }
            guard chmod(path, 0o600) == 0 else { throw SweepError.posix("chmod", path, errno) }
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(60)
            queue = try DatabaseQueue(path: path, configuration: config)
            try Self.migrator.migrate(queue)
        } catch let error as SweepError {
            throw error
        } catch {
            throw SweepError.state(path: path, reason: Self.describe(error))
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("sweep-v1") { db in
            try db.execute(sql: """
                CREATE TABLE sweep_repository (
                    id INTEGER PRIMARY KEY,
                    location TEXT NOT NULL UNIQUE,
                    last_attempt REAL,
                    last_success REAL,
                    last_error TEXT,
                    failures INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE sweep_tip (
                    repository_id INTEGER NOT NULL REFERENCES sweep_repository(id) ON DELETE CASCADE,
                    ref TEXT NOT NULL,
                    commit_id TEXT NOT NULL,
                    PRIMARY KEY (repository_id, ref, commit_id)
                );
                CREATE TABLE sweep_finding (
                    id INTEGER PRIMARY KEY,
                    repository_id INTEGER NOT NULL REFERENCES sweep_repository(id) ON DELETE CASCADE,
                    rule TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    path TEXT NOT NULL,
                    commit_id TEXT,
                    secret_redacted TEXT NOT NULL,
                    first_seen REAL NOT NULL,
                    reported_at REAL,
                    finding_json TEXT NOT NULL,
                    UNIQUE (repository_id, rule, fingerprint, path)
                );
                CREATE INDEX sweep_finding_unreported ON sweep_finding(reported_at) WHERE reported_at IS NULL;
                """)
        }
        return m
    }

    /// What the store knows about one repository before it is swept.
    public struct RepositoryState: Sendable, Equatable {
        public var known: Bool
        public var tips: [Tip]
        public var lastError: String?
    }

    /// One ref's tip as scanned.
    public struct Tip: Sendable, Hashable {
        public var ref: String
        public var commit: String
        public init(ref: String, commit: String) {
            self.ref = ref
            self.commit = commit
        }
    }

    /// The tips scanned last time (empty for a repository never swept) and the last failure.
    public func state(of location: String) throws -> RepositoryState {
        try wrap {
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT id, last_error FROM sweep_repository WHERE location = ?",
                                                 arguments: [location]) else {
                    return RepositoryState(known: false, tips: [], lastError: nil)
                }
                let tips = try Row.fetchAll(db, sql: "SELECT ref, commit_id FROM sweep_tip WHERE repository_id = ?",
                                            arguments: [row["id"] as Int64]).map { Tip(ref: $0["ref"], commit: $0["commit_id"]) }
                return RepositoryState(known: true, tips: tips, lastError: row["last_error"])
            }
        }
    }

    /// In one transaction: stores the (already redacted) findings not yet known for this
    /// repository, replaces its tips with `tips`, and clears its failure.
    /// - Returns: how many findings were new.
    @discardableResult
    public func commit(location: String, tips: [Tip], findings: [Finding], now: Date = Date()) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try wrap {
            try queue.write { db in
                let id = try Self.repositoryID(db, location)
                try db.execute(sql: """
                    UPDATE sweep_repository SET last_attempt = ?, last_success = ?, last_error = NULL, failures = 0
                    WHERE id = ?
                    """, arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, id])
                try db.execute(sql: "DELETE FROM sweep_tip WHERE repository_id = ?", arguments: [id])
                for tip in Set(tips) {
                    try db.execute(sql: "INSERT INTO sweep_tip (repository_id, ref, commit_id) VALUES (?, ?, ?)",
                                   arguments: [id, tip.ref, tip.commit])
                }
                var added = 0
                for f in findings {
                    let json = String(decoding: try encoder.encode(f), as: UTF8.self)
                    try db.execute(sql: """
                        INSERT INTO sweep_finding (repository_id, rule, fingerprint, path, commit_id, secret_redacted,
                                                   first_seen, finding_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (repository_id, rule, fingerprint, path) DO NOTHING
                        """, arguments: [id, f.rule, f.fingerprint, f.path, f.firstCommit ?? f.commit, f.secret,
                                         now.timeIntervalSince1970, json])
                    added += db.changesCount
                }
                return added
            }
        }
    }

    /// Records that sweeping a repository failed; its tips stay where they were.
    public func recordFailure(location: String, reason: String, now: Date = Date()) throws {
        try wrap {
            try queue.write { db in
                let id = try Self.repositoryID(db, location)
                try db.execute(sql: """
                    UPDATE sweep_repository SET last_attempt = ?, last_error = ?, failures = failures + 1 WHERE id = ?
                    """, arguments: [now.timeIntervalSince1970, reason, id])
            }
        }
    }

    /// Findings no report has shown yet (`all`: every finding known), oldest first.
    public func findings(all: Bool) throws -> [StoredFinding] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try wrap {
            try queue.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT f.id, r.location, f.first_seen, f.reported_at, f.finding_json
                    FROM sweep_finding f JOIN sweep_repository r ON r.id = f.repository_id
                    \(all ? "" : "WHERE f.reported_at IS NULL")
                    ORDER BY f.first_seen, f.id
                    """)
                return try rows.map { row in
                    let json: String = row["finding_json"]
                    return StoredFinding(
                        id: row["id"], repository: row["location"],
                        firstSeen: Date(timeIntervalSince1970: row["first_seen"]),
                        isNew: (row["reported_at"] as Double?) == nil,
                        finding: try decoder.decode(Finding.self, from: Data(json.utf8)))
                }
            }
        }
    }

    /// Marks findings as shown by a report, so the next sweep does not report them again.
    public func markReported(_ ids: [Int64], now: Date = Date()) throws {
        guard !ids.isEmpty else { return }
        try wrap {
            try queue.write { db in
                for id in ids {
                    try db.execute(sql: "UPDATE sweep_finding SET reported_at = ? WHERE id = ? AND reported_at IS NULL",
                                   arguments: [now.timeIntervalSince1970, id])
                }
            }
        }
    }

    private static func repositoryID(_ db: Database, _ location: String) throws -> Int64 {
        try db.execute(sql: "INSERT INTO sweep_repository (location) VALUES (?) ON CONFLICT (location) DO NOTHING",
                       arguments: [location])
        return try Int64.fetchOne(db, sql: "SELECT id FROM sweep_repository WHERE location = ?", arguments: [location])!
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SweepError { throw error } catch {
            throw SweepError.state(path: path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "SQLite error \(db.resultCode)" }
        return "\(error)"
    }
}

/// A finding as the store holds it: redacted, with its repository and first-seen time.
public struct StoredFinding: Sendable, Equatable {
    public var id: Int64
    public var repository: String
    public var firstSeen: Date
    /// True until a report has shown it.
    public var isNew: Bool
    public var finding: Finding
}
