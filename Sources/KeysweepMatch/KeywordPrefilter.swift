/// KeysweepMatch: the compiled rule set. A keyword prefilter selects candidate rules in one pass
/// over the raw bytes; PCRE2 confirms; the secret is scored and run through allowlists; composite
/// rules are paired.
///
/// `KeywordPrefilter` finds which keywords occur in a blob, ASCII case-insensitively. Each
/// position's case-folded trigram is hashed into a 64K-bit table (8 KiB, stays in L1 cache);
/// iterations do not depend on each other's loads, so the loop runs near one byte per cycle or
/// two. Only where the table says a keyword may start are the keywords of that hash bucket
/// compared. Keywords shorter than three bytes cannot be hashed and are reported as always present.
struct KeywordPrefilter: Sendable {
    let keywords: [[UInt8]]
    /// 65,536 bits: is some keyword's first trigram hashed here?
    let bitmap: [UInt64]
    /// Hash h's keywords are `bucketKeywords[bucketStart[h]..<bucketStart[h + 1]]`.
    let bucketStart: [UInt32]
    let bucketKeywords: [Int32]
    /// Keywords too short to hash: present in every blob.
    let shortKeywords: [Int32]
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
        for (k, kw) in self.keywords.enumerated() {
            guard kw.count >= 3 else { short.append(Int32(k)); continue }
            let h = Self.hash(UInt32(kw[0]) | UInt32(kw[1]) << 8 | UInt32(kw[2]) << 16)
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
    }

    @inline(__always)
    static func hash(_ trigram: UInt32) -> UInt16 {
        UInt16(truncatingIfNeeded: (trigram &* 0x9E37_79B1) >> 16)
    }

    /// Appends every occurrence of every keyword in `bytes`, in increasing position, up to `cap`
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
            let matched = keywords[Int(k)].withUnsafeBufferPointer { kw -> Bool in
                guard i + kw.count <= n else { return false }
                var j = 0
                while j < kw.count, fold[Int(base[i + j])] == kw[j] { j += 1 }
                return j == kw.count
            }
            if matched { out.append(Occurrence(keyword: k, position: i)) }
        }
    }
}
