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

    /// Finds every rule's confirmed, non-allowlisted hits in `bytes` as it is (`scan` adds the
    /// decoded ones). Each rule's regex runs only over the lines around its keywords' occurrences
    /// (merged), never where no keyword is.
    func scanPlain(_ bytes: UnsafeRawBufferPointer, context: MatchContext) -> [Hit] {
        context.limitHits.removeAll(keepingCapacity: true)
        context.occurrences.removeAll(keepingCapacity: true)
        // The per-rule state of the last blob, taken out of the context so that the loops below
        // work on uniquely held arrays.
        var windows = context.windows, touched = context.touched
        var pendingLo = context.pendingLo, pendingHi = context.pendingHi
        context.windows = []; context.touched = []; context.pendingLo = []; context.pendingHi = []
        defer {
            context.windows = windows; context.touched = touched
            context.pendingLo = pendingLo; context.pendingHi = pendingHi
        }
        for r in touched {
            windows[Int(r)].removeAll(keepingCapacity: true)
            context.anchoredEnd[Int(r)] = 0
            context.hitCount[Int(r)] = 0
        }
        touched.removeAll(keepingCapacity: true)
        let complete = prefilter.scan(bytes, into: &context.occurrences, cap: Self.occurrenceCap(bytes.count),
                                      encoded: context.encodedMap.prepare(for: bytes))
        let whole = 0..<bytes.count
        let isShort = prefilter.isShort
        keywordRuleStart.withUnsafeBufferPointer { ruleStart in
        keywordRuleList.withUnsafeBufferPointer { ruleList in
        followPrograms.withUnsafeBufferPointer { followPrograms in
        context.occurrences.withUnsafeBufferPointer { occurrences in
            for occurrence in occurrences {
                let k = Int(occurrence.keyword)
                // The line-bounded window around the occurrence, found once for all its rules (by reach).
                var start: Int? = nil
                var ends: (reach: Int, end: Int, reach2: Int, end2: Int) = (-1, 0, -1, 0)
                var followed: (set: Int, verdict: Bool) = (-1, false)
                for i in Int(ruleStart[k])..<Int(ruleStart[k + 1]) {
                    let r = Int(ruleList[i])
                    // keywordFollowedBy: skip the occurrence where the rule cannot match (only when
                    // every occurrence was recorded: otherwise an unrecorded one might have matched).
                    if complete, let f = followSet[r], !isShort[k] {
                        if followed.set != f {
                            let end = occurrence.position + keywordLength[k]
                            var verdict = followChecked[k] == f
                            if !verdict {
                                for p in followSets[f] where followPrograms[p].matches(bytes, at: end) { verdict = true; break }
                            }
                            followed = (f, verdict)
                        }
                        if !followed.verdict { continue }
                    }
                    let lo: Int, hi: Int
                    if !complete || isShort[k] {
                        (lo, hi) = (0, bytes.count)
                    } else if let anchor = keywordAnchor[r] {
                        (lo, hi) = (max(0, occurrence.position - anchor), occurrence.position + 1)  // start offsets
                    } else {
                        lo = start ?? windowStart(before: occurrence.position, in: bytes)
                        start = lo
                        if ends.reach == reach[r] { hi = ends.end } else if ends.reach2 == reach[r] { hi = ends.end2 } else {
                            hi = windowEnd(after: occurrence.position, reach: reach[r], in: bytes)
                            ends = (reach[r], hi, ends.reach, ends.end)
                        }
                    }
                    // Merge with the rule's pending window, or close that one and start anew.
                    if pendingLo[r] < 0 {
                        (pendingLo[r], pendingHi[r]) = (lo, hi)
                        touched.append(Int32(r))
                    } else if pendingHi[r] >= lo {
                        (pendingLo[r], pendingHi[r]) = (min(pendingLo[r], lo), max(pendingHi[r], hi))
                    } else {
                        windows[r].append(pendingLo[r]..<pendingHi[r])
                        (pendingLo[r], pendingHi[r]) = (lo, hi)
                    }
                }
            }
        }}}}
        for r in touched {
            windows[Int(r)].append(pendingLo[Int(r)]..<pendingHi[Int(r)])
            pendingLo[Int(r)] = -1
        }
        for r in unconditionalRules {
            if windows[r].isEmpty { touched.append(Int32(r)) }
            windows[r] = [whole]
        }
        guard !touched.isEmpty else { return [] }
        touched.sort { orderRank[Int($0)] < orderRank[Int($1)] }

        var hits: [Hit] = []
        var lines = LineIndex(bytes)
        for r in touched.lazy.map({ Int($0) }) {
            var ruleWindows = windows[r].count > 1 ? merged(windows[r]) : windows[r]
            if let target = nearTarget[r], rules[r].near?.required == true {
                let lineSpan = rules[r].near!.lines
                ruleWindows = merged(hits.filter { $0.ruleIndex == target }.map {
                    lines.window(around: $0.secretRange.lowerBound, lines: lineSpan)
                })
            }
            for window in ruleWindows {
                if context.profile == nil {
                    collect(rule: r, in: bytes, window: window, starts: complete && keywordAnchor[r] != nil,
                            context: context, lines: &lines, into: &hits)
                } else {
                    let start = DispatchTime.now().uptimeNanoseconds
                    collect(rule: r, in: bytes, window: window, starts: complete && keywordAnchor[r] != nil,
                            context: context, lines: &lines, into: &hits)
                    context.profile!.nanoseconds[r] += DispatchTime.now().uptimeNanoseconds - start
                    context.profile!.bytes[r] += window.count
                    context.profile!.windows[r] += 1
                }
            }
        }
        return pairAndDeduplicate(hits, lines: &lines)
    }

    /// Runs rule `r`'s regex over `window`, or (`starts`) from each offset in `window` with the
    /// whole blob as the subject, and records its hits.
    /// The keyword prefilter alone: how many keyword occurrences `bytes` holds (for benchmarks).
    public func keywordOccurrences(_ bytes: UnsafeRawBufferPointer, context: MatchContext) -> Int {
        context.occurrences.removeAll(keepingCapacity: true)
        _ = prefilter.scan(bytes, into: &context.occurrences, cap: Int.max, encoded: nil)
        return context.occurrences.count
    }

    private func collect(rule r: Int, in bytes: UnsafeRawBufferPointer, window: Range<Int>, starts: Bool,
                         context: MatchContext, lines: inout LineIndex, into hits: inout [Hit]) {
        guard context.hitCount[r] < Self.maxHitsPerRule else { return }
        do {
            if starts {
                var from = max(window.lowerBound, context.anchoredEnd[r])
                while from < window.upperBound,
                      let m = try context.pcre.firstMatch(patterns[r], in: bytes, from: from, startLimit: window.upperBound - 1) {
                    from = m.range.isEmpty ? m.range.upperBound + 1 : m.range.upperBound
                    context.anchoredEnd[r] = from
                    guard record(rule: r, m, offset: 0, in: bytes, lines: &lines, into: &hits, count: &context.hitCount[r]) else { return }
                }
            } else {
                let subject = UnsafeRawBufferPointer(rebasing: bytes[window])
                try context.pcre.forEachMatch(patterns[r], in: subject) { m in
                    record(rule: r, m, offset: window.lowerBound, in: bytes, lines: &lines, into: &hits, count: &context.hitCount[r])
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
                        line: line, column: column, lineText: Self.trim(lineText, around: secret),
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

    /// At most 240 bytes of the line, centred on the secret.
    static func trim(_ line: String, around secret: String) -> String {
        let text = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard text.utf8.count > 240, let r = text.range(of: secret) else { return text }
        let start = text.index(r.lowerBound, offsetBy: -60, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(r.upperBound, offsetBy: 60, limitedBy: text.endIndex) ?? text.endIndex
        return (start > text.startIndex ? "…" : "") + text[start..<end] + (end < text.endIndex ? "…" : "")
    }

    /// A keyword's window runs from the start of the line `lookBack` bytes before it to the end of
    /// the line `reach` bytes after it; on very long (minified) lines, at most 4 KiB further
    /// either way. This is its start.
    private func windowStart(before position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        let lo = max(0, position - Self.lookBack)
        let floor = max(0, lo - 4096)
        guard lo > floor, let base = bytes.baseAddress else { return lo }
        return ks_line_start(base.assumingMemoryBound(to: UInt8.self), floor, lo)
    }

    /// The end of a keyword's window (see `windowStart`).
    private func windowEnd(after position: Int, reach: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        let hi = min(bytes.count, position + reach)
        let ceiling = min(bytes.count, hi + 4096)
        guard hi < ceiling, let base = bytes.baseAddress else { return hi }
        guard let newline = memchr(base + hi, 0x0A, ceiling - hi) else { return ceiling }
        return base.distance(to: UnsafeRawPointer(newline))
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
