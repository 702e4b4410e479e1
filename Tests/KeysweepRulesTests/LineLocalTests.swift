import Foundation
import Testing
import KeysweepRules
import KeysweepMatch
import KeysweepTestSupport

/// `lineLocal`: a rule whose matches never span lines and always lie on a line holding one of its
/// keywords has its regex run over those lines alone. It must report exactly what the same rule
/// reports over the lines around each keyword.
@Suite struct LineLocalTests {
    static let connectionString = #"(?i)\b(?:server|host)[ \t]*=[^;"'\n]{1,200};[^"'\n]{0,300}?\b(?:password|pwd)[ \t]*=[ \t]*([^;"'\s<>]{3,128})"#

    static func rules(lineLocal: Bool, regex: String = connectionString, keywords: String = #"["password", "pwd"]"#) throws -> CompiledRuleSet {
        let toml = """
        [[rules]]
        id = "demo-connection-string"
        regex = '''\(regex)'''
        secretGroup = 1
        keywords = \(keywords)
        \(lineLocal ? "lineLocal = true" : "")
        """
        return try CompiledRuleSet(RuleLoader.parse(toml, origin: "line.toml"))
    }

    static func secrets(_ set: CompiledRuleSet, _ text: String) -> [String] {
        let context = set.makeContext()
        return Array(text.utf8).withUnsafeBytes { set.scan($0, context: context) }.map(\.secret)
    }

    @Test func lineLocalAndPlainAgreeOnRandomText() throws {
        let local = try Self.rules(lineLocal: true), plain = try Self.rules(lineLocal: false)
        var rng = SplitMix(seed: 23)
        let pieces = ["Server=db.internal;", "Host=pg;", "Database=app;", "Password=", "pwd = ", "s3cr3tValue42;", "x9Yz",
                      "\n", "\n", " ", "\"", "password", "User Id=sa;", "Port=5432;"]
        var total = 0
        for _ in 0..<400 {
            let text = (0..<Int(rng.next() % 80)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let l = Self.secrets(local, text), p = Self.secrets(plain, text)
            #expect(l == p, "\(text.debugDescription)")
            total += p.count
        }
        #expect(total > 50, "the generated texts must hold matches for the comparison to mean anything")
    }

    @Test func aMatchAwayFromItsKeywordsLineIsNotSearched() throws {
        // The keyword names the setting on one line, the value is on the next: not line-local.
        let regex = #"(?m)^[ \t]*value:[ \t]*([a-z0-9]{12,})"#
        let text = "- name: DB_PASSWORD\n  value: a1b2c3d4e5f6g7\n"
        #expect(Self.secrets(try Self.rules(lineLocal: false, regex: regex, keywords: #"["password"]"#), text) == ["a1b2c3d4e5f6g7"])
        #expect(Self.secrets(try Self.rules(lineLocal: true, regex: regex, keywords: #"["password"]"#), text).isEmpty)
    }

    @Test func lineLocalNeedsKeywordsAndNoAnchor() throws {
        #expect(throws: RulesError.self) {
            _ = try RuleLoader.parse("[[rules]]\nid = \"a-b\"\nregex = 'x'\nlineLocal = true\n", origin: "bad.toml")
        }
        #expect(throws: RulesError.self) {
            _ = try RuleLoader.parse("[[rules]]\nid = \"a-b\"\nregex = 'x'\nkeywords = [\"x\"]\nkeywordAnchor = 0\nlineLocal = true\n", origin: "bad.toml")
        }
    }

    @Test func rulesCheckSaysWhenLineLocalDoesNotHold() throws {
        let r = try Run.rulesCheck(#"""
        [[rules]]
        id = "demo-env-list"
        regex = '''(?m)^[ \t]*value:[ \t]*([a-z0-9]{12,})'''
        secretGroup = 1
        keywords = ["password"]
        lineLocal = true
        examples = ["- name: DB_PASSWORD\n  value: «a1b2c3d4e5f6g7»"]
        """#)
        #expect(r.status == 1)
        #expect(r.stdout.contains("lineLocal does not hold"), "\(r.stdout)")
    }
}
