import Testing
@testable import KeysweepMatch
import KeysweepRules

/// What a hit carries about its line: the line cut around the secret where it is long (by byte
/// offsets, at character boundaries), and stopwords matched case-insensitively.
@Suite struct HitLineTests {
    static let toml = """
        [[rules]]
        id = "partner"
        regex = '''partner_secret=([A-Za-z0-9é]{16,})'''
        secretGroup = 1
        keywords = ["partner_secret"]
          [[rules.allowlists]]
          stopwords = ["sandbox", ""]
        """

    static func hits(_ text: String) throws -> [Hit] {
        let rules = try CompiledRuleSet(RuleLoader.parse(toml, origin: "test.toml"))
        let context = rules.makeContext()
        var subject = text
        return subject.withUTF8 { rules.scan(UnsafeRawBufferPointer($0), context: context) }
    }

    @Test func aLongLineIsCutAroundTheHitItself() throws {
        let secret = "Zk29fQ7mW3xRt8LpQ4"
        // The same value earlier on the line, outside any match: the cut follows the hit.
        let line = "note " + secret + " " + String(repeating: "a", count: 300) + " partner_secret=" + secret
            + " " + String(repeating: "b", count: 300) + "\r"
        let hit = try #require(try Self.hits(line + "\n").first)
        let before = String(repeating: "a", count: 44) + " partner_secret="
        #expect(hit.lineText == "…" + before + secret + " " + String(repeating: "b", count: 59) + "…")
        // Short lines are kept whole, without the CR.
        #expect(try Self.hits("x partner_secret=\(secret)\r\n").first?.lineText == "x partner_secret=\(secret)")
    }

    @Test func cutsFallOnCharacterBoundaries() throws {
        let secret = "Zk29fQ7mW3xRt8LpQ4"
        let line = String(repeating: "é", count: 200) + "partner_secret=" + secret + String(repeating: "日", count: 100)
        let hit = try #require(try Self.hits(line).first)
        #expect(hit.lineText.hasPrefix("…é") && hit.lineText.hasSuffix("日…"))
        #expect(hit.lineText.contains("partner_secret=" + secret))
        #expect(!hit.lineText.unicodeScalars.contains("\u{FFFD}"), "no character is cut in two")
    }

    @Test func stopwordsMatchInAnyCaseAndEmptyOnesMatchNothing() throws {
        #expect(try Self.hits("partner_secret=SANDBOXk29fQ7mW3xRt8\n").isEmpty)
        #expect(try Self.hits("partner_secret=k29fQ7mW3SandBoxRt8\n").isEmpty)
        #expect(try Self.hits("partner_secret=k29fQ7mW3xRt8Lp4Q9\n").count == 1)
        // A secret beyond ASCII takes Unicode lower-casing.
        #expect(try Self.hits("partner_secret=SANDBOXéé29fQ7mW3xR\n").isEmpty)
        #expect(try Self.hits("partner_secret=éé29fQ7mW3xRt8Lp4Q9\n").count == 1)
    }
}
