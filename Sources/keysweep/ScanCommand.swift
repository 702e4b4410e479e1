import Foundation
import ArgumentParser
import KeysweepCore
import KeysweepRules
import KeysweepMatch
import KeysweepScan
import KeysweepSources
import KeysweepGit
import KeysweepReport

/// `keysweep scan [PATH]`: a repository's whole history (every ref, and unreachable objects), a
/// range of it (`--rev`), or a plain directory.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a repository's history (or a directory) for leaked credentials.",
        discussion: """
        Exit codes: 0 nothing found, 1 findings (see --exit-code), 2 error.
        Secrets are redacted in every output unless --no-redact is given.
        """)

    @Argument(help: "A git repository (work tree or bare) or a directory.")
    var path: String = "."

    @Option(help: "Only these commits, as git reads a range: A..B, A...B, X^!, ^X, or a revision (its history).")
    var rev: String?

    @Flag(help: "Scan PATH's files as a plain directory even if it is a git repository.")
    var noGit = false

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "text"

    @Option(name: .shortAndLong, help: "Write the report to this file (mode 0600) instead of stdout.")
    var output: String?

    @Flag(help: "Show secrets in full (never the default).")
    var noRedact = false

    @Option(help: "Exit code when there are findings.")
    var exitCode: Int32 = 1

    @Option(help: "Skip blobs larger than this (bytes, or with K, M, G).")
    var maxBlobSize: String = "16M"

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "A rule file (keysweep or gitleaks format) to use instead of the built-in rules.")
    var config: String?

    @Flag(help: "Do not load .keysweep.toml from the scanned repository's root.")
    var noRepoConfig = false

    @Option(help: "A previous JSON report: only findings not in it are reported.")
    var baseline: String?

    @Option(help: "An ignore file (default: .keysweepignore at PATH's root, if present).")
    var ignoreFile: String?

    @Flag(help: "Print .keysweepignore entries for the current findings instead of a report.")
    var emitIgnore = false

    @Flag(help: "No progress line on stderr.")
    var noProgress = false

    @Flag(help: "No colours in text output (NO_COLOR is honoured too).")
    var noColor = false

    @OptionGroup(title: "AWS registry and verification")
    var aws: ScanAWSOptions

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard ByteSize.parse(maxBlobSize) != nil else {
            throw ValidationError("--max-blob-size '\(maxBlobSize)' is not a size; write e.g. 16M or 1048576")
        }
    }

    func run() async throws {
        let target = try ScanTarget.open(path: path, noGit: noGit, rev: rev,
                                         gate: BlobGate(maxSize: ByteSize.parse(maxBlobSize)!))
        let rules = try RuleLoading.load(config: config, repoRoot: noRepoConfig ? nil : target.root)
        let compiled: CompiledRuleSet
        do { compiled = try CompiledRuleSet(rules) } catch { throw Failure("\(error)") }
        let suppression = try RuleLoading.suppression(ignoreFile: ignoreFile, root: target.root, baseline: baseline)

        let stats = ScanStatsRecorder()
        let progress = Progress(stats: stats, enabled: !noProgress)
        var report: ScanReport
        do {
            report = try Scanner(rules: compiled).scan(target.source, jobs: jobs, target: path, stats: stats,
                                                       suppression: suppression)
        } catch {
            progress?.stop()
            throw Failure("cannot scan \(path): \(error)")
        }
        progress?.stop()
        report.findings.removeAll { suppression.inBaseline($0) }
        report.stats.findings = report.findings.count
        try await aws.enrich(&report.findings, root: target.root)
        for w in report.warnings { warn("warning: \(w)") }

        if emitIgnore {
            try emit(Suppression.ignoreEntries(for: report.findings))
            return
        }
        let shown = noRedact ? report : report.redacted()
        let color = output == nil && !noColor && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        try emit(ReportFormat(rawValue: format)!.render(shown, options: RenderOptions(color: color)))
        if !report.findings.isEmpty { throw ExitCode(exitCode) }
    }

    private func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try SecureFile.write(text, to: output)
    }
}
