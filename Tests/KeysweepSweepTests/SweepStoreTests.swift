import Foundation
import Testing
import GRDB
import KeysweepCore
import KeysweepSweep
import KeysweepTestSupport

/// The state database, the lock, the configuration file and repository locations, on their own.
struct SweepStoreTests {
    static func finding(_ path: String, fingerprint: String = "f1") -> Finding {
        var f = Finding(rule: "github-pat", description: "GitHub token", severity: .high, confidence: .high,
                        secret: "ghp_********", fingerprint: fingerprint, path: path, line: 1, column: 1)
        f.commit = String(repeating: "a", count: 40)
        return f
    }

    @Test func tipsAdvanceTogetherWithFindingsAndKnownFindingsAreNotNew() throws {
        let dir = try TempDir.make("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SweepStore(path: dir + "/s/state.sqlite")
        #expect(try store.state(of: "/r").known == false)
        let tips = [SweepStore.Tip(ref: "refs/heads/main", commit: String(repeating: "b", count: 40))]
        #expect(try store.commit(location: "/r", tips: tips, findings: [Self.finding("a.txt")]) == 1)
        #expect(try store.commit(location: "/r", tips: tips, findings: [Self.finding("a.txt"), Self.finding("b.txt")]) == 1)
        let state = try store.state(of: "/r")
        #expect(state.known && state.tips == tips && state.lastError == nil)

        let unreported = try store.findings(all: false)
        #expect(unreported.map(\.finding.path) == ["a.txt", "b.txt"])
        try store.markReported(unreported.map(\.id))
        #expect(try store.findings(all: false).isEmpty)
        #expect(try store.findings(all: true).count == 2)
    }

    @Test func aFailureKeepsTheTipsAndIsClearedBySuccess() throws {
        let dir = try TempDir.make("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SweepStore(path: dir + "/state.sqlite")
        let tips = [SweepStore.Tip(ref: "refs/heads/main", commit: String(repeating: "c", count: 40))]
        try store.commit(location: "u", tips: tips, findings: [])
        try store.recordFailure(location: "u", reason: "cannot fetch u: connection refused")
        var state = try store.state(of: "u")
        #expect(state.tips == tips)
        #expect(state.lastError == "cannot fetch u: connection refused")
        try store.commit(location: "u", tips: tips, findings: [])
        state = try store.state(of: "u")
        #expect(state.lastError == nil)
    }

    @Test func migrationsAreNamedForTheSweepAndCoexistWithOthers() throws {
        let dir = try TempDir.make("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/shared.sqlite"
        let other = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("registry-v1") { db in try db.execute(sql: "CREATE TABLE key (id TEXT)") }
        try migrator.migrate(other)
        try other.close()
        _ = try SweepStore(path: path)
        let names = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(names == ["registry-v1", "sweep-v1"])
    }

    @Test func aSecondLockFailsAtOnceWithoutWait() throws {
        let dir = try TempDir.make("lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try SweepLock(path: dir + "/x.lock", wait: false)
        // flock locks belong to open file descriptions, so a second open in this process conflicts too.
        #expect(throws: SweepError.self) { _ = try SweepLock(path: dir + "/x.lock", wait: false) }
        withExtendedLifetime(first) {}
    }

    @Test func configResolvesPathsAndRepositoryKinds() throws {
        let text = """
            state = "state.sqlite"
            jobs = 3
            [[repository]]
            url = "https://example.com/org/app.git"
            exclude-refs = ["refs/pull/*"]
            [[repository]]
            path = "repos/tools"
            name = "tools"
            exclude-paths = ["vendor/*", "testdata/"]
            """
        let config = try SweepConfig.parse(text, file: "/etc/keysweep/sweep.toml")
        #expect(config.state == "/etc/keysweep/state.sqlite")
        #expect(config.jobs == 3)
        #expect(config.repositories[0].kind == .remote(url: "https://example.com/org/app.git"))
        #expect(config.repositories[0].excludes(ref: "refs/pull/7/head"))
        #expect(config.repositories[1].kind == .local(path: "/etc/keysweep/repos/tools"))
        #expect(config.repositories[1].name == "tools")
        #expect(config.repositories[1].excludes(path: "vendor/lib/a.go"))
        #expect(config.repositories[1].excludes(path: "testdata/x"))
        #expect(!config.repositories[1].excludes(path: "src/main.go"))
        #expect(throws: SweepError.self) { try SweepConfig.parse("[[repository]]\nname = \"x\"\n", file: "s.toml") }
    }

    @Test func locationsAndMirrorPaths() throws {
        #expect(try SweepTarget(location: "git@github.com:org/app.git").kind == .remote(url: "git@github.com:org/app.git"))
        #expect(try SweepTarget(location: "ssh://git@host/x.git").kind == .remote(url: "ssh://git@host/x.git"))
        #expect(try SweepTarget(location: "sub/repo", relativeTo: "/srv").kind == .local(path: "/srv/sub/repo"))
        #expect(throws: SweepError.self) { try SweepTarget(location: "ftp://host/x") }
        let a = try SweepTarget(location: "https://h/org/app.git").mirrorPath(cache: "/c")!
        let b = try SweepTarget(location: "https://other/org/app.git").mirrorPath(cache: "/c")!
        #expect(a.hasPrefix("/c/app-") && a.hasSuffix(".git") && a != b)
    }
}
