import Foundation

/// Files full of things that look like secrets and are not: documentation examples, placeholders,
/// references to the environment, hashes and digests, UUIDs, base64 of images and fonts, public
/// keys and certificates, minified code, fixtures with obvious fake values, i18n keys, colours,
/// versions, identifiers, URLs without credentials, and near-misses of provider formats.
enum Decoys {
    typealias Builder = @Sendable (inout CorpusRNG, String) -> FileUnit

    static func unit(_ path: String, _ content: String, _ decoys: [(String, String)]) -> FileUnit {
        FileUnit(path: path, content: content, decoys: decoys.map { Decoy(kind: $0.0, value: $0.1, path: path) })
    }

    // The AWS documentation's example credentials (split so this file holds none whole).
    static let awsDocKeys = ["AKIA" + "IOSFODNN7EXAMPLE", "AKIA" + "I44QH8DHBEXAMPLE", "ASIA" + "IOSFODNN7EXAMPLE"]
    static let awsDocSecrets = ["wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/" + "h3yCo8nvbEXAMPLEKEY"]
    static let awsDocSessionToken = "AQoDYXdzEPT//////////" + "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI"

    static func sha256(_ r: inout CorpusRNG) -> String { r.hex(64) }
    static func sha1(_ r: inout CorpusRNG) -> String { r.hex(40) }

