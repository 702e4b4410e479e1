import Foundation
import Testing
import KeysweepCore
import KeysweepRules
import KeysweepMatch

/// A `.gitleaks.toml` works unchanged: custom rules, per-rule and global allowlists (both the
/// `[[allowlists]]` and the older `[allowlist]` form), `[extend] useDefault`, `disabledRules`,
/// `path`, and RE2 regex syntax read the way gitleaks (Go regexp) reads it.
@Suite struct GitleaksConfigTests {
    static let config = #"""
    title = "acme gitleaks config"

    [extend]
    useDefault = true
    disabledRules = ["generic-secret-quoted", "generic-secret-unquoted"]

    [[rules]]
    id = "acme-service-token"
    description = "ACME internal service token"
    regex = '''\b(acme_(?:live|test)_[a-z0-9]{32})\b'''
    keywords = ["acme_live_", "acme_test_"]
    tags = ["acme", "token"]
      [[rules.allowlists]]
      description = "test-mode tokens are harmless"
      regexes = ['''^acme_test_''']

    [[rules]]
    id = "acme-db-password"
    description = "ACME database password in .env files"
    regex = '''(?i)acme_db_pass(?:word)?\s*=\s*"?([^"\s]{8,})"?'''
    entropy = 3.0
    keywords = ["acme_db_pass"]
    path = '''(?:^|/)\.env(?:\.[a-z]+)?$'''

    [[rules]]
    id = "acme-signing-key"
    description = "ACME signing key, last thing in its file"
    regex = '''ACMEKEY-([A-F0-9]{16})$'''
    keywords = ["acmekey-"]

    [[rules]]
    id = "acme-partner-secret"
    description = "partner secret; the old singular allowlist form"
    regex = '''partner_secret:\s+(\S{12,})'''
    secretGroup = 1
    keywords = ["partner_secret"]
      [rules.allowlist]
      stopwords = ["sandbox"]

