import CKeysweepScan
import Foundation
import KeysweepRules

/// KeysweepMatch: the compiled rule set. A keyword prefilter selects candidate rules in one pass
/// over the raw bytes; PCRE2 confirms; the secret is scored and run through allowlists; composite
/// rules are paired.
///
/// `KeywordPrefilter` finds which keywords occur in a blob, ASCII case-insensitively. Each
/// position's case-folded trigram is hashed into a 256K-bit table (32 KiB, stays in L1 cache), by
/// the C loop `ks_trigram_hits` (AVX-512: hash sixteen positions at once, one gather of the table
/// words; scalar: six positions per 8-byte load); iterations do not depend on each other's loads. Each keyword is entered under its rarest
/// trigram (by measured trigram frequencies of source text, `CommonTrigrams`), so common words
/// rarely reach the comparison step; only where the table says a keyword may occur are the
/// keywords indexed under that trigram compared. Keywords shorter than three bytes cannot be hashed and
/// are reported as always present.
struct KeywordPrefilter: Sendable {
    /// Keywords too short to hash: present in every blob.
    let shortKeywords: [Int32]
    /// By keyword: too short to hash, so reported at position 0 and meaning "anywhere in the blob".
    let isShort: [Bool]
    /// The C side's tables: the 2^18-bit trigram table, the index of trigrams and the folded keywords.
    private let tables: Tables

    /// The tables `ks_keyword_occurrences` reads, copied once into memory that stays put for the
    /// prefilter's life, so that a scan hands C one prebuilt `ks_keyword_table`; with them the
    /// register filter of the indexed trigrams (`ks_trigram_filter`, for the VBMI loop).
    private final class Tables: @unchecked Sendable {  // immutable after init
        let arrays: CArrays
        let table: ks_keyword_table