    static let builders: [(String, Builder)] = [
        ("aws-docs", { r, svc in
            let (k1, k2, k3) = (awsDocKeys[0], awsDocKeys[1], awsDocKeys[2])
            let (s1, s2) = (awsDocSecrets[0], awsDocSecrets[1])
            let content = "# Configuring AWS access\n\nCreate `~/.aws/credentials`:\n\n```ini\n[default]\naws_access_key_id = \(k1)\naws_secret_access_key = \(s1)\n\n[user2]\naws_access_key_id=\(k2)\naws_secret_access_key=\(s2)\n```\n\nOr export them:\n\n```sh\nexport AWS_ACCESS_KEY_ID=\(k1)\nexport AWS_SECRET_ACCESS_KEY=\(s1)\nexport AWS_SESSION_TOKEN=\(awsDocSessionToken)\n```\n\nTemporary keys start with ASIA, e.g. \(k3).\n"
            return unit("docs/\(svc)-aws.md", content, [("aws-doc-example", k1), ("aws-doc-example", k2), ("aws-doc-example", k3), ("aws-doc-example", s1), ("aws-doc-example", s2), ("aws-doc-example", awsDocSessionToken)])
        }),
        ("aws-docs-code", { _, svc in
            let (k, s) = (awsDocKeys[0], awsDocSecrets[0])
            return unit("\(svc)/tests/test_s3_client.py", "import boto3\nfrom moto import mock_aws\n\n\n@mock_aws\ndef test_upload():\n    s3 = boto3.client(\"s3\", aws_access_key_id=\"\(k)\", aws_secret_access_key=\"\(s)\", region_name=\"us-east-1\")\n    s3.create_bucket(Bucket=\"b\")\n",
                        [("aws-doc-example", k), ("aws-doc-example", s)])
        }),
        ("env-example", { r, svc in
            let values: [(String, String)] = [
                ("STRIPE_SECRET_KEY", "sk_live_" + String(repeating: "x", count: 24)),
                ("OPENAI_API_KEY", "your-api-key-here"),
                ("GITHUB_TOKEN", "<TOKEN>"),
                ("SECRET_KEY", "changeme"),
                ("AWS_SECRET_ACCESS_KEY", "${AWS_SECRET_ACCESS_KEY}"),
                ("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX"),
                ("API_KEY", "xxxxxxxx"),
                ("JWT_SECRET", "<generate with: openssl rand -hex 32>"),
                ("DATABASE_URL", "postgres://user:password@localhost:5432/app"),
                ("REDIS_URL", "redis://:${REDIS_PASSWORD}@redis:6379/0"),
                ("SENTRY_DSN", "https://<key>@o0.ingest.sentry.io/<project>"),
                ("DD_API_KEY", "<your-datadog-api-key>"),
                ("TWILIO_AUTH_TOKEN", "your_auth_token"),
                ("MAILGUN_API_KEY", "key-" + String(repeating: "0", count: 32)),
                ("ANTHROPIC_API_KEY", "sk-ant-..."),
                ("DB_PASSWORD", "********"),
            ]
            return unit("\(svc)/.env.example", "# Copy to .env and fill in.\n" + values.map { "\($0.0)=\($0.1)\n" }.joined(), values.map { ("placeholder", $0.1) })
        }),
        ("env-references", { _, svc in
            let refs = ["os.environ[\"STRIPE_API_KEY\"]", "os.getenv(\"DB_PASSWORD\")", "os.environ.get(\"GITHUB_TOKEN\", \"\")", "env(\"DJANGO_SECRET_KEY\")", "settings.SENDGRID_API_KEY"]
            let content = "import os\n\nSTRIPE_API_KEY = \(refs[0])\nDB_PASSWORD = \(refs[1])\nGITHUB_TOKEN = \(refs[2])\nSECRET_KEY = \(refs[3])\nsendgrid_api_key = \(refs[4])\n"
            return unit("\(svc)/\(svc)/secrets.py", content, refs.map { ("environment reference", $0) })
        }),
        ("js-env-references", { _, svc in
            let refs = ["process.env.STRIPE_SECRET_KEY", "process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? ''", "import.meta.env.VITE_API_TOKEN"]
            return unit("web/\(svc)/src/env.ts", "export const stripeSecretKey = \(refs[0]);\nexport const supabaseKey = \(refs[1]);\nexport const apiToken = \(refs[2]);\n", refs.map { ("environment reference", $0) })
        }),
        ("k8s-refs", { _, svc in
            let content = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \(svc)\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: \(svc)-db\n                  key: password\n            - name: API_TOKEN\n              value: \"{{ .Values.apiToken }}\"\n            - name: SECRET_KEY\n              value: ${SECRET_KEY}\n"
            return unit("k8s/\(svc)/deployment-refs.yaml", content, [("template reference", "{{ .Values.apiToken }}"), ("template reference", "${SECRET_KEY}")])
        }),
        ("terraform-refs", { _, svc in
            let content = "resource \"aws_db_instance\" \"main\" {\n  engine   = \"postgres\"\n  username = \"app\"\n  password = var.db_password\n}\n\nresource \"github_actions_secret\" \"token\" {\n  repository      = \"\(svc)\"\n  secret_name     = \"DEPLOY_TOKEN\"\n  plaintext_value = data.vault_generic_secret.deploy.data[\"token\"]\n}\n"
            return unit("infra/\(svc)/main.tf", content, [("template reference", "var.db_password"), ("template reference", "data.vault_generic_secret.deploy.data[\"token\"]")])
        }),
        ("package-lock", { r, svc in
            var decoys: [(String, String)] = []
            var packages: [String] = []
            for name in ["lodash", "react", "react-dom", "express", "debug", "ms", "chalk", "semver", "uuid", "axios", "follow-redirects", "mime-types", "qs", "body-parser", "cookie", "depd"] {
                let version = "\(r.int(18)).\(r.int(20)).\(r.int(12))"
                let integrity = "sha512-" + Encode.base64(r.bytes(64))
                decoys.append(("lockfile integrity hash", integrity))
                packages.append("    \"node_modules/\(name)\": {\n      \"version\": \"\(version)\",\n      \"resolved\": \"https://registry.npmjs.org/\(name)/-/\(name)-\(version).tgz\",\n      \"integrity\": \"\(integrity)\"\n    }")
            }
            return unit("web/\(svc)/package-lock.json", "{\n  \"name\": \"\(svc)\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n" + packages.joined(separator: ",\n") + "\n  }\n}\n", decoys)
        }),
        ("yarn-lock", { r, svc in
            var decoys: [(String, String)] = []
            var s = "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n"
            for name in ["@babel/core", "@babel/parser", "acorn", "browserslist", "caniuse-lite", "electron-to-chromium", "postcss", "nanoid"] {
                let v = "\(r.int(8)).\(r.int(30)).\(r.int(9))", sha = sha1(&r), integ = "sha512-" + Encode.base64(r.bytes(64))
                decoys += [("lockfile sha1", sha), ("lockfile integrity hash", integ)]
                s += "\"\(name)@^\(v)\":\n  version \"\(v)\"\n  resolved \"https://registry.yarnpkg.com/\(name)/-/\(name.split(separator: "/").last!)-\(v).tgz#\(sha)\"\n  integrity \(integ)\n\n"
            }
            return unit("web/\(svc)/yarn.lock", s, decoys)
        }),
        ("go-sum", { r, svc in
            var decoys: [(String, String)] = [], s = ""
            for m in ["github.com/google/uuid", "github.com/stretchr/testify", "golang.org/x/crypto", "golang.org/x/net", "github.com/aws/aws-sdk-go", "gopkg.in/yaml.v3", "github.com/spf13/cobra"] {
                let v = "v\(r.int(3)).\(r.int(40)).\(r.int(9))", h1 = "h1:" + Encode.base64(r.bytes(32)), h2 = "h1:" + Encode.base64(r.bytes(32))
                decoys += [("go.sum hash", h1), ("go.sum hash", h2)]
                s += "\(m) \(v) \(h1)\n\(m) \(v)/go.mod \(h2)\n"
            }
            return unit("cmd/\(svc)/go.sum", s, decoys)
        }),
        ("cargo-lock", { r, svc in
            var decoys: [(String, String)] = [], s = "# This file is automatically @generated by Cargo.\nversion = 3\n\n"
            for c in ["serde", "serde_json", "tokio", "rand", "ring", "base64"] {
                let sum = sha256(&r)
                decoys.append(("Cargo.lock checksum", sum))
                s += "[[package]]\nname = \"\(c)\"\nversion = \"1.\(r.int(40)).\(r.int(9))\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"\(sum)\"\n\n"
            }
            return unit("tools/\(svc)/Cargo.lock", s, decoys)
        }),
        ("requirements-hashes", { r, svc in
            var decoys: [(String, String)] = [], s = ""
            for p in ["requests==2.31.0", "urllib3==2.2.1", "certifi==2024.2.2", "idna==3.6", "charset-normalizer==3.3.2"] {
                let h = "sha256:" + sha256(&r)
                decoys.append(("pip hash", h))
                s += "\(p) \\\n    --hash=\(h)\n"
            }
            return unit("\(svc)/requirements.lock", s, decoys)
        }),
        ("docker-digest", { r, svc in
            let d1 = "sha256:" + sha256(&r), d2 = "sha256:" + sha256(&r)
            return unit("\(svc)/Dockerfile.base", "FROM python:3.12-slim@\(d1) AS build\nRUN pip wheel -r requirements.txt -w /wheels\n\nFROM gcr.io/distroless/python3@\(d2)\nCOPY --from=build /wheels /wheels\n",
                        [("image digest", d1), ("image digest", d2)])
        }),
        ("changelog", { r, svc in
            var decoys: [(String, String)] = [], s = "# Changelog\n\n"
            for i in 0..<6 {
                let sha = sha1(&r), version = "\(2 + i / 3).\(i * 3 % 7).\(r.int(9))"
                decoys += [("git commit id", sha), ("version string", version)]
                s += "## \(version) - 2024-0\(1 + i)-1\(i)\n\n- Fix retry loop in \(svc) (\(sha))\n- Bump dependencies ([\(sha.prefix(7))](https://github.com/acme/\(svc)/commit/\(sha)))\n\n"
            }
            return unit("\(svc)/CHANGELOG.md", s, decoys)
        }),
        ("ci-shas", { r, svc in
            let a = sha1(&r), b = sha1(&r)
            return unit(".github/workflows/\(svc)-lint.yml", "name: lint\non: [pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@\(a) # v4.1.1\n      - uses: actions/setup-node@\(b) # v4.0.2\n      - run: npm ci && npm run lint\n",
                        [("pinned action sha", a), ("pinned action sha", b)])
        }),
        ("uuids", { r, svc in
            let ids = (0..<6).map { _ in r.uuid() }
            let content = "[\n" + ids.enumerated().map { "  {\"id\": \"\($0.element)\", \"name\": \"item-\($0.offset)\", \"tenantId\": \"\(ids[0])\"}" }.joined(separator: ",\n") + "\n]\n"
            return unit("\(svc)/seeds/items.json", content, ids.map { ("uuid", $0) })
        }),
        ("uuid-config", { r, svc in
            let a = r.uuid(), b = r.uuid(), c = r.uuid()
            return unit("\(svc)/config/tenants.yml", "default_tenant_id: \(a)\nrequest_id_header: X-Request-Id\nworkspace_uuid: \(b)\ncorrelation_id: \(c)\n", [("uuid", a), ("uuid", b), ("uuid", c)])
        }),
        ("font-css", { r, svc in
            let font = Encode.base64(Array("wOF2".utf8) + r.bytes(900))
            let png = Encode.base64([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + r.bytes(300))
            let colors = (0..<5).map { _ in "#" + r.hex(6) }
            let css = "@font-face {\n  font-family: \"Inter\";\n  src: url(data:font/woff2;base64,\(font)) format(\"woff2\");\n}\n\n:root {\n"
                + colors.enumerated().map { "  --token-color-\($0.offset): \($0.element);\n" }.joined()
                + "}\n\n.logo { background-image: url(\"data:image/png;base64,\(png)\"); }\n"
            return unit("web/\(svc)/src/styles/fonts.css", css, [("base64 font", font), ("base64 image", png)] + colors.map { ("css colour", $0) })
        }),
        ("image-module", { r, svc in
            let png = Encode.base64([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + r.bytes(600))
            return unit("web/\(svc)/src/assets/logo.ts", "export const logoKey = \"brand-logo\";\nexport const logo = \"data:image/png;base64,\(png)\";\n", [("base64 image", png)])
        }),
        ("public-keys", { r, svc in
            let rsa = "AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + r.string(Alphabet.base64, 510)
            let ed = "AAAAC3NzaC1lZDI1NTE5AAAAI" + r.string(Alphabet.base64, 43)
            return unit("deploy/\(svc)/authorized_keys", "ssh-rsa \(rsa) deploy@ci\nssh-ed25519 \(ed) alice@laptop\n", [("ssh public key", rsa), ("ssh public key", ed)])
        }),
        ("certificate", { r, svc in
            let cert = Special.pem("CERTIFICATE", [0x30, 0x82, 0x03, 0x5A, 0x30, 0x82, 0x02, 0x42, 0xA0, 0x03, 0x02, 0x01, 0x02] + r.bytes(850))
            let pub = Special.pem("PUBLIC KEY", [0x30, 0x82, 0x01, 0x22, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x82, 0x01, 0x0F, 0x00] + r.bytes(270))
            return unit("certs/\(svc)-chain.pem", cert + "\n" + pub + "\n", [("certificate", cert), ("public key", pub)])
        }),
        ("jwks-public", { r, svc in
            let n = Encode.base64url(r.bytes(256)), kid = r.hex(16)
            let content = "{\n  \"keys\": [\n    {\n      \"kty\": \"RSA\",\n      \"kid\": \"\(kid)\",\n      \"use\": \"sig\",\n      \"alg\": \"RS256\",\n      \"n\": \"\(n)\",\n      \"e\": \"AQAB\"\n    }\n  ]\n}\n"
            return unit("\(svc)/public/.well-known/jwks.json", content, [("public key modulus", n), ("key id", kid)])
        }),
        ("sops-public", { r, svc in
            let age = "age1" + r.string(Alphabet.bech32, 58)
            return unit("ops/\(svc)/.sops.yaml", "creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: \(age)\n", [("age public key", age)])
        }),
        ("wireguard-public", { r, svc in
            let pub = Encode.base64(r.bytes(32))
            return unit("ops/\(svc)/peers.conf", "[Peer]\n# \(svc) gateway\nPublicKey = \(pub)\nEndpoint = vpn.acme-corp.io:51820\nAllowedIPs = 10.8.0.0/24\n", [("wireguard public key", pub)])
        }),
        ("minified-js", { r, svc in
            var decoys: [(String, String)] = []
            var s = "/*! \(svc) v3.2.1 | MIT */\n!function(e,t){\"use strict\";"
            for i in 0..<8 {
                let id = r.string(Alphabet.letters, 1) + r.string(Alphabet.alnum, 31)
                decoys.append(("minified identifier", id))
                s += "var \(r.string(Alphabet.lower, 1))\(i)=\"\(id)\",n\(i)=function(t){return t&&t.__esModule?t:{default:t}};"
            }
            let chunk = r.hex(8)
            decoys.append(("bundle hash", chunk))
            s += "e.chunk=\"static/js/main.\(chunk).js\";e.cacheKey=\"v3-\(r.hex(20))\"}(window,document);\n"
            return unit("web/\(svc)/dist/vendor.min.js", s, decoys)
        }),
        ("source-map", { r, svc in
            let mappings = (0..<60).map { _ in r.string(Alphabet.letters + Alphabet.digits + "+/", r.int(in: 4...7)) }.joined(separator: ",")
            return unit("web/\(svc)/dist/main.js.map", "{\"version\":3,\"file\":\"main.js\",\"sources\":[\"../src/main.ts\"],\"names\":[],\"mappings\":\"\(mappings)\"}\n", [("source map", mappings)])
        }),
        ("fixtures", { r, svc in
            let values = ["test-password-123", "fake_api_key_for_tests", "dummy-token-0001", "not-a-real-secret-42", "hunter2", "P@ssw0rd", "sk_test_fake_\(r.int(100))", "mock-jwt-token"]
            let content = "{\n  \"users\": [\n    {\"email\": \"alice@example.com\", \"password\": \"\(values[0])\"},\n    {\"email\": \"bob@example.com\", \"password\": \"\(values[4])\"},\n    {\"email\": \"carol@example.com\", \"password\": \"\(values[5])\"}\n  ],\n  \"apiKey\": \"\(values[1])\",\n  \"token\": \"\(values[2])\",\n  \"secret\": \"\(values[3])\",\n  \"stripeKey\": \"\(values[6])\",\n  \"jwt\": \"\(values[7])\"\n}\n"
            return unit("\(svc)/tests/fixtures/accounts.json", content, values.map { ("obvious test value", $0) })
        }),
        ("test-code", { r, svc in
            let values = ["secret123", "correct horse battery staple", "test-secret-key-for-unit-tests-\(r.int(99))", "example-token"]
            let content = "def test_login(client):\n    resp = client.post(\"/login\", json={\"username\": \"alice\", \"password\": \"\(values[0])\"})\n    assert resp.status_code == 200\n\n\nPASSPHRASE = \"\(values[1])\"\nSECRET_KEY = \"\(values[2])\"\nAPI_TOKEN = \"\(values[3])\"\n"
            return unit("\(svc)/tests/test_auth.py", content, values.map { ("obvious test value", $0) })
        }),
        ("i18n", { _, svc in
            let keys = ["auth.password.reset.title", "settings.api_key.label", "errors.token.expired", "account.secret_question.prompt", "billing.credentials.updated"]
            let content = "{\n" + keys.map { "  \"\($0)\": \"\($0.split(separator: ".").last!.replacingOccurrences(of: "_", with: " ").capitalized)\"" }.joined(separator: ",\n") + ",\n  \"token\": \"settings.tokens.personalAccessTokens\",\n  \"password\": \"auth.fields.passwordConfirmation\"\n}\n"
            return unit("web/\(svc)/locales/en.json", content, keys.map { ("i18n key", $0) } + [("i18n key", "settings.tokens.personalAccessTokens"), ("i18n key", "auth.fields.passwordConfirmation")])
        }),
        ("versions", { r, svc in
            let vs = ["2.14.3-rc.1+build.2024061\(r.int(9))", "v1.\(r.int(40)).\(r.int(9))", "0.\(r.int(30)).\(r.int(9))-beta.\(r.int(9))"]
            return unit("\(svc)/version.json", "{\n  \"version\": \"\(vs[0])\",\n  \"apiVersion\": \"\(vs[1])\",\n  \"schemaVersion\": \"\(vs[2])\",\n  \"gitSha\": \"\(r.hex(40))\"\n}\n", vs.map { ("version string", $0) })
        }),
        ("java-identifiers", { _, svc in
            let ids = ["AbstractAnnotationConfigDispatcherServletInitializer", "SimpleBeanFactoryAwareAspectInstanceFactory", "OAuth2AuthorizedClientProviderBuilderFactory", "TransactionAwareDataSourceProxyConfiguration"]
            let content = "package com.acme;\n\n@Configuration\nclass \(Name.pascal([svc]))Wiring {\n    static final String tokenProviderClass = \"\(ids[2])\";\n    static final String secretManagerBeanName = \"\(ids[3])\";\n    // extends \(ids[0]), uses \(ids[1])\n}\n"
            return unit("\(svc)/src/main/java/com/acme/\(Name.pascal([svc]))Wiring.java", content, ids.map { ("long identifier", $0) })
        }),
        ("urls", { _, svc in
            let urls = ["https://api.acme-corp.io/v2/orders?page=2&per_page=50", "postgres://localhost:5432/\(svc)_dev", "mongodb://mongo:27017/\(svc)", "git@github.com:acme/\(svc).git", "https://deploy@git.acme-corp.io/platform/\(svc).git", "redis://redis:6379/0"]
            let content = "API_URL=\(urls[0])\nDATABASE_URL=\(urls[1])\nMONGO_URL=\(urls[2])\nREPO=\(urls[3])\nMIRROR=\(urls[4])\nCACHE_URL=\(urls[5])\n"
            return unit("\(svc)/.env.development", content, urls.map { ("url without credentials", $0) })
        }),
        ("near-misses", { r, svc in
            let misses: [String] = [
                "ghp_" + r.string(Alphabet.alnum, 35),                      // one short
                "AKIA" + r.string(Alphabet.base32, 15),                     // one short
                "xoxb-" + r.digits(5) + "-" + r.string(Alphabet.alnum, 8),  // wrong structure
                "sk_live_" + r.string(Alphabet.alnum, 12),                  // too short
                "AIza" + r.string(Alphabet.base64url, 20),                  // too short
                "glpat-" + r.string(Alphabet.alnum, 8),                     // too short
                "hf_" + r.string(Alphabet.alnum, 12),                       // too short
                "npm_" + r.string(Alphabet.alnum, 20),                      // too short
                "sk-ant-api03-" + r.string(Alphabet.base64url, 30),         // truncated
                "SG." + r.string(Alphabet.base64url, 10) + "." + r.string(Alphabet.base64url, 10),
                "gho-" + r.string(Alphabet.alnum, 36),                      // wrong separator
                "AKIB" + r.string(Alphabet.base32, 16),                     // wrong prefix
            ]
            let content = "package tokens\n\nimport \"testing\"\n\nfunc TestRejectsMalformed(t *testing.T) {\n\tfor _, s := range []string{\n" + misses.map { "\t\t\"\($0)\",\n" }.joined() + "\t} {\n\t\tif Valid(s) {\n\t\t\tt.Errorf(\"accepted malformed token %q\", s)\n\t\t}\n\t}\n}\n"
            return unit("cmd/\(svc)/tokens/malformed_test.go", content, misses.map { ("near-miss", $0) })
        }),
        ("redacted-log", { r, svc in
            let lines = ["token=ghp_****************************\(r.string(Alphabet.alnum, 4))", "key=AKIA************\(r.string(Alphabet.base32, 4))", "authorization=Bearer [REDACTED]", "password=<hidden>"]
            return unit("\(svc)/docs/sample-output.log", lines.map { "2024-05-0\(r.int(9)) INFO request \($0)\n" }.joined(), lines.map { ("redacted value", $0) })
        }),
        ("twilio-sid", { r, svc in
            let sid = "AC" + r.hex(32), msid = "MG" + r.hex(32)
            return unit("\(svc)/config/twilio.yml", "account_sid: \(sid)\nmessaging_service_sid: \(msid)\nfrom_number: \"+1415555\(r.digits(4))\"\n", [("identifier", sid), ("identifier", msid)])
        }),
        ("public-identifiers", { r, svc in
            let values = ["pk_live_" + r.string(Alphabet.alnum, 99),                                   // Stripe publishable key
                          "pk.eyJ1IjoiY" + r.string(Alphabet.base64url, 60) + "." + r.string(Alphabet.base64url, 22), // Mapbox public token
                          "\(r.digits(12))-\(r.string(Alphabet.lowerAlnum, 32)).apps.googleusercontent.com",   // OAuth client id
                          "Iv1." + r.hex(16),                                                         // GitHub App client id
                          "6L" + r.string(Alphabet.base64url, 38),                                    // reCAPTCHA site key
                          "G-" + r.string(Alphabet.upperAlnum, 10)]                                   // analytics measurement id
            let content = "export const publicConfig = {\n  stripePublishableKey: \"\(values[0])\",\n  mapboxAccessToken: \"\(values[1])\",\n  googleClientId: \"\(values[2])\",\n  githubClientId: \"\(values[3])\",\n  recaptchaSiteKey: \"\(values[4])\",\n  measurementId: \"\(values[5])\",\n};\n"
            return unit("web/\(svc)/src/public-config.ts", content, values.map { ("public identifier", $0) })
        }),
        ("sri-html", { r, svc in
            let a = "sha384-" + Encode.base64(r.bytes(48)), b = "sha384-" + Encode.base64(r.bytes(48))
            return unit("web/\(svc)/public/index.html", "<!doctype html>\n<html>\n<head>\n  <link rel=\"stylesheet\" href=\"https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css\" integrity=\"\(a)\" crossorigin=\"anonymous\">\n  <script src=\"https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js\" integrity=\"\(b)\" crossorigin=\"anonymous\"></script>\n</head>\n<body><div id=\"root\"></div></body>\n</html>\n",
                        [("subresource integrity hash", a), ("subresource integrity hash", b)])
        }),
        ("hash-names", { r, svc in
            let a = sha256(&r), b = r.hex(32), c = r.hex(40), d = sha256(&r)
            return unit("\(svc)/config/assets.yml", "checksum: \(a)\netag: \"\(b)\"\ncache_key: v2-deps-\(c)\nsecret_sha256: \(d)\n", [("hash", a), ("hash", b), ("hash", c), ("hash", d)])
        }),
    ]
}
