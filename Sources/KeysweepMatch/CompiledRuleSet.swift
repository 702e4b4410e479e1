import Foundation
import KeysweepCore
import KeysweepRules
import KeysweepPCRE

/// A rule set compiled for matching: PCRE2 patterns (JIT), the keyword prefilter, compiled
/// allowlists and the composite-rule graph. Immutable and shared by all workers; each worker
/// brings its own `MatchContext`.
public final class CompiledRuleSet: Sendable {
    public let rules: [Rule]
    let patterns: [Pattern]
    let pathPatterns: [Pattern?]
    let allowlists: [[CompiledAllowlist]]
    let globalAllowlists: [CompiledAllowlist]
    let prefilter: KeywordPrefilter
    /// Rule → its place in the evaluation order: rules that need a nearby hit come after the
    /// rules they need.
    let orderRank: [Int]
    /// Rules with no keyword: always evaluated.
    let unconditionalRules: [Int]
    /// Rule → index of the rule it must be near (composite rules).
    let nearTarget: [Int?]
    /// Rules whose matches start at most this many bytes before a keyword occurrence: their
    /// regex is tried only from those offsets (PCRE2's offset limit), not over whole windows.
    let keywordAnchor: [Int?]
    /// How keyword occurrences become each rule's windows: the keyword → rules lists again, the
    /// rules' `keywordFollowedBy` lists (read from the prefilter's bits per occurrence, or tried once per list),
    /// keyword anchors and reaches (see `ks_window_plan`).
    let windowPlan: WindowPlan

    /// Compiles every rule.
    /// - Throws: `MatchError.compile` naming the rule, its file, PCRE2's message and the offset.
    public init(_ set: RuleSet) throws {
        rules = set.rules
        var patterns: [Pattern] = []
        var pathPatterns: [Pattern?] = []
        var allowlists: [[CompiledAllowlist]] = []
        let anchors = set.rules.map { $0.near?.required == true ? nil : $0.keywordAnchor }
        for (rule, anchor) in zip(set.rules, anchors) {
            do {
                patterns.append(try Pattern(rule.regex, options: anchor == nil ? [] : .startLimit))
            } catch let error as PCREError {
                throw MatchError.compile(rule: rule.id, file: rule.origin, message: error.description)
            }
            if let secretGroupLimit = patterns.last?.captureCount, rule.secretGroup > secretGroupLimit {
                throw MatchError.invalid(rule: rule.id, file: rule.origin,
                    message: "secretGroup \(rule.secretGroup) but the regex has \(secretGroupLimit) group(s)")
            }
            pathPatterns.append(try rule.path.map { try Self.compile($0, rule: rule, what: "path") })
            allowlists.append(try rule.allowlists.map { try CompiledAllowlist($0, rule: rule) })
        }
        self.patterns = patterns
        self.pathPatterns = pathPatterns
        self.allowlists = allowlists
        globalAllowlists = try set.allowlists.map { try CompiledAllowlist($0, rule: nil) }

        let ids = Dictionary(set.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        nearTarget = try set.rules.map { rule in
            guard let near = rule.near else { return nil }
            guard let target = ids[near.rule] else {
                throw MatchError.invalid(rule: rule.id, file: rule.origin, message: "near names unknown rule \(near.rule)")
            }
            return target
        }
        let needsWindow = set.rules.map { $0.near?.required == true }
        let order = set.rules.indices.filter { !needsWindow[$0] } + set.rules.indices.filter { needsWindow[$0] }
        var rank = [Int](repeating: 0, count: set.rules.count)
        for (i, r) in order.enumerated() { rank[r] = i }
        orderRank = rank
        keywordAnchor = anchors

        var keywords: [[UInt8]] = []
        var keywordIndex: [String: Int] = [:]
        var keywordRules: [[Int]] = []
        var unconditional: [Int] = []
        for (r, rule) in set.rules.enumerated() {
            if rule.keywords.isEmpty { unconditional.append(r) }
            for kw in rule.keywords {
                if let k = keywordIndex[kw] { keywordRules[k].append(r); continue }
                keywordIndex[kw] = keywords.count
                keywords.append(Array(kw.utf8))
                keywordRules.append([r])
            }
        }
        var sets: [Range<Int>] = []
        var flat: [FollowPattern] = []
        var setIndex: [[String]: Int] = [:]
        let followSet = set.rules.map { rule -> Int? in
            // A composite rule's keywords may name only its partner: no promise about its match.
            guard !rule.keywordFollowedBy.isEmpty, rule.near?.required != true else { return nil }
            let key = rule.keywordFollowedBy.map(\.source)
            if let i = setIndex[key] { return i }
            setIndex[key] = sets.count
            sets.append(flat.count..<(flat.count + rule.keywordFollowedBy.count))
            flat += rule.keywordFollowedBy
            return sets.count - 1
        }
        let follows = Self.follows(keywordRules: keywordRules, followSet: followSet, followSets: sets, patterns: flat)
        prefilter = KeywordPrefilter(keywords: keywords, gates: follows.map(Self.gate(of:)), follows: follows)
        unconditionalRules = unconditional
        // Keyword k's rules are ruleList[ruleStart[k] ..< ruleStart[k + 1]].
        windowPlan = WindowPlan(
            ruleStart: keywordRules.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.count)) },
            ruleList: keywordRules.flatMap { $0.map(Int32.init) }, keywordShort: prefilter.isShort,
            keywordLength: keywords.map(\.count),
            keywordPatterns: follows.map { $0.map(\.source) }, ruleFollow: followSet,
            ruleAnchor: anchors, ruleReach: set.rules.map { Self.reach(of: $0.regex) },
            ruleLine: set.rules.map { $0.lineLocal && $0.near?.required != true }, followSets: sets,
            patterns: flat, lookBack: Self.lookBack)
    }

    /// Per keyword, when every rule it triggers has `keywordFollowedBy` patterns, all of them
    /// (each pattern once: the generic rules' lists share their `value` pattern): the prefilter's
    /// C step drops the occurrences none matches at before they reach `scanPlain`. Otherwise none.
    static func follows(keywordRules: [[Int]], followSet: [Int?], followSets: [Range<Int>],
                        patterns: [FollowPattern]) -> [[FollowPattern]] {
        keywordRules.map { rules in
            let lists = rules.map { followSet[$0] }
            guard !lists.contains(where: { $0 == nil }) else { return [] }
            var seen = Set<String>()
            return Set(lists.compactMap { $0 }).sorted().flatMap { followSets[$0].map { patterns[$0] } }
                .filter { seen.insert($0.source).inserted }
        }
    }

    /// The gate of a keyword's follow patterns: the bytes each offset after an occurrence may
    /// hold in a match of any of them (as far as every pattern needs bytes, at most 16), which
    /// the C step checks before it tries the patterns.
    static func gate(of patterns: [FollowPattern]) -> [[UInt64]] {
        let length = min(16, patterns.map(\.minLength).min() ?? 0)
        var union = [[UInt64]](repeating: [0, 0, 0, 0], count: length)
        for p in patterns {
            for (d, set) in p.bytesAtOffsets(limit: length).enumerated() {
                for w in 0..<4 { union[d][w] |= set[w] }
            }
        }
        // Offsets that allow every byte check nothing: keep the gate up to the last that does.
        while let last = union.last, last.allSatisfy({ $0 == ~0 }) { union.removeLast() }
        return union
    }

    /// How far past a keyword a rule's match may run: a line (and 1 KiB) for most rules; 16 KiB
    /// for rules whose regex spans lines (PEM blocks, `(?s)`, `[\s\S]`, explicit newlines).
    static func reach(of regex: String) -> Int {
        let multiline = ["(?s", "[\\s\\S]", "[\\S\\s]", "\\n", "\\r", "-----", "\\s*", "\\s+"]
        // A newline named inside a negated class (`[^;"'\n]`) keeps a match on its line.
        let outsideNegatedClasses = regex.replacingOccurrences(of: #"\[\^(?:\\.|[^\]\\])*\]"#, with: "",
                                                              options: .regularExpression)
        return multiline.contains { outsideNegatedClasses.contains($0) } ? 16 << 10 : 1 << 10
    }

    static func compile(_ regex: String, rule: Rule?, what: String) throws -> Pattern {
        do {
            return try Pattern(regex)
        } catch let error as PCREError {
            throw MatchError.compile(rule: rule?.id ?? "(global allowlist)", file: rule?.origin ?? "config",
                                     message: "\(what) regex: \(error.description)")
        }
    }

    /// A fresh per-worker context.
    public func makeContext(profiling: Bool = RuleProfile.requested) -> MatchContext {
        MatchContext(rules: rules.count, buffers: prefilter.makeBuffers(), profiling: profiling)
    }

    /// True when a hit of `ruleIndex` at `path` in `commit` is to be reported: the rule's `path`
    /// restriction holds, and no allowlist's path/commit criteria (pending from match time, or
    /// location-only) silence it.
    public func allowsLocation(_ hit: Hit, path: String, commit: String?) -> Bool {
        let r = hit.ruleIndex
        if let p = pathPatterns[r], !p.matches(path) { return false }
        let all = allowlists[r] + globalAllowlists
        for (i, a) in all.enumerated() where hit.pendingAllowlists.contains(i) {
            if a.locationHolds(path: path, commit: commit) { return false }
        }
        return true
    }
}

