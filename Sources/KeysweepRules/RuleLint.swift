import Foundation
import KeysweepCore

/// Structural checks of rule files that need no regex engine: ids, examples, negative examples,
/// keywords. `keysweep rules check` adds the checks that compile and run the regexes.
public enum RuleLint {
    /// One problem with one rule.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var rule: String
        public var message: String

        public init(file: String, rule: String, message: String) {
            self.file = file
            self.rule = rule
            self.message = message
        }

        public var description: String { "\(file): rule \(rule): \(message)" }
    }

    /// Checks the built-in catalogue file by file, so that an id repeated across files (which
    /// `RuleSet.merge` would silently let the later file win) is reported.
    public static func checkBuiltin() -> [Issue] {
        var issues: [Issue] = []
        var sets: [RuleSet] = []
        for file in BuiltinPatterns.files {
            do {
                sets.append(try RuleLoader.parse(file.toml, origin: "patterns/\(file.name)"))
            } catch {
                issues.append(Issue(file: "patterns/\(file.name)", rule: "-", message: "\(error)"))
            }
        }
        return issues + check(sets.flatMap(\.rules), requireTests: true)
    }

    /// Checks `rules`. With `requireTests`, every rule must carry examples and negative examples
    /// (the built-in catalogue's bar); a user's gitleaks file need not.
    public static func check(_ rules: [Rule], requireTests: Bool) -> [Issue] {
        var issues: [Issue] = []
        var firstFile: [String: String] = [:]
        for rule in rules {
            func issue(_ message: String) { issues.append(Issue(file: rule.origin, rule: rule.id, message: message)) }
            if let other = firstFile[rule.id] {
                issue("duplicate id (also in \(other))")
            } else {
                firstFile[rule.id] = rule.origin
            }
            if requireTests, !isKebabCase(rule.id) {
                issue("id must be kebab-case provider-credential, like github-classic-pat")
            }
            if let bad = rule.keywords.first(where: { $0 != $0.lowercased() || $0.isEmpty }) {
                issue("keyword \"\(bad)\" must be a non-empty lower-case literal")
            }
            if requireTests, let short = rule.keywords.first(where: { $0.utf8.count < 3 }) {
                issue("keyword \"\(short)\" is shorter than 3 bytes, so the rule would search every blob in full;"
                      + " use longer literals (e.g. the prefix with each possible next character)")
            }
            if requireTests {
                if rule.examples.isEmpty { issue("no examples: add at least one, with the secret marked «like this»") }
                if rule.negativeExamples.isEmpty { issue("no negativeExamples: add at least one, with a why") }
            }
            for example in rule.examples {
                let marks = (example.components(separatedBy: "«").count - 1, example.components(separatedBy: "»").count - 1)
                let (text, span) = Rule.unmark(example)
                guard marks == (1, 1), let span, !span.isEmpty else {
                    issue("example must mark exactly one non-empty secret span with « »: \(preview(example))")
                    continue
                }
                _ = span
                if !rule.keywords.isEmpty, !rule.keywords.contains(where: { text.lowercased().contains($0) }) {
                    issue("none of the keywords \(rule.keywords) occurs in example \(preview(example)); the prefilter would skip it")
                }
            }
            for negative in rule.negativeExamples where requireTests && negative.why.isEmpty {
                issue("negative example \(preview(negative.text)) needs a why")
            }
            if rule.secretGroup < 0 { issue("secretGroup must be 0 or more") }
            if let e = rule.entropy, !(0...8).contains(e) { issue("entropy \(e) is outside 0…8 bits per byte") }
        }
        return issues
    }

    static func isKebabCase(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
        }
    }

    static func preview(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎")
        return "\"" + (flat.count > 60 ? flat.prefix(60) + "…" : flat) + "\""
    }
}