    [allowlist]
    description = "global allowlist"
    paths = ['''(?:^|/)testdata/''']
    regexes = ['''(?i)example''']
    """#

    static func load(_ text: String) throws -> RuleSet {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ks-gitleaks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(".gitleaks.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try RuleSet.load(configAt: file.path)
    }

    static func findings(_ set: CompiledRuleSet, _ text: String, path: String = "src/app.txt") -> [(rule: String, secret: String)] {
        let context = set.makeContext()
        return Array(text.utf8).withUnsafeBytes { bytes in
            set.scan(bytes, context: context)
                .filter { set.allowsLocation($0, path: path, commit: nil) }
                .map { (set.rules[$0.ruleIndex].id, $0.secret) }
        }
    }

    let token = "acme_live_" + "k3v9q2m8x7c4b1n6z5l0p2r8t4y7u3w1"
    let githubPAT = "ghp_" + "k3Jd8sLq2Vn5Xw9Rt7Yb4Mz1Pc6Hf0Ga2Ue8"

    @Test func customRulesAndAllowlistsBehaveAsInGitleaks() throws {
        let set = try Self.load(Self.config)
        let compiled = try CompiledRuleSet(set)
        let f = { (text: String, path: String) in Self.findings(compiled, text, path: path) }

        // A custom rule finds its token; its allowlist drops test-mode tokens.
        #expect(f("ACME_TOKEN=\(token)\n", "src/app.txt").map(\.rule) == ["acme-service-token"])
        #expect(f("ACME_TOKEN=acme_test_" + "k3v9q2m8x7c4b1n6z5l0p2r8t4y7u3w1\n", "src/app.txt").isEmpty)

        // No secretGroup: gitleaks reports the first capture group, not the whole match.
        let env = "ACME_DB_PASSWORD=\"Vq7#rT2!pLm9zX\"\n"
        #expect(f(env, "deploy/.env").map(\.secret) == ["Vq7#rT2!pLm9zX"])
        // `path` limits the rule to .env files.
        #expect(f(env, "deploy/settings.py").isEmpty)

        // RE2 `$` is the end of the text: a trailing newline after the key means no match.
        #expect(f("key = ACMEKEY-0A1B2C3D4E5F6A7B", "k.txt").map(\.secret) == ["0A1B2C3D4E5F6A7B"])
        #expect(f("key = ACMEKEY-0A1B2C3D4E5F6A7B\n", "k.txt").isEmpty)

        // The old singular per-rule [rules.allowlist] form.
        #expect(f("partner_secret: Zk29fQ7mW3xR8v\n", "p.yml").map(\.rule) == ["acme-partner-secret"])
        #expect(f("partner_secret: sandbox-Zk29fQ7mW3\n", "p.yml").isEmpty)

        // The global [allowlist]: its regexes and its paths.
        #expect(f("ACME_TOKEN=\(token) # EXAMPLE\n", "src/app.txt").map(\.rule) == ["acme-service-token"],
                "regexTarget defaults to the secret, and the secret has no example in it")
        #expect(f("ACME_TOKEN=acme_live_example" + "q7w2e9r4t1y8u3i6o5p0a2sdf\n", "src/app.txt").isEmpty)
        #expect(f("ACME_TOKEN=\(token)\n", "fixtures/testdata/tokens.txt").isEmpty)

        // [extend] useDefault keeps the built-in rules; disabledRules removes the named ones.
        #expect(f("GITHUB_TOKEN=\(githubPAT)\n", "ci.yml").map(\.rule) == ["github-classic-pat"])
        #expect(!set.rules.contains { $0.id == "generic-secret-quoted" })
        #expect(set.rules.count > 150)

        // inline gitleaks:allow is honoured.
        #expect(f("ACME_TOKEN=\(token) # gitleaks:allow\n", "src/app.txt").isEmpty)
    }

    @Test func withoutExtendTheFileStandsAlone() throws {
        let set = try Self.load("""
        [[rules]]
        id = "only-rule"
        regex = '''only_[0-9]{6}'''
        keywords = ["only_"]
        """)
        #expect(set.rules.map(\.id) == ["only-rule"])
        let compiled = try CompiledRuleSet(set)
        #expect(Self.findings(compiled, "x only_123456 \(githubPAT)").map(\.secret) == ["only_123456"])
    }

    @Test func unsupportedRE2SyntaxIsRejectedNamingFileAndRule() throws {
        let error = #expect(throws: RulesError.self) {
            try Self.load("""
            [[rules]]
            id = "accented"
            regex = '''name=[éè]+'''
            """)
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains(".gitleaks.toml") && text.contains("accented") && text.contains("character class"), "\(text)")
    }

    @Test func keysweepFilesStayPCRE2() throws {
        // A file using keysweep-only fields is PCRE2: lookarounds and \1 keep their PCRE2 meaning.
        let set = try Self.load("""
        [[rules]]
        id = "repeat-token"
        regex = '''\\b((?:tok)_([a-z])\\2[a-z0-9]{6})(?![a-z0-9])'''
        secretGroup = 1
        keywords = ["tok_"]
        severity = "low"
        examples = ['x = «tok_aab12345»']
        negativeExamples = [{ text = "tok_ab123456", why = "no doubled letter" }]
        """)
        let compiled = try CompiledRuleSet(set)
        #expect(Self.findings(compiled, "x = tok_aab12345 tok_ab123456").map(\.secret) == ["tok_aab12345"])
    }
}

@Suite struct RE2TranslationTests {
    @Test(arguments: [
        (#"ab$"#, #"ab\z"#),
        (#"(?m)^ab$"#, #"(?m)^ab$"#),
        (#"a{,3}"#, #"a\{,3}"#),
        (#"a{2,3}b{4}c{5,}"#, #"a{2,3}b{4}c{5,}"#),
        (#"\v"#, #"\x0B"#),
        (#"\101\0"#, #"\o{101}\o{0}"#),
        (#"a\sb"#, #"a[\t\n\f\r ]b"#),
        (#"[\s,]"#, "[\\t\\n\\f\\r ,]"),
        (#"\x{E9}+"#, #"(?:\xC3\xA9)+"#),
        ("é+", #"(?:\xC3\xA9)+"#),
        (#"[]a]"#, #"[\]a]"#),
        (#"[[:alpha:]_]+"#, #"[[:alpha:]_]+"#),
        (#"\Qa.b$\E$"#, #"\Qa.b$\E\z"#),
        (#"(?P<key>[a-z]+)"#, #"(?P<key>[a-z]+)"#),
        (#"\bghp_[0-9a-zA-Z]{36}\b"#, #"\bghp_[0-9a-zA-Z]{36}\b"#),
    ])
    func translates(re2: String, pcre2: String) throws {
        #expect(try RE2Translation.toPCRE2(re2).0 == pcre2)
    }

    @Test func countsCaptureGroups() throws {
        #expect(try RE2Translation.toPCRE2(#"(a)(?:b)(?P<c>c)(?i:d)(?<e>e)"#).1 == 3)
    }

    @Test(arguments: [#"\pL+"#, #"[é]"#, #"[\x{E9}]"#, #"a\Z"#, #"[abc"#])
    func rejects(re2: String) {
        #expect(throws: RE2Translation.Unsupported.self) { try RE2Translation.toPCRE2(re2) }
    }
}
