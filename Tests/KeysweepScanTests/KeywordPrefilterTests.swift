import Testing
@testable import KeysweepMatch

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
            let complete = text.withUnsafeBytes { prefilter.scan($0, into: &found, cap: 100_000) }
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
}
