import Foundation
import KeysweepCore
import KeysweepRules
import KeysweepScan
import KeysweepReport

/// Which rules and suppressions a command uses: `--config`, else the repository's own
/// `.keysweep.toml` on top of the built-in catalogue, else the built-in catalogue.
enum RuleLoading {
    static func load(config: String?, repoRoot: String?) throws -> RuleSet {
        do {
            if let config { return try RuleSet.load(configAt: config) }
            var rules = try RuleSet.builtin()
            if let repoRoot {
                let local = (repoRoot as NSString).appendingPathComponent(".keysweep.toml")
                if FileManager.default.fileExists(atPath: local) {
                    let extra = try RuleSet.load(configAt: local)
                    rules.merge(extra)
                }
            }
            return rules
        } catch let error as RulesError {
            throw Failure("\(error); fix the rule file or point --config elsewhere")
        }
    }

    static func suppression(ignoreFile: String?, root: String?, baseline: String?) throws -> Suppression {
        var s = Suppression()
        let ignorePath = ignoreFile ?? root.map { ($0 as NSString).appendingPathComponent(".keysweepignore") }
        if let ignorePath, FileManager.default.fileExists(atPath: ignorePath) {
            guard let text = try? String(contentsOfFile: ignorePath, encoding: .utf8) else {
                throw Failure("\(ignorePath): cannot read it; check its permissions")
            }
            do { s = try Suppression(ignoreFile: text, origin: ignorePath) } catch { throw Failure("\(error)") }
        } else if let ignoreFile {
            throw Failure("\(ignoreFile): no such ignore file; check the path")
        }
        if let baseline {
            guard let data = FileManager.default.contents(atPath: baseline) else {
                throw Failure("\(baseline): cannot read the baseline; give a JSON report written by keysweep scan --format json")
            }
            do {
                s.addBaseline(try JSONReport.decoder().decode(ScanReport.self, from: data))
            } catch {
                throw Failure("\(baseline): not a keysweep JSON report (\(error)); write one with keysweep scan --format json")
            }
        }
        return s
    }
}
