import Foundation
import Testing
import CKeysweepScan
@testable import KeysweepMatch
import KeysweepTestSupport

/// The C byte loops of the matcher (CKeysweepScan) against plain Swift references written from
/// their contracts: the scalar and the AVX-512 loop must both give exactly the reference's
/// answers, on random text and at every resumption point.
@Suite struct ByteLoopTests {
    /// The instruction sets to check on this CPU (the AVX-512 loop only where the CPU has it).
    static var isas: [Int32] { MatchISA.available }

    /// Text from a small alphabet, so that trigrams repeat and table bits are hit often.
    static func text(_ rng: inout SplitMix, count: Int, alphabet: [UInt8]) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
    }

    static func trigramHash(_ b: [UInt8], _ i: Int) -> UInt32 {
        let t = (UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16) | 0x20_2020
        return (t &* 0x9E37_79B1) >> 14
    }

    /// Runs `body` with an empty encoded-text map with room for `words` words in each bitmap, whose
    /// memory starts out as garbage (every word the loops read must have been written).
    static func withMap<T>(words: Int, _ body: (UnsafeMutablePointer<ks_encoded_map>) -> T) -> T {
        var w = [UInt64](repeating: 0xA5A5_A5A5_A5A5_A5A5, count: words)
        var a = [UInt64](repeating: 0x5A5A_5A5A_5A5A_5A5A, count: words)
        var s = [UInt64](repeating: 0x3C3C_3C3C_3C3C_3C3C, count: words)
        var d = [UInt64](repeating: 0xC3C3_C3C3_C3C3_C3C3, count: words)
        return w.withUnsafeMutableBufferPointer { w in
            a.withUnsafeMutableBufferPointer { a in
                s.withUnsafeMutableBufferPointer { s in
                    d.withUnsafeMutableBufferPointer { d in
                        var map = ks_encoded_map(words: w.baseAddress, alpha: a.baseAddress, strong: s.baseAddress,
                                                 lead: d.baseAddress, start_lead: 0, done: 0)
                        return withUnsafeMutablePointer(to: &map) { body($0) }
                    }
                }
            }
        }
    }

    /// Every position from `from` whose hashed trigram has its table bit set, collected by calling
    /// the C loop with a small output buffer until it says the bytes are done.
    static func hits(_ isa: Int32, _ bytes: [UInt8], from: Int, bits: [UInt64],
                     filter: UnsafePointer<ks_trigram_filter>? = nil, map: UnsafeMutablePointer<ks_encoded_map>? = nil,
                     cap: Int) -> [Int] {
        var all: [Int] = []
        var out = [Int](repeating: -1, count: cap)
        var position = from
        var calls = 0
        while position + 2 < bytes.count {
            var next = 0
            let n = bytes.withUnsafeBufferPointer { b in
                ks_trigram_hits(isa, b.baseAddress, b.count, position, bits, filter, map, &out, cap, &next)
            }
            all += out[0..<n]
            #expect(next > position || n > 0, "no progress from \(position)")
            position = next
            calls += 1
            if calls > bytes.count + 2 { break }
        }
        return all
    }

    @Test func trigramHitsMatchTheReferenceOnRandomText() {
        var rng = SplitMix(seed: 7)
        var compared = 0, rejected = 0
        for round in 0..<300 {
            var bits = [UInt64](repeating: 0, count: (1 << 18) / 64)
            let setBits = [0, 50, 2000, 60000][round % 4]
            for _ in 0..<setBits { let h = Int(rng.next() % (1 << 18)); bits[h >> 6] |= 1 << UInt64(h & 63) }
            let alphabet: [UInt8] = round % 3 == 0 ? Array("abAB_-".utf8) : (0...255).map { UInt8($0) }
            let bytes = Self.text(&rng, count: Int(rng.next() % (round % 5 == 0 ? 1500 : 400)), alphabet: alphabet)
            // Make sure some positions hit: set the bits of a few real trigrams, and build the
            // register filter of the VBMI loop from them.
            var filter: ks_trigram_filter, trigrams: [UInt32]
            (bits, filter, trigrams) = Self.tables(of: bytes, &rng, count: setBits > 0 ? 3 : 0, adding: bits)
            let from = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            let expected = bytes.count < 3 ? [] : (from..<max(from, bytes.count - 2)).filter {
                let h = Self.trigramHash(bytes, $0)
                return bits[Int(h >> 6)] >> UInt64(h & 63) & 1 == 1
            }
            // With the filter, the VBMI loop also drops what the filter rejects (never a trigram
            // it was built from).
            let filtered = expected.filter {
                ks_trigram_filter_pass(&filter, UInt32(bytes[$0]) | UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0 + 2]) << 16) != 0
            }
            for isa in Self.isas {
                let vbmi = isa == Int32(KS_ISA_AVX512_VBMI)
                for cap in vbmi ? [1, 16, 23, 1024] : [16, 23, 1024] {  // the VBMI loop resumes mid-step
                    if cap >= 16 {
                        #expect(Self.hits(isa, bytes, from: from, bits: bits, cap: cap) == expected,
                                "isa \(isa), cap \(cap), \(bytes.count) bytes from \(from)")
                    }
                    let withFilter = withUnsafePointer(to: &filter) { Self.hits(isa, bytes, from: from, bits: bits, filter: $0, cap: cap) }
                    #expect(withFilter == (vbmi ? filtered : expected),
                            "isa \(isa) with the filter, cap \(cap), \(bytes.count) bytes from \(from)")
                    // Filling an encoded-text map on the way changes nothing of the answer.
                    let withMap = Self.withMap(words: bytes.count / 64 + 2) { map in
                        withUnsafePointer(to: &filter) { Self.hits(isa, bytes, from: from, bits: bits, filter: $0, map: map, cap: cap) }
                    }
                    #expect(withMap == withFilter, "isa \(isa) with a map, cap \(cap), \(bytes.count) bytes from \(from)")
                }
            }
            for t in trigrams { #expect(ks_trigram_filter_pass(&filter, t) != 0 && ks_trigram_filter_pass(&filter, t ^ 0x20_0020) != 0) }
            compared += expected.count
            rejected += expected.count - filtered.count
        }
        #expect(compared > 1000, "the random texts must produce hits for the comparison to mean anything")
        #expect(rejected > 100, "the filter must reject some hash collisions for its comparison to mean anything")
    }

    /// The documented contract of `ks_next_encoded`, by brute force: the least position where a
    /// valid escape or a 16-byte base64 window with a strong character starts.
    static func nextEncodedReference(_ b: [UInt8], from: Int, to hi: Int) -> Int {
        func alpha(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || "+/-_".utf8.contains(c)
        }
        func strong(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2F }
        func hex(_ k: Int) -> Bool { k < hi && (b[k] >= 0x30 && b[k] <= 0x39 || "abcdefABCDEF".utf8.contains(b[k])) }
        for j in from..<max(from, hi) {
            if b[j] == 0x25, hex(j + 1), hex(j + 2) { return j }
            if b[j] == 0x5C, j + 1 < hi, b[j + 1] == 0x75 || b[j + 1] == 0x78 { return j }
            if j + 16 <= hi, b[j..<j + 16].allSatisfy(alpha), b[j..<j + 16].contains(where: strong) { return j }
        }
        return max(from, hi)
    }

    @Test func nextEncodedMatchesTheReferenceOnRandomText() {
        var rng = SplitMix(seed: 11)
        let lower = Array("abcdefghijklmnopqrstuvwxyz_-".utf8)
        let mixed = lower + Array("ABCXYZ0189+/".utf8)
        let spacey = lower + Array(" \n\t=\"".utf8)
        var stops = 0
        for round in 0..<3000 {
            // Mostly identifier-like text (which must be skipped) with a rare strong run, escape
            // or byte above 0x7F.
            var bytes = Self.text(&rng, count: Int(rng.next() % 700), alphabet: round % 2 == 0 ? lower : spacey)
            for _ in 0..<Int(rng.next() % 3) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 7 {
                case 0: bytes[at] = UInt8(ascii: "%")
                case 1: bytes[at] = UInt8(ascii: "\\")
                case 2: bytes[at] = UInt8(truncatingIfNeeded: 0x80 + rng.next() % 128)
                case 5: bytes.replaceSubrange(at..<min(bytes.count, at + 3), with: Array("%2F".utf8))
                case 6: bytes.replaceSubrange(at..<min(bytes.count, at + 2), with: Array(["\\u", "\\x", "\\n"][Int(rng.next() % 3)].utf8))
                default:
                    let run = Self.text(&rng, count: 8 + Int(rng.next() % 20), alphabet: mixed)
                    bytes.replaceSubrange(at..<min(bytes.count, at + run.count), with: run)
                }
            }
            let from = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            let hi = from + Int(rng.next() % UInt64(bytes.count - from + 1))
            let expected = Self.nextEncodedReference(bytes, from: from, to: hi)
            if expected < hi { stops += 1 }
            for isa in Self.isas {
                let got = bytes.withUnsafeBufferPointer { ks_next_encoded(isa, $0.baseAddress, from, hi) }
                #expect(got == expected, "isa \(isa), \(bytes.count) bytes, \(from)..<\(hi)")
            }
        }
        #expect(stops > 300, "the random texts must hold places to stop at for the comparison to mean anything")
    }

    /// `bytes` with fewer than `most` pieces (made by `piece`) written over it at random places.
    static func sprinkled(_ bytes: [UInt8], _ rng: inout SplitMix, most: UInt64,
                          piece: (inout SplitMix) -> [UInt8]) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int(rng.next() % most) where !out.isEmpty {
            let at = Int(rng.next() % UInt64(out.count))
            let p = piece(&rng)
            out.replaceSubrange(at..<min(out.count, at + p.count), with: p)
        }
        return out
    }

    /// A trigram bit table (`table` with more bits set) and a register filter holding `count`
    /// trigrams taken from `bytes`, and those trigrams.
    static func tables(of bytes: [UInt8], _ rng: inout SplitMix, count: Int,
                       adding table: [UInt64] = [UInt64](repeating: 0, count: (1 << 18) / 64))
        -> (bits: [UInt64], filter: ks_trigram_filter, trigrams: [UInt32]) {
        var bits = table
        var trigrams: [UInt32] = []
        for _ in 0..<(bytes.count >= 3 ? count : 0) {
            let i = Int(rng.next() % UInt64(bytes.count - 2))
            trigrams.append(UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16)
            let h = Self.trigramHash(bytes, i)
            bits[Int(h >> 6)] |= 1 << UInt64(h & 63)
        }
        var filter = ks_trigram_filter()
        ks_trigram_filter_build(trigrams, trigrams.count, nil, 0, &filter)
        return (bits, filter, trigrams)
    }

    /// The bytes that may begin the base64 of text, as the map's lead bitmap takes them.
    static let textStart = Set("CDIJKLMNOPQRSTUVWXYZabcdefwxyz0123456789".utf8)

    /// They are exactly the base64 characters whose sextet leaves the first decoded byte (its top
    /// six bits) some value that `Decoders.isText`'s check takes as a first byte.
    @Test func textStartsAreTheSextetsTextCanBeginWith() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var derived = Set<UInt8>()
        for (sextet, c) in alphabet.enumerated() where (0..<4).contains(where: { low in
            var check = TextCheck()
            return check.put(UInt8(sextet << 2 | low))
        }) {
            derived.insert(c)
        }
        #expect(derived == Self.textStart)
        #expect(!derived.contains(UInt8(ascii: "g")) && derived.contains(UInt8(ascii: "f")) && derived.count == 40)
    }

    /// `ks_next_encoded_mapped`'s contract, by brute force: below the map's `done` (and `hi`), the
    /// least escape start or window start whose run of alphabet bytes begins at the buffer's start
    /// or after a base64 delimiter, with a byte that may begin the base64 of text (checked exactly
    /// where its bytes would pass `hi`); from there, `ks_next_encoded`'s answer.
    static func nextEncodedMappedReference(_ b: [UInt8], from: Int, to hi: Int, done: Int) -> Int {
        func alpha(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || "+/-_".utf8.contains(c)
        }
        func strong(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2F }
        func hex(_ k: Int) -> Bool { k < b.count && (b[k] >= 0x30 && b[k] <= 0x39 || "abcdefABCDEF".utf8.contains(b[k])) }
        let delimiters = Array(" \t\r\n\"'`:=,;()[]{}<>&|\\".utf8)
        var j = from
        while j < min(done, hi) {
            let escape = (b[j] == 0x25 && hex(j + 1) && hex(j + 2))
                || (b[j] == 0x5C && j + 1 < b.count && (b[j + 1] == 0x75 || b[j + 1] == 0x78))
            var window = j + 16 <= b.count && b[j..<j + 16].allSatisfy(alpha) && b[j..<j + 16].contains(where: strong)
            if window {
                var start = j
                while start > 0, alpha(b[start - 1]) { start -= 1 }
                window = (start == 0 || delimiters.contains(b[start - 1])) && textStart.contains(b[start])
            }
            if escape || window { return j + 16 <= hi ? j : nextEncodedReference(b, from: j, to: hi) }
            j += 1
        }
        return nextEncodedReference(b, from: j, to: hi)
    }

    /// The encoded-text map the VBMI prefilter loop fills on the way: read through
    /// `ks_next_encoded_mapped`, it gives the contract above for every start and end, however
    /// often the loop stopped at its output cap and resumed; with no map, `ks_next_encoded`'s.
    @Test func encodedMapGivesTheNextEncodedAnswers() {
        var rng = SplitMix(seed: 13)
        let lower = Array("abcdefghijklmnopqrstuvwxyz_- \n".utf8)
        let mixed = Array("abcXYZ0189+/_-".utf8)
        var mapped = 0, stops = 0
        for round in 0..<400 {
            let bytes = Self.sprinkled(Self.text(&rng, count: Int(rng.next() % 1200), alphabet: lower), &rng, most: 12) { rng in
                switch rng.next() % 6 {
                case 0: return Array("%2F".utf8)
                case 1: return Array(["\\u00", "\\x4", "\\n", "%s", "%%"][Int(rng.next() % 5)].utf8)
                case 2: return [UInt8(truncatingIfNeeded: 0x80 + rng.next() % 128)]
                // Runs across whole words, starting after a byte that is no delimiter or one that is.
                case 3: return Array([".", "x.", " ", "\""][Int(rng.next() % 4)].utf8) + Self.text(&rng, count: 60 + Int(rng.next() % 150), alphabet: mixed)
                default: return Self.text(&rng, count: 10 + Int(rng.next() % 30), alphabet: mixed)
                }
            }
            // Trigrams of the text, so that the loop stops at its cap and resumes mid-step.
            var (bits, filter, _) = Self.tables(of: bytes, &rng, count: 4)
            let cap = [1, 16, 1024][round % 3]
            Self.withMap(words: bytes.count / 64 + 2) { map in
                for isa in Self.isas {
                    map.pointee.done = 0
                    let isaCap = isa == Int32(KS_ISA_AVX512_VBMI) ? cap : max(cap, 16)  // only the VBMI loop takes caps under 16
                    _ = withUnsafePointer(to: &filter) { Self.hits(isa, bytes, from: 0, bits: bits, filter: $0, map: map, cap: isaCap) }
                    if isa == Int32(KS_ISA_AVX512_VBMI), bytes.count >= 3 {
                        #expect(map.pointee.done >= bytes.count, "the map must cover every byte, the tail too")
                    } else if isa != Int32(KS_ISA_AVX512_VBMI) {
                        #expect(map.pointee.done == 0, "only the VBMI loop fills the map")
                    }
                    if map.pointee.done > 0 { mapped += 1 }
                    for _ in 0..<20 {
                        let from = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
                        let hi = [bytes.count, from + Int(rng.next() % UInt64(bytes.count - from + 1))][Int(rng.next() % 2)]
                        let expected = Self.nextEncodedMappedReference(bytes, from: from, to: hi, done: map.pointee.done)
                        if expected < hi { stops += 1 }
                        let got = bytes.withUnsafeBufferPointer { ks_next_encoded_mapped(isa, map, $0.baseAddress, from, hi) }
                        #expect(got == expected, "isa \(isa), cap \(cap), \(bytes.count) bytes, \(from)..<\(hi)")
                    }
                }
            }
        }
        #expect(mapped > 100 && stops > 1000, "the maps and the texts must be used for the comparison to mean anything")
    }

    /// The map lookup reads no word past the last one its bytes need: with the map's words ending
    /// right before an inaccessible page, a lookup over words holding no start (skipped four at a
    /// time) must stop at the last word, not read the next (it once did when the skip landed on
    /// the last word, and ran on through zeroed memory to a page it could not read: a crash on
    /// memory-mapped files whose map was freshly allocated).
    @Test func mappedLookupReadsNoWordPastTheLast() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let region = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              region != MAP_FAILED else { Issue.record("mmap failed"); return }
        defer { munmap(region, 2 * page) }
        #expect(mprotect(region + page, page, PROT_NONE) == 0)
        for last in [4, 5, 7, 8, 12, 16] {  // the last word needed; multiples of 4 are the ones the skip lands on
            let words = (region + page - 8 * (last + 1)).assumingMemoryBound(to: UInt64.self)
            words.initialize(repeating: 0, count: last + 1)
            let n = 64 * last + 1  // the bytes reach into word `last`
            let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: n)
            var map = ks_encoded_map(words: words, alpha: words, strong: words, lead: words, start_lead: 0, done: 64 * (last + 1))
            for isa in Self.isas {
                let got = bytes.withUnsafeBufferPointer { ks_next_encoded_mapped(isa, &map, $0.baseAddress, 0, n) }
                #expect(got == n, "isa \(isa), last word \(last): no start in the map or the bytes")
            }
            // A start in the last word is still found.
            words[last] = 1 << 3
            let text = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * last) + Array("xyzABCDEFGHIJKLMNOPQRSTUVWX".utf8)
            let got = text.withUnsafeBufferPointer { ks_next_encoded_mapped(Self.isas[0], &map, $0.baseAddress, 0, text.count) }
            #expect(got == 64 * last + 3)
        }
    }

    /// The C walk of encoded text (`ks_encoded_tokens`) gives the tokens of the Swift walk it
    /// replaced, less the base64 tokens that `Decoders.isText` rejects, for any region, with or
    /// without the prefilter's map (whose alphabet bitmap lets it jump across base64 runs),
    /// whatever its output cap.
    @Test func encodedTokensMatchTheReferenceWalk() {
        var rng = SplitMix(seed: 19)
        let filler = Array("abcdefghij_- \n=\"':,;()".utf8)
        let mixed = Array("abcXYZ0189+/_-".utf8)
        var tokens = 0, compared = 0, base64 = 0, dropped = 0
        for round in 0..<500 {
            let bytes = Self.sprinkled(Self.text(&rng, count: Int(rng.next() % 1500), alphabet: filler), &rng, most: 14) { rng in
                switch rng.next() % 9 {
                case 0: return Array("%2F%3d".utf8)
                case 1: return Array(["\\u0041bc", "\\x41", "\\n", "%s", "\\\"", "a\\u00e9\""][Int(rng.next() % 6)].utf8)
                case 2: return [UInt8(truncatingIfNeeded: 0x80 + rng.next() % 128)]
                case 3: return Self.text(&rng, count: 16 + Int(rng.next() % 40), alphabet: mixed) + Array("==".utf8)
                case 4: return Self.text(&rng, count: 15 + Int(rng.next() % 3), alphabet: mixed) + Array("%3D".utf8)
                case 5:
                    // Base64 of text (now and then of bytes that are not), in either alphabet.
                    var plain = Self.text(&rng, count: 12 + Int(rng.next() % 30), alphabet: Array("key=Secret v4?>~\n".utf8))
                    if rng.next() % 3 == 0 { plain.insert(contentsOf: Array("é".utf8), at: Int(rng.next() % UInt64(plain.count))) }
                    if rng.next() % 3 == 0 { plain[Int(rng.next() % UInt64(plain.count))] = UInt8(truncatingIfNeeded: rng.next() % 32) }
                    let encoded = Data(plain).base64EncodedString()
                    // Standard, URL-safe, or (not text) both alphabets mixed.
                    let urlSafe = encoded.replacingOccurrences(of: "+", with: "-")
                    let token = [encoded, urlSafe.replacingOccurrences(of: "/", with: "_"), urlSafe][Int(rng.next() % 3)]
                    return Array(("\"" + token + "\"").utf8)
                default: return Self.text(&rng, count: 10 + Int(rng.next() % 40), alphabet: mixed)
                }
            }
            // A map filled by the prefilter loop (the trigram table's content does not matter).
            var (bits, filter, _) = Self.tables(of: bytes, &rng, count: 1)
            let lo = round % 3 == 0 || bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            let hi = round % 2 == 0 ? bytes.count : lo + Int(rng.next() % UInt64(bytes.count - lo + 1))
            var expected: [String] = []
            bytes.withUnsafeBytes { b in
                let isText = { (r: Range<Int>) -> Bool in
                    base64 += 1
                    let text = Decoders.isText(UnsafeRawBufferPointer(rebasing: b[r]), as: .base64)
                    dropped += text ? 0 : 1
                    return text
                }
                EncodedTokensReference.forEach(in: b, region: lo..<hi, isText: isText) { r, e in
                    expected.append("\(r):\(e.rawValue)")
                    return true
                }
            }
            tokens += expected.count
            Self.withMap(words: bytes.count / 64 + 2) { map in
                _ = withUnsafePointer(to: &filter) { Self.hits(ks_isa(), bytes, from: 0, bits: bits, filter: $0, map: map, cap: 1024) }
                for isa in Self.isas {
                    for useMap in [false, true] {
                        let cap = [2, 3, 64][Int(rng.next() % 3)]
                        var got: [String] = []
                        var out = [ks_encoded_token](repeating: ks_encoded_token(), count: cap)
                        var at = lo, floor = lo
                        bytes.withUnsafeBufferPointer { b in
                            while at < hi {
                                let n = ks_encoded_tokens(isa, useMap ? map : nil, b.baseAddress, lo, hi, &at, &floor, &out, cap)
                                got += out[0..<n].map { "\($0.start..<$0.end):\($0.encoding)" }
                                if hi < lo + 4 { break }
                            }
                        }
                        if hi >= lo + 4 {
                            #expect(got == expected, "isa \(isa), map \(useMap), cap \(cap), \(bytes.count) bytes, \(lo)..<\(hi)")
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(tokens > 500 && compared > 1000, "the texts must hold tokens for the comparison to mean anything: \(tokens)")
        #expect(base64 - dropped > 50 && dropped > 200, "base64 tokens must be both kept and dropped: \(base64 - dropped) of \(base64) kept")
    }

    @Test func dispatchPicksTheBestInstructionSetTheCPUHas() throws {
        #if os(Linux) && arch(x86_64)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        let avx512 = flags.contains("avx512f") && flags.contains("avx512bw")
        let vbmi = flags.contains("avx512vbmi") && flags.contains("avx512_vbmi2") && flags.contains("gfni")
        let expected = avx512 && vbmi ? Int32(KS_ISA_AVX512_VBMI) : avx512 ? Int32(KS_ISA_AVX512)
            : flags.contains("avx2") ? Int32(KS_ISA_AVX2) : Int32(KS_ISA_SCALAR)
        #expect(ks_isa() == expected)
        #endif
    }
}
