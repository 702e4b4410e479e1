import Foundation
import TOMLKit
import KeysweepCore

/// Decodes rule files and validates their rules.
public enum RuleLoader {
    /// Decodes and validates one rule file's text.
    public static func parse(_ text: String, origin: String) throws -> RuleSet {
        try validate(decode(text, origin: origin), origin: origin)
    }

    static func decode(_ text: String, origin: String) throws -> RuleFileSpec {
        do {
            return try TOMLDecoder().decode(RuleFileSpec.self, from: text)
        } catch let error as TOMLParseError {
            throw RulesError.syntax(file: origin, line: error.source.begin.line, column: error.source.begin.column,
                                    message: "TOML syntax: \(error.description)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            throw RulesError.invalid(file: origin, rule: nil,
                                     message: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw RulesError.invalid(file: origin, rule: nil,
                                     message: "\(path(context.codingPath)): missing `\(key.stringValue)`")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    static func validate(_ spec: RuleFileSpec, origin: String) throws -> RuleSet {
        var rules: [Rule] = []
        var seen = Set<String>()
        for r in spec.rules ?? [] {
            guard !r.id.isEmpty else { throw RulesError.invalid(file: origin, rule: nil, message: "a rule has an empty id") }
            guard seen.insert(r.id).inserted else {
                throw RulesError.invalid(file: origin, rule: r.id, message: "duplicate rule id")
            }
            guard let regex = r.regex, !regex.isEmpty else {
                throw RulesError.invalid(file: origin, rule: r.id,
                                         message: "no `regex`; path-only rules are not supported, add a regex")
            }
            if let a = r.keywordAnchor, a < 0 || a > 4096 || (r.keywords ?? []).isEmpty {
                throw RulesError.invalid(file: origin, rule: r.id,
                                         message: "keywordAnchor must be 0…4096 bytes and needs keywords")
            }
            if r.lineLocal == true, (r.keywords ?? []).isEmpty || r.keywordAnchor != nil {
                throw RulesError.invalid(file: origin, rule: r.id,
                                         message: "lineLocal needs keywords and no keywordAnchor (an anchored rule is tried only at its keywords already)")
            }
            if r.keywordFollowedBy?.isEmpty == false, (r.keywords ?? []).isEmpty {
                throw RulesError.invalid(file: origin, rule: r.id, message: "keywordFollowedBy needs keywords")
            }
            let followedBy = try (r.keywordFollowedBy ?? []).map { source in
                do { return try FollowPattern(source) } catch let error as FollowPattern.SyntaxError {
                    throw RulesError.invalid(file: origin, rule: r.id,
                                             message: "keywordFollowedBy pattern \(source): \(error.message)")
                }
            }
            if let g = r.secretGroup, g < 0 {
                throw RulesError.invalid(file: origin, rule: r.id, message: "secretGroup must be 0 or more")
            }
            let keywords = (r.keywords ?? []).map { $0.lowercased() }.filter { !$0.isEmpty }
            let allowlists = try ((r.allowlists ?? []) + (r.allowlist.map { [$0] } ?? [])).map {
                try allowlist($0, origin: origin, rule: r.id)
            }
            rules.append(Rule(
                id: r.id, description: r.description ?? r.id, regex: regex, secretGroup: r.secretGroup ?? 0,
                entropy: r.entropy, keywords: keywords, path: r.path, tags: r.tags ?? [],
                severity: r.severity ?? .high, confidence: r.confidence ?? (keywords.isEmpty ? .low : .medium),
                examples: r.examples ?? [],
                negativeExamples: (r.negativeExamples ?? []).map { .init(text: $0.text, why: $0.why ?? "") },
                allowlists: allowlists, near: r.near.map { .init(rule: $0.rule, lines: $0.lines ?? 5, required: $0.required ?? true) },
                keywordAnchor: r.keywordAnchor, keywordFollowedBy: followedBy, lineLocal: r.lineLocal ?? false, origin: origin))
        }
        let globals = try ((spec.allowlists ?? []) + (spec.allowlist.map { [$0] } ?? [])).map {
            try allowlist($0, origin: origin, rule: nil)
        }
        return RuleSet(rules: rules, allowlists: globals)
    }

    static func allowlist(_ a: AllowlistSpec, origin: String, rule: String?) throws -> Allowlist {
        let condition = try a.condition.map { text -> Allowlist.Condition in
            guard let c = Allowlist.Condition(rawValue: text.uppercased()) else {
                throw RulesError.invalid(file: origin, rule: rule, message: "allowlist condition must be OR or AND, not \(text)")
            }
            return c
        } ?? .or
        let target = try a.regexTarget.map { text -> Allowlist.Target in
            guard let t = Allowlist.Target(rawValue: text.lowercased()) else {
                throw RulesError.invalid(file: origin, rule: rule,
                                         message: "allowlist regexTarget must be secret, match or line, not \(text)")
            }
            return t
        } ?? .secret
        return Allowlist(description: a.description, condition: condition, commits: a.commits ?? [],
                         paths: a.paths ?? [], regexTarget: target, regexes: a.regexes ?? [],
                         stopwords: (a.stopwords ?? []).map { $0.lowercased() })
    }
}
