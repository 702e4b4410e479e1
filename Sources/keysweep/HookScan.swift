import Foundation
import KeysweepCore
import KeysweepGit
import KeysweepMatch
import KeysweepScan
import KeysweepSources
import KeysweepRegistry
import KeysweepAdvice

/// What the installed hooks run: find the repository git is working in, scan what the push or
/// commit adds, and either stay silent (exit 0) or block with a message on stderr (exit 1).
/// Errors are thrown as `Failure` (exit 2); the installed script decides whether they block
/// (the default) or let the push through (`KEYSWEEP_HOOK_FAIL_OPEN=1`).
struct HookScan {
    var config: String?
    var maxBlobSize: Int
    var jobs: Int
    /// Opens the credential registry if there is one; asked only when there are findings.
    var openRegistry: () throws -> Registry? = { nil }
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Phase times, printed on stderr when `KEYSWEEP_HOOK_TIMING=1` (for benchmarks/hook).
    let timing = PhaseTimer()

    /// `keysweep hook pre-push REMOTE URL`, with git's lines on `input`.
    func prePush(remote: String?, url: String?, input: String) throws -> Int32 {
        let location = try locateRepository()
        let repo = try open(location)
        var updates = try PushUpdate.parse(input)
        var remote = remote, url = url
        if updates.isEmpty, let framed = try PushUpdate.fromPreCommitFramework(environment, repo: repo) {
            updates = [framed]
            remote = remote ?? environment["PRE_COMMIT_REMOTE_NAME"]
            url = url ?? environment["PRE_COMMIT_REMOTE_URL"]
        }
        let pushed = updates.filter { !$0.isDeletion }
        if pushed.isEmpty { return 0 }
        timing.mark("open repository, read input")
        let plan = try HookPushPlan(updates: pushed, remote: remote ?? "", url: url ?? remote ?? "", repo: repo)
        timing.mark("plan: \(plan.include.count) tips, \(plan.exclude.count) known to the remote")
        for note in plan.notes { warn("note: \(note)") }
        if plan.include.isEmpty { return 0 }

        let source: RangeSource
        do {
            source = try RangeSource(path: location, include: plan.include, exclude: plan.exclude,
                                     gate: BlobGate(maxSize: maxBlobSize))
        } catch {
            throw Failure("pre-push: cannot walk the pushed commits in \(location): \(error); check the repository with `git fsck`")
        }
        timing.mark("walk \(source.commits.count) commits, \(source.blobCount) blobs")
        if source.commits.isEmpty { return 0 }
        let report = try scan(source, root: repo.workdir)
        if report.findings.isEmpty { return 0 }
        var tips: [String: String] = [:]
        for u in pushed {
            if let id = BlobID(hex: u.localSHA), let commit = repo.commit(peeling: id) { tips[commit.hex] = u.localRef }
        }
        let message = HookMessage(stage: .prePush, findings: report.redacted().findings,
                                  head: repo.headCommit?.hex, tips: tips, scannedCount: source.commits.count)
        FileHandle.standardError.write(Data(message.render().utf8))
        return 1
    }

    /// `keysweep hook pre-commit`: the staged changes against HEAD.
    func preCommit() throws -> Int32 {
        let location = try locateRepository()
        let repo = try open(location)
        let indexFile = environment["GIT_INDEX_FILE"].map(absolute)
        let source: StagedSource
        do {
            source = try StagedSource(path: location, indexFile: indexFile, gate: BlobGate(maxSize: maxBlobSize))
        } catch {
            throw Failure("pre-commit: cannot read the staged changes in \(location): \(error); check `git status`")
        }
        if source.entries.isEmpty { return 0 }
        let report = try scan(source, root: repo.workdir)
        if report.findings.isEmpty { return 0 }
        let message = HookMessage(stage: .preCommit, findings: report.redacted().findings,
                                  head: repo.headCommit?.hex, scannedCount: source.entries.count)
        FileHandle.standardError.write(Data(message.render().utf8))
        return 1
    }

    private func scan(_ source: some BlobSource, root: String?) throws -> ScanReport {
        defer { if environment["KEYSWEEP_HOOK_TIMING"] == "1" { warn("timing: " + timing.summary) } }
        let rules = try RuleLoading.load(config: config, repoRoot: root)
        timing.mark("load \(rules.rules.count) rules")
        let compiled: CompiledRuleSet
        do { compiled = try CompiledRuleSet(rules) } catch { throw Failure("\(error)") }
        timing.mark("compile rules")
        let suppression = try RuleLoading.suppression(ignoreFile: nil, root: root, baseline: nil)
        var report: ScanReport
        do {
            report = try Scanner(rules: compiled).scan(source, jobs: jobs, suppression: suppression)
        } catch {
            throw Failure("cannot scan: \(error)")
        }
        timing.mark("scan")
        for w in report.warnings { warn("warning: \(w)") }
        if !report.findings.isEmpty, let registry = try openRegistry() {
            Correlator.annotate(&report.findings, registry: registry,
                                repository: root.flatMap { ScanAWSOptions.repositorySlug(root: $0) })
        }
        report.findings.sort { ($0.commit ?? "", $0.path, $0.line) < ($1.commit ?? "", $1.path, $1.line) }
        return report
    }

    private func open(_ location: String) throws -> Repository {
        do { return try Repository(path: location) } catch {
            throw Failure("cannot open the git repository at \(location): \(error); check it with `git fsck`")
        }
    }

    /// The repository git runs the hook for: `GIT_DIR` when git exported it, else the nearest
    /// directory at or above the working directory holding `.git` (a hook runs at the top of
    /// the work tree) or laid out as a bare repository.
    func locateRepository() throws -> String {
        if let dir = environment["GIT_DIR"], !dir.isEmpty { return absolute(dir) }
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        while true {
            if ScanTarget.looksLikeRepository(dir.path) { return dir.path }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        throw Failure("not inside a git repository (\(FileManager.default.currentDirectoryPath)); git runs this command from an installed hook, see `keysweep hook install`")
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }
}

/// Wall-clock time of the hook's phases, from process start.
final class PhaseTimer: @unchecked Sendable {
    // SAFETY: used from the hook's one thread only.
    private var last = PhaseTimer.now()
    private var phases: [(String, Double)] = []

    /// Ends the current phase under `name`.
    func mark(_ name: String) {
        let t = Self.now()
        phases.append((name, (t - last) * 1000))
        last = t
    }

    var summary: String {
        phases.map { "\($0.0) \(String(format: "%.1f", $0.1)) ms" }.joined(separator: "; ")
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
