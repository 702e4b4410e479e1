import Foundation

/// A kind of credential the corpus plants: who issues it, which rule file (family) and which
/// rules should report it, the words people name a variable holding it with, and a generator of
/// fresh values in the provider's real format (prefix, length, alphabet, checksum).
struct SecretKind: Sendable {
    let id: String
    let provider: String
    /// The rule file (`patterns/<family>.toml`) whose rules should report it.
    let family: String
    /// Rule ids that should report it (any of them).
    let rules: [String]
    /// Words of the variable name people give it, e.g. ["slack", "bot", "token"].
    let name: [String]
    let make: @Sendable (inout CorpusRNG) -> String
}

/// The kinds that go through the generic key = value syntaxes (CorpusFiles.Syntax); the kinds
/// with a file format of their own (AWS credential sets, PEM keys, database URLs, .npmrc, ...) are
/// planted by `CorpusFiles`' dedicated builders with the kinds in `Special`.
enum Kinds {
    private static func kind(_ id: String, _ provider: String, _ family: String, _ name: [String],
                             rules: [String]? = nil, _ make: @escaping @Sendable (inout CorpusRNG) -> String) -> SecretKind {
        SecretKind(id: id, provider: provider, family: family, rules: rules ?? [id], name: name, make: make)
    }

    /// A GitHub token: prefix, 30 random base62 characters, then their CRC32 in 6 base62 digits.
    static func githubToken(_ prefix: String, _ r: inout CorpusRNG) -> String {
        let body = r.string(Alphabet.alnum, 30, where: Plausible.ok)
        return prefix + body + Encode.base62(Encode.crc32(body), width: 6)
    }

