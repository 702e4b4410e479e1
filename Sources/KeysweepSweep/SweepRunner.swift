import Foundation
import Synchronization
import KeysweepCore
import KeysweepGit
import KeysweepMatch
import KeysweepScan
import KeysweepSources

/// Sweeps repositories: for each, mirror it if remote, read its ref tips, scan only the commits
/// not reachable from the tips scanned last time, and store the findings and the new tips in one
/// transaction. A repository that fails is recorded and left for the next sweep; the others go on.
public final class SweepRunner: Sendable {
    /// Fills in what the credential registry knows (owner, advice) on one repository's raw
    /// findings, before they are redacted and stored. The executable passes the registry's
    /// correlation here; the sweep itself knows nothing of the registry.
    public typealias Annotator = @Sendable (_ findings: inout [Finding], _ target: SweepTarget) -> Void

    public struct Options: Sendable {
        /// Where remote repositories are mirrored.
        public var cache: String
        /// Repositories swept at once.
        public var jobs: Int
        /// Scan threads per repository.
        public var scanJobs: Int
        public var gate: BlobGate
        /// False: sweep the mirrors as they are, without fetching (offline re-runs).
        public var fetch: Bool

        public init(cache: String, jobs: Int, scanJobs: Int, gate: BlobGate, fetch: Bool = true) {
            self.cache = cache
            self.jobs = jobs
            self.scanJobs = scanJobs
            self.gate = gate
            self.fetch = fetch
        }
    }

    public let store: SweepStore
    public let options: Options
    private let annotate: Annotator?
    private let afterCommit: (@Sendable (_ committed: Int) -> Void)?
    private let committed = Atomic<Int>(0)

    /// - Parameters:
    ///   - annotate: registry correlation for findings (see `Annotator`); nil without a registry.
    ///   - afterCommit: called after each repository's transaction with how many have committed
    ///     so far in this sweep (the executable's test-only pause hook uses it).
    public init(store: SweepStore, options: Options, annotate: Annotator? = nil,
                afterCommit: (@Sendable (Int) -> Void)? = nil) {
        self.store = store
        self.options = options
        self.annotate = annotate
        self.afterCommit = afterCommit
    }

    /// Sweeps every target, `options.jobs` at a time; outcomes come back in the targets' order.
    /// `rules` gives the compiled rules for a target; it is called only for repositories that
    /// changed, so an unchanged sweep compiles no rules. Its error fails that repository.
    public func run(_ targets: [SweepTarget],
                    rules: @escaping @Sendable (SweepTarget) throws -> CompiledRuleSet) -> [RepositoryOutcome] {
        let work = WorkList()
        let workers = max(1, min(options.jobs, targets.count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                while true {
                    let i = work.cursor.add(1, ordering: .relaxed).oldValue
                    guard i < targets.count else { return }
                    let outcome = sweep(targets[i], rules: rules)
                    work.outcomes.withLock { $0[i] = outcome }
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return work.outcomes.withLock { all in targets.indices.map { all[$0]! } }
    }

    /// Sweeps one repository; never throws: a failure becomes the outcome's `error`, recorded in
    /// the store with the repository's tips left where they were.
    public func sweep(_ target: SweepTarget, rules: (SweepTarget) throws -> CompiledRuleSet) -> RepositoryOutcome {
        let started = Date()
        var outcome = RepositoryOutcome(target: target)
        do {
            try sweepUnchecked(target, rules: rules, into: &outcome)
        } catch {
            outcome.error = Self.reason(error)
            do {
                try store.recordFailure(location: target.location, reason: outcome.error!)
            } catch {
                outcome.error! += "; and recording the failure failed: \(error)"
            }
        }
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }

    private func sweepUnchecked(_ target: SweepTarget, rules: (SweepTarget) throws -> CompiledRuleSet, into outcome: inout RepositoryOutcome) throws {
        let path = try open(target)
        let repo: Repository
        do { repo = try Repository(path: path) } catch {
            throw SweepError.repository("cannot open \(path) as a git repository (\(Self.reason(error)))")
        }
        let tips = try repo.referenceTips().compactMap { ref -> SweepStore.Tip? in
            guard !target.excludes(ref: ref.name), (try? repo.header(ref.target).kind) == .commit else { return nil }
            return SweepStore.Tip(ref: ref.name, commit: ref.target.hex)
        }
        let previous = try store.state(of: target.location)
        if previous.known, Set(previous.tips) == Set(tips) {
            outcome.unchanged = true
            if previous.lastError != nil { try store.commit(location: target.location, tips: tips, findings: []) }
            return
        }
        let include = Set(tips.map(\.commit)).compactMap { BlobID(hex: $0) }
        let exclude = Set(previous.tips.map(\.commit)).compactMap { BlobID(hex: $0) }
        let source = try RangeSource(path: path, include: include, exclude: exclude, gate: options.gate)
        let stats = ScanStatsRecorder()
        var report = try Scanner(rules: rules(target)).scan(source, jobs: options.scanJobs, target: target.name, stats: stats)
        outcome.commits = report.stats.commits
        outcome.blobs = report.stats.blobs
        if report.stats.unreadable > 0 {
            throw SweepError.repository("\(report.stats.unreadable) object(s) could not be read (corrupt or missing pack data); run `git fsck` on \(path)")
        }
        report.findings.removeAll { target.excludes(path: $0.path) }
        annotate?(&report.findings, target)
        outcome.findings = report.findings.count
        outcome.newFindings = try store.commit(location: target.location, tips: tips, findings: report.redacted().findings)
        outcome.warnings = report.warnings
        afterCommit?(committed.add(1, ordering: .sequentiallyConsistent).newValue)
    }

    /// The repository directory to read: the local path, or the mirror after fetching into it.
    private func open(_ target: SweepTarget) throws -> String {
        switch target.kind {
        case let .local(path):
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                throw SweepError.repository("no such directory (moved or deleted?)")
            }
            return path
        case let .remote(url):
            let mirror = target.mirrorPath(cache: options.cache)!
            if options.fetch {
                do { try Repository.mirror(url: url, into: mirror) } catch {
                    throw SweepError.repository("cannot fetch \(url): \(Self.reason(error))")
                }
            } else if !FileManager.default.fileExists(atPath: mirror) {
                throw SweepError.repository("\(url) has no mirror in \(options.cache) yet; sweep once without --no-fetch")
            }
            return mirror
        }
    }

    static func reason(_ error: Error) -> String {
        if let git = error as? GitError { return git.message }
        return "\(error)"
    }
}

/// The sweep threads' shared cursor into the targets and their outcomes by index.
final class WorkList: Sendable {
    let cursor = Atomic<Int>(0)
    let outcomes = Mutex<[Int: RepositoryOutcome]>([:])
}

/// What happened to one repository in a sweep.
public struct RepositoryOutcome: Sendable {
    public var target: SweepTarget
    /// True when its tips were those scanned last time: nothing was scanned.
    public var unchanged = false
    public var commits = 0
    public var blobs = 0
    /// Findings in the commits scanned this time (known ones included).
    public var findings = 0
    /// Findings stored for the first time.
    public var newFindings = 0
    public var warnings: [String] = []
    /// Why the repository could not be swept; nil on success.
    public var error: String?
    public var seconds = 0.0

    public init(target: SweepTarget) { self.target = target }
}
