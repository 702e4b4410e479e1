import Foundation
import Testing
import KeysweepRules
import KeysweepMatch
import KeysweepTestSupport

/// `keywordAnchor`: a rule whose matches start at most N bytes before a keyword is tried only from
/// those offsets. It must report exactly what the same rule reports without the anchor.
@Suite struct KeywordAnchorTests {
    static func rules(anchor: Int?, regex: String = #"(?i)(?:api_|access_)?key\s*=\s*"([a-z0-9]{10,})""#) throws -> CompiledRuleSet {
        let toml = """
        [[rules]]
        id = "demo-key"
        regex = '''\(regex)'''
        secretGroup = 1
        keywords = ["key"]
        \(anchor.map { "keywordAnchor = \($0)" } ?? "")
        """
        return try CompiledRuleSet(RuleLoader.parse(toml, origin: "anchor.toml"))
    }

    static func secrets(_ set: CompiledRuleSet, _ text: String) -> [String] {
        let context = set.makeContext()
        return Array(text.utf8).withUnsafeBytes { set.scan($0, context: context) }.map(\.secret)
    }

    @Test func anchoredAndUnanchoredAgreeOnRandomText() throws {
        let anchored = try Self.rules(anchor: 7), plain = try Self.rules(anchor: nil)
        var rng = SplitMix(seed: 42)
        let pieces = ["key = \"", "api_key=\"", "ACCESS_KEY = \"", "monkey", "keys = [", "\"", "x", " ", "\n", "0123456789a", "bcdefghij", "key=\"k"]
        var total = 0
        for _ in 0..<400 {
            let text = (0..<Int(rng.next() % 60)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let a = Self.secrets(anchored, text), p = Self.secrets(plain, text)
            #expect(a == p, "\(text.debugDescription)")
            total += p.count
        }
        #expect(total > 50, "the generated texts must hold matches for the comparison to mean anything")
    }

    @Test func anchorTooSmallMissesAMatchThatStartsEarlier() throws {
        let text = #"access_key = "ab12cd34ef56""#
        let regex = #"(?i)(?:api|access)_key\s*=\s*"([a-z0-9]{10,})""#
        #expect(Self.secrets(try Self.rules(anchor: 7, regex: regex), text) == ["ab12cd34ef56"])
        #expect(Self.secrets(try Self.rules(anchor: 6, regex: regex), text).isEmpty, "the match starts 7 bytes before `key`")
    }

    @Test func lookbehindSeesBytesBeforeTheAnchor() throws {
        let set = try Self.rules(anchor: 0, regex: #"(?<![A-Za-z])key=(\w{6,})"#)
        #expect(Self.secrets(set, "monkey=abcdef12\n key=ghijkl34") == ["ghijkl34"])
    }

    @Test func invalidAnchorIsRejected() throws {
        #expect(throws: RulesError.self) {
            _ = try RuleLoader.parse("[[rules]]\nid = \"a-b\"\nregex = 'x'\nkeywordAnchor = -1\nkeywords = [\"x\"]\n", origin: "bad.toml")
        }
        #expect(throws: RulesError.self) {
            _ = try RuleLoader.parse("[[rules]]\nid = \"a-b\"\nregex = 'x'\nkeywordAnchor = 4\n", origin: "bad.toml")
        }
    }

    @Test func rulesCheckNamesAnAnchorThatIsTooSmall() throws {
        let r = try Run.rulesCheck(#"""
        [[rules]]
        id = "demo-key"
        regex = '''(?i)(?:api|access)_key\s*=\s*"([a-z0-9]{10,})"'''
        secretGroup = 1
        keywords = ["key"]
        keywordAnchor = 3
        examples = ['access_key = "«ab12cd34ef56»"']
        negativeExamples = [{ text = 'key = "short"', why = "too short" }]
        """#)
        #expect(r.status == 1)
        #expect(r.stdout.contains("keywordAnchor 3 is too small"), "\(r.stdout)")
    }
}
