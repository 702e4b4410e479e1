import Foundation
import TOMLKit
import KeysweepCore

/// The rules and global allowlists a scan uses, validated.
public struct RuleSet: Sendable {
    public var rules: [Rule]
    public var allowlists: [Allowlist]

    public init(rules: [Rule], allowlists: [Allowlist] = []) {
        self.rules = rules
        self.allowlists = allowlists
    }

    /// The built-in catalogue, from the `patterns/*.toml` files compiled into the binary.
    public static func builtin() throws -> RuleSet {
        var set = RuleSet(rules: [])
        for file in BuiltinPatterns.files {
            try set.merge(RuleLoader.parse(file.toml, origin: "patterns/\(file.name)"))
        }
        return set
    }

    /// Loads a user's rule file (keysweep or gitleaks format). With `[extend] useDefault = true`
    /// the built-in catalogue comes first and the file's rules replace or add to it; without
    /// `[extend]` the file stands alone, as in gitleaks.
    public static func load(configAt path: String, depth: Int = 0) throws -> RuleSet {
        guard depth < 4 else { throw RulesError.invalid(file: path, rule: nil, message: "[extend] path nests too deeply") }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RulesError.unreadable(file: path, message: "cannot read it; check the path and permissions")
        }
        let spec = try RuleLoader.decode(text, origin: path).translatedToPCRE2(origin: path)
        var set = RuleSet(rules: [])
        if let extend = spec.extend {
            if extend.useDefault == true { set = try builtin() }
            if let base = extend.path {
                let dir = (path as NSString).deletingLastPathComponent
                let basePath = base.hasPrefix("/") ? base : (dir as NSString).appendingPathComponent(base)
                set.merge(try load(configAt: basePath, depth: depth + 1))
            }
            set.disable(extend.disabledRules ?? [])
        }
        set.merge(try RuleLoader.validate(spec, origin: path))
        set.disable(spec.disabledRules ?? [])
        return set
    }

    /// Adds `other`'s rules (a rule with an existing id replaces it) and allowlists.
    public mutating func merge(_ other: RuleSet) {
        for rule in other.rules {
            if let i = rules.firstIndex(where: { $0.id == rule.id }) { rules[i] = rule } else { rules.append(rule) }
        }
        allowlists += other.allowlists
    }

    /// Removes the rules with these ids.
    public mutating func disable(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        let drop = Set(ids)
        rules.removeAll { drop.contains($0.id) }
    }

    /// A stable hash of the rules (id and regex), shown by `keysweep --version`.
    public var catalogueHash: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for rule in rules.sorted(by: { $0.id < $1.id }) {
            for b in (rule.id + "\u{0}" + rule.regex + "\u{0}").utf8 {
                h = (h ^ UInt64(b)) &* 0x100_0000_01b3
            }
        }
        return String(h, radix: 16)
    }
}

/// A rule file that cannot be used: the file, the rule and what is wrong.
public enum RulesError: Error, Sendable, CustomStringConvertible {
    case unreadable(file: String, message: String)
    case syntax(file: String, line: Int, column: Int, message: String)
    case invalid(file: String, rule: String?, message: String)

    public var description: String {
        switch self {
        case let .unreadable(file, message): return "\(file): \(message)"
        case let .syntax(file, line, column, message): return "\(file):\(line):\(column): \(message)"
        case let .invalid(file, rule, message):
            return "\(file)" + (rule.map { ": rule \($0)" } ?? "") + ": \(message)"
        }
    }
}
