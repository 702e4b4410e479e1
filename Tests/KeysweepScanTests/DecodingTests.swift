import Foundation
import Testing
import KeysweepCore
import KeysweepMatch
import KeysweepScan
import KeysweepSources
import KeysweepTestSupport

/// Secrets hidden in base64, percent-encoding and backslash escapes, committed to real
/// repositories and found by a full history scan.
@Suite struct DecodingTests {
    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    /// Percent-encodes everything outside RFC 3986's unreserved characters.
    static func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))!
    }

    /// `\uXXXX` for every character, as some JSON serialisers write.
    static func unicodeEscaped(_ s: String) -> String {
        s.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
    }

    @Test func kubernetesSecretDataIsDecodedAndPaired() throws {
        let repo = try TestRepo()
        try repo.write("README.md", "# infra\n")
        try repo.commit("initial")
        let manifest = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: s3-uploader
            type: Opaque
            data:
              AWS_ACCESS_KEY_ID: \(Self.b64(Secrets.awsKeyA))
              AWS_SECRET_ACCESS_KEY: \(Self.b64(Secrets.awsSecretA))
              AWS_REGION: \(Self.b64("eu-west-1"))

            """
        try repo.write("deploy/k8s/aws-secret.yaml", manifest)
        let introducing = try repo.commit("add uploader secret")

        let report = try Fixtures.scanHistory(repo)
        let key = try #require(report.finding(secret: Secrets.awsKeyA), "\(report.findings.map { ($0.rule, $0.secret) })")
        #expect(key.rule == "aws-access-key-id")
        #expect(key.decoded == "base64")
        #expect(key.path == "deploy/k8s/aws-secret.yaml")
        #expect(key.line == 7)
        #expect(key.column == 22, "the encoded value's column")
        #expect(key.snippet == "  AWS_ACCESS_KEY_ID: \(Self.b64(Secrets.awsKeyA))")
        #expect(key.commit == introducing)
        #expect(key.fingerprint == Scanner.fingerprint(Secrets.awsKeyA))
        #expect(key.aws?.account == "123456789012")

        let secret = try #require(report.finding(secret: Secrets.awsSecretA))
        #expect(secret.rule == "aws-secret-access-key")
        #expect(secret.decoded == "base64")
        #expect(secret.line == 8)
        #expect(secret.pairedWith == key.fingerprint)

        // The manifest rule matched the encoded key id plainly; the decoded, specific finding
        // replaces it rather than reporting the same value twice.
        #expect(report.finding(secret: Self.b64(Secrets.awsKeyA)) == nil)
        #expect(report.findings.count == 2, "\(report.findings.map { ($0.rule, $0.secret) })")

        // Redacted output hides the encoded value in the snippet too.
        let redacted = try #require(report.redacted().findings.first { $0.rule == "aws-access-key-id" })
        #expect(redacted.snippet?.contains(Self.b64(Secrets.awsKeyA)) == false)
        #expect(redacted.snippet?.hasPrefix("  AWS_ACCESS_KEY_ID: ") == true)
    }

    @Test func dockerConfigJSONIsDecodedTwice() throws {
        let repo = try TestRepo()
        let auth = Self.b64("deploy-bot:\(Secrets.githubPAT)")
        let config = #"{"auths":{"ghcr.io":{"auth":"\#(auth)"}}}"#
        try repo.write("charts/registry/pull-secret.yaml", """
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/dockerconfigjson
            metadata:
              name: ghcr-pull
            data:
              .dockerconfigjson: \(Self.b64(config))

            """)
        // A plain docker config.json: the auth value is base64 once.
        try repo.write("ci/docker/config.json", """
            {
              "auths": {
                "ghcr.io": {
                  "auth": "\(auth)"
                }
              }
            }

            """)
        try repo.commit("registry credentials")

        let report = try Fixtures.scanHistory(repo)
        let found = report.findings(rule: "github-classic-pat")
        #expect(found.allSatisfy { $0.secret == Secrets.githubPAT })
        let nested = try #require(found.first { $0.path == "charts/registry/pull-secret.yaml" },
                                  "\(report.findings.map { ($0.rule, $0.path, $0.decoded ?? "-") })")
        #expect(nested.decoded == "base64→base64")
        #expect(nested.line == 7)
        #expect(nested.column == 22)
        let single = try #require(found.first { $0.path == "ci/docker/config.json" })
        #expect(single.decoded == "base64")
        #expect(single.line == 4)
    }

    @Test func basicAuthHeaderIsDecoded() throws {
        let repo = try TestRepo()
        try repo.write("scripts/release.sh", """
            #!/bin/sh
            curl -fsS -H "Authorization: Basic \(Self.b64("release-bot:\(Secrets.githubPAT)"))" \\
              https://api.github.com/repos/acme/app/releases

            """)
        try repo.commit("release script")

        let report = try Fixtures.scanHistory(repo)
        let f = try #require(report.finding(secret: Secrets.githubPAT), "\(report.findings.map { ($0.rule, $0.secret) })")
        #expect(f.rule == "github-classic-pat")
        #expect(f.decoded == "base64")
        #expect(f.line == 2)
        #expect(report.findings(rule: "basic-auth-header").isEmpty, "the medium-confidence header rule gives way")
    }

    @Test func percentEncodedSecretsAreDecoded() throws {
        let repo = try TestRepo()
        let encoded = Self.percent(Secrets.awsSecretB)
        #expect(encoded.contains("%2F"), "the test secret has characters that get encoded")
        try repo.write(".env.production", "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyB)\nAWS_SECRET_ACCESS_KEY=\(encoded)\n")
        try repo.write("docs/webhook.md", """
            Callback used by the uploader:

                https://hooks.example.com/upload?region=us-east-1&aws_secret_access_key=\(Self.percent(Secrets.awsSecretC))&retry=3

            """)
        try repo.commit("configuration")

        let report = try Fixtures.scanHistory(repo)
        let env = try #require(report.finding(secret: Secrets.awsSecretB), "\(report.findings.map { ($0.rule, $0.secret) })")
        #expect(env.rule == "aws-secret-access-key")
        #expect(env.decoded == "percent")
        #expect(env.path == ".env.production")
        #expect(env.line == 2)
        #expect(env.column == 23)
        #expect(report.finding(secret: encoded) == nil, "the generic rule's plain hit on the encoded value gives way")
        let url = try #require(report.finding(secret: Secrets.awsSecretC))
        #expect(url.decoded == "percent")
        #expect(url.line == 3)
        #expect(report.finding(secret: Secrets.awsKeyB)?.decoded == nil, "plain findings stay plain")
    }

    @Test func unicodeEscapedJSONStringIsDecoded() throws {
        let repo = try TestRepo()
        try repo.write("settings/export.json", """
            {
              "name": "ci",
              "github_token": "\(Self.unicodeEscaped(Secrets.githubPAT))"
            }

            """)
        try repo.write("src/legacy.py", "TOKEN = \"\\x67\\x68\\x70\\x5f\(Secrets.githubPAT.dropFirst(4))\"\n")
        try repo.commit("export")

        let report = try Fixtures.scanHistory(repo)
        let json = try #require(report.findings.first { $0.path == "settings/export.json" },
                                "\(report.findings.map { ($0.rule, $0.secret) })")
        #expect(json.rule == "github-classic-pat")
        #expect(json.secret == Secrets.githubPAT)
        #expect(json.decoded == "escape")
        #expect(json.line == 3)
        let python = try #require(report.findings.first { $0.path == "src/legacy.py" })
        #expect(python.secret == Secrets.githubPAT)
        #expect(python.decoded == "escape")
    }

    @Test func innocentAndBinaryEncodingsProduceNothing() throws {
        let repo = try TestRepo()
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            png.append(UInt8(truncatingIfNeeded: seed >> 33))
        }
        try repo.write("web/index.html", """
            <p>\(Self.b64("The quick brown fox jumps over the lazy dog, twice over."))</p>
            <img src="data:image/png;base64,\(png.base64EncodedString())">
            <a href="https://example.com/search?q=\(Self.percent("secret token rotation / how to"))">docs</a>
            <script>var s = "\(Self.unicodeEscaped("caf\u{e9} au lait, s'il vous pla\u{ee}t"))";</script>
            <pre>\(png.base64EncodedString(options: .lineLength76Characters))</pre>

            """)
        try repo.commit("page")

        let report = try Fixtures.scanHistory(repo)
        #expect(report.findings.isEmpty, "\(report.findings.map { ($0.rule, $0.secret, $0.decoded ?? "-") })")
        #expect(report.stats.blobs == 1)
    }

    @Test func decodingStopsAtTwoEncodings() throws {
        let repo = try TestRepo()
        let twice = Self.b64(Self.b64(Secrets.githubPAT))
        let thrice = Self.b64(twice)
        try repo.write("two.txt", "payload: \(twice)\n")
        try repo.write("three.txt", "payload: \(thrice)\n")
        try repo.commit("layers")

        let report = try Fixtures.scanHistory(repo)
        #expect(report.findings.map(\.path) == ["two.txt"], "\(report.findings.map { ($0.rule, $0.path) })")
        #expect(report.findings.first?.decoded == "base64→base64")
    }

    @Test func inlineAllowSilencesADecodedFinding() throws {
        let repo = try TestRepo()
        try repo.write("fixtures/secret.yaml", """
            kind: Secret
            data:
              AWS_ACCESS_KEY_ID: \(Self.b64(Secrets.awsKeyC))  # keysweep:allow test fixture
              GITHUB_TOKEN: \(Self.b64(Secrets.githubPAT))

            """)
        try repo.commit("fixture")

        let report = try Fixtures.scanHistory(repo)
        #expect(report.finding(secret: Secrets.awsKeyC) == nil)
        #expect(report.finding(secret: Secrets.githubPAT)?.decoded == "base64", "the other entry is still reported")
    }
}

/// The bounds, on the matcher directly.
@Suite struct DecodingBoundsTests {
    static func decodedHits(_ text: String) -> [Hit] {
        var copy = text
        let context = Fixtures.rules.makeContext()
        return copy.withUTF8 { Fixtures.rules.scan(UnsafeRawBufferPointer($0), context: context) }.filter { $0.decoded != nil }
    }

    @Test func tokensLongerThan64KiBAreNotDecoded() {
        let filler = String(repeating: "lorem ipsum dolor sit amet, ", count: 1700)   // 47,600 bytes
        let small = DecodingTests.b64(filler + " token " + Secrets.githubPAT)
        #expect(Self.decodedHits("blob: \(small)\n").map(\.secret) == [Secrets.githubPAT])
        let large = DecodingTests.b64(filler + filler + " token " + Secrets.githubPAT)
        #expect(large.utf8.count > 64 << 10)
        #expect(Self.decodedHits("blob: \(large)\n").isEmpty)
    }

    @Test func decodedBytesPerBlobAreBounded() {
        let filler = String(repeating: "lorem ipsum dolor sit amet, ", count: 1700)
        let plain = DecodingTests.b64(filler)
        let secret = DecodingTests.b64(filler + " token " + Secrets.githubPAT)
        // 22 tokens of ~47.6 KB decoded fill the 1 MiB budget; a secret after them is not reached.
        let early = ([secret] + Array(repeating: plain, count: 22)).map { "part: \($0)\n" }.joined()
        let late = (Array(repeating: plain, count: 22) + [secret]).map { "part: \($0)\n" }.joined()
        #expect(Self.decodedHits(early).map(\.secret) == [Secrets.githubPAT])
        #expect(Self.decodedHits(late).isEmpty)
    }

    @Test func identifiersHashesPathsAndURLsYieldNoDecodedHits() {
        let text = """
            def test_parametrize_with_indirect_fixture_and_ids(self, pytester):
                commit = "3f2c8a1b9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f70"
                path = "/usr/lib/python3/site-packages/_pytest/assertion/rewrite.py"
                url = "https://github.com/pytest-dev/pytest/issues?q=is%3Aopen+label%3Abug"
            """
        #expect(Self.decodedHits(text).isEmpty)
    }
}
