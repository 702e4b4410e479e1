import Testing
@testable import KeysweepMatch
import KeysweepTestSupport

/// The prefilter may report a keyword that a rule then rejects, but must never miss one.
@Suite struct KeywordPrefilterTests {
    @Test func findsEveryOccurrenceAgainstNaiveSearch() {
        let keywords = ["akia", "aws", "secret_access_key", "ghp_", "password", "xox", "-----begin", "sk", "api_key", "token"]
        let prefilter = KeywordPrefilter(keywords: keywords.map { Array($0.utf8) })
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz_-= \n".utf8)
        for _ in 0..<300 {
            var text = (0..<Int.random(in: 0..<400, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            for _ in 0..<Int.random(in: 0..<4, using: &rng) {
                var kw = Array(keywords.randomElement(using: &rng)!.utf8)
                if Bool.random(using: &rng) { kw = kw.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 } }
                text.insert(contentsOf: kw, at: Int.random(in: 0...text.count, using: &rng))
            }
            var found: [KeywordPrefilter.Occurrence] = []
            let complete = text.withUnsafeBytes { prefilter.scan($0, into: &found, cap: 100_000, buffers: prefilter.makeBuffers()) }
            #expect(complete)
            let lower = text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            for (k, kw) in keywords.enumerated() {
                let needle = Array(kw.utf8)
                guard needle.count <= lower.count else { continue }
                let expected = (0...(lower.count - needle.count)).filter { Array(lower[$0..<$0 + needle.count]) == needle }
                let got = found.filter { $0.keyword == Int32(k) }.map(\.position)
                if needle.count >= 3 {
                    #expect(Set(got) == Set(expected), "\(kw) in \(String(decoding: text, as: UTF8.self))")
                } else {
                    #expect(got == [0], "short keywords are reported as always present")
                }
            }
        }
    }

    /// Keywords that share their indexed trigram, some with gates: each slot's check byte (a
    /// keyword byte before or after the trigram, or a gate's set) rules out candidates, and must
    /// never rule out an occurrence that the keywords and gates allow.
    @Test func slotChecksLoseNoOccurrence() {
        func set(_ bytes: String) -> [UInt64] {
            var s = [UInt64](repeating: 0, count: 4)
            for b in bytes.utf8 { s[Int(b >> 6)] |= 1 << UInt64(b & 63) }
            return s
        }
        let digits = set("0123456789"), dot = set(".")
        let keywords = ["qzx", "qzxb", "ab.jqj", "zqzxq", "qjq", "xqz", "qzx_key"]
        let gates: [[[UInt64]]] = [[digits, digits], [dot], [], [digits, dot, digits], [digits, dot], [], []]
        let bytes = keywords.map { Array($0.utf8) }
        let prefilter = KeywordPrefilter(keywords: bytes, gates: gates)
        // The checks: `qzx` alone wants a digit right after its trigram, `qzx_key` its `_`; with
        // `qzxb` (which wants a `b` there) `qzx` is checked one byte later, for a digit or the
        // dot of `qzxb`'s gate. `ab.jqj` (indexed under `jqj`) wants its dot before the trigram,
        // `qjq` the dot of its gate; nothing tells `xqz` apart.
        func check(_ slot: [Int], anchor: Int32 = 0) -> (Int, [UInt64]) {
            let c = KeywordPrefilter.check(of: slot, anchor: bytes.map { _ in anchor }, keywords: bytes, gates: gates)
            return (c.offset, c.set)
        }
        #expect(check([0]) == (3, digits) && check([6]) == (3, set("_")) && check([0, 1]) == (4, set("0123456789.")))
        #expect(check([2], anchor: 3) == (-1, dot) && check([4]) == (4, dot) && check([5]) == (0, [UInt64](repeating: ~0, count: 4)))
        // Every loop this CPU has.
        let isas = MatchISA.available
        var rng = SplitMix(seed: 23)
        let alphabet = Array("abjqzxJQZX._01 \n".utf8)
        var occurrences = 0
        for _ in 0..<400 {
            var text = (0..<Int(rng.next() % 300)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            for _ in 0..<Int(rng.next() % 6) {
                var kw = bytes[Int(rng.next() % UInt64(bytes.count))]
                if rng.next() % 2 == 0 { kw = kw.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 } }
                let tail = (0..<Int(rng.next() % 3)).map { _ in Array("0.9_".utf8)[Int(rng.next() % 4)] }
                text.insert(contentsOf: kw + tail, at: text.isEmpty ? 0 : Int(rng.next() % UInt64(text.count)))
            }
            let lower = text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            for isa in isas {
                var found: [KeywordPrefilter.Occurrence] = []
                #expect(text.withUnsafeBytes { prefilter.scan($0, into: &found, cap: 100_000, buffers: prefilter.makeBuffers(), isa: isa) })
                for (k, kw) in bytes.enumerated() {
                    let gate = gates[k]
                    let expected = lower.indices.filter { s in
                        s + kw.count + gate.count <= lower.count && Array(lower[s..<s + kw.count]) == kw
                            && gate.enumerated().allSatisfy { d, g in
                                let b = text[s + kw.count + d]
                                return g[Int(b >> 6)] >> UInt64(b & 63) & 1 == 1
                            }
                    }
                    occurrences += expected.count
                    let got = found.filter { $0.keyword == Int32(k) }.map(\.position)
                    #expect(got == expected, "isa \(isa): \(String(decoding: kw, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
                }
            }
        }
        #expect(occurrences > 300, "the texts must hold occurrences for the comparison to mean anything")
    }

    /// Enough keywords that many trigrams share a slot's neighbourhood: the slot lookup (in its
    /// home slot, the next, or further on) must find each one, in every loop the CPU has.
    @Test func manyKeywordsAreFoundInEveryLoop() {
        var rng = SplitMix(seed: 29)
        let letters = Array("bcdfgjkmpqvwxz".utf8)
        var keywords: [[UInt8]] = []
        while keywords.count < 120 {
            let k = (0..<(3 + Int(rng.next() % 6))).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }
            if !keywords.contains(k) { keywords.append(k) }
        }
        let prefilter = KeywordPrefilter(keywords: keywords)
        let alphabet = letters + Array(" _\n".utf8)
        var occurrences = 0
        for _ in 0..<200 {
            var text = (0..<Int(rng.next() % 500)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            for _ in 0..<Int(rng.next() % 12) {
                let kw = keywords[Int(rng.next() % UInt64(keywords.count))]
                text.insert(contentsOf: kw, at: text.isEmpty ? 0 : Int(rng.next() % UInt64(text.count)))
            }
            var expected: [String] = []
            for (k, kw) in keywords.enumerated() where kw.count <= text.count {
                for s in 0...(text.count - kw.count) where Array(text[s..<s + kw.count]) == kw { expected.append("\(k)@\(s)") }
            }
            occurrences += expected.count
            for isa in MatchISA.available {
                var found: [KeywordPrefilter.Occurrence] = []
                #expect(text.withUnsafeBytes { prefilter.scan($0, into: &found, cap: 100_000, buffers: prefilter.makeBuffers(), isa: isa) })
                #expect(found.map { "\($0.keyword)@\($0.position)" }.sorted() == expected.sorted(), "isa \(isa)")
            }
        }
        #expect(occurrences > 1000, "the texts must hold occurrences for the comparison to mean anything")
    }
}