        /// `buckets`: the indexed trigrams (case folded) and their keywords, in keyword order.
        init(bitmap: [UInt64], buckets: [(trigram: UInt32, keywords: [Int32])], anchor: [Int32],
             keywords: [[UInt8]], gates: [[[UInt64]]]?, follows: [[FollowPattern]]?) {
            let arrays = CArrays()
            func copy<T>(_ array: [T]) -> UnsafePointer<T> { arrays.copy(array) }
            // Each keyword (lower case) in 8-byte little-endian words, and its letters' 0x20 bits.
            var start: [UInt32] = [], words: [UInt64] = [], fold: [UInt64] = []
            for kw in keywords {
                start.append(UInt32(words.count))
                for chunk in stride(from: 0, to: kw.count, by: 8) {
                    var w: UInt64 = 0, f: UInt64 = 0
                    for (m, b) in kw[chunk..<min(kw.count, chunk + 8)].enumerated() {
                        w |= UInt64(b) << UInt64(8 * m)
                        if b >= 0x61 && b <= 0x7A { f |= 0x20 << UInt64(8 * m) }
                    }
                    words.append(w)
                    fold.append(f)
                }
            }
            let gateStart = (gates ?? []).reduce(into: [UInt32(0)]) { $0.append($0.last! + UInt32($1.count)) }
            // The follow patterns, each once, and per keyword the list of its patterns' programs.
            var items: [ks_follow_item] = [], programs: [ks_follow_program] = [], programOf: [String: Int] = [:]
            var followStart: [UInt32] = [], followCount: [UInt32] = []
            var programLists: [Int] = []
            // Per distinct list, its relaxed automaton (if it has one), shared by its keywords.
            // Beside each keyword's list, each pattern's final items in it (all bits: no automaton).
            var nfas: [ks_follow_nfa] = [], nfaBytes: [UInt64] = [], followNFA: [Int32] = [], finals: [UInt64] = []
            var nfaOf: [[String]: (index: Int32, finals: [UInt64])] = [:]
            for list in follows ?? keywords.map({ _ in [] }) {
                let key = list.map(\.source)
                if nfaOf[key] == nil {
                    if !list.isEmpty, let (nfa, bytes, ends) = KeywordPrefilter.relaxed(list) {
                        nfaOf[key] = (Int32(nfas.count), ends)
                        nfas.append(nfa)
                        nfaBytes += bytes
                    } else {
                        nfaOf[key] = (-1, list.map { _ in ~0 })
                    }
                }
                followNFA.append(nfaOf[key]!.index)
                finals += nfaOf[key]!.finals
                followStart.append(UInt32(programLists.count))
                followCount.append(UInt32(list.count))
                for pattern in list {
                    if let i = programOf[pattern.source] { programLists.append(i); continue }
                    programOf[pattern.source] = programs.count
                    programLists.append(programs.count)
                    let compiled = KeywordPrefilter.items(of: pattern)
                    programs.append(ks_follow_program(first: UInt32(items.count), count: UInt32(compiled.count)))
                    items += compiled
                }
            }
            // The index: twice as many slots as trigrams (at least 16), open addressing.
            var slotCount = 16
            while slotCount < 2 * buckets.count { slotCount *= 2 }
            var slots = [ks_trigram_slot](repeating: ks_trigram_slot(), count: slotCount)
            var entries: [ks_keyword_entry] = []
            var checkSets: [[UInt64]] = [], checkSetIndex: [[UInt64]: Int] = [:]
            // The most common trigrams first, so that they sit in their home slots: most
            // candidates then find theirs at the first look.
            func common(_ t: UInt32) -> Int { KeywordPrefilter.commonness([UInt8(t & 0xFF), UInt8(t >> 8 & 0xFF), UInt8(t >> 16 & 0xFF)][...]) }
            for (trigram, list) in buckets.sorted(by: { common($0.trigram) > common($1.trigram) }) {
                var i = Int(KeywordPrefilter.hash(trigram)) & (slotCount - 1)
                while slots[i].trigram != 0 { i = (i + 1) & (slotCount - 1) }
                let check = KeywordPrefilter.check(of: list.map(Int.init), anchor: anchor, keywords: keywords, gates: gates)
                let set = checkSetIndex[check.set] ?? checkSets.count
                if set == checkSets.count { checkSets.append(check.set); checkSetIndex[check.set] = set }
                slots[i] = ks_trigram_slot(trigram: trigram, first: UInt32(entries.count), count: UInt32(list.count),
                                           check_offset: Int16(check.offset), check_set: UInt16(set))
                for k in list.map(Int.init) {
                    entries.append(ks_keyword_entry(
                        keyword: Int32(k), anchor: UInt32(anchor[k]), length: UInt32(keywords[k].count), word: start[k],
                        gate_length: UInt32(gates?[k].count ?? 0), gate_start: gates == nil ? 0 : gateStart[k],
                        follow_start: followStart[k], follow_count: followCount[k], follow_nfa: followNFA[k]))
                }
            }
            let filter = UnsafeMutablePointer<ks_trigram_filter>.allocate(capacity: 1)
            filter.initialize(to: FilterCache.shared.filter(for: buckets.map(\.trigram)))
            arrays.keep(UnsafeMutableRawPointer(filter))
            table = ks_keyword_table(
                bits: copy(bitmap), filter: UnsafePointer(filter), slots: copy(slots), slot_mask: slotCount - 1,
                entries: copy(entries), keyword_words: copy(words), keyword_fold: copy(fold),
                gate_sets: copy((gates ?? []).flatMap { $0.flatMap { $0 } }), check_sets: copy(checkSets.flatMap { $0 }),
                follow_programs: copy(programLists.map { programs[$0] }), follow_items: copy(items),
                follow_nfas: copy(nfas), follow_nfa_bytes: copy(nfaBytes), follow_finals: copy(finals),
                follow_budget: Int32(FollowPattern.budget),
                max_bucket: max(1, buckets.map(\.keywords.count).max() ?? 1))
            self.arrays = arrays
        }
    }

