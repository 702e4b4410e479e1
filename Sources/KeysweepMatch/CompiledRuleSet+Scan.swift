import Foundation
import KeysweepCore
import KeysweepRules
import KeysweepPCRE
import CKeysweepScan

extension CompiledRuleSet {
    /// The most hits one rule may report in one blob (a minified bundle can hold thousands).
    static let maxHitsPerRule = 500

    /// Keyword occurrences recorded per blob (at least 4096, else one per 32 bytes) before every
    /// triggered rule scans the whole blob instead.
    static func occurrenceCap(_ count: Int) -> Int { max(4096, count / 32) }
    /// Bytes before a keyword occurrence that a rule's match may start at.
    static let lookBack = 512
    /// Occurrences turned into windows per call of the C step.
    static let windowChunk = 4096

    /// Finds every rule's confirmed, non-allowlisted hits in `bytes` as it is (`scan` adds the
    /// decoded ones). Each rule's regex runs only over the lines around its keywords' occurrences
    /// (merged), never where no keyword is.
    func scanPlain(_ bytes: UnsafeRawBufferPointer, context: MatchContext) -> [Hit] {
        context.limitHits.removeAll(keepingCapacity: true)
        context.occurrences.removeAll(keepingCapacity: true)
        let scratch = context.windows
        // The per-rule state the last blob left.
        for g in 0..<scratch.touchedCount {
            scratch.anchoredEnd[Int(scratch.touched[g])] = 0
            scratch.hitCount[Int(scratch.touched[g])] = 0
        }
        scratch.touchedCount = 0
        let complete = prefilter.scan(bytes, into: &context.occurrences, cap: Self.occurrenceCap(bytes.count), buffers: context.buffers,
                                      encoded: context.encodedMap.prepare(for: bytes))
        // Each occurrence's windows, one per rule at most, merged per rule while they overlap.
        // In chunks, so that the room kept for the windows follows how many there are (most merge),
        // not what the most rules a keyword triggers times the occurrences could make.
        var count = 0
        if let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var plan = windowPlan.plan
            context.occurrences.withUnsafeBufferPointer { occurrences in
                for chunk in stride(from: 0, to: occurrences.count, by: Self.windowChunk) {
                    let n = min(Self.windowChunk, occurrences.count - chunk)
                    scratch.reserve(count + n * windowPlan.maxRulesPerKeyword + rules.count, keeping: count)
                    count += ks_plan_windows(&plan, base, bytes.count, complete ? 1 : 0, occurrences.baseAddress! + chunk, n,
                                             scratch.pendingLo, scratch.pendingHi, scratch.touched, &scratch.touchedCount,
                                             scratch.raw + count)
                }
            }
        }
        scratch.reserve(count + rules.count, keeping: count)
        for g in 0..<scratch.touchedCount {
            let r = Int(scratch.touched[g])
            scratch.raw[count] = ks_window(lo: scratch.pendingLo[r], hi: scratch.pendingHi[r], rule: Int32(r))
            scratch.pendingLo[r] = -1
            count += 1
        }
        for r in unconditionalRules {
            scratch.raw[count] = ks_window(lo: 0, hi: bytes.count, rule: Int32(r))
            scratch.touched[scratch.touchedCount] = Int32(r)
            scratch.touchedCount += 1
            count += 1
        }
        guard scratch.touchedCount > 0 else { return [] }
        var touched = UnsafeMutableBufferPointer(start: scratch.touched, count: scratch.touchedCount)
        touched.sort { orderRank[Int($0)] < orderRank[Int($1)] }
        count = scratch.order(count)