/// A rule set that cannot be compiled.
public enum MatchError: Error, Sendable, CustomStringConvertible {
    case compile(rule: String, file: String, message: String)
    case invalid(rule: String, file: String, message: String)

    public var description: String {
        switch self {
        case let .compile(rule, file, message): return "\(file): rule \(rule): regex does not compile: \(message)"
        case let .invalid(rule, file, message): return "\(file): rule \(rule): \(message)"
        }
    }
}

/// Per-worker scratch: PCRE2 match data and the prefilter's bookkeeping. Never shared.
public final class MatchContext {
    let pcre = MatchScratch()
    var occurrences: [KeywordPrefilter.Occurrence] = []
    /// The encoded-text starts the prefilter found in the buffer it read last.
    let encodedMap = EncodedMap()
    /// The windows of the current blob, and the rules that have them.
    let windows: WindowScratch
    /// Rules whose evaluation hit PCRE2's limits in the last `scan`.
    public internal(set) var limitHits: [String] = []
    /// Per rule: nanoseconds in PCRE2 and bytes of windows searched, when profiling
    /// (`KEYSWEEP_PROFILE_RULES=1`; see `RuleProfile`).
    public internal(set) var profile: RuleProfile?

    /// Room for what one call of the prefilter's and the encoded-text walk's C steps finds.
    let buffers: ScanBuffers

    init(rules: Int, buffers: ScanBuffers, profiling: Bool) {
        windows = WindowScratch(rules: rules)
        self.buffers = buffers
        profile = profiling ? RuleProfile(rules: rules) : nil
    }
}

extension Pattern {
    func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { utf8 in
            (try? MatchScratch().firstMatch(self, in: UnsafeRawBufferPointer(utf8))) != nil
        }
    }
}
