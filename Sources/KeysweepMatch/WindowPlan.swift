import CKeysweepScan
import KeysweepRules

/// The C tables of the per-occurrence step (`ks_plan_windows`, `ks_order_windows`): how keyword
/// occurrences become the windows each rule's regex runs over. Immutable after init.
final class WindowPlan: @unchecked Sendable {
    private let arrays = CArrays()
    private(set) var plan = ks_window_plan()
    /// The most rules one keyword triggers (bounds the windows of an occurrence).
    let maxRulesPerKeyword: Int

    /// - Parameters: the keyword → rules lists (flat, as `CompiledRuleSet` keeps them), which
    ///   keywords are too short for the trigram index, keyword lengths, the follow patterns
    ///   (sources) the prefilter tried one by one at each keyword's occurrences
    ///   (`ks_occurrence.follows`), and per rule its follow set, keyword anchor, reach and whether
    ///   it is line-local; the follow sets as ranges of `patterns`.
    init(ruleStart: [Int32], ruleList: [Int32], keywordShort: [Bool], keywordLength: [Int], keywordPatterns: [[String]],
         ruleFollow: [Int?], ruleAnchor: [Int?], ruleReach: [Int], ruleLine: [Bool], followSets: [Range<Int>],
         patterns: [FollowPattern], lookBack: Int) {
        var items: [ks_follow_item] = [], programs: [ks_follow_program] = []
        for pattern in patterns {
            let compiled = KeywordPrefilter.items(of: pattern)
            programs.append(ks_follow_program(first: UInt32(items.count), count: UInt32(compiled.count)))
            items += compiled
        }
        // Follow sets are consecutive ranges of `patterns`: set f is programs[start[f] ..< start[f + 1]].
        var setStart = followSets.map { UInt32($0.lowerBound) }
        setStart.append(UInt32(followSets.last?.upperBound ?? 0))
        precondition(zip(followSets, followSets.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        maxRulesPerKeyword = zip(ruleStart, ruleStart.dropFirst()).map { Int($1 - $0) }.max() ?? 0
        // Per keyword-rule pair, the bits of the rule's patterns in the keyword's list; a keyword
        // is masked when its list is short enough to have been tried one by one and holds all of
        // its rules' patterns.
        var masked = [UInt8](repeating: 0, count: keywordShort.count)
        var ruleMask = [UInt32](repeating: 0, count: ruleList.count)
        for k in keywordShort.indices {
            let list = keywordPatterns[k]
            guard !keywordShort[k], !list.isEmpty, list.count <= Int(KS_FOLLOW_MASKED) else { continue }
            var complete = true
            for i in Int(ruleStart[k])..<Int(ruleStart[k + 1]) {
                guard let f = ruleFollow[Int(ruleList[i])] else { continue }
                for pattern in patterns[followSets[f]] {
                    if let bit = list.firstIndex(of: pattern.source) { ruleMask[i] |= 1 << UInt32(bit) } else { complete = false }
                }
            }
            if complete { masked[k] = 1 }
        }
        plan = ks_window_plan(
            rule_start: copy(ruleStart), rule_list: copy(ruleList), keyword_short: copy(keywordShort.map { $0 ? 1 : 0 }),
            keyword_length: copy(keywordLength.map(Int32.init)),
            rule_follow: copy(ruleFollow.map { Int32($0 ?? -1) }), rule_anchor: copy(ruleAnchor.map { Int32($0 ?? -1) }),
            rule_reach: copy(ruleReach.map(Int32.init)), rule_line: copy(ruleLine.map { $0 ? 1 : 0 }),
            keyword_masked: copy(masked), rule_follow_mask: copy(ruleMask),
            set_start: copy(setStart), set_programs: copy(programs),
            items: copy(items), follow_budget: Int32(FollowPattern.budget), look_back: lookBack)
    }

    private func copy<T>(_ array: [T]) -> UnsafePointer<T> { arrays.copy(array) }
}

/// A worker's per-rule state of the current blob: its pending window while occurrences are read,
/// where its last anchored match ended (matches do not overlap) and how many hits it recorded (at
/// most `CompiledRuleSet.maxHitsPerRule`); the rules with windows (in evaluation order once
/// ordered), and the windows before and after ordering. Never shared. (Plain memory: no
/// exclusivity checks in the per-window loop.)
final class WindowScratch {
    let pendingLo: UnsafeMutablePointer<Int>
    let pendingHi: UnsafeMutablePointer<Int>
    let anchoredEnd: UnsafeMutablePointer<Int>
    let hitCount: UnsafeMutablePointer<Int>
    let touched: UnsafeMutablePointer<Int32>
    var touchedCount = 0
    private let groupOf: UnsafeMutablePointer<Int32>
    private let groupEnd: UnsafeMutablePointer<Int>
    private(set) var raw: UnsafeMutablePointer<ks_window>
    private(set) var ordered: UnsafeMutablePointer<ks_window>
    private var capacity = 0

    init(rules: Int) {
        pendingLo = .allocate(capacity: max(1, rules))
        pendingLo.initialize(repeating: -1, count: max(1, rules))
        pendingHi = .allocate(capacity: max(1, rules))
        pendingHi.initialize(repeating: 0, count: max(1, rules))
        anchoredEnd = .allocate(capacity: max(1, rules))
        anchoredEnd.initialize(repeating: 0, count: max(1, rules))
        hitCount = .allocate(capacity: max(1, rules))
        hitCount.initialize(repeating: 0, count: max(1, rules))
        touched = .allocate(capacity: max(1, rules))
        groupOf = .allocate(capacity: max(1, rules))
        groupEnd = .allocate(capacity: rules + 1)
        raw = .allocate(capacity: 1)
        ordered = .allocate(capacity: 1)
    }

    /// Room for `count` windows before and after ordering, keeping `raw[0 ..< kept]`.
    func reserve(_ count: Int, keeping kept: Int = 0) {
        guard count > capacity else { return }
        capacity = max(count, 2 * capacity)
        let grown = UnsafeMutablePointer<ks_window>.allocate(capacity: capacity)
        grown.update(from: raw, count: kept)
        raw.deallocate()
        ordered.deallocate()
        raw = grown
        ordered = .allocate(capacity: capacity)
    }

    /// Orders `raw[0 ..< count]` into `ordered` (see `ks_order_windows`); returns how many.
    func order(_ count: Int) -> Int {
        ks_order_windows(raw, count, touched, touchedCount, groupOf, groupEnd, ordered)
    }

    deinit {
        for p: UnsafeMutableRawPointer in [UnsafeMutableRawPointer(pendingLo), UnsafeMutableRawPointer(pendingHi),
                                          UnsafeMutableRawPointer(anchoredEnd), UnsafeMutableRawPointer(hitCount),
                                          UnsafeMutableRawPointer(touched), UnsafeMutableRawPointer(groupOf),
                                          UnsafeMutableRawPointer(groupEnd), UnsafeMutableRawPointer(raw),
                                          UnsafeMutableRawPointer(ordered)] { p.deallocate() }
    }
}