    /// The check byte of a slot (see `ks_trigram_slot`): of the offsets from the indexed trigram,
    /// the one where the bytes any of the slot's keywords allows (its own byte in either case,
    /// or its gate's set) are fewest, and those bytes as a 256-bit set. An offset before a
    /// keyword's start or past its gate allows every byte; so does offset 0, the fallback.
    static func check(of slotKeywords: [Int], anchor: [Int32], keywords: [[UInt8]],
                      gates: [[[UInt64]]]?) -> (offset: Int, set: [UInt64]) {
        let everything = [UInt64](repeating: ~0, count: 4)
        var best = (offset: 0, set: everything, size: 256)
        let reach = slotKeywords.map { keywords[$0].count + (gates?[$0].count ?? 0) }.max() ?? 0
        let back = slotKeywords.map { Int(anchor[$0]) }.max() ?? 0
        for d in -back..<reach where !(0..<3).contains(d) {
            var set = [UInt64](repeating: 0, count: 4)
            func add(_ b: UInt8) { set[Int(b >> 6)] |= 1 << UInt64(b & 63) }
            for k in slotKeywords {
                let m = d + Int(anchor[k]), kw = keywords[k]
                if m >= 0 && m < kw.count {
                    add(kw[m])
                    if kw[m] >= 0x61 && kw[m] <= 0x7A { add(kw[m] - 0x20) }
                } else if m >= kw.count, let gate = gates?[k], m - kw.count < gate.count {
                    for w in 0..<4 { set[w] |= gate[m - kw.count][w] }
                } else {
                    set = everything
                    break
                }
            }
            let size = set.reduce(0) { $0 + $1.nonzeroBitCount }
            if size < best.size || (size == best.size && abs(d) < abs(best.offset)) { best = (d, set, size) }
        }
        return (best.offset, best.set)
    }

    /// Patterns' relaxed automaton (`ks_follow_nfa`), its byte masks and each pattern's final
    /// items: their items laid end to end, one state each. None when they have more than 64
    /// items or one may match nothing (the automaton would accept everywhere).
    static func relaxed(_ patterns: [FollowPattern]) -> (ks_follow_nfa, [UInt64], [UInt64])? {
        var nfa = ks_follow_nfa()
        var bytes = [UInt64](repeating: 0, count: 256)
        var finals: [UInt64] = []
        var s = 0
        for pattern in patterns {
            let steps = pattern.steps
            guard s + steps.count <= 64, !steps.allSatisfy({ $0.min == 0 }) else { return nil }
            nfa.start |= 1 << UInt64(s)
            let before = nfa.final
            var entering = true
            for (i, step) in steps.enumerated() {
                let bit: UInt64 = 1 << UInt64(s + i)
                if entering { nfa.entry |= bit }
                if step.min > 0 { entering = false } else { nfa.nullable |= bit }
                if step.max.map({ $0 > 1 }) ?? true { nfa.loop |= bit }
                if steps[(i + 1)...].allSatisfy({ $0.min == 0 }) { nfa.final |= bit }
                for b in 0..<256 where step.set[b >> 6] >> UInt64(b & 63) & 1 == 1 { bytes[b] |= bit }
            }
            finals.append(nfa.final & ~before)
            s += steps.count
        }
        return (nfa, bytes, finals)
    }

    /// A follow pattern's items as the C step reads them (`ks_follow_item`).
    static func items(of pattern: FollowPattern) -> [ks_follow_item] {
        pattern.steps.map { step in
            ks_follow_item(set: (step.set[0], step.set[1], step.set[2], step.set[3]),
                           first: (step.first[0], step.first[1], step.first[2], step.first[3]),
                           min: UInt32(step.min), max: step.max.map { UInt32(min($0, Int(UInt32.max - 1))) } ?? UInt32.max,
                           rest_may_be_empty: step.restMayBeEmpty ? 1 : 0, possessive: step.possessive ? 1 : 0,
                           at_end: step.atEnd ? 1 : 0, rest_at_end: step.restMatchesAtEnd ? 1 : 0)
        }
    }

