import GRDB

extension Registry {
    /// The schema, as versioned migrations. Never edit a shipped migration; add the next one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-credentials") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE account (id TEXT PRIMARY KEY NOT NULL, alias TEXT);
                CREATE TABLE access_key (
                    key_id TEXT PRIMARY KEY NOT NULL, account TEXT, user_name TEXT, status TEXT,
                    created DATETIME, last_used DATETIME, last_used_service TEXT, last_used_region TEXT,
                    secret_hmac TEXT, updated DATETIME NOT NULL);
                CREATE INDEX access_key_user ON access_key(user_name);
                CREATE TABLE iam_user (
                    account TEXT NOT NULL, user_name TEXT NOT NULL, arn TEXT, user_id TEXT, created DATETIME,
                    boundary_arn TEXT, tags TEXT, details_imported BOOLEAN NOT NULL DEFAULT 0,
                    PRIMARY KEY (account, user_name));
                CREATE TABLE iam_group (account TEXT NOT NULL, group_name TEXT NOT NULL, arn TEXT,
                    PRIMARY KEY (account, group_name));
                CREATE TABLE group_member (account TEXT NOT NULL, group_name TEXT NOT NULL, user_name TEXT NOT NULL,
                    PRIMARY KEY (account, group_name, user_name));
                CREATE TABLE iam_role (account TEXT NOT NULL, role_name TEXT NOT NULL, arn TEXT, trust_policy TEXT,
                    instance_profiles TEXT, PRIMARY KEY (account, role_name));
                CREATE TABLE managed_policy (arn TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, document TEXT);
                CREATE TABLE policy_link (
                    account TEXT NOT NULL, principal_kind TEXT NOT NULL, principal_name TEXT NOT NULL,
                    policy_name TEXT NOT NULL, policy_arn TEXT NOT NULL DEFAULT '', inline_document TEXT,
                    PRIMARY KEY (account, principal_kind, principal_name, policy_name, policy_arn));
                CREATE TABLE credential_report (
                    account TEXT NOT NULL, user_name TEXT NOT NULL, slot INTEGER NOT NULL, arn TEXT,
                    active BOOLEAN NOT NULL, last_rotated DATETIME, last_used DATETIME, last_used_region TEXT,
                    last_used_service TEXT, mfa_active BOOLEAN NOT NULL,
                    PRIMARY KEY (account, user_name, slot));
                CREATE TABLE profile (
                    file TEXT NOT NULL, name TEXT NOT NULL, key_id TEXT, region TEXT, role_arn TEXT,
                    source_profile TEXT, kind TEXT NOT NULL, PRIMARY KEY (file, name));
                """)
            var salt = [UInt8](repeating: 0, count: 32)
            var rng = SystemRandomNumberGenerator()
            for i in salt.indices { salt[i] = UInt8.random(in: .min ... .max, using: &rng) }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('secret_salt', ?)",
                           arguments: [salt.map { String($0, radix: 16).leftPadded(2) }.joined()])
        }
        migrator.registerMigration("v2-inventory") { db in
            try db.execute(sql: """
                CREATE TABLE inventory (
                    key_id TEXT PRIMARY KEY NOT NULL, workload TEXT, owner TEXT, team TEXT, contact TEXT,
                    repository TEXT, notes TEXT);
                INSERT INTO meta (key, value) VALUES ('schema_note', 'inventory: workload and owner per key');
                """)
        }
        return migrator
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
