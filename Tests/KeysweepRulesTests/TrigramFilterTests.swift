import Testing
import CKeysweepScan
@testable import KeysweepMatch
import KeysweepTestSupport

/// The register filter of the VBMI prefilter loop (`ks_trigram_filter`), built against the
/// common trigrams of source text: it must still pass every trigram it was built from, let
/// through fewer of the common ones than a filter drawn blindly, and come out the same each time.
@Suite struct TrigramFilterTests {
    static func build(_ trigrams: [UInt32], common: [UInt32]) -> ks_trigram_filter {
        var filter = ks_trigram_filter()
        ks_trigram_filter_build(trigrams, trigrams.count, common, common.count, &filter)
        return filter
    }

    /// Trigrams of keyword-like text: letters, digits and the punctuation keywords hold.
    static func keywordTrigrams(_ rng: inout SplitMix, count: Int) -> [UInt32] {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789_-.:".utf8)
        return (0..<count).map { _ in
            (0..<3).reduce(UInt32(0)) { t, k in t | UInt32(alphabet[Int(rng.next() % UInt64(alphabet.count))]) << (8 * UInt32(k)) }
        }
    }

    /// How much of the common trigrams (not among `own`) pass, each weighing as the build weighs it.
    static func commonWeightPassing(_ filter: inout ks_trigram_filter, own: [UInt32], common: [UInt32]) -> Double {
        let mine = Set(own.map { $0 | 0x20_2020 })
        return common.enumerated().reduce(0.0) { sum, item in
            let t = item.element | 0x20_2020
            return mine.contains(t) || ks_trigram_filter_pass(&filter, t) == 0 ? sum : sum + 1 / Double(item.offset + 10)
        }
    }

    @Test func builtAgainstCommonTrigramsItLetsFewerThroughAndKeepsItsOwn() {
        let common = KeywordPrefilter.commonTrigrams
        #expect(common.count >= 3000, "the common trigram table must load")
        var rng = SplitMix(seed: 11)
        for size in [300, 420, 900] {  // fewer: a blind filter lets almost none through either
            let own = Self.keywordTrigrams(&rng, count: size)
            var blind = Self.build(own, common: [])
            var chosen = Self.build(own, common: common)
            for t in own {
                for variant in [t, t ^ 0x20_0020, t & ~0x20_2020] {
                    #expect(ks_trigram_filter_pass(&chosen, variant) != 0, "own trigram \(String(t, radix: 16)) must pass")
                }
            }
            let before = Self.commonWeightPassing(&blind, own: own, common: common)
            let after = Self.commonWeightPassing(&chosen, own: own, common: common)
            #expect(before > 0, "\(size) trigrams: the blind filter must let some common trigrams through for this to mean anything")
            #expect(after < 0.7 * before, "\(size) trigrams: common weight passing \(after), blind \(before)")
        }
    }

    @Test func theSameTrigramsGiveTheSameFilter() {
        var rng = SplitMix(seed: 12)
        let own = Self.keywordTrigrams(&rng, count: 300)
        var a = Self.build(own, common: KeywordPrefilter.commonTrigrams)
        var b = Self.build(own, common: KeywordPrefilter.commonTrigrams)
        #expect(Self.sameBytes(&a, &b))
    }

    static func sameBytes(_ a: inout ks_trigram_filter, _ b: inout ks_trigram_filter) -> Bool {
        withUnsafeBytes(of: &a) { x in withUnsafeBytes(of: &b) { y in x.elementsEqual(y) } }
    }

    @Test func theProcessCacheGivesWhatABuildGivesInAnyOrder() {
        var rng = SplitMix(seed: 13)
        let own = Self.keywordTrigrams(&rng, count: 200)
        let common = Array(KeywordPrefilter.commonTrigrams.prefix(KeywordPrefilter.filterRivals))
        var built = Self.build(own, common: common)
        var first = FilterCache.shared.filter(for: own.reversed())
        var again = FilterCache.shared.filter(for: own)
        #expect(Self.sameBytes(&built, &first))
        #expect(Self.sameBytes(&built, &again))
        var other = FilterCache.shared.filter(for: Self.keywordTrigrams(&rng, count: 200))
        #expect(!Self.sameBytes(&built, &other), "another set of trigrams must give another filter")
    }
}

