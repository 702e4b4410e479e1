/// Planted secrets: realistic credentials of many providers (random, in each provider's format;
/// none is live), each written the way people commit them.
struct Planted {
    var provider: String
    var secret: String
    var path: String
    var text: String
}

enum CorpusSecrets {
    static func all(_ r: inout CorpusRandom) -> [Planted] {
        typealias R = CorpusRandom
        var out: [Planted] = []
        func plant(_ provider: String, _ secret: String, _ path: String, _ text: String) {
            out.append(Planted(provider: provider, secret: secret, path: path, text: text))
        }
        // AWS, in the syntaxes the AWS acceptance list names and some more
        for i in 0..<6 {
            let id = "AKIA" + r.string(R.base32, 16), key = r.string(R.base64, 40)
            switch i {
            case 0: plant("aws", id, "config/aws.env", "AWS_ACCESS_KEY_ID=\(id)\nAWS_SECRET_ACCESS_KEY=\(key)\nAWS_REGION=eu-west-1\n")
            case 1: plant("aws", id, "deploy/upload.py", "import boto3\n\ns3 = boto3.client(\n    \"s3\",\n    aws_access_key_id=\"\(id)\",\n    aws_secret_access_key=\"\(key)\",\n)\n")
            case 2: plant("aws", id, "infra/main.tf", "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"\(id)\"\n  secret_key = \"\(key)\"\n}\n")
            case 3: plant("aws", id, ".aws/credentials", "[default]\naws_access_key_id = \(id)\naws_secret_access_key = \(key)\n")
            case 4: plant("aws", id, "src/storage.js", "const s3 = new AWS.S3({\n  accessKeyId: '\(id)',\n  secretAccessKey: '\(key)',\n});\n")
            default: plant("aws", id, "k8s/app.yaml", "env:\n  - name: AWS_ACCESS_KEY_ID\n    value: \(id)\n  - name: AWS_SECRET_ACCESS_KEY\n    value: \(key)\n")
            }
            out.append(Planted(provider: "aws", secret: key, path: out.last!.path, text: ""))
        }
        let sts = "ASIA" + r.string(R.base32, 16), stsKey = r.string(R.base64, 40)
        let token = "IQoJb3JpZ2luX2VjE" + r.string(R.base64, 300)
        plant("aws", sts, "scripts/session.sh", "export AWS_ACCESS_KEY_ID=\(sts)\nexport AWS_SECRET_ACCESS_KEY=\(stsKey)\nexport AWS_SESSION_TOKEN=\(token)\n")
        plant("aws", stsKey, "scripts/session.sh", "")
        plant("aws", token, "scripts/session.sh", "")

        let gh = "ghp_" + r.string(R.alnum, 36)
        plant("github", gh, ".github/workflows/release.yml", "jobs:\n  release:\n    steps:\n      - run: gh release create\n        env:\n          GH_TOKEN: \(gh)\n")
        let fine = "github_pat_" + r.string(R.alnum, 22) + "_" + r.string(R.alnum, 59)
        plant("github", fine, "tools/sync.go", "const token = \"\(fine)\"\n\nfunc client() *github.Client { return github.NewClient(nil).WithAuthToken(token) }\n")
        let gl = "glpat-" + r.string(R.urlSafe, 20)
        plant("gitlab", gl, ".gitlab-ci.yml", "variables:\n  GITLAB_TOKEN: \"\(gl)\"\n")
        let slack = "xoxb-\(r.string(R.digits, 12))-\(r.string(R.digits, 13))-\(r.string(R.alnum, 24))"
        plant("slack", slack, "bot/settings.py", "SLACK_BOT_TOKEN = \"\(slack)\"\n")
        let hook = "https://hooks.slack.com/services/T\(r.string(R.upper + R.digits, 10))/B\(r.string(R.upper + R.digits, 10))/\(r.string(R.alnum, 24))"
        plant("slack", hook, "alerts/notify.sh", "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy done\"}' \(hook)\n")
        let stripe = "sk_live_" + r.string(R.alnum, 24)
        plant("stripe", stripe, "payments/.env.production", "STRIPE_SECRET_KEY=\(stripe)\n")
        let openai = "sk-proj-" + r.string(R.urlSafe, 40) + "T3BlbkFJ" + r.string(R.urlSafe, 40)
        plant("openai", openai, "notebooks/summarise.py", "from openai import OpenAI\nclient = OpenAI(api_key=\"\(openai)\")\n")
        let anthropic = "sk-ant-api03-" + r.string(R.urlSafe, 93) + "AA"
        plant("anthropic", anthropic, "agent/config.json", "{\n  \"model\": \"claude\",\n  \"anthropic_api_key\": \"\(anthropic)\"\n}\n")
        let hf = "hf_" + r.string(R.upper + R.lower, 34)
        plant("huggingface", hf, "train/README.md", "Log in first:\n\n```\nhuggingface-cli login --token \(hf)\n```\n")
        let npm = "npm_" + r.string(R.alnum, 36)
        plant("npm", npm, ".npmrc", "//registry.npmjs.org/:_authToken=\(npm)\n")
        let pypi = "pypi-AgEIcHlwaS5vcmc" + r.string(R.urlSafe, 120)
        plant("pypi", pypi, ".pypirc", "[pypi]\nusername = __token__\npassword = \(pypi)\n")
        let sendgrid = "SG." + r.string(R.urlSafe, 22) + "." + r.string(R.urlSafe, 43)
        plant("sendgrid", sendgrid, "mail/mailer.rb", "SendGrid::API.new(api_key: '\(sendgrid)')\n")
        let dsnKey = r.string(R.hex, 32)
        plant("sentry", dsnKey, "web/sentry.ts", "Sentry.init({ dsn: \"https://\(dsnKey)@o\(r.string(R.digits, 6)).ingest.sentry.io/\(r.string(R.digits, 7))\" });\n")
        let dd = r.string(R.hex, 32)
        plant("datadog", dd, "docker-compose.yml", "services:\n  agent:\n    image: datadog/agent:7\n    environment:\n      - DD_API_KEY=\(dd)\n")
        let tg = r.string(R.digits, 10) + ":AA" + r.string(R.urlSafe, 33)
        plant("telegram", tg, "bot/main.go", "bot, err := tgbotapi.NewBotAPI(\"\(tg)\")\n")
        let shop = "shpat_" + r.string(R.hex, 32)
        plant("shopify", shop, "shop/sync.php", "$client = new Shopify\\Client('acme.myshopify.com', '\(shop)');\n")
        let dop = "dop_v1_" + r.string(R.hex, 64)
        plant("digitalocean", dop, "ops/doctl.sh", "doctl auth init --access-token \(dop)\n")
        let discord = "https://discord.com/api/webhooks/\(r.string(R.digits, 18))/\(r.string(R.urlSafe, 68))"
        plant("discord", discord, "ci/notify.yml", "  - name: notify\n    webhook: \(discord)\n")
        let twilio = r.string(R.hex, 32)
        plant("twilio", twilio, "sms/config.properties", "twilio.account.sid=AC\(r.string(R.hex, 32))\ntwilio.auth.token=\(twilio)\n")
        let gcp = "AIza" + r.string(R.urlSafe, 35)
        plant("gcp", gcp, "android/app/google-services.json", "{\n  \"client\": [{ \"api_key\": [{ \"current_key\": \"\(gcp)\" }] }]\n}\n")
        let keyID = r.string(R.hex, 40)
        plant("gcp", keyID, "secrets/sa.json", "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod-311\",\n  \"private_key_id\": \"\(keyID)\",\n  \"client_email\": \"ci@acme-prod-311.iam.gserviceaccount.com\"\n}\n")
        let azure = r.string(R.base64, 86) + "=="
        plant("azure", azure, "api/appsettings.json", "{\n  \"Storage\": \"DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=\(azure);EndpointSuffix=core.windows.net\"\n}\n")
        let heroku = "HRKU-AA" + r.string(R.urlSafe, 58)
        plant("heroku", heroku, "Procfile.env", "HEROKU_API_KEY=\(heroku)\n")
        let docker = "dckr_pat_" + r.string(R.urlSafe, 27)
        plant("docker", docker, ".github/workflows/image.yml", "      - run: echo \(docker) | docker login -u acmebot --password-stdin\n")
        let groq = "gsk_" + r.string(R.alnum, 52)
        plant("groq", groq, "llm/.env", "GROQ_API_KEY=\(groq)\n")
        let linear = "lin_api_" + r.string(R.alnum, 40)
        plant("linear", linear, "scripts/triage.ts", "const linear = new LinearClient({ apiKey: \"\(linear)\" });\n")
        let mailgun = r.string(R.hex, 32) + "-" + r.string(R.hex, 8) + "-" + r.string(R.hex, 8)
        plant("mailgun", mailgun, "config/mail.yml", "mailgun:\n  api_key: \(mailgun)\n  domain: mg.acme.io\n")
        let pgPassword = r.string(R.alnum, 18)
        plant("postgres", pgPassword, "config/database.yml", "production:\n  url: postgres://app:\(pgPassword)@db.internal.acme.io:5432/app\n")
        let mongoPassword = r.string(R.alnum, 16)
        plant("mongodb", mongoPassword, "server/db.js", "mongoose.connect('mongodb+srv://svc:\(mongoPassword)@cluster0.x1y2z.mongodb.net/prod');\n")
        let redisPassword = r.string(R.alnum, 20)
        plant("redis", redisPassword, "worker/celeryconfig.py", "broker_url = \"redis://:\(redisPassword)@cache.internal:6379/0\"\n")
        let body = (0..<12).map { _ in r.string(R.base64, 64) }.joined(separator: "\n")
        let pem = "-----BEGIN RSA PRIVATE KEY-----\n\(body)\n-----END RSA PRIVATE KEY-----"
        plant("private-key", pem, "deploy/id_rsa", pem + "\n")
        let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA" + r.string(R.base64, 46) + "\n" + (0..<5).map { _ in r.string(R.base64, 70) }.joined(separator: "\n") + "\n-----END OPENSSH PRIVATE KEY-----"
        plant("private-key", ssh, "ops/keys/deploy_ed25519", ssh + "\n")
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + r.string(R.urlSafe, 60) + "." + r.string(R.urlSafe, 43)
        plant("jwt", jwt, "tests/http/requests.http", "GET https://api.acme.io/v1/me\nAuthorization: Bearer \(jwt)\n")
        let generic1 = r.string(R.alnum, 28)
        plant("generic", generic1, "app/settings.py", "DEBUG = False\nSECRET_KEY = \"\(generic1)\"\n")
        let generic2 = r.string(R.alnum + "!#%", 20)
        plant("generic", generic2, "config/application.yml", "spring:\n  datasource:\n    username: app\n    password: \"\(generic2)\"\n")
        let generic3 = r.string(R.alnum, 40)
        plant("generic", generic3, ".env", "NODE_ENV=production\nJWT_SECRET=\(generic3)\n")
        let bearer = r.string(R.alnum, 40)
        plant("generic", bearer, "docs/api.md", "```\ncurl -H \"Authorization: Bearer \(bearer)\" https://api.internal.acme.io/v2/jobs\n```\n")
        let urlPassword = r.string(R.alnum, 14)
        plant("generic", urlPassword, "requirements.txt", "--extra-index-url https://deploy:\(urlPassword)@nexus.acme.io/repository/pypi/simple\nrequests==2.31.0\n")
        return out
    }
}
