import Foundation
import ArgumentParser
import KeysweepCore
import KeysweepRules
import KeysweepMatch

/// `keysweep rules`: look at the rule catalogue (`list`), lint it (`check`), time it (`bench`).
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List or check the detection rules (built-in, or a --config file).",
        subcommands: [RulesListCommand.self, RulesCheckCommand.self, RulesBenchCommand.self],
        defaultSubcommand: RulesListCommand.self)
}

/// `keysweep rules list`: one line per rule.
struct RulesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the rules: id, severity, confidence, keywords and description.")

    @Option(help: "A rule file (keysweep or gitleaks format) to list instead of the built-in rules.")
    var config: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(help: "Only rules with this tag (e.g. github, aws, private-key).")
    var tag: String?

    func run() throws {
        var rules = try RulesCheckCommand.loadRules(config: config).rules
        if let tag { rules = rules.filter { $0.tags.contains(tag) } }
        switch format {
        case "text":
            let width = min(40, rules.map(\.id.count).max() ?? 0)
            for rule in rules {
                let id = rule.id.padding(toLength: max(width, rule.id.count), withPad: " ", startingAt: 0)
                let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                let confidence = rule.confidence.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                print("\(id)  \(severity)  \(confidence)  \(rule.description)")
            }
            print("\(rules.count) rules")
        case "json":
            let items: [[String: Any]] = rules.map { rule in
                ["id": rule.id, "description": rule.description, "severity": rule.severity.rawValue,
                 "confidence": rule.confidence.rawValue, "keywords": rule.keywords, "tags": rule.tags,
                 "file": rule.origin, "examples": rule.examples.count, "negativeExamples": rule.negativeExamples.count]
            }
            let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        default:
            throw Failure("--format \(format): use text or json")
        }
    }
}

