import KeysweepCore

/// The decoding stage: text hidden in base64, percent-encoding or backslash escapes is decoded and
/// scanned by the same rule set, and what it finds is reported at the encoded text.
///
/// `EncodedSpans` finds candidate tokens in one pass; `Decoders` keeps those that decode to text.
/// The decoded tokens are put back into their lines (at most 256 bytes of each line's text either
/// side), one line after another, so that a rule still sees the name a value was assigned to and a
/// composite rule still pairs a key id with its secret on the next line; that buffer goes through
/// the ordinary scan (prefilter first, regexes only around keywords). Hits inside a decoded token
/// are kept; hits in the surrounding context were already found plainly. Decoded text is decoded
/// again, up to `maxDecodeDepth` encodings deep, and at most `maxDecodedBytes` bytes are decoded
/// per blob.
extension CompiledRuleSet {
    /// Encodings deep: 2 reaches a `.dockerconfigjson` (base64 of JSON whose `auth` is base64).
    public static let maxDecodeDepth = 2
    /// Decoded bytes per blob, all depths together.
    public static let maxDecodedBytes = 1 << 20
    /// Line context kept around a decoded token, each side.
    static let decodeContext = 256

    /// Finds every rule's confirmed, non-allowlisted hits in `bytes`, in the text as it is and in
    /// the text it encodes. A decoded hit's `decoded` names the encodings ("base64",
    /// "base64→base64"); its range, line, column and line text are the encoded token's.
    public func scan(_ bytes: UnsafeRawBufferPointer, context: MatchContext) -> [Hit] {
        let plain = scanPlain(bytes, context: context)
        var state = DecodeState(limitHits: context.limitHits)
        let hits = withDecoded(plain, in: bytes, region: nil, depth: 0, state: &state, context: context)
        context.limitHits = state.limitHits
        return hits
    }

    /// Budget and diagnostics of one blob's decoding, across depths.
    struct DecodeState {
        var budget = CompiledRuleSet.maxDecodedBytes
        var limitHits: [String]
    }

    /// A token that decoded to text.
    private struct Decoded {
        var range: Range<Int>
        var encoding: Encoding
        /// Where its text is in the decoded bytes.
        var text: Range<Int>
    }

    /// `plain` (the hits in `bytes` as it is) merged with the hits in the text that `bytes`
    /// encodes, looking for tokens only inside `region` when given.
    private func withDecoded(_ plain: [Hit], in bytes: UnsafeRawBufferPointer, region: [Range<Int>]?,
                             depth: Int, state: inout DecodeState, context: MatchContext) -> [Hit] {
        var found: [Decoded] = []
        var text: [UInt8] = []
        let map = context.encodedMap.map(for: bytes)
        // (The whole blob is not wrapped in an array: that would be an allocation per blob.)
        for k in 0..<(region?.count ?? 1) {
            let r = region?[k] ?? 0..<bytes.count
            EncodedSpans.forEach(in: bytes, region: r, map: map, tokens: context.buffers.tokens) { range, encoding in
                let token = UnsafeRawBufferPointer(rebasing: bytes[range])
                // (The walk hands over only base64 tokens that decode to text.)
                guard encoding == .base64 || Decoders.isText(token, as: encoding) else { return true }
                let start = text.count
                Decoders.decode(token, as: encoding, into: &text)
                if text.count - start > state.budget {
                    text.removeLast(text.count - start)
                    state.budget = 0
                    return false
                }
                state.budget -= text.count - start
                found.append(Decoded(range: range, encoding: encoding, text: start..<text.count))
                return true
            }
        }
        guard !found.isEmpty else { return plain }

        // The decoded tokens in their lines, and where each token's text landed.
        var lines: [UInt8] = []
        var segments: [Range<Int>] = []
        lines.reserveCapacity(text.count + found.count * (2 * Self.decodeContext + 1))
        var cursor: Int? = nil
        for d in found {
            let lineStart = Self.lineStart(before: d.range.lowerBound, in: bytes)
            if let c = cursor, lineStart <= c {
                lines.append(contentsOf: bytes[c..<d.range.lowerBound])
            } else {
                if let c = cursor {
                    lines.append(contentsOf: bytes[c..<Self.lineEnd(after: c, in: bytes)])
                    lines.append(0x0A)
                }
                lines.append(contentsOf: bytes[lineStart..<d.range.lowerBound])
            }
            let s = lines.count
            lines.append(contentsOf: text[d.text])
            segments.append(s..<lines.count)
            cursor = d.range.upperBound
        }
        if let c = cursor { lines.append(contentsOf: bytes[c..<Self.lineEnd(after: c, in: bytes)]) }
        lines.append(0x0A)

        // Scan them (and decode again), then carry each hit inside a token back to the token.
        var decodedHits: [Hit] = []
        var partners: [Int: (rule: Int, secret: String)] = [:]
        lines.withUnsafeBytes { buffer in
            var inner = scanPlain(buffer, context: context)
            state.limitHits += context.limitHits.filter { !state.limitHits.contains($0) }
            if depth + 1 < Self.maxDecodeDepth {
                inner = withDecoded(inner, in: buffer, region: segments, depth: depth + 1, state: &state, context: context)
            }
            var index = LineIndex(bytes)
            for h in inner.sorted(by: { $0.secretRange.lowerBound < $1.secretRange.lowerBound }) {
                guard let k = segments.firstIndex(where: { $0.overlaps(h.secretRange) }) else { continue }
                let d = found[k]
                let (line, column, lineRange) = index.locate(d.range.lowerBound)
                let lineBytes = UnsafeRawBufferPointer(rebasing: bytes[lineRange])
                if Self.hasInlineAllow(lineBytes) { continue }
                var hit = h
                hit.secretRange = d.range
                hit.matchRange = d.range
                hit.line = line
                hit.column = column
                hit.lineText = Self.snippet(lineBytes, around: d.range.lowerBound - lineRange.lowerBound)
                hit.decoded = d.encoding.label + (h.decoded.map { "→" + $0 } ?? "")
                hit.pairedWith = nil
                if let p = h.pairedWith { partners[decodedHits.count] = (inner[p].ruleIndex, inner[p].secret) }
                decodedHits.append(hit)
            }
        }
        guard !decodedHits.isEmpty else { return plain }
        return merge(plain: plain, decoded: decodedHits, partners: partners)
    }