    static let keyValue: [SecretKind] = [
        // source hosting
        kind("github-classic-pat", "GitHub", "source-hosting", ["github", "token"]) { githubToken("ghp_", &$0) },
        kind("github-fine-grained-pat", "GitHub", "source-hosting", ["gh", "token"]) {
            "github_pat_11" + $0.string(Alphabet.upperAlnum, 20, where: Plausible.ok) + "_" + $0.string(Alphabet.alnum, 59, where: Plausible.ok)
        },
        kind("github-app-installation-token", "GitHub", "source-hosting", ["github", "app", "token"]) { githubToken("ghs_", &$0) },
        kind("github-oauth-client-secret", "GitHub", "source-hosting", ["github", "client", "secret"]) { $0.string(Alphabet.hexLower, 40, where: Plausible.ok) },
        kind("gitlab-personal-access-token", "GitLab", "source-hosting", ["gitlab", "token"]) { "glpat-" + $0.string(Alphabet.base64url, 20, where: Plausible.mixed) },
        kind("gitlab-pipeline-trigger-token", "GitLab", "source-hosting", ["gitlab", "trigger", "token"]) { "glptt-" + $0.string(Alphabet.hexLower, 40, where: Plausible.ok) },
        kind("gitlab-runner-authentication-token", "GitLab", "source-hosting", ["runner", "token"]) { "glrt-" + $0.string(Alphabet.alnum, 20, where: Plausible.mixed) },
        kind("bitbucket-app-password", "Bitbucket", "source-hosting", ["bitbucket", "app", "password"]) {
            "ATBB" + $0.string(Alphabet.alnum, 28, where: Plausible.mixed) + $0.string(Alphabet.hexUpper, 8)
        },
        kind("azure-devops-pat", "Azure DevOps", "source-hosting", ["azure", "devops", "pat"]) {
            $0.string(Alphabet.alnum, 52, where: Plausible.mixed) + "JQQJ99" + $0.string(Alphabet.upperAlnum, 3) + "AZDO" + $0.string(Alphabet.alnum, 4)
        },
        // communication
        kind("slack-bot-token", "Slack", "communication", ["slack", "bot", "token"]) {
            "xoxb-" + $0.digits(12) + "-" + $0.digits(13) + "-" + $0.string(Alphabet.alnum, 24, where: Plausible.mixed)
        },
        kind("slack-user-token", "Slack", "communication", ["slack", "user", "token"]) {
            "xoxp-" + $0.digits(12) + "-" + $0.digits(12) + "-" + $0.digits(13) + "-" + $0.string(Alphabet.hexLower, 32, where: Plausible.ok)
        },
        kind("slack-webhook-url", "Slack", "communication", ["slack", "webhook", "url"]) {
            "https://hooks.slack.com/services/T" + $0.string(Alphabet.upperAlnum, 10) + "/B" + $0.string(Alphabet.upperAlnum, 10)
                + "/" + $0.string(Alphabet.alnum, 24, where: Plausible.mixed)
        },
        kind("discord-webhook-url", "Discord", "communication", ["discord", "webhook"]) {
            "https://discord.com/api/webhooks/1" + $0.digits(18) + "/" + $0.string(Alphabet.base64url, 68, where: Plausible.mixed)
        },
        kind("telegram-bot-token", "Telegram", "communication", ["telegram", "bot", "token"]) {
            "\($0.int(in: 1...7))" + $0.digits(9) + ":AA" + $0.string(Alphabet.base64url, 33, where: Plausible.mixed)
        },
        kind("twilio-api-key-sid", "Twilio", "communication", ["twilio", "api", "key"]) { "SK" + $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        kind("twilio-auth-token", "Twilio", "communication", ["twilio", "auth", "token"]) { $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        kind("sendgrid-api-key", "SendGrid", "communication", ["sendgrid", "api", "key"]) {
            "SG." + $0.string(Alphabet.base64url, 22, where: Plausible.mixed) + "." + $0.string(Alphabet.base64url, 43, where: Plausible.mixed)
        },
        kind("mailgun-api-key", "Mailgun", "communication", ["mailgun", "api", "key"]) { "key-" + $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        kind("mailchimp-api-key", "Mailchimp", "communication", ["mailchimp", "api", "key"]) {
            $0.string(Alphabet.hexLower, 32, where: Plausible.ok) + "-us\($0.int(in: 2...21))"
        },
        // payments
        kind("stripe-secret-key", "Stripe", "payments", ["stripe", "secret", "key"]) { "sk_live_51" + $0.string(Alphabet.alnum, 97, where: Plausible.mixed) },
        kind("stripe-restricted-key", "Stripe", "payments", ["stripe", "restricted", "key"]) { "rk_live_51" + $0.string(Alphabet.alnum, 97, where: Plausible.mixed) },
        kind("stripe-webhook-secret", "Stripe", "payments", ["stripe", "webhook", "secret"]) { "whsec_" + $0.string(Alphabet.alnum, 32, where: Plausible.mixed) },
        kind("square-access-token", "Square", "payments", ["square", "access", "token"]) { "EAAA" + $0.string(Alphabet.base64url, 60, where: Plausible.mixed) },
        kind("shopify-access-token", "Shopify", "payments", ["shopify", "access", "token"]) { "shpat_" + $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        kind("paypal-client-secret", "PayPal", "payments", ["paypal", "client", "secret"]) { "E" + $0.string(Alphabet.base64url, 79, where: Plausible.mixed) },
        kind("braintree-access-token", "Braintree", "payments", ["braintree", "access", "token"]) {
            "access_token$production$" + $0.string(Alphabet.lowerAlnum, 16, where: Plausible.ok) + "$" + $0.string(Alphabet.hexLower, 32, where: Plausible.ok)
        },
        // AI
        kind("openai-api-key", "OpenAI", "ai", ["openai", "api", "key"]) {
            "sk-proj-" + $0.string(Alphabet.base64url, 74, where: Plausible.mixed) + "T3BlbkFJ" + $0.string(Alphabet.base64url, 74, where: Plausible.mixed)
        },
        kind("openai-legacy-api-key", "OpenAI", "ai", ["openai", "key"], rules: ["openai-api-key"]) {
            "sk-" + $0.string(Alphabet.alnum, 20, where: Plausible.mixed) + "T3BlbkFJ" + $0.string(Alphabet.alnum, 20, where: Plausible.mixed)
        },
        kind("anthropic-api-key", "Anthropic", "ai", ["anthropic", "api", "key"]) {
            "sk-ant-api03-" + $0.string(Alphabet.base64url, 93, where: Plausible.mixed) + "AA"
        },
        kind("huggingface-access-token", "Hugging Face", "ai", ["hf", "token"]) { "hf_" + $0.string(Alphabet.letters, 34, where: Plausible.ok) },
        kind("groq-api-key", "Groq", "ai", ["groq", "api", "key"]) { "gsk_" + $0.string(Alphabet.alnum, 52, where: Plausible.mixed) },
        kind("replicate-api-token", "Replicate", "ai", ["replicate", "api", "token"]) { "r8_" + $0.string(Alphabet.alnum, 37, where: Plausible.mixed) },
        kind("perplexity-api-key", "Perplexity", "ai", ["perplexity", "api", "key"]) { "pplx-" + $0.string(Alphabet.alnum, 48, where: Plausible.mixed) },
        kind("cohere-api-key", "Cohere", "ai", ["cohere", "api", "key"]) { $0.string(Alphabet.alnum, 40, where: Plausible.mixed) },
        kind("mistral-api-key", "Mistral", "ai", ["mistral", "api", "key"]) { $0.string(Alphabet.alnum, 32, where: Plausible.mixed) },
        // registries
        kind("npm-access-token", "npm", "registries", ["npm", "token"]) { "npm_" + $0.string(Alphabet.alnum, 36, where: Plausible.mixed) },
        kind("pypi-upload-token", "PyPI", "registries", ["twine", "password"]) {
            "pypi-AgEIcHlwaS5vcmc" + "CJG" + $0.string(Alphabet.base64url, 150, where: Plausible.mixed)
        },
        kind("dockerhub-access-token", "Docker Hub", "registries", ["docker", "hub", "token"]) { "dckr_pat_" + $0.string(Alphabet.base64url, 27, where: Plausible.mixed) },
        kind("rubygems-api-key", "RubyGems", "registries", ["gem", "host", "api", "key"]) { "rubygems_" + $0.string(Alphabet.hexLower, 48, where: Plausible.ok) },
        kind("nuget-api-key", "NuGet", "registries", ["nuget", "api", "key"]) { "oy2" + $0.string(Alphabet.lowerAlnum, 43, where: Plausible.hasDigitAndLetter) },
        kind("jfrog-api-key", "JFrog", "registries", ["artifactory", "api", "key"]) { "AKCp" + $0.string(Alphabet.alnum, 69, where: Plausible.mixed) },
        // observability
        kind("datadog-api-key", "Datadog", "observability", ["datadog", "api", "key"]) { $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        kind("datadog-app-key", "Datadog", "observability", ["dd", "app", "key"]) { $0.string(Alphabet.hexLower, 40, where: Plausible.ok) },
        kind("newrelic-user-api-key", "New Relic", "observability", ["new", "relic", "api", "key"]) { "NRAK-" + $0.string(Alphabet.upperAlnum, 27, where: Plausible.ok) },
        kind("newrelic-license-key", "New Relic", "observability", ["new", "relic", "license", "key"]) { $0.string(Alphabet.hexLower, 36, where: Plausible.ok) + "NRAL" },
        kind("grafana-service-account-token", "Grafana", "observability", ["grafana", "token"]) {
            "glsa_" + $0.string(Alphabet.alnum, 32, where: Plausible.mixed) + "_" + $0.string(Alphabet.hexLower, 8)
        },
        kind("pagerduty-integration-key", "PagerDuty", "observability", ["pagerduty", "routing", "key"]) { $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        kind("honeycomb-api-key", "Honeycomb", "observability", ["honeycomb", "api", "key"]) { "hcaik_" + $0.string(Alphabet.lowerAlnum, 58, where: Plausible.hasDigitAndLetter) },
        // cloud
        kind("gcp-api-key", "Google Cloud", "cloud", ["google", "maps", "api", "key"]) { "AIza" + $0.string(Alphabet.base64url, 35, where: Plausible.mixed) },
        kind("gcp-oauth-client-secret", "Google Cloud", "cloud", ["google", "client", "secret"]) { "GOCSPX-" + $0.string(Alphabet.base64url, 28, where: Plausible.mixed) },
        kind("azure-ad-client-secret", "Azure", "cloud", ["azure", "client", "secret"]) {
            $0.string(Alphabet.alnum, 3) + "\($0.int(10))Q~" + $0.string(Alphabet.alnum + "_~.-", 34, where: Plausible.mixed)
        },
        kind("digitalocean-personal-access-token", "DigitalOcean", "cloud", ["digitalocean", "token"]) { "dop_v1_" + $0.string(Alphabet.hexLower, 64, where: Plausible.ok) },
        kind("hashicorp-vault-token", "HashiCorp Vault", "cloud", ["vault", "token"]) { "hvs.CAESI" + $0.string(Alphabet.base64url, 86, where: Plausible.mixed) },
        kind("heroku-api-key", "Heroku", "cloud", ["heroku", "api", "key"]) { $0.uuid() },
        kind("cloudflare-api-token", "Cloudflare", "cloud", ["cloudflare", "api", "token"]) { $0.string(Alphabet.base64url, 40, where: Plausible.mixed) },
        kind("alibaba-access-key-id", "Alibaba Cloud", "cloud", ["alibaba", "cloud", "access", "key", "id"]) { "LTAI5t" + $0.string(Alphabet.alnum, 18, where: Plausible.mixed) },
        kind("tailscale-key", "Tailscale", "cloud", ["ts", "authkey"]) {
            "tskey-auth-k" + $0.string(Alphabet.alnum, 16, where: Plausible.mixed) + "-" + $0.string(Alphabet.alnum, 33, where: Plausible.mixed)
        },
        // databases
        kind("planetscale-token", "PlanetScale", "databases", ["planetscale", "password"]) { "pscale_pw_" + $0.string(Alphabet.base64url, 43, where: Plausible.mixed) },
        kind("supabase-access-token", "Supabase", "databases", ["supabase", "access", "token"]) { "sbp_" + $0.string(Alphabet.hexLower, 40, where: Plausible.ok) },
        kind("databricks-token", "Databricks", "databases", ["databricks", "token"]) { "dapi" + $0.string(Alphabet.hexLower, 32, where: Plausible.ok) },
        // CI / deploy
        kind("circleci-personal-api-token", "CircleCI", "ci", ["circleci", "token"]) {
            "CCIPAT_" + $0.string(Alphabet.alnum, 22, where: Plausible.mixed) + "_" + $0.string(Alphabet.hexLower, 40, where: Plausible.ok)
        },
        kind("terraform-cloud-api-token", "Terraform Cloud", "ci", ["tfe", "token"]) {
            $0.string(Alphabet.alnum, 14, where: Plausible.ok) + ".atlasv1." + $0.string(Alphabet.base64url, 67, where: Plausible.mixed)
        },
        kind("pulumi-access-token", "Pulumi", "ci", ["pulumi", "access", "token"]) { "pul-" + $0.string(Alphabet.hexLower, 40, where: Plausible.ok) },
        kind("sonarqube-token", "SonarQube", "ci", ["sonar", "token"]) { "squ_" + $0.string(Alphabet.hexLower, 40, where: Plausible.ok) },
        kind("doppler-token", "Doppler", "ci", ["doppler", "token"]) { "dp.st.prd." + $0.string(Alphabet.alnum, 43, where: Plausible.mixed) },
        kind("netlify-access-token", "Netlify", "ci", ["netlify", "auth", "token"]) { "nfp_" + $0.string(Alphabet.alnum, 36, where: Plausible.mixed) + $0.hex(4) },
        kind("vercel-access-token", "Vercel", "ci", ["vercel", "token"]) { $0.string(Alphabet.alnum, 24, where: Plausible.mixed) },
        kind("snyk-api-token", "Snyk", "ci", ["snyk", "token"]) { $0.uuid() },
        // SaaS
        kind("atlassian-api-token", "Atlassian", "saas", ["jira", "api", "token"]) {
            "ATATT3xFfGF0" + $0.string(Alphabet.base64url, 180, where: Plausible.mixed) + "=" + $0.string(Alphabet.hexUpper, 8)
        },
        kind("linear-api-key", "Linear", "saas", ["linear", "api", "key"]) { "lin_api_" + $0.string(Alphabet.alnum, 40, where: Plausible.mixed) },
        kind("notion-integration-token", "Notion", "saas", ["notion", "token"]) { "ntn_" + $0.digits(11) + $0.string(Alphabet.alnum, 35, where: Plausible.mixed) },
        kind("postman-api-key", "Postman", "saas", ["postman", "api", "key"]) {
            "PMAK-" + $0.string(Alphabet.hexLower, 24, where: Plausible.ok) + "-" + $0.string(Alphabet.hexLower, 34, where: Plausible.ok)
        },
        kind("figma-personal-access-token", "Figma", "saas", ["figma", "token"]) { "figd_" + $0.string(Alphabet.base64url, 40, where: Plausible.mixed) },
        kind("hubspot-private-app-token", "HubSpot", "saas", ["hubspot", "access", "token"]) { "pat-na1-" + $0.uuid() },
        kind("okta-api-token", "Okta", "saas", ["okta", "api", "token"]) { "00" + $0.string(Alphabet.base64url, 40, where: Plausible.mixed) },
        kind("mapbox-secret-token", "Mapbox", "saas", ["mapbox", "downloads", "token"]) {
            "sk.eyJ1IjoiY" + $0.string(Alphabet.base64url, 60, where: Plausible.mixed) + "." + $0.string(Alphabet.base64url, 22, where: Plausible.mixed)
        },
        kind("launchdarkly-access-token", "LaunchDarkly", "saas", ["launchdarkly", "sdk", "key"]) { "sdk-" + $0.uuid() },
        kind("airtable-personal-access-token", "Airtable", "saas", ["airtable", "token"]) {
            "pat" + $0.string(Alphabet.alnum, 14, where: Plausible.mixed) + "." + $0.string(Alphabet.hexLower, 64, where: Plausible.ok)
        },
        // keys
        kind("jwt-signed-token", "JWT", "keys", ["service", "role", "key"]) { Special.jwt(&$0) },
        // generic: names that say secret/password/token/key, random values
        kind("generic-password", "generic", "generic", ["db", "password"], rules: ["generic-secret-quoted", "generic-secret-unquoted"]) {
            $0.string(Alphabet.alnum + "!#%^*-_", 20, where: Plausible.mixed)
        },
        kind("generic-secret-key", "generic", "generic", ["session", "secret"], rules: ["generic-secret-quoted", "generic-secret-unquoted"]) {
            $0.string(Alphabet.alnum, 48, where: Plausible.mixed)
        },
        kind("generic-api-key", "generic", "generic", ["partner", "api", "key"], rules: ["generic-secret-quoted", "generic-secret-unquoted"]) {
            $0.string(Alphabet.alnum, 32, where: Plausible.mixed)
        },
        kind("generic-encryption-key", "generic", "generic", ["encryption", "key"], rules: ["generic-secret-quoted", "generic-secret-unquoted"]) {
            var s: String
            repeat { s = Encode.base64($0.bytes(32)) } while !Plausible.hasDigitAndLetter(s)
            return s
        },
    ]
}

/// Kinds planted by dedicated file builders, and the generators those formats need.
enum Special {
    static func kind(_ id: String, _ provider: String, _ family: String, _ rules: [String]? = nil) -> SecretKind {
        SecretKind(id: id, provider: provider, family: family, rules: rules ?? [id], name: []) { _ in "" }
    }

    static let awsKeyID = kind("aws-access-key-id", "AWS", "aws")
    static let awsSecret = kind("aws-secret-access-key", "AWS", "aws", ["aws-secret-access-key", "aws-paired-secret-access-key"])
    static let awsSessionToken = kind("aws-session-token", "AWS", "aws", ["aws-session-token", "aws-session-token-named"])
    static let gcpServiceAccount = kind("gcp-service-account-key", "Google Cloud", "cloud")
    static let gcpServiceAccountPEM = kind("gcp-service-account-private-key", "Google Cloud", "keys", ["private-key-pkcs8", "private-key-other"])
    static let azureStorage = kind("azure-storage-account-key", "Azure", "cloud", ["azure-storage-account-key", "azure-storage-key-assignment"])
    static let azureServiceBus = kind("azure-service-bus-connection-string", "Azure", "cloud")
    static let sentryDSN = kind("sentry-dsn", "Sentry", "observability")
    static let rsaPEM = kind("private-key-pkcs1", "RSA private key", "keys", ["private-key-pkcs1", "private-key-other"])
    static let ecPEM = kind("private-key-ec", "EC private key", "keys", ["private-key-pkcs1", "private-key-other"])
    static let pkcs8PEM = kind("private-key-pkcs8", "PKCS#8 private key", "keys", ["private-key-pkcs8", "private-key-other"])
    static let opensshKey = kind("private-key-openssh", "OpenSSH private key", "keys", ["private-key-openssh", "private-key-other"])
    static let npmrcToken = kind("npmrc-auth-token", "npm", "keys", ["npmrc-auth-token", "npm-access-token"])
    static let pypirc = kind("pypirc-password", "PyPI", "keys", ["pypirc-password", "pypi-upload-token"])
    static let netrc = kind("netrc-password", "netrc", "keys")
    static let dockerConfig = kind("docker-config-auth", "Docker", "keys")
    static let htpasswd = kind("htpasswd-bcrypt", "htpasswd", "keys")
    static let k8sSecret = kind("kubernetes-secret-manifest", "Kubernetes", "keys")
    static let basicAuth = kind("basic-auth-header", "HTTP basic auth", "keys")
    static let curlUser = kind("curl-basic-auth", "curl", "keys")
    static let laravel = kind("laravel-app-key", "Laravel", "keys")
    static let rails = kind("rails-secret-key-base", "Rails", "keys")
    static let django = kind("django-secret-key", "Django", "keys")
    static let androidKeystore = kind("android-keystore-password", "Android", "keys")
    static let wireguard = kind("wireguard-private-key", "WireGuard", "keys")
    static let age = kind("age-secret-key", "age", "keys")
    static let postgres = kind("postgres-uri-password", "PostgreSQL", "databases")
    static let mysql = kind("mysql-uri-password", "MySQL", "databases")
    static let mongodb = kind("mongodb-uri-password", "MongoDB", "databases")
    static let redis = kind("redis-uri-password", "Redis", "databases")
    static let amqp = kind("amqp-uri-password", "RabbitMQ", "databases")
    static let jdbc = kind("jdbc-url-password", "JDBC", "databases")
    static let adoNet = kind("ado-net-connection-string-password", "SQL Server", "databases")
    static let bearer = kind("generic-bearer-token", "generic", "generic")
    static let apiKeyHeader = kind("generic-api-key-header", "generic", "generic")
    static let urlCredentials = kind("generic-url-credentials", "generic", "generic")
    static let runnerToken = kind("github-actions-runner-token", "GitHub", "ci")
    static let githubOAuthCLI = kind("github-oauth-token", "GitHub", "source-hosting")

    // MARK: generators

    static func awsKeyID(_ r: inout CorpusRNG, temporary: Bool = false) -> String {
        (temporary ? "ASIA" : "AKIA") + r.string(Alphabet.base32, 16, where: { Plausible.ok($0) && !$0.contains("EXAMPLE") })
    }

    static func awsSecret(_ r: inout CorpusRNG) -> String { r.string(Alphabet.base64, 40, where: Plausible.mixed) }

    /// An STS session token: the real opening (a protobuf-ish header, base64) then a random body.
    static func awsSessionToken(_ r: inout CorpusRNG) -> String {
        "IQoJb3JpZ2luX2Vj" + "E" + r.string(Alphabet.alnum, 2) + "//////////wEaCXVzLWVhc3QtMSJHMEUCI"
            + r.string(Alphabet.base64, 380, where: Plausible.mixed) + "="
    }

    static func password(_ r: inout CorpusRNG, _ n: Int = 20) -> String { r.string(Alphabet.alnum, n, where: Plausible.mixed) }

    static func jwt(_ r: inout CorpusRNG) -> String {
        let header = Encode.base64url(#"{"alg":"HS256","typ":"JWT"}"#)
        let iat = 1_690_000_000 + r.int(30_000_000)
        let ref = r.string(Alphabet.lower, 20)
        let payload = Encode.base64url(#"{"iss":"supabase","ref":"\#(ref)","role":"service_role","iat":\#(iat),"exp":\#(iat + 315_360_000)}"#)
        return header + "." + payload + "." + Encode.base64url(r.bytes(32))
    }

    static let pemBegin = "-----BEGIN "
    static let pemEnd = "-----END "

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        pemBegin + label + "-----\n" + Encode.pemBody(der) + "\n" + pemEnd + label + "-----"
    }

    /// An RSA key (PKCS#1) with a real DER opening and random contents.
    static func rsaKey(_ r: inout CorpusRNG) -> String {
        pem("RSA PRIVATE" + " KEY", [0x30, 0x82, 0x04, 0xA3, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00] + r.bytes(1179))
    }

    static func ecKey(_ r: inout CorpusRNG) -> String {
        pem("EC PRIVATE" + " KEY", [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20] + r.bytes(32)
            + [0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0xA1, 0x44, 0x03, 0x42, 0x00, 0x04] + r.bytes(64))
    }

    static func pkcs8Key(_ r: inout CorpusRNG) -> String {
        pem("PRIVATE" + " KEY", [0x30, 0x82, 0x04, 0xBE, 0x02, 0x01, 0x00, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7,
                                 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82, 0x04, 0xA8] + r.bytes(1192))
    }

    static func opensshKey(_ r: inout CorpusRNG) -> String {
        func str(_ s: String) -> [UInt8] { let b = Array(s.utf8); return [0, 0, 0, UInt8(b.count)] + b }
        let pub = str("ssh-ed25519") + [0, 0, 0, 32] + r.bytes(32)
        let bytes = Array("openssh-key-v1".utf8) + [0] + str("none") + str("none") + [0, 0, 0, 0, 0, 0, 0, 1]
            + [0, 0, 0, UInt8(pub.count)] + pub + [0, 0, 0, 0x88] + r.bytes(136)
        let b64 = Array(Encode.base64(bytes))
        let lines = stride(from: 0, to: b64.count, by: 70).map { String(b64[$0..<min($0 + 70, b64.count)]) }
        return pemBegin + "OPENSSH PRIVATE" + " KEY-----\n" + lines.joined(separator: "\n") + "\n" + pemEnd + "OPENSSH PRIVATE" + " KEY-----"
    }
}