        var hits: [Hit] = []
        var lines = LineIndex(bytes)
        let windows = scratch.ordered
        let profiling = context.profile != nil
        var i = 0
        while i < count {
            let r = Int(windows[i].rule)
            var j = i + 1
            while j < count, windows[j].rule == windows[i].rule { j += 1 }
            if let target = nearTarget[r], rules[r].near?.required == true {
                let lineSpan = rules[r].near!.lines
                for window in merged(hits.filter { $0.ruleIndex == target }.map {
                    lines.window(around: $0.secretRange.lowerBound, lines: lineSpan)
                }) {
                    evaluate(rule: r, in: bytes, window: window, complete: complete, profiling: profiling, context: context, lines: &lines, into: &hits)
                }
            } else {
                for w in i..<j {
                    evaluate(rule: r, in: bytes, window: windows[w].lo..<windows[w].hi, complete: complete, profiling: profiling, context: context,
                             lines: &lines, into: &hits)
                }
            }
            i = j
        }
        return pairAndDeduplicate(hits, lines: &lines)
    }

    /// `collect`, timed per rule when profiling.
    private func evaluate(rule r: Int, in bytes: UnsafeRawBufferPointer, window: Range<Int>, complete: Bool,
                          profiling: Bool, context: MatchContext, lines: inout LineIndex, into hits: inout [Hit]) {
        guard profiling else {
            collect(rule: r, in: bytes, window: window, starts: complete && keywordAnchor[r] != nil,
                    context: context, lines: &lines, into: &hits)
            return
        }
        let start = DispatchTime.now().uptimeNanoseconds
        collect(rule: r, in: bytes, window: window, starts: complete && keywordAnchor[r] != nil,
                context: context, lines: &lines, into: &hits)
        context.profile!.nanoseconds[r] += DispatchTime.now().uptimeNanoseconds - start
        context.profile!.bytes[r] += window.count
        context.profile!.windows[r] += 1
    }

    /// The keyword prefilter alone: how many keyword occurrences `bytes` holds (for benchmarks).
    public func keywordOccurrences(_ bytes: UnsafeRawBufferPointer, context: MatchContext) -> Int {
        context.occurrences.removeAll(keepingCapacity: true)
        _ = prefilter.scan(bytes, into: &context.occurrences, cap: Int.max, buffers: context.buffers, encoded: nil)
        return context.occurrences.count
    }

    /// Runs rule `r`'s regex over `window`, or (`starts`) from each offset in `window` with the
    /// whole blob as the subject, and records its hits.
    private func collect(rule r: Int, in bytes: UnsafeRawBufferPointer, window: Range<Int>, starts: Bool,
                         context: MatchContext, lines: inout LineIndex, into hits: inout [Hit]) {
        guard context.windows.hitCount[r] < Self.maxHitsPerRule else { return }
        do {
            if starts {
                var from = max(window.lowerBound, context.windows.anchoredEnd[r])
                while from < window.upperBound,
                      let m = try context.pcre.firstMatch(patterns[r], in: bytes, from: from, startLimit: window.upperBound - 1) {
                    from = m.range.isEmpty ? m.range.upperBound + 1 : m.range.upperBound
                    context.windows.anchoredEnd[r] = from
                    guard record(rule: r, m, offset: 0, in: bytes, lines: &lines, into: &hits, count: &context.windows.hitCount[r]) else { return }
                }
            } else {
                let subject = UnsafeRawBufferPointer(rebasing: bytes[window])
                try context.pcre.forEachMatch(patterns[r], in: subject) { m in
                    record(rule: r, m, offset: window.lowerBound, in: bytes, lines: &lines, into: &hits, count: &context.windows.hitCount[r])
                }
            }
        } catch {
            context.limitHits.append(rules[r].id)
        }
    }

    /// Scores, allowlists and records one match (its ranges relative to `offset`); false once the
    /// rule has reported `maxHitsPerRule` hits in this blob.
    private func record(rule r: Int, _ m: PatternMatch, offset: Int, in bytes: UnsafeRawBufferPointer,
                        lines: inout LineIndex, into hits: inout [Hit], count: inout Int) -> Bool {
        let rule = rules[r]
        guard let g = m.groups[rule.secretGroup], !g.isEmpty else { return true }
        let secretRange = (g.lowerBound + offset)..<(g.upperBound + offset)
        let matchRange = (m.range.lowerBound + offset)..<(m.range.upperBound + offset)
        let secretBytes = UnsafeRawBufferPointer(rebasing: bytes[secretRange])
        let entropy = shannonEntropy(secretBytes)
        if let min = rule.entropy, entropy < min { return true }
        let (line, column, lineRange) = lines.locate(secretRange.lowerBound)
        let lineBytes = UnsafeRawBufferPointer(rebasing: bytes[lineRange])
        if Self.hasInlineAllow(lineBytes) { return true }
        let secret = String(decoding: secretBytes, as: UTF8.self)
        let lineText = String(decoding: lineBytes, as: UTF8.self)
        var pending: [Int] = []
        let match = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[matchRange]), as: UTF8.self)
        for (i, a) in (allowlists[r] + globalAllowlists).enumerated() {
            switch a.verdict(secret: secret, match: match, line: lineText) {
            case .allowed: return true
            case .pending: pending.append(i)
            case .notAllowed: break
            }
        }
        hits.append(Hit(ruleIndex: r, secret: secret, secretRange: secretRange, matchRange: matchRange,
                        line: line, column: column,
                        lineText: Self.trim(lineBytes, secret: (secretRange.lowerBound - lineRange.lowerBound)..<(secretRange.upperBound - lineRange.lowerBound)),
                        entropy: entropy, pairedWith: nil, pendingAllowlists: pending, decoded: nil))
        count += 1
        return count < Self.maxHitsPerRule
    }

    /// Drops hits whose secret overlaps a better rule's (higher confidence, then catalogue order),
    /// then pairs each composite rule's hit with the nearest hit of the rule it names.
    private func pairAndDeduplicate(_ input: [Hit], lines: inout LineIndex) -> [Hit] {
        let sorted = input.sorted { a, b in
            let ca = rules[a.ruleIndex].confidence, cb = rules[b.ruleIndex].confidence
            return ca != cb ? ca > cb : a.ruleIndex < b.ruleIndex
        }
        var kept: [Hit] = []
        for h in sorted where !kept.contains(where: { $0.secretRange.overlaps(h.secretRange) }) {
            kept.append(h)
        }
        kept.sort { ($0.secretRange.lowerBound, $0.ruleIndex) < ($1.secretRange.lowerBound, $1.ruleIndex) }
        for i in kept.indices {
            guard let target = nearTarget[kept[i].ruleIndex], let near = rules[kept[i].ruleIndex].near else { continue }
            let best = kept.indices.filter { kept[$0].ruleIndex == target && abs(kept[$0].line - kept[i].line) <= near.lines }
                .min { abs(kept[$0].line - kept[i].line) < abs(kept[$1].line - kept[i].line) }
            if let best { kept[i].pairedWith = best } else if near.required { kept[i].pairedWith = nil }
        }
        return kept.filter { h in
            guard let near = rules[h.ruleIndex].near, near.required else { return true }
            return h.pairedWith != nil
        }.reindexedPairs(from: kept)
    }

    static func hasInlineAllow(_ line: UnsafeRawBufferPointer) -> Bool {
        for marker in inlineMarkers where line.count >= marker.count {
            if line.firstRange(of: marker) != nil { return true }
        }
        return false
    }

    static let inlineMarkers: [[UInt8]] = ["keysweep:allow", "gitleaks:allow", "pragma: allowlist secret"].map { Array($0.utf8) }

    /// The line (without a trailing CR), or when it is longer than 240 bytes the part from 60
    /// bytes before the secret to 60 bytes after it (at character boundaries), marked `…` where
    /// cut. `secret` is where the secret is in `line` (it may run past a line's end). By byte
    /// offsets: searching a long line for the secret through Foundation took milliseconds.
    static func trim(_ line: UnsafeRawBufferPointer, secret: Range<Int>) -> String {
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        guard end > 240 else { return String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<end]), as: UTF8.self) }
        var lo = max(0, min(end, secret.lowerBound) - 60)
        while lo > 0, line[lo] & 0xC0 == 0x80 { lo -= 1 }
        var hi = min(end, max(lo, secret.upperBound) + 60)
        while hi < end, line[hi] & 0xC0 == 0x80 { hi += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[lo..<hi]), as: UTF8.self)
        return (lo > 0 ? "…" : "") + text + (hi < end ? "…" : "")
    }

    private func merged(_ windows: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for w in windows.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, last.upperBound >= w.lowerBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, w.upperBound)
            } else {
                out.append(w)
            }
        }
        return out
    }
}

extension Array where Element == Hit {
    /// After filtering `all` down to `self`, rewrites `pairedWith` indices to point into `self`.
    fileprivate func reindexedPairs(from all: [Hit]) -> [Hit] {
        var out = self
        for i in out.indices {
            guard let p = out[i].pairedWith else { continue }
            let target = all[p]
            out[i].pairedWith = out.firstIndex { $0.secretRange == target.secretRange && $0.ruleIndex == target.ruleIndex }
        }
        return out
    }
}

extension UnsafeRawBufferPointer {
    func firstRange(of needle: [UInt8]) -> Int? {
        guard needle.count <= count, let first = needle.first else { return nil }
        var i = 0
        while i <= count - needle.count {
            if self[i] == first {
                var j = 1
                while j < needle.count, self[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