/// `keysweep rules check`: lint the rules and run their own examples.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint the rules: unique ids, valid regexes, secret groups, keywords, examples and negative examples.",
        discussion: """
        Every regex is compiled with PCRE2 (JIT); every example must be matched by its rule with the
        marked «secret» span as the secret group, with one of the rule's keywords in the matched text;
        every negative example must not be matched. Exit codes: 0 clean, 1 problems found, 2 the rule
        file cannot be read or parsed.
        """)

    @Option(help: "A rule file (keysweep or gitleaks format) to check instead of the built-in rules.")
    var config: String?

    @Flag(help: "Also require examples and negative examples in a --config file (always required of the built-in rules).")
    var requireExamples = false

    func run() throws {
        let set = try Self.loadRules(config: config)
        var issues = config == nil ? RuleLint.checkBuiltin() : RuleLint.check(set.rules, requireTests: requireExamples)
        var examples = 0, negatives = 0
        for rule in set.rules {
            // The rule alone (with the rule a composite rule must be near), so that examples are
            // judged by what this rule reports before the catalogue picks between overlapping hits.
            let partner = rule.near.flatMap { near in set.rules.first { $0.id == near.rule } }
            let compiled: CompiledRuleSet
            do {
                compiled = try CompiledRuleSet(RuleSet(rules: [rule] + (partner.map { [$0] } ?? []), allowlists: set.allowlists))
            } catch let error as MatchError {
                switch error {
                case let .compile(_, _, message), let .invalid(_, _, message):
                    issues.append(.init(file: rule.origin, rule: rule.id, message: message))
                }
                continue
            }
            let context = compiled.makeContext()
            let scan = { (bytes: [UInt8]) -> [Hit] in
                bytes.withUnsafeBytes { compiled.scan($0, context: context) }.filter { compiled.rules[$0.ruleIndex].id == rule.id }
            }
            for example in rule.examples {
                examples += 1
                let (text, span) = Rule.unmark(example)
                guard let span else { continue }  // reported by the lint
                let bytes = Array(text.utf8)
                let hits = scan(bytes)
                if !context.limitHits.isEmpty {
                    issues.append(.init(file: rule.origin, rule: rule.id,
                                        message: "PCRE2 match limit hit on example \(Self.preview(example)): the regex backtracks too much"))
                }
                guard let hit = hits.first(where: { $0.secretRange == span }) else {
                    let got = hits.map { "«\(String(decoding: bytes[$0.secretRange], as: UTF8.self))»" }
                    let anchorTooSmall = rule.keywordAnchor.map { _ in Self.matchesWithout({ $0.keywordAnchor = nil }, rule, set: set, bytes: bytes, span: span) } ?? false
                    let followTooNarrow = !rule.keywordFollowedBy.isEmpty
                        && Self.matchesWithout({ $0.keywordFollowedBy = [] }, rule, set: set, bytes: bytes, span: span)
                    let notLineLocal = rule.lineLocal
                        && Self.matchesWithout({ $0.lineLocal = false }, rule, set: set, bytes: bytes, span: span)
                    issues.append(.init(file: rule.origin, rule: rule.id,
                                        message: "example \(Self.preview(example)) is not matched with its marked span"
                                            + (got.isEmpty ? "" : " (got \(got.joined(separator: ", "))")
                                            + (got.isEmpty ? "" : ")")
                                            + (anchorTooSmall ? "; keywordAnchor \(rule.keywordAnchor!) is too small: without it the"
                                                + " example matches, so its match starts further before its keyword" : "")
                                            + (followTooNarrow ? "; keywordFollowedBy is too narrow: without it the example matches" : "")
                                            + (notLineLocal ? "; lineLocal does not hold: without it the example matches (its match spans"
                                                + " lines, or its line holds no keyword)" : "")))
                    continue
                }
                // A composite rule's keywords name its partner, so they need only be in the example.
                let scope = rule.near?.required == true ? bytes[...] : bytes[hit.matchRange]
                let matched = String(decoding: scope, as: UTF8.self).lowercased()
                if !rule.keywords.isEmpty, !rule.keywords.contains(where: { matched.contains($0) }) {
                    issues.append(.init(file: rule.origin, rule: rule.id,
                                        message: "no keyword occurs in the text matched in example \(Self.preview(example)); the prefilter would drop it"))
                }
            }
            for negative in rule.negativeExamples {
                negatives += 1
                let hits = scan(Array(negative.text.utf8))
                if !hits.isEmpty {
                    issues.append(.init(file: rule.origin, rule: rule.id,
                                        message: "negative example \(Self.preview(negative.text)) is matched"))
                }
            }
        }
        for issue in issues { print(issue.description) }
        let summary = "\(set.rules.count) rules, \(examples) examples, \(negatives) negative examples"
        if issues.isEmpty {
            print("\(summary): ok")
        } else {
            print("\(summary): \(issues.count) problem(s)")
            throw ExitCode(1)
        }
    }

    /// True when `rule` without its `keywordAnchor` (or `keywordFollowedBy`, or `lineLocal`) reports
    /// `span` in `bytes`.
    static func matchesWithout(_ strip: (inout Rule) -> Void, _ rule: Rule, set: RuleSet,
                               bytes: [UInt8], span: Range<Int>) -> Bool {
        var plain = rule
        strip(&plain)
        guard let compiled = try? CompiledRuleSet(RuleSet(rules: [plain], allowlists: set.allowlists)) else { return false }
        let context = compiled.makeContext()
        return bytes.withUnsafeBytes { compiled.scan($0, context: context) }.contains { $0.secretRange == span }
    }

    /// The built-in rules, or `config`'s (which may extend them), as a scan would load them.
    static func loadRules(config: String?) throws -> RuleSet {
        do {
            return try config.map { try RuleSet.load(configAt: $0) } ?? RuleSet.builtin()
        } catch let error as RulesError {
            throw Failure("\(error); fix the rule file")
        }
    }

    static func preview(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎")
        return "\"" + (flat.count > 60 ? flat.prefix(60) + "…" : flat) + "\""
    }
}
