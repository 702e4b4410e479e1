import Foundation
import Synchronization
import ArgumentParser
import KeysweepCore
import KeysweepRules
import KeysweepMatch
import KeysweepRegistry
import KeysweepAdvice
import KeysweepSweep

/// `keysweep sweep`: an incremental, crash-safe sweep over many repositories, for a schedule.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sweep many repositories incrementally and report only findings not reported before.",
        discussion: """
        Each repository's scanned ref tips are kept in the state database; the next sweep scans only \
        commits not reachable from them. Findings are stored redacted with their first-seen time. \
        Exit codes: 0 nothing new, 1 new findings, 2 a repository failed or another error (wins).
        See docs/sweep.md for the configuration file and scheduling.
        """)

    @Option(help: ArgumentHelp("A sweep configuration (TOML): repositories, state, cache, report.", valueName: "sweep.toml"),
            completion: .file())
    var config: String?

    @Option(name: .customLong("repo"), help: ArgumentHelp("A repository to sweep: a path, or a file://, https:// or ssh URL (repeatable).",
                                                           valueName: "url-or-path"))
    var repos: [String] = []

    @Option(help: ArgumentHelp("The state database (default: the config's `state`, else the registry's database file).",
                               valueName: "path"), completion: .file())
    var state: String?

    @Option(help: ArgumentHelp("Where remote repositories are mirrored (default: $XDG_CACHE_HOME/keysweep/mirrors).",
                               valueName: "dir"), completion: .directory)
    var cache: String?

    @Option(help: ArgumentHelp("Append the reported findings as JSON lines to this file (mode 0600).", valueName: "path"),
            completion: .file())
    var output: String?

    @Option(help: "Standard output: text (a summary) or jsonl (one finding a line).")
    var format: String = "text"

    @Flag(help: "Report every finding known, not only new ones.")
    var all = false

    @Option(help: "Repositories swept in parallel (default: the config's `jobs`, else 2).")
    var jobs: Int?

    @Option(help: ArgumentHelp("A rule file for repositories that name none (default: the built-in rules).", valueName: "path"),
            completion: .file())
    var rules: String?

    @Option(help: "Skip blobs larger than this (bytes, or with K, M, G).")
    var maxBlobSize: String = "16M"

    @Flag(help: "If another sweep holds the state, wait for it instead of exiting.")
    var wait = false

    @Flag(help: "Do not fetch remote repositories; sweep their mirrors as they are.")
    var noFetch = false

    @OptionGroup var registryOptions: RegistryOptions

    func validate() throws {
        guard config != nil || !repos.isEmpty else {
            throw ValidationError("give --config sweep.toml or at least one --repo")
        }
        guard ["text", "jsonl"].contains(format) else { throw ValidationError("unknown format '\(format)'; use text or jsonl") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard ByteSize.parse(maxBlobSize) != nil else {
            throw ValidationError("--max-blob-size '\(maxBlobSize)' is not a size; write e.g. 16M or 1048576")
        }
    }

    func run() throws {
        var settings = SweepConfig()
        do {
            if let config { settings = try SweepConfig.load(file: config) }
            for repo in repos { settings.repositories.append(try SweepTarget(location: repo)) }
        } catch { throw Failure("\(error)") }
        let statePath = URL(fileURLWithPath: state ?? settings.state ?? Registry.defaultPath).standardizedFileURL.path
        let reportPath = output ?? settings.report
        let parallel = jobs ?? settings.jobs ?? 2
        let defaultRules = rules ?? settings.rules

        // Rule files are parsed and compiled only when a repository has commits to scan, so an
        // unchanged sweep pays for no rules; a missing file is still reported before sweeping.
        for path in Set(settings.repositories.compactMap { $0.rules ?? defaultRules })
        where !FileManager.default.fileExists(atPath: path) {
            throw Failure("\(path): no such rule file; fix `rules` in the configuration or --rules")
        }
        let compiler = RuleCompiler()

        let registry = try registryOptions.openIfPresent()
        let lock: SweepLock, store: SweepStore
        do {
            lock = try SweepLock(path: statePath + ".sweep-lock", wait: wait)
            store = try SweepStore(path: statePath)
        } catch { throw Failure("\(error)") }
        defer { withExtendedLifetime(lock) {} }

        let cores = ProcessInfo.processInfo.activeProcessorCount
        let options = SweepRunner.Options(
            cache: URL(fileURLWithPath: cache ?? settings.cache ?? Self.defaultCache).standardizedFileURL.path, jobs: parallel,
            scanJobs: max(1, cores / min(parallel, max(1, settings.repositories.count))),
            gate: BlobGate(maxSize: ByteSize.parse(maxBlobSize)!), fetch: !noFetch)
        let runner = SweepRunner(store: store, options: options, annotate: { findings, target in
            Correlator.annotate(&findings, registry: registry, repository: Self.slug(target))
        }, afterCommit: Self.testPauseHook())
        let outcomes = runner.run(settings.repositories) { target in
            try compiler.compiled(target.rules ?? defaultRules ?? "")
        }

        let report: SweepReport
        do {
            report = SweepReport(outcomes: outcomes, findings: try store.findings(all: all))
        } catch { throw Failure("\(error)") }
        if let reportPath, !report.findings.isEmpty { try append(report.jsonLines(), to: reportPath) }
        let text = format == "jsonl" ? report.jsonLines() : report.text()
        FileHandle.standardOutput.write(Data(text.utf8))
        do {
            try store.markReported(report.newFindings.map(\.id))
        } catch { throw Failure("\(error)") }

        for failed in report.failed { warn("\(failed.target.name): \(failed.error!) (recorded; retried next sweep)") }
        if !report.failed.isEmpty { throw ExitCode(2) }
        if !report.newFindings.isEmpty { throw ExitCode(1) }
    }

    /// `$XDG_CACHE_HOME/keysweep/mirrors`, else `~/.cache/keysweep/mirrors`.
    static var defaultCache: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/keysweep/mirrors" }
        return NSHomeDirectory() + "/.cache/keysweep/mirrors"
    }

    /// `owner/name` of a hosted repository's URL, for trust-policy advice.
    static func slug(_ target: SweepTarget) -> String? {
        guard case let .remote(url) = target.kind else { return nil }
        let parts = url.split(whereSeparator: { "/:".contains($0) }).map(String.init)
        guard parts.count >= 2 else { return nil }
        let name = parts[parts.count - 1].hasSuffix(".git") ? String(parts[parts.count - 1].dropLast(4)) : parts[parts.count - 1]
        return "\(parts[parts.count - 2])/\(name)"
    }

    /// Test-only: `KEYSWEEP_SWEEP_TEST_PAUSE_AFTER=N` makes the sweep stop for an hour right after
    /// the Nth repository's transaction, so a test can SIGKILL it at a known point. Never set it
    /// in production.
    static func testPauseHook() -> (@Sendable (Int) -> Void)? {
        guard let text = ProcessInfo.processInfo.environment["KEYSWEEP_SWEEP_TEST_PAUSE_AFTER"], let n = Int(text) else {
            return nil
        }
        return { committed in
            guard committed == n else { return }
            warn("test pause after \(n) repositories (KEYSWEEP_SWEEP_TEST_PAUSE_AFTER)")
            sleep(3600)
        }
    }

    /// Appends to the report file (created mode 0600) and flushes it to disk before the findings
    /// are marked reported.
    private func append(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure("cannot open the report \(path): \(String(cString: strerror(errno))); check its directory")
        }
        defer { close(fd) }
        let ok = Array(text.utf8).withUnsafeBytes { buf in write(fd, buf.baseAddress, buf.count) == buf.count }
        guard ok, fsync(fd) == 0 else { throw Failure("cannot write the report \(path): \(String(cString: strerror(errno)))") }
    }
}

/// Loads and compiles each rule file once (the built-in rules under the key ""), the first time a
/// repository needs it, from any sweep thread. A rule file's error fails the repositories using it.
final class RuleCompiler: Sendable {
    private let compiled = Mutex<[String: CompiledRuleSet]>([:])

    func compiled(_ key: String) throws -> CompiledRuleSet {
        try compiled.withLock { cache in
            if let c = cache[key] { return c }
            let rules = try RuleLoading.load(config: key.isEmpty ? nil : key, repoRoot: nil)
            let c: CompiledRuleSet
            do { c = try CompiledRuleSet(rules) } catch { throw Failure("\(key.isEmpty ? "built-in rules" : key): \(error)") }
            cache[key] = c
            return c
        }
    }
}
