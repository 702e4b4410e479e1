import Foundation
import Testing
import KeysweepRules
@testable import KeysweepMatch
import KeysweepPCRE
import KeysweepTestSupport
import CKeysweepScan

/// `keywordFollowedBy`: the matcher skips keyword occurrences where the rule cannot match, by a
/// small native pattern tried after the keyword. The pattern must answer exactly as PCRE2 would,
/// and skipping must never lose a match.
@Suite struct KeywordFollowedByTests {
    static let patterns = [
        #"[\w.\-]{0,64}["'\]]?[ \t]*[:=]"#,
        #"(?i)[\w.\-]{0,64}["'\]]?:?\s{0,60},?\s{0,60}["']?value"#,
        #"[ \t]*="#, #"[A-Za-z0-9]{14}\."#, "a*ab", #"[^x]{2,3}y?z"#, #"\d+\.\s*"#, "(?i)[a-c]{1,}B", ".{0,5}=",
        #"[=:][ \t]*[a-z0-9_.]{2,6}(?![^\s"'])"#, #"(?i)[\w.]{0,3}=?[a-c]*(?!V)"#, #"a?(?!\.)"#,
    ]

    @Test func answersAsPCRE2DoesOnRandomText() throws {
        let scratch = MatchScratch()
        var rng = SplitMix(seed: 11)
        let alphabet = Array(" \t\n=:\"'],vValueVALUEab_x9.-zy".utf8)
        var matched = 0, compared = 0
        for source in Self.patterns {
            let follow = try FollowPattern(source)
            let pcre = try Pattern(#"\A(?:"# + source + ")")
            let items = KeywordPrefilter.items(of: follow)
            for _ in 0..<1500 {
                let text = (0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                let expected = try text.withUnsafeBytes { try scratch.firstMatch(pcre, in: $0) } != nil
                let got = text.withUnsafeBytes { follow.matches($0, at: 0) }
                #expect(got == expected, "\(source) on \(String(decoding: text, as: UTF8.self).debugDescription)")
                // The prefilter's C twin, from any offset of the text.
                let at = Int(rng.next() % UInt64(text.count + 1))
                let native = (text + [0]).withUnsafeBufferPointer { b in  // never an empty buffer's nil address
                    ks_follow_matches(items, ks_follow_program(first: 0, count: UInt32(items.count)), b.baseAddress,
                                      text.count, at, Int32(FollowPattern.budget)) != 0
                }
                let swift = text.withUnsafeBytes { follow.matches($0, at: at) }
                #expect(native == swift, "C: \(source) on \(String(decoding: text, as: UTF8.self).debugDescription) at \(at)")
                matched += expected ? 1 : 0
                compared += 1
            }
        }
        #expect(matched > compared / 20 && matched < compared * 19 / 20, "both answers must occur for the comparison to mean anything")
    }

    /// The byte sets the prefilter's gate checks: every text a pattern matches has each of its
    /// first bytes in the set of that offset, and is at least as long as the sets are many.
    @Test func bytesAtOffsetsHoldEveryMatch() throws {
        var rng = SplitMix(seed: 17)
        let alphabet = Array(" \t\n=:\"'],vValueVALUEab_x9.-zyAZ".utf8)
        var matched = 0, narrowed = 0
        for source in Self.patterns {
            let follow = try FollowPattern(source)
            let sets = follow.bytesAtOffsets(limit: 16)
            #expect(sets.count == min(16, follow.minLength), "\(source)")
            if sets.contains(where: { $0 != [~0, ~0, ~0, ~0] }) { narrowed += 1 }
            for _ in 0..<3000 {
                let text = (0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                guard text.withUnsafeBytes({ follow.matches($0, at: 0) }) else { continue }
                matched += 1
                #expect(text.count >= sets.count, "\(source) on \(String(decoding: text, as: UTF8.self).debugDescription)")
                for (d, set) in sets.enumerated() where d < text.count {
                    #expect(set[Int(text[d] >> 6)] >> UInt64(text[d] & 63) & 1 == 1,
                            "\(source): byte \(d) of \(String(decoding: text, as: UTF8.self).debugDescription)")
                }
            }
        }
        #expect(matched > 1000 && narrowed >= 5, "the patterns must match and narrow for the check to mean anything")
        // Airtable's pattern: fourteen letters or digits, then a dot.
        let airtable = try FollowPattern(#"[A-Za-z0-9]{14}\."#).bytesAtOffsets(limit: 16)
        #expect(airtable.count == 15)
        #expect(airtable[13][1] >> UInt64(UInt8(ascii: "z") & 63) & 1 == 1 && airtable[13][0] >> UInt64(UInt8(ascii: ".")) & 1 == 0)
        #expect(airtable[14] == [1 << UInt64(UInt8(ascii: ".")), 0, 0, 0])
    }

    /// The prefilter drops the occurrences its gate rules out: of Airtable's keyword `pat`, only
    /// the one followed by fourteen letters or digits and a dot is reported.
    @Test func prefilterGateDropsOccurrencesNoPatternCouldMatch() throws {
        let airtable = try RuleSet.builtin().rules.filter { $0.id == "airtable-personal-access-token" }
        #expect(airtable.count == 1 && airtable[0].keywords == ["pat"])
        let gated = try CompiledRuleSet(RuleSet(rules: airtable))
        let open = try CompiledRuleSet(RuleSet(rules: airtable.map { var r = $0; r.keywordFollowedBy = []; return r }))
        let text = Array(("path = pattern(patch) + PATH;\n" + String(repeating: "x", count: 100) + " patAbCdEfGhIjKlMn.0123 pat").utf8)
        text.withUnsafeBytes { b in
            #expect(gated.keywordOccurrences(b, context: gated.makeContext()) == 1)
            #expect(open.keywordOccurrences(b, context: open.makeContext()) == 6)
        }
    }

    @Test func matchesFromTheGivenOffsetOnly() throws {
        let p = try FollowPattern(#"[ \t]*="#)
        let text = Array("password = x; pwd: y".utf8)
        text.withUnsafeBytes { b in
            #expect(p.matches(b, at: 8))   // after "password"
            #expect(!p.matches(b, at: 17)) // after "pwd"
            #expect(!p.matches(b, at: text.count))
        }
    }

    /// A trailing lookahead `(?!…)` holds where the next byte is not in its class, and where the
    /// text ends: the unquoted generic rule's pattern passes a value that ends a blob without a
    /// newline, and drops `token = std::env::var(…)`, whose value goes on into a call.
    @Test func trailingLookaheadMatchesAtTheEndOfTheText() throws {
        let p = try FollowPattern(#"[ \t]*=[ \t]*[a-z]{3,5}(?![^\s"'])"#)
        for (text, expected) in [(" = abc", true), (" = abc\n", true), ("=abcd\"", true), (" = abc(", false), (" = abcdef", false),
                                 (" = ab", false)] {
            #expect(text.utf8.withContiguousStorageIfAvailable { p.matches(UnsafeRawBufferPointer($0), at: 0) } == expected, "\(text)")
        }
        #expect(p.minLength == 4)
        let unquoted = try RuleSet.builtin().rules.filter { $0.id == "generic-secret-unquoted" }
        #expect(unquoted.count == 1 && unquoted[0].keywordFollowedBy.contains { $0.source.hasSuffix(#"(?![^\s"'])"#) })
        let gated = try CompiledRuleSet(RuleSet(rules: unquoted))
        let open = try CompiledRuleSet(RuleSet(rules: unquoted.map { var r = $0; r.keywordFollowedBy = []; return r }))
        for compiled in [gated, open] {
            let context = compiled.makeContext()
            let last = Array("x = 1\nDEPLOY_TOKEN=Zq81vKd0Lm2Np4Rs6Tu8".utf8)
            #expect(last.withUnsafeBytes { compiled.scan($0, context: context) }.count == 1)
            let call = Array("    let token = std::env::var(\"APP_TOKEN\").unwrap_or_default();\n".utf8)
            #expect(call.withUnsafeBytes { compiled.keywordOccurrences($0, context: context) } == (compiled === gated ? 0 : 2))
        }
    }

    @Test func unsupportedSyntaxIsRejected() {
        for bad in ["(a)", "a|b", "[abc", "{2}", #"\q"#, "x{3,1}", "^a", "", #"[\k]"#, "(?!a)", "(?!a)b", "a(?!ab)", "a(?!a)+",
                    "a(?!)", "a(?![ab]"] {
            #expect(throws: FollowPattern.SyntaxError.self, "\(bad)") { _ = try FollowPattern(bad) }
        }
        let toml = "[[rules]]\nid = \"a-b\"\nregex = 'key=(x)'\nkeywords = [\"key\"]\nkeywordFollowedBy = ['''(=)''']\n"
        #expect(throws: RulesError.self) { _ = try RuleLoader.parse(toml, origin: "bad.toml") }
        #expect(throws: RulesError.self) {
            _ = try RuleLoader.parse("[[rules]]\nid = \"a-b\"\nregex = 'x'\nkeywordFollowedBy = ['=']\n", origin: "bad.toml")
        }
    }

    /// The relaxed automaton of a keyword's patterns (`KeywordPrefilter.relaxed`) reaches a final
    /// item of each pattern that matches (so it rejects only where none does): the catalogue's lists (each rule's, and the generic rules'
    /// together), from every offset of random text of names, assignments and values.
    @Test func relaxedAutomatonRejectsOnlyWhereNoPatternMatches() throws {
        let rules = try RuleSet.builtin().rules.filter { !$0.keywordFollowedBy.isEmpty }
        var lists = rules.map(\.keywordFollowedBy)
        var seen = Set<String>()
        lists.append(rules.filter { $0.id.hasPrefix("generic-secret") }.flatMap(\.keywordFollowedBy).filter { seen.insert($0.source).inserted })
        let pieces = ["_key", "Token", "=", ": ", " := ", " => ", "\"", "'", "`", "]", ",", " ", "\t", "\n", "value", "Value\": ",
                      "K9x2Lm8Qp4Rt7Vw1Zy3", "ab", "x.y", "-", "(", "@", "deploy:", "p4ssW0rd9x@", "db.example.com", "://",
                      "${X}", "0123456789abcdef", "Bearer ", "  ", "s.vNrmbX1pCOwz3uoAXGFXxhcm", "Zq81vKd0Lm2Np4Rs6Tu8"].map { Array($0.utf8) }
        var rng = SplitMix(seed: 23)
        var rejected = 0, matched = 0, automata = 0
        for list in lists {
            guard var (nfa, bytes, finals) = KeywordPrefilter.relaxed(list) else { continue }
            automata += 1
            for _ in 0..<60 {
                let text = (0..<Int(rng.next() % 12)).flatMap { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }
                for at in 0...text.count {
                    let reached = (text + [0]).withUnsafeBufferPointer { b in
                        ks_follow_reach(&nfa, bytes, b.baseAddress, text.count, at)
                    }
                    // Each pattern that matches: one of its final items was reached.
                    for (f, pattern) in list.enumerated() where text.withUnsafeBytes({ pattern.matches($0, at: at) }) {
                        #expect(reached & finals[f] != 0, "\(pattern.source) at \(at) of \(String(decoding: text, as: UTF8.self).debugDescription)")
                        matched += 1
                    }
                    rejected += reached == 0 ? 1 : 0
                }
            }
        }
        #expect(automata >= 10 && rejected > 1000 && matched > 200, "the automata must reject and the patterns match for the check to mean anything")
    }

    /// A keyword whose rules' lists share a pattern (the generic rules' `value` one) has it tried
    /// once by the prefilter; a keyword with a rule without patterns has none tried.
    @Test func prefilterTriesASharedPatternOnce() throws {
        let p = try [#"[\w.\-]{0,64}[ \t]*="#, #"(?i)[\w.\-]{0,64}\s{0,9}value"#, #"[\w.\-]{0,64}:"#].map(FollowPattern.init)
        let patterns = [p[0], p[1], p[2], p[1]]  // list 0: p0 p1; list 1: p2 p1
        let follows = CompiledRuleSet.follows(keywordRules: [[0, 1], [1], [0, 2]], followSet: [0, 1, nil],
                                              followSets: [0..<2, 2..<4], patterns: patterns)
        #expect(follows.map { $0.map(\.source) } == [[p[0].source, p[1].source, p[2].source], [p[2].source, p[1].source], []])
    }

    /// The catalogue's rules that use it, with and without it, on text full of names, keywords,
    /// assignments and quoted values: the same hits.
    @Test func skippingOccurrencesLosesNoMatch() throws {
        let users = try RuleSet.builtin().rules.filter { !$0.keywordFollowedBy.isEmpty }
        #expect(users.count >= 10)
        let with = try CompiledRuleSet(RuleSet(rules: users))
        let without = try CompiledRuleSet(RuleSet(rules: users.map { var r = $0; r.keywordFollowedBy = []; return r }))
        let (a, b) = (with.makeContext(), without.makeContext())
        var rng = SplitMix(seed: 5)
        let pieces = ["secret", "password", "Pwd", "token", "api_key", "credentials", "_value", "Value", "key", "pat",
                      "=", ": ", " = ", "\"", "'", "]", ",", "\n  ", "\t", "x", "Server=db;", "Data Source=s;",
                      "K9x2Lm8Qp4Rt7Vw1Zy3", "aB3dE5gH7jK9mN1p", ".0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                      "patAbCdEfGhIjKlMn", "{", "}", " value: ", "db_password = \"K9x2Lm8Qp4Rt7Vw1Zy3\"",
                      "API_KEY: aB3dE5gH7jK9mN1p\n", "\"name\": \"AUTH_TOKEN\", \"value\": \"",
                      "https://", "mssql://", "neo4j+s://", "deploy:", "p4ssW0rd9x@", "db.example.com", "curl ", " -u ",
                      "--user ", "machine ", "build.example.org ", " login ", "hex_api_key", "hexpm_", "oracle_", "OCI_",
                      "kind: Secret\n", "kind: \"Secret\"\n", "stringData:\n", "data:\n", "  db-password: c2VjcmV0cGFzc3dvcmQx\n",
                      "GITHUB_CLIENT_SECRET", "FB_APP_SECRET", "AZURE_OPENAI_KEY", "JIRA_API_TOKEN", "0123456789abcdef0123456789abcdef01234567",
                      "VAULT_TOKEN", "vault", "s.vNrmbX1pCOwz3uoAXGFXxhcm", "Authorization", ": Bearer ", ": Basic ", "Basic ",
                      "dXNlcjpwYXNzd29yZDEyMzQ=", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123", "AZURE_STORAGE_KEY", "access_key",
                      "account", String(repeating: "Ab3+", count: 21) + "Q1==", "SPACES_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                      "aliyun", "oss_", "9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT", "PAGERDUTY_ROUTING_KEY", "pd_", "PD_SERVICE_KEY",
                      "SENTRY_AUTH_TOKEN", "sentry", "0123456789abcdef0123456789abcdef", "NETLIFY_AUTH_TOKEN", "nfp_",
                      "_auth", "_password", "-us1", "-user", "api-", "sdk-", "0123abcd-0123-4567-89ab-0123456789ab",
                      "ocir_auth_token", "oracle_password", "(x){y}[z];:<>"]
        var total = 0
        for _ in 0..<3000 {
            let text = Array((0..<Int(rng.next() % 40)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined().utf8)
            let x = text.withUnsafeBytes { with.scan($0, context: a) }.map { "\($0.ruleIndex):\($0.secretRange)" }
            let y = text.withUnsafeBytes { without.scan($0, context: b) }.map { "\($0.ruleIndex):\($0.secretRange)" }
            #expect(x == y, "\(String(decoding: text, as: UTF8.self).debugDescription)")
            total += y.count
        }
        #expect(total > 100, "the generated texts must hold matches for the comparison to mean anything")
    }

    /// The same on every combination of a provider-named setting, an assignment and a value of
    /// the rules that key on a common word (`vault`, `storage`, `account`, `authorization`,
    /// `sentry`, `pd_`, `-us`…): what the patterns skip must never have matched.
    @Test func skippingOccurrencesLosesNoMatchOnAssignments() throws {
        let users = try RuleSet.builtin().rules.filter { !$0.keywordFollowedBy.isEmpty }
        let with = try CompiledRuleSet(RuleSet(rules: users))
        let without = try CompiledRuleSet(RuleSet(rules: users.map { var r = $0; r.keywordFollowedBy = []; return r }))
        let (a, b) = (with.makeContext(), without.makeContext())
        let names = ["VAULT_TOKEN", "vault.token", "AZURE_STORAGE_KEY", "storage_account_key", "ARM_ACCESS_KEY", "SPACES_SECRET_KEY",
                     "digitalocean_spaces_secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "oss_secret", "PAGERDUTY_ROUTING_KEY",
                     "pd_integration_key", "SENTRY_AUTH_TOKEN", "NETLIFY_AUTH_TOKEN", "netlify_key", "OCI_AUTH_TOKEN", "ocir_password",
                     "oracle-password", "Authorization", "_auth", "_password", "header", "account"]
        let separators = ["=", " = ", ": ", "=\"", ": \"", "\" => \"", ",", " ", ": Bearer ", ": Basic ", ":\n  value: \"", "\n"]
        let values = ["s.vNrmbX1pCOwz3uoAXGFXxhcm", "pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9cfCmZ/a/lkyU81lSvTfrXFA==", "Zq8nP0wL3xV7tR2mK9sB4dF6hJ1cG5yN8eW0uA3iO7k",
                      "9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT", "0123456789abcdef0123456789abcdef", String(repeating: "0a1b2c3d", count: 8),
                      "Zq8nP0wL3xV7tR2m-K9sB4dF6hJ1cG5yN8eW0uA3iO_", "a(B)c;D:e.F+g_H#i-J<", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc1234",
                      "dXNlcjpwYXNzd29yZDEyMzQ=", "nfp_" + String(repeating: "aB3dE5gH7j", count: 3) + "K9mN1p" + "0a1b",
                      "api-0123abcd-0123-4567-89ab-0123456789ab", "0123456789abcdef0123456789abcdef-us12", "${SECRET}"]
        var total = 0
        for name in names {
            for separator in separators {
                for value in values {
                    let text = Array((name + separator + value + "\n").utf8)
                    let x = text.withUnsafeBytes { with.scan($0, context: a) }.map { "\($0.ruleIndex):\($0.secretRange)" }
                    let y = text.withUnsafeBytes { without.scan($0, context: b) }.map { "\($0.ruleIndex):\($0.secretRange)" }
                    #expect(x == y, "\(String(decoding: text, as: UTF8.self).debugDescription)")
                    total += y.count
                }
            }
        }
        #expect(total > 500, "the combinations must hold matches for the comparison to mean anything: \(total)")
    }

    @Test func rulesCheckNamesAPatternThatIsTooNarrow() throws {
        let r = try Run.rulesCheck(#"""
        [[rules]]
        id = "demo-key"
        regex = '''(?i)api_key\s*[:=]\s*"([a-z0-9]{10,})"'''
        secretGroup = 1
        keywords = ["api_key"]
        keywordFollowedBy = ['''[ \t]*=''']
        examples = ['api_key: "«ab12cd34ef56»"']
        """#)
        #expect(r.status == 1)
        #expect(r.stdout.contains("keywordFollowedBy is too narrow"), "\(r.stdout)")
    }
}
