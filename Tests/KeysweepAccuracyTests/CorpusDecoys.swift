/// Decoys: text that looks like a credential to a careless scanner but is not one (documentation
/// examples, placeholders, references, hashes, identifiers, public material, near-misses).
struct Decoy {
    var kind: String
    var value: String
    var path: String
    var text: String
}

enum CorpusDecoys {
    static func all(_ r: inout CorpusRandom) -> [Decoy] {
        typealias R = CorpusRandom
        var out: [Decoy] = []
        func decoy(_ kind: String, _ value: String, _ path: String, _ text: String) {
            out.append(Decoy(kind: kind, value: value, path: path, text: text))
        }
        let docKey = "AKIA" + "IOSFODNN7EXAMPLE", docSecret = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
        decoy("aws-doc", docKey, "docs/aws.md", "```ini\n[default]\naws_access_key_id = \(docKey)\naws_secret_access_key = \(docSecret)\n```\n")
        decoy("aws-doc", docSecret, "docs/aws.md", "")
        decoy("placeholder", "YOUR_ACCESS_KEY_ID", "docs/setup.md", "export AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID\nexport AWS_SECRET_ACCESS_KEY=YOUR_SECRET_ACCESS_KEY\n")
        decoy("placeholder", "AKIAXXXXXXXXXXXXXXXX", "README.md", "Set `aws_access_key_id = AKIAXXXXXXXXXXXXXXXX` in your profile.\n")
        decoy("near-miss", "AKIA" + r.string(R.base32, 12), "fixtures/ids.txt", "id: AKIA\(r.string(R.base32, 12))\n")
        decoy("reference", "${AWS_SECRET_ACCESS_KEY}", "deploy/compose.yml", "environment:\n  AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID}\n  AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}\n")
        decoy("reference", "os.environ", "app/aws.py", "session = boto3.Session(\n    aws_access_key_id=os.environ[\"AWS_ACCESS_KEY_ID\"],\n    aws_secret_access_key=os.environ[\"AWS_SECRET_ACCESS_KEY\"],\n)\n")
        decoy("reference", "secrets.GH_TOKEN", ".github/workflows/ci.yml", "env:\n  GH_TOKEN: ${{ secrets.GH_TOKEN }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n")
        decoy("placeholder", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "CONTRIBUTING.md", "Create a token (it looks like `ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`) and export it.\n")
        decoy("placeholder", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "docs/payments.md", "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n")
        decoy("placeholder", "<your-api-key>", "docs/openai.md", "client = OpenAI(api_key=\"<your-api-key>\")\n")
        decoy("placeholder", "changeme", "config/dev.yml", "database:\n  password: changeme\n  secret_key: change-me-in-production\n")
        decoy("placeholder", "password123", "tests/fixtures/users.json", "[{\"user\": \"alice\", \"password\": \"password123\"}]\n")
        decoy("placeholder", "postgres://user:password@localhost", "docs/db.md", "DATABASE_URL=postgres://user:password@localhost:5432/app\n")
        decoy("placeholder", "redis://:${REDIS_PASSWORD}@", "deploy/worker.env", "BROKER_URL=redis://:${REDIS_PASSWORD}@cache:6379/0\n")
        for i in 0..<8 {  // hashes and digests
            let sha = r.string(R.hex, 40), sum = r.string(R.hex, 64)
            decoy("hash", sha, "CHANGELOG.md", "- Fix provenance for renamed files (commit \(sha))\n")
            decoy("hash", sum, "vendor/checksums.txt", "\(sum)  vendor/lib\(i).tar.gz\n")
        }
        decoy("hash", "sha512-", "package-lock.json", "\"integrity\": \"sha512-\(r.string(R.base64, 86))==\",\n")
        decoy("hash", "h1:", "go.sum", "github.com/acme/lib v1.2.3 h1:\(r.string(R.base64, 43))=\n")
        for _ in 0..<6 {  // identifiers
            let uuid = [8, 4, 4, 4, 12].map { r.string(R.hex, $0) }.joined(separator: "-")
            decoy("uuid", uuid, "data/tenants.csv", "tenant,\(uuid),eu-west-1\n")
        }
        decoy("identifier", "requestId", "src/logging.ts", "const requestId = \"\(r.string(R.hex, 24))\";\nconst cacheKey = `user:${id}:profile:v3`;\n")
        decoy("identifier", "client_id", "web/oauth.js", "const clientId = \"\(r.string(R.digits, 12))-\(r.string(R.lower + R.digits, 32)).apps.googleusercontent.com\";\n")
        decoy("identifier", "AWS account id", "infra/accounts.tf", "locals {\n  prod_account_id = \"\(r.string(R.digits, 12))\"\n  role_arn = \"arn:aws:iam::\(r.string(R.digits, 12)):role/deploy\"\n}\n")
        decoy("identifier", "pagination token", "tests/fixtures/list.json", "{\"NextToken\": \"\(r.string(R.base64, 60))\", \"Items\": []}\n")
        decoy("i18n", "settings.profile.title", "web/i18n/en.json", "{\"key\": \"settings.profile.title\", \"tokenLabel\": \"API token\"}\n")
        decoy("css", "#3fa9f5", "web/theme.css", ".button { color: #3fa9f5; background: #fafafa; }\n")
        decoy("version", "1.22.4", "pyproject.toml", "[tool.poetry.dependencies]\nsecretstorage = \"^3.3.3\"\nkeyring = \"^24.3.0\"\ntoken-bucket = \"1.22.4\"\n")
        let png = "iVBORw0KGgoAAAANSUhEUgAA" + r.string(R.base64, 400)
        decoy("image", png, "web/logo.html", "<img src=\"data:image/png;base64,\(png)\">\n")
        let cert = "-----BEGIN CERTIFICATE-----\n" + (0..<8).map { _ in r.string(R.base64, 64) }.joined(separator: "\n") + "\n-----END CERTIFICATE-----"
        decoy("certificate", cert, "certs/ca.pem", cert + "\n")
        let pub = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r.string(R.base64, 43) + " deploy@acme"
        decoy("public-key", pub, "ops/authorized_keys", pub + "\n")
        let pubPem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + r.string(R.base64, 20) + "\n" + (0..<5).map { _ in r.string(R.base64, 64) }.joined(separator: "\n") + "\n-----END PUBLIC KEY-----"
        decoy("public-key", pubPem, "certs/jwt.pub", pubPem + "\n")
        decoy("type", "PrivateKey", "Sources/Signer.swift", "struct Signer {\n    let privateKey: P256.Signing.PrivateKey\n    let secretStore: SecretStore\n}\n")
        decoy("function", "get_password", "app/auth.py", "def check(user, password):\n    return hasher.verify(password, user.password_hash)\n\ntoken = request.headers.get(\"Authorization\")\n")
        decoy("minified", "minified", "web/vendor.min.js", "!function(e,t){var n=\"\(r.string(R.alnum, 30))\",r=e.token||t.key;return n+r}(window,document);\n")
        decoy("camel", "CamelCaseTypeName", "src/types.ts", "export type SecretKeyProviderConfigurationOptions = { tokenRefreshIntervalSeconds: number };\n")
        decoy("url", "https://api.acme.io/v1/tokens", "docs/endpoints.md", "POST https://api.acme.io/v1/tokens/refresh\nGET https://user@git.acme.io/org/repo.git\n")
        decoy("near-miss", "ghp_short", "tests/fixtures/bad_tokens.txt", "ghp_\(r.string(R.alnum, 20))\nxoxb-123-456-abc\nsk-ant-api03-short\n")
        decoy("vault", "vault:", "config/prod.yml", "db_password: vault:secret/data/prod/db#password\napi_token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n")
        decoy("masked", "********", "logs/startup.log", "2024-05-01 config loaded: password=******** token=[REDACTED]\n")
        decoy("env-lookup", "process.env", "server/index.js", "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\nconst apiKey = process.env.OPENAI_API_KEY;\n")
        return out
    }
}