    /// Plain and decoded hits of one text together. A decoded hit whose secret was found plainly
    /// is dropped. Where a plain hit overlaps an encoded token with decoded hits, the more
    /// confident rule wins; on a tie the decoded hit wins when another rule made it (it says what
    /// the encoded value is, where the Kubernetes-manifest rule only says that there is one), the
    /// plain hit when the same rule matched the encoded form too (the rule was written for it, as
    /// the Azure SAS rule takes `%3D`).
    private func merge(plain: [Hit], decoded: [Hit], partners: [Int: (rule: Int, secret: String)]) -> [Hit] {
        func beats(_ d: Hit, _ p: Hit) -> Bool {
            let cd = rules[d.ruleIndex].confidence, cp = rules[p.ruleIndex].confidence
            return cd > cp || (cd == cp && d.ruleIndex != p.ruleIndex)
        }
        let plainSecrets = Set(plain.map(\.secret))
        var decodedKept: [(hit: Hit, partner: (rule: Int, secret: String)?)] = []
        for (i, d) in decoded.enumerated() where !plainSecrets.contains(d.secret) {
            decodedKept.append((d, partners[i]))
        }
        var plainKept: [(hit: Hit, partner: (rule: Int, secret: String)?)] = []
        for p in plain where !decodedKept.contains(where: { $0.hit.secretRange.overlaps(p.secretRange) && beats($0.hit, p) }) {
            plainKept.append((p, p.pairedWith.map { (plain[$0].ruleIndex, plain[$0].secret) }))
        }
        decodedKept.removeAll { d in
            plainKept.contains { $0.hit.secretRange.overlaps(d.hit.secretRange) && !beats(d.hit, $0.hit) }
        }
        let all = (plainKept + decodedKept).sorted {
            ($0.hit.secretRange.lowerBound, $0.hit.ruleIndex) < ($1.hit.secretRange.lowerBound, $1.hit.ruleIndex)
        }
        var out = all.map(\.hit)
        for i in out.indices {
            guard let partner = all[i].partner else { out[i].pairedWith = nil; continue }
            out[i].pairedWith = out.firstIndex { $0.ruleIndex == partner.rule && $0.secret == partner.secret }
                ?? out.firstIndex { $0.secret == partner.secret }
        }
        return out
    }

    /// Where the line holding `position` starts, at most `decodeContext` bytes back.
    private static func lineStart(before position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var i = position
        let floor = max(0, position - decodeContext)
        while i > floor, bytes[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// Where the line holding `position` ends (before its newline), at most `decodeContext` bytes on.
    private static func lineEnd(after position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var i = position
        let ceiling = min(bytes.count, position + decodeContext)
        while i < ceiling, bytes[i] != 0x0A { i += 1 }
        return i
    }

    /// At most 240 bytes of `line`, from a little before the encoded token at `offset` (the trim
    /// of plain hits centres on the secret, which a decoded hit's line does not hold).
    static func snippet(_ line: UnsafeRawBufferPointer, around offset: Int) -> String {
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        guard end > 240 else { return String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<end]), as: UTF8.self) }
        var lo = max(0, offset - 60)
        while lo > 0, line[lo] & 0xC0 == 0x80 { lo -= 1 }
        var hi = min(end, lo + 240)
        while hi < end, line[hi] & 0xC0 == 0x80 { hi += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[lo..<hi]), as: UTF8.self)
        return (lo > 0 ? "…" : "") + text + (hi < end ? "…" : "")
    }
}
