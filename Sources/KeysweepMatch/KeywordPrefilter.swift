/// KeysweepMatch: the compiled rule set. A keyword prefilter selects candidate rules in one pass
/// over the raw bytes; PCRE2 confirms; the secret is scored and run through allowlists; composite
/// rules are paired.
///
/// `KeywordPrefilter` finds which keywords occur in a blob, ASCII case-insensitively. Each
/// position's case-folded trigram is hashed into a 64K-bit table (8 KiB, stays in L1 cache);
/// iterations do not depend on each other's loads, so the loop runs near one byte per cycle or
/// two. Each keyword is entered under its rarest trigram (by a character-frequency estimate for
/// source text), so common words rarely reach the comparison step; only where the table says a
/// keyword may occur are the keywords of that hash bucket compared. Keywords shorter than three
/// bytes cannot be hashed and are reported as always present.
struct KeywordPrefilter: Sendable {
    let keywords: [[UInt8]]
    /// 65,536 bits: is some keyword's first trigram hashed here?
    let bitmap: [UInt64]
    /// Hash h's keywords are `bucketKeywords[bucketStart[h]..<bucketStart[h + 1]]`.
    let bucketStart: [UInt32]
    let bucketKeywords: [Int32]
    /// Keywords too short to hash: present in every blob.
    let shortKeywords: [Int32]
    /// By keyword: too short to hash, so reported at position 0 and meaning "anywhere in the blob".
    let isShort: [Bool]
    /// Where in each keyword its indexed trigram starts.
    let anchor: [Int]
    static let fold: [UInt8] = (0..<256).map { (b: Int) -> UInt8 in
        let byte = UInt8(b)
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// A keyword found at a byte offset.
    struct Occurrence { var keyword: Int32; var position: Int }

    init(keywords: [[UInt8]]) {
        self.keywords = keywords.map { $0.map { Self.fold[Int($0)] } }
        var bitmap = [UInt64](repeating: 0, count: 1024)
        var buckets = [[Int32]](repeating: [], count: 65536)
        var short: [Int32] = []
        var anchor = [Int](repeating: 0, count: keywords.count)
        for (k, kw) in self.keywords.enumerated() {
            guard kw.count >= 3 else { short.append(Int32(k)); continue }
            let o = (0...(kw.count - 3)).min { Self.commonness(kw[$0..<$0 + 3]) < Self.commonness(kw[$1..<$1 + 3]) }!
            anchor[k] = o
            let h = Self.hash(UInt32(kw[o]) | UInt32(kw[o + 1]) << 8 | UInt32(kw[o + 2]) << 16)
            bitmap[Int(h >> 6)] |= 1 << UInt64(h & 63)
            buckets[Int(h)].append(Int32(k))
        }
        var start = [UInt32](repeating: 0, count: 65537)
        var flat: [Int32] = []
        for h in 0..<65536 {
            start[h] = UInt32(flat.count)
            flat += buckets[h]
        }
        start[65536] = UInt32(flat.count)
        self.bitmap = bitmap
        self.bucketStart = start
        self.bucketKeywords = flat
        self.shortKeywords = short
        isShort = keywords.indices.map { short.contains(Int32($0)) }
        self.anchor = anchor
    }

    /// A rough estimate of how often a trigram occurs in source text: the product of its bytes'
    /// weights (frequent letters and spaces weigh most).
    static func commonness(_ trigram: ArraySlice<UInt8>) -> Int {
        trigram.reduce(1) { acc, b in acc * weight(b) }
    }

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

    @inline(__always)
    static func hash(_ trigram: UInt32) -> UInt16 {
        UInt16(truncatingIfNeeded: (trigram &* 0x9E37_79B1) >> 16)
    }

    /// Appends every occurrence of every keyword in `bytes` (roughly in position order), up to `cap`
    /// occurrences; returns false when the cap cut the list short. Short keywords are reported at
    /// position 0.
    func scan(_ bytes: UnsafeRawBufferPointer, into out: inout [Occurrence], cap: Int) -> Bool {
        for k in shortKeywords { out.append(Occurrence(keyword: k, position: 0)) }
        guard bytes.count >= 3, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let n = bytes.count
        var complete = true
        Self.fold.withUnsafeBufferPointer { fold in
            bitmap.withUnsafeBufferPointer { bits in
                var t = UInt32(fold[Int(base[0])]) << 8 | UInt32(fold[Int(base[1])]) << 16
                var i = 0
                while i < n - 2 {
                    t = t >> 8 | UInt32(fold[Int(base[i &+ 2])]) << 16
                    let h = Self.hash(t)
                    if bits[Int(h >> 6)] & (1 << UInt64(h & 63)) != 0 {
                        verify(at: i, hash: h, base: base, count: n, fold: fold, into: &out)
                        if out.count >= cap { complete = false; return }
                    }
                    i &+= 1
                }
            }
        }
        return complete
    }

    @inline(__always)
    private func verify(at i: Int, hash: UInt16, base: UnsafePointer<UInt8>, count n: Int,
                        fold: UnsafeBufferPointer<UInt8>, into out: inout [Occurrence]) {
        for slot in Int(bucketStart[Int(hash)])..<Int(bucketStart[Int(hash) + 1]) {
            let k = bucketKeywords[slot]
            let start = i - anchor[Int(k)]
            let matched = keywords[Int(k)].withUnsafeBufferPointer { kw -> Bool in
                guard start >= 0, start + kw.count <= n else { return false }
                var j = 0
                while j < kw.count, fold[Int(base[start + j])] == kw[j] { j += 1 }
                return j == kw.count
            }
            if matched { out.append(Occurrence(keyword: k, position: start)) }
        }
    }
}