    static let fold: [UInt8] = (0..<256).map { (b: Int) -> UInt8 in
        let byte = UInt8(b)
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// A keyword found at a byte offset.
    typealias Occurrence = ks_occurrence

    /// `gates`, when given, holds per keyword the byte sets that the bytes right after an
    /// occurrence must be in for it to be reported (see `ks_keyword_table`; none: every one is),
    /// and `follows` the patterns one of which must match there (none: no check).
    init(keywords: [[UInt8]], gates: [[[UInt64]]]? = nil, follows: [[FollowPattern]]? = nil) {
        let folded = keywords.map { $0.map { Self.fold[Int($0)] } }
        var bitmap = [UInt64](repeating: 0, count: Self.tableSize / 64)
        var buckets: [(trigram: UInt32, keywords: [Int32])] = []
        var bucketOf: [UInt32: Int] = [:]
        var short: [Int32] = []
        var anchor = [Int32](repeating: 0, count: keywords.count)
        for (k, kw) in folded.enumerated() {
            guard kw.count >= 3 else { short.append(Int32(k)); continue }
            let o = (0...(kw.count - 3)).min { Self.commonness(kw[$0..<$0 + 3]) < Self.commonness(kw[$1..<$1 + 3]) }!
            anchor[k] = Int32(o)
            let trigram = (UInt32(kw[o]) | UInt32(kw[o + 1]) << 8 | UInt32(kw[o + 2]) << 16) | Self.caseBits
            let h = Self.hash(trigram)
            bitmap[Int(h >> 6)] |= 1 << UInt64(h & 63)
            if let b = bucketOf[trigram] { buckets[b].keywords.append(Int32(k)) } else {
                bucketOf[trigram] = buckets.count
                buckets.append((trigram, [Int32(k)]))
            }
        }
        tables = Tables(bitmap: bitmap, buckets: buckets, anchor: anchor, keywords: folded, gates: gates, follows: follows)
        shortKeywords = short
        isShort = keywords.indices.map { short.contains(Int32($0)) }
    }

    /// How often a trigram occurs in source text, as an order: a trigram of the measured table of
    /// the 3,000 most frequent ranks above every trigram outside it; outside it, a product of
    /// letter weights breaks ties.
    static func commonness(_ trigram: ArraySlice<UInt8>) -> Int {
        let key = UInt32(trigram[trigram.startIndex]) | UInt32(trigram[trigram.startIndex + 1]) << 8
            | UInt32(trigram[trigram.startIndex + 2]) << 16
        if let rank = commonRank[key] { return 1_000_000 - rank }
        return trigram.reduce(1) { acc, b in acc * weight(b) }
    }

    /// Rank (0: most frequent) of each trigram of `CommonTrigrams`, keyed like a scanned trigram.
    static let commonRank: [UInt32: Int] = {
        var ranks: [UInt32: Int] = [:]
        for key in commonTrigrams where ranks[key] == nil { ranks[key] = ranks.count }
        return ranks
    }()

    /// How many of the most common trigrams the register filter is built against (the rest
    /// weigh little, and each costs time at every build).
    static let filterRivals = 3000

    /// The trigrams of `CommonTrigrams`, most frequent first (b0 | b1 << 8 | b2 << 16): the
    /// register filter is built to let as few of them through as it can (`ks_trigram_filter_build`).
    static let commonTrigrams: [UInt32] = {
        let hex = Array(CommonTrigrams.hex.utf8.filter { $0 != 0x0A && $0 != 0x20 })
        func nibble(_ c: UInt8) -> UInt32 { UInt32(c <= 0x39 ? c - 0x30 : c - 0x61 + 10) }
        return stride(from: 0, to: hex.count - 5, by: 6).map { i in
            let b = (0..<3).map { nibble(hex[i + 2 * $0]) << 4 | nibble(hex[i + 2 * $0 + 1]) }
            return b[0] | b[1] << 8 | b[2] << 16
        }
    }()

    private static func weight(_ b: UInt8) -> Int {
        switch b {
        case UInt8(ascii: " "): return 12
        case _ where "etaoinsrhl".utf8.contains(b): return 10
        case _ where "dcumfpgwyb".utf8.contains(b): return 5
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"): return 4
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 3
        case UInt8(ascii: "v"), UInt8(ascii: "k"): return 2
        default: return 1
        }
    }

    /// Bits in the trigram table (32 KiB).
    static let tableSize = 1 << 18

    /// OR-ing 0x20 into every byte folds ASCII case without a table lookup (it also merges a few
    /// punctuation and control pairs, such as `_` with DEL, which only adds candidates that the
    /// exact keyword comparison then rejects).
    static let caseBits: UInt32 = 0x0020_2020

    @inline(__always)
    static func hash(_ trigram: UInt32) -> UInt32 {
        (trigram &* 0x9E37_79B1) >> 14
    }

    /// Appends every occurrence of every keyword in `bytes` (in position order), up to `cap`
    /// occurrences; returns false when the cap cut the list short. Short keywords are reported at
    /// position 0. The positions whose trigram's table bit is set come from `ks_trigram_hits`
    /// (CKeysweepScan: sixteen positions per step with AVX-512, six per 8-byte load without);
    /// only those are compared with the keywords of their trigram. The VBMI loop also fills
    /// `encoded` (when given) with the places encoded text may start.
    func scan(_ bytes: UnsafeRawBufferPointer, into out: inout [Occurrence], cap: Int, buffers: ScanBuffers,
              encoded: UnsafeMutablePointer<ks_encoded_map>? = nil, isa: Int32 = MatchISA.current) -> Bool {
        for k in shortKeywords { out.append(Occurrence(keyword: k, follows: 0, position: 0)) }
        guard bytes.count >= 3, let raw = bytes.baseAddress else { return true }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var table = tables.table
        let found = buffers.keywords.baseAddress!, follows = buffers.follows.baseAddress!
        let positions = buffers.positions.baseAddress!
        let batch = buffers.keywords.count
        precondition(batch >= batchCapacity, "ScanBuffers made for another prefilter")
        var from = 0
        while from &+ 2 < n {
            var next = 0
            let count = ks_keyword_occurrences(isa, &table, base, n, from, encoded, found, follows, positions, batch, &next)
            for j in 0..<count {
                out.append(Occurrence(keyword: found[j], follows: follows[j], position: positions[j]))
                if out.count >= cap { return false }
            }
            from = next
        }
        return true
    }

    /// The room `scan` needs for one call's occurrences (`ScanBuffers`): `batch`, or more where one
    /// trigram stands for many keywords (C needs room for a whole bucket per candidate).
    var batchCapacity: Int { max(Self.batch, 16 * Int(tables.table.max_bucket)) }

    /// Buffers with room for what `scan` and the encoded-text walk find per call.
    func makeBuffers() -> ScanBuffers { ScanBuffers(occurrences: batchCapacity, tokens: ScanBuffers.tokenBatch) }

    /// Keyword occurrences fetched from C per call.
    static let batch = 1024
}

/// Register filters built in this process, by their trigrams: a build weighs 256 draws per hash
/// against the common trigrams (~12 ms), and tests, sweeps and hooks compile the same rule set
/// again and again. A handful of distinct sets at most are kept.
final class FilterCache: @unchecked Sendable {  // guarded by `lock`
    static let shared = FilterCache()
    private let lock = NSLock()
    private var filters: [[UInt32]: ks_trigram_filter] = [:]

    func filter(for trigrams: [UInt32]) -> ks_trigram_filter {
        let key = trigrams.sorted()
        lock.lock()
        defer { lock.unlock() }
        if let known = filters[key] { return known }
        var filter = ks_trigram_filter()
        let common = Array(KeywordPrefilter.commonTrigrams.prefix(KeywordPrefilter.filterRivals))
        ks_trigram_filter_build(key, key.count, common, common.count, &filter)
        if filters.count >= 8 { filters.removeAll() }
        filters[key] = filter
        return filter
    }
}
