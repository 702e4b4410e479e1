import Foundation
import Synchronization
import Crypto
import KeysweepCore
import KeysweepMatch
import KeysweepAWS

/// KeysweepScan: the pipeline from a `BlobSource` to findings. Workers match each unique blob
/// once; provenance is asked only for blobs with hits; hits become findings grouped by
/// (rule, secret, path) with occurrence counts, first and last introducing commits, whether HEAD
/// still holds them, and pairing between AWS key ids and their secrets.
public final class Scanner: Sendable {
    public let rules: CompiledRuleSet

    public init(rules: CompiledRuleSet) { self.rules = rules }

    /// Runs the whole scan. Secrets in the returned report are raw: call `redacted()` before
    /// showing it unless the user asked otherwise.
    public func scan(_ source: some BlobSource, jobs: Int, target: String? = nil,
                     stats: ScanStatsRecorder = ScanStatsRecorder(),
                     suppression: Suppression = Suppression()) throws -> ScanReport {
        let started = Date()
        let rules = self.rules
        let contexts = ContextPool((0..<max(1, jobs)).map { _ in rules.makeContext() })
        let hitsByBlob = Mutex<[BlobID: [Hit]]>([:])
        let limitWarnings = Mutex<[String]>([])
        try source.forEachBlob(jobs: max(1, jobs), stats: stats) { worker, id, bytes in
            let context = contexts[worker]
            let hits = rules.scan(bytes, context: context)
            if !context.limitHits.isEmpty {
                let ids = context.limitHits
                stats.update { $0.ruleLimitHits += ids.count }
                limitWarnings.withLock { w in
                    if w.count < 10 { w.append("blob \(id.hex): rule(s) \(ids.joined(separator: ", ")) stopped at the PCRE2 match limit") }
                }
            }
            if !hits.isEmpty { hitsByBlob.withLock { $0[id] = hits } }
        }
        let hits = hitsByBlob.withLock { $0 }
        if let profile = contexts.profile {
            FileHandle.standardError.write(Data((profile.summary(ruleIDs: rules.rules.map(\.id)) + "\n").utf8))
        }
        let matched = Date()
        let placements = try source.provenance(of: Set(hits.keys))
        if RuleProfile.requested {
            let line = String(format: "phases: read and match %.2f s, provenance of %d blobs %.2f s",
                              matched.timeIntervalSince(started), hits.count, Date().timeIntervalSince(matched))
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        var findings = FindingBuilder(rules: rules, suppression: suppression).build(hits: hits, placements: placements)
        findings.sort { a, b in  // a total order, so that reports are the same run after run
            if (a.severity, a.path, a.line, a.rule) != (b.severity, b.path, b.line, b.rule) {
                return (a.severity, b.path, b.line, b.rule) > (b.severity, a.path, a.line, a.rule)
            }
            return (a.fingerprint, a.commit ?? "", a.column) < (b.fingerprint, b.commit ?? "", b.column)
        }
        stats.update {
            $0.findings = findings.count
            $0.durationSeconds = Date().timeIntervalSince(started)
        }
        let warnings = source.warnings + limitWarnings.withLock { $0 }
        return ScanReport(findings: findings, stats: stats.snapshot, target: target, warnings: warnings)
    }

    /// SHA-256 of the secret's bytes, lower-case hex.
    public static func fingerprint(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// One match context per worker, indexed by worker number.
final class ContextPool: @unchecked Sendable {
    // SAFETY: worker w only ever touches contexts[w]; the array itself is never mutated.
    private let contexts: [MatchContext]
    init(_ contexts: [MatchContext]) { self.contexts = contexts }
    subscript(i: Int) -> MatchContext { contexts[i] }

    /// All workers' rule profiles added up (when profiling).
    var profile: RuleProfile? {
        contexts.compactMap(\.profile).reduce(nil) { sum, p in
            var s = sum ?? p
            if sum != nil { s.add(p) }
            return s
        }
    }
}
