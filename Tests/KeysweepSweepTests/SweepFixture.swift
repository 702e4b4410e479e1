import Foundation
import KeysweepTestSupport

/// A set of real repositories with planted secrets, a state database and a mirror cache in one
/// temporary directory, and helpers to run `keysweep sweep` over them.
final class SweepFixture: @unchecked Sendable {
    let root: String
    var repos: [TestRepo] = []
    /// What each `--repo` argument is: a path or a file:// URL.
    var locations: [String] = []

    var state: String { root + "/state/sweep.sqlite" }
    var cache: String { root + "/cache" }

    init() throws {
        root = try TempDir.make("sweep")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Adds a repository with a README commit and then one commit planting `content` at `file`.
    /// `url`: sweep it through a file:// URL (mirrored) instead of its path.
    @discardableResult
    func addRepo(file: String, content: String, url: Bool = false) throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("README.md", "# service \(repos.count)\n")
        try repo.commit("initial commit")
        try repo.write(file, content)
        try repo.commit("add \(file)")
        repos.append(repo)
        locations.append(url ? "file://" + repo.path : repo.path)
        return repo
    }

    /// Environment for the sweep: isolated git config, registry and cache locations.
    var env: [String: String] {
        TestRepo.gitEnv.merging(["XDG_DATA_HOME": root + "/data", "XDG_CACHE_HOME": root + "/xdg-cache"]) { $1 }
    }

    func arguments(_ extra: [String] = [], locations: [String]? = nil) -> [String] {
        ["sweep", "--state", state, "--cache", cache] + (locations ?? self.locations).flatMap { ["--repo", $0] } + extra
    }

    /// Runs a sweep with JSON-lines output.
    func sweep(_ extra: [String] = [], locations: [String]? = nil, env extraEnv: [String: String] = [:]) throws -> SweepRun {
        let r = try Run.keysweep(arguments(["--format", "jsonl"] + extra, locations: locations), env: env.merging(extraEnv) { $1 })
        return SweepRun(result: r)
    }

    /// Runs a sweep with the text summary.
    func sweepText(_ extra: [String] = []) throws -> Run.Result {
        try Run.keysweep(arguments(extra), env: env)
    }

    /// Starts a sweep in the background with stderr going to a file, for tests that kill it.
    func start(_ extra: [String], env extraEnv: [String: String]) throws -> (Process, String, String) {
        let out = root + "/out-\(UUID().uuidString.prefix(6))", err = out + ".err"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Run.keysweepBinary)
        p.arguments = arguments(["--format", "jsonl"] + extra)
        p.environment = ProcessInfo.processInfo.environment.merging(env.merging(extraEnv) { $1 }) { $1 }
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle(forWritingAtPath: err)
        try p.run()
        return (p, out, err)
    }

    /// Waits (up to `seconds`) until the file holds `text`.
    static func waitFor(_ text: String, in file: String, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let s = try? String(contentsOfFile: file, encoding: .utf8), s.contains(text) { return true }
            usleep(50_000)
        }
        return false
    }
}

/// One sweep's result with its JSON lines decoded.
struct SweepRun {
    let result: Run.Result
    var status: Int32 { result.status }

    /// Each reported finding as a dictionary.
    var findings: [[String: Any]] {
        result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Each reported finding as `repository|rule|path|fingerprint`.
    var keys: [String] {
        findings.map { f in
            ["repository", "rule", "path", "fingerprint"].map { f[$0] as? String ?? "?" }.joined(separator: "|")
        }
    }
}
