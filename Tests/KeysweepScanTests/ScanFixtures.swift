import Foundation
import KeysweepCore
import KeysweepRules
import KeysweepMatch
import KeysweepScan
import KeysweepSources
import KeysweepTestSupport

/// Shared helpers: the built-in rules compiled once, and a scan of a source into findings.
enum Fixtures {
    static let rules: CompiledRuleSet = try! CompiledRuleSet(RuleSet.builtin())

    static func scanHistory(_ repo: TestRepo, jobs: Int = 2, gate: BlobGate = BlobGate()) throws -> ScanReport {
        try Scanner(rules: rules).scan(HistorySource(path: repo.path, gate: gate), jobs: jobs)
    }

    static func scanRange(_ repo: TestRepo, _ range: String) throws -> ScanReport {
        try Scanner(rules: rules).scan(RangeSource(path: repo.path, range: range, gate: BlobGate()), jobs: 2)
    }

    /// Hits of the built-in rules in a piece of text.
    static func hits(_ text: String) -> [(rule: String, secret: String)] {
        var copy = text
        let context = rules.makeContext()
        return copy.withUTF8 { utf8 in
            rules.scan(UnsafeRawBufferPointer(utf8), context: context).map { (rules.rules[$0.ruleIndex].id, $0.secret) }
        }
    }
}

extension ScanReport {
    func findings(rule: String) -> [Finding] { findings.filter { $0.rule == rule } }
    func finding(secret: String) -> Finding? { findings.first { $0.secret == secret } }
}
