import Testing
import CKeysweepScan
@testable import KeysweepMatch
import KeysweepRules
import KeysweepTestSupport

/// The per-occurrence step in C (`ks_plan_windows`, `ks_order_windows`) against a naive reading
/// of what it promises: every (occurrence, rule) window computed on its own, then per rule
/// sorted and merged where windows overlap or touch.
@Suite struct WindowPlanTests {
    /// Per rule, in order: its windows sorted by start and merged.
    static func merged(_ windows: [(lo: Int, hi: Int)]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for w in windows.sorted(by: { $0.lo < $1.lo }) {
            if let last = out.last, last.upperBound >= w.lo {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, w.hi)
            } else {
                out.append(w.lo..<w.hi)
            }
        }
        return out
    }

    /// What `scratch` holds after ordering: per rule (in touched order), its windows.
    static func groups(_ scratch: WindowScratch, _ count: Int) -> [(rule: Int32, windows: [Range<Int>])] {
        var out: [(rule: Int32, windows: [Range<Int>])] = []
        for i in 0..<count {
            let w = scratch.ordered[i]
            if out.last?.rule != w.rule { out.append((w.rule, [])) }
            out[out.count - 1].windows.append(w.lo..<w.hi)
        }
        return out
    }

    @Test func orderingSortsAndMergesEachRulesWindows() {
        var rng = SplitMix(seed: 5)
        let scratch = WindowScratch(rules: 40)
        for round in 0..<200 {
            let rules = (0..<40).shuffled(using: &rng).prefix(Int(rng.next() % 12) + 1).map(Int32.init)
            var raw: [ks_window] = []
            for _ in 0..<Int(rng.next() % 300) {
                let lo = Int(rng.next() % 5000)
                raw.append(ks_window(lo: lo, hi: lo + Int(rng.next() % 80) + 1, rule: rules[Int(rng.next() % UInt64(rules.count))]))
            }
            // Rules without windows stay out of the touched list, as in a scan.
            let touched = rules.filter { r in raw.contains { $0.rule == r } }
            scratch.reserve(raw.count)
            for (i, w) in raw.enumerated() { scratch.raw[i] = w }
            for (g, r) in touched.enumerated() { scratch.touched[g] = r }
            scratch.touchedCount = touched.count
            let got = Self.groups(scratch, scratch.order(raw.count))
            let expected = touched.map { r in (r, Self.merged(raw.filter { $0.rule == r }.map { ($0.lo, $0.hi) })) }
            #expect(got.map(\.rule) == expected.map(\.0), "round \(round)")
            #expect(got.map(\.windows) == expected.map(\.1), "round \(round)")
        }
    }

    @Test func planGivesEachRuleTheWindowsOfItsOccurrences() throws {
        // Keyword 0 ("token") triggers rules 0 (line window, follow set 0), 1 (anchored 4 bytes
        // back) and 2 (line window reaching 1 KiB, follow set 1); keyword 1 ("ab", too short for
        // the trigram index) triggers rule 3; keyword 2 ("secret") triggers rules 0 and 2, and is
        // reported only where set 0 matches; keyword 0 also triggers rule 4, whose
        // matches stay on their keyword's line (no follow set, 1 KiB reach). Keyword 3 ("passwd")
        // triggers rules 0 and 2 too, but the prefilter tried both sets' patterns at its
        // occurrences one by one and reports which matched: the plan reads its verdicts from them.
        let patterns = [try FollowPattern("[\\w.\\-]{0,8}[ \\t]*[:=]"), try FollowPattern("[ \\t]*\\(")]
        let ruleStart: [Int32] = [0, 4, 5, 7, 9], ruleList: [Int32] = [0, 1, 2, 4, 3, 0, 2, 2, 0]
        let keywordLength = [5, 2, 6, 6]
        let ruleFollow: [Int?] = [0, nil, 1, nil, nil], ruleAnchor: [Int?] = [nil, 4, nil, nil, nil]
        let reach = [40, 0, 1024, 40, 1024], ruleLine = [false, false, false, false, true]
        let lookBack = 64
        let plan = WindowPlan(ruleStart: ruleStart, ruleList: ruleList, keywordShort: [false, true, false, false],
                              keywordLength: keywordLength, keywordPatterns: [[], [], [], [patterns[1].source, patterns[0].source]], ruleFollow: ruleFollow,
                              ruleAnchor: ruleAnchor, ruleReach: reach, ruleLine: ruleLine, followSets: [0..<1, 1..<2],
                              patterns: patterns, lookBack: lookBack)
        var rng = SplitMix(seed: 9)
        let pieces = ["token = 1\n", "token(x)\n", "xtoken: y", "secret=", "a b c ", "\n", "token.field := 3\n", "zz",
                      "passwd=", "passwd (", "passwd\n"]
            .map { Array($0.utf8) }
        let scratch = WindowScratch(rules: 5)
        var checked = 0
        for round in 0..<60 {
            var text: [UInt8] = []
            while text.count < 3000 { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            // Occurrences as the prefilter reports them: positions of "token" and "secret" (the
            // latter only where set 0 matches, as the comparison step checked), "ab" at 0.
            // "passwd" only where one of its two patterns matches, with the bits of those that do.
            var occurrences: [ks_occurrence] = [ks_occurrence(keyword: 1, follows: 0, position: 0)]
            for (k, word) in [(Int32(0), "token"), (Int32(2), "secret"), (Int32(3), "passwd")] {
                let w = Array(word.utf8)
                for i in 0...(text.count - w.count) where Array(text[i..<i + w.count]) == w {
                    let follows = text.withUnsafeBytes { patterns[0].matches($0, at: i + w.count) }
                    if k == 2 && !follows { continue }
                    var bits: UInt32 = 0
                    if k == 3 {
                        bits = text.withUnsafeBytes { (patterns[1].matches($0, at: i + w.count) ? 1 : 0) | (follows ? 2 : 0) }
                        if bits == 0 { continue }
                    }
                    occurrences.append(ks_occurrence(keyword: k, follows: bits, position: i))
                }
            }
            let complete = round % 10 != 0
            // The naive reading.
            var naive = [[(lo: Int, hi: Int)]](repeating: [], count: 5)
            for o in occurrences {
                let k = Int(o.keyword), position = o.position
                for r in ruleList[Int(ruleStart[k])..<Int(ruleStart[k + 1])].map(Int.init) {
                    let whole = !complete || k == 1
                    if !whole, let f = ruleFollow[r],
                       !text.withUnsafeBytes({ patterns[f].matches($0, at: position + keywordLength[k]) }) { continue }
                    if whole {
                        naive[r].append((0, text.count))
                    } else if let anchor = ruleAnchor[r] {
                        naive[r].append((max(0, position - anchor), position + 1))
                    } else {
                        let back = max(0, position - lookBack)
                        let lo = text[max(0, back - 4096)..<back].lastIndex(of: 0x0A).map { $0 + 1 } ?? max(0, back - 4096)
                        let ahead = min(text.count, position + reach[r])
                        let hi = text[ahead..<min(text.count, ahead + 4096)].firstIndex(of: 0x0A) ?? min(text.count, ahead + 4096)
                        if ruleLine[r] {
                            // Only the occurrence's own line (within the window).
                            let lineStart = text[lo..<position].lastIndex(of: 0x0A).map { $0 + 1 } ?? lo
                            let lineEnd = text[position..<min(text.count, position + 4096)].firstIndex(of: 0x0A) ?? min(text.count, position + 4096)
                            naive[r].append((max(lo, lineStart), min(hi, lineEnd)))
                        } else {
                            naive[r].append((lo, hi))
                        }
                    }
                }
            }
            // The C step, as `scanPlain` drives it.
            scratch.reserve(occurrences.count * plan.maxRulesPerKeyword + 4)
            scratch.touchedCount = 0
            var count = text.withUnsafeBytes { b in
                occurrences.withUnsafeBufferPointer { o in
                    var p = plan.plan
                    return ks_plan_windows(&p, b.baseAddress!.assumingMemoryBound(to: UInt8.self), b.count, complete ? 1 : 0,
                                           o.baseAddress, o.count, scratch.pendingLo, scratch.pendingHi, scratch.touched,
                                           &scratch.touchedCount, scratch.raw)
                }
            }
            for g in 0..<scratch.touchedCount {
                let r = Int(scratch.touched[g])
                scratch.raw[count] = ks_window(lo: scratch.pendingLo[r], hi: scratch.pendingHi[r], rule: Int32(r))
                scratch.pendingLo[r] = -1
                count += 1
            }
            let got = Self.groups(scratch, scratch.order(count))
            let expectedRules = (0..<scratch.touchedCount).map { scratch.touched[$0] }
            #expect(Set(expectedRules) == Set((0..<5).filter { !naive[$0].isEmpty }.map(Int32.init)), "round \(round)")
            for (rule, windows) in got {
                #expect(windows == Self.merged(naive[Int(rule)]), "round \(round), rule \(rule)")
                checked += windows.count
            }
        }
        #expect(checked > 500, "the texts must give windows for the comparison to mean anything")
    }
}
