import Testing
import KeysweepRules
import KeysweepMatch

/// A keyword shorter than three bytes cannot be located by the prefilter, so it means "search the
/// whole blob" (a user's gitleaks file may have such keywords); the built-in catalogue has none.
@Suite struct ShortKeywordTests {
    @Test func secretFarIntoTheBlobIsFound() throws {
        let set = try CompiledRuleSet(RuleLoader.parse("""
        [[rules]]
        id = "demo-sid"
        regex = '''\\b(SK[0-9a-f]{32})\\b'''
        secretGroup = 1
        keywords = ["sk"]
        """, origin: "short.toml"))
        let sid = "SK" + "0f3a9c" + String(repeating: "7b2e", count: 5) + "d41c9a"
        let filler = (0..<300).map { "line \($0) of ordinary text\n" }.joined()
        let text = filler + "TWILIO_API_KEY=\(sid)\n"
        let hits = Array(text.utf8).withUnsafeBytes { set.scan($0, context: set.makeContext()) }
        #expect(hits.map(\.secret) == [sid])
        #expect(hits.first?.line == 301)
    }

    @Test func theCatalogueHasNoShortKeywords() throws {
        let issues = RuleLint.checkBuiltin().filter { $0.message.contains("shorter than 3 bytes") }
        #expect(issues.isEmpty, "\(issues)")
        let rules = try RuleSet.builtin().rules
        #expect(rules.count >= 150)
        #expect(rules.allSatisfy { $0.keywords.allSatisfy { $0.utf8.count >= 3 } })
    }
}
