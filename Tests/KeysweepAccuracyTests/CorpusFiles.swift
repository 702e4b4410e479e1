import Foundation

/// A planted secret: its kind, the exact value a scanner should report, where it was written
/// and in which syntax.
struct Planted: Sendable {
    let kind: SecretKind
    let value: String
    var paths: [String]
    let syntax: String
    var history = "added"
}

/// A value that looks like a secret to a careless scanner but is not one.
struct Decoy: Sendable {
    let kind: String
    let value: String
    let path: String
}

/// One file the history adds: its content and what it holds.
struct FileUnit: Sendable {
    var path: String
    var content: String
    var secrets: [Planted] = []
    var decoys: [Decoy] = []
}

/// Variable-name spellings.
enum Name {
    static func screaming(_ w: [String]) -> String { w.map { $0.uppercased() }.joined(separator: "_") }
    static func snake(_ w: [String]) -> String { w.joined(separator: "_") }
    static func dotted(_ w: [String]) -> String { w.joined(separator: ".") }
    static func kebab(_ w: [String]) -> String { w.joined(separator: "-") }
    static func camel(_ w: [String]) -> String {
        guard let first = w.first else { return "" }
        return first + w.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
    static func pascal(_ w: [String]) -> String { w.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }
}

/// The key = value syntaxes people write configuration in. Each renders several entries into
/// one file, with the ordinary settings around them that real files have.
enum Syntax: String, CaseIterable {
    case dotenv, dotenvQuoted, shellExport, yaml, yamlNested, json, python, pythonEnvDefault, javascript,
         typescript, go, javaProperties, java, tfvars, terraformVariable, dockerfile, compose, githubActions,
         gitlabCI, kubernetesEnv, ini, markdown, php, ruby

    typealias Entry = (name: [String], value: String)

    func path(_ svc: String) -> String {
        switch self {
        case .dotenv: return "\(svc)/.env"
        case .dotenvQuoted: return "\(svc)/.env.production"
        case .shellExport: return "scripts/\(svc)-env.sh"
        case .yaml: return "config/\(svc).yml"
        case .yamlNested: return "helm/\(svc)/values.yaml"
        case .json: return "\(svc)/config/production.json"
        case .python: return "\(svc)/\(svc)/settings.py"
        case .pythonEnvDefault: return "\(svc)/app/config.py"
        case .javascript: return "\(svc)/config/keys.js"
        case .typescript: return "web/\(svc)/src/config.ts"
        case .go: return "cmd/\(svc)/config.go"
        case .javaProperties: return "\(svc)/src/main/resources/application-prod.properties"
        case .java: return "\(svc)/src/main/java/com/acme/\(Name.pascal([svc]))Keys.java"
        case .tfvars: return "infra/\(svc)/prod.tfvars"
        case .terraformVariable: return "infra/\(svc)/variables.tf"
        case .dockerfile: return "\(svc)/Dockerfile"
        case .compose: return "\(svc)/docker-compose.yml"
        case .githubActions: return ".github/workflows/\(svc)-deploy.yml"
        case .gitlabCI: return "ci/\(svc).gitlab-ci.yml"
        case .kubernetesEnv: return "k8s/\(svc)/deployment.yaml"
        case .ini: return "\(svc)/conf/\(svc).ini"
        case .markdown: return "docs/\(svc)-setup.md"
        case .php: return "\(svc)/config/services.php"
        case .ruby: return "\(svc)/config/initializers/keys.rb"
        }
    }

    func render(_ svc: String, _ entries: [Entry], _ r: inout CorpusRNG) -> String {
        let port = 8000 + r.int(1000)
        switch self {
        case .dotenv:
            return "# \(svc) service\nNODE_ENV=production\nPORT=\(port)\nLOG_LEVEL=info\n"
                + entries.map { "\(Name.screaming($0.name))=\($0.value)\n" }.joined() + "FEATURE_FLAGS=search,export\n"
        case .dotenvQuoted:
            return "APP_NAME=\"\(svc)\"\nAPP_ENV=\"production\"\n" + entries.map { "\(Name.screaming($0.name))=\"\($0.value)\"\n" }.joined()
        case .shellExport:
            return "#!/usr/bin/env bash\n# Source me before running the \(svc) jobs locally.\nset -euo pipefail\n\nexport APP_ENV=staging\n"
                + entries.map { "export \(Name.screaming($0.name))='\($0.value)'\n" }.joined() + "export PATH=\"$HOME/.local/bin:$PATH\"\n"
        case .yaml:
            return "service: \(svc)\nport: \(port)\nlog_level: info\n" + entries.map { "\(Name.snake($0.name)): \($0.value)\n" }.joined()
                + "retries: 3\n"
        case .yamlNested:
            var s = "replicaCount: 2\nimage:\n  repository: registry.acme-corp.io/\(svc)\n  tag: \"1.\(r.int(30)).\(r.int(10))\"\n"
            for e in entries {
                s += "\(e.name[0]):\n  enabled: true\n  \(Name.camel(Array(e.name.dropFirst()))): \"\(e.value)\"\n"
            }
            return s
        case .json:
            let body = ["  \"service\": \"\(svc)\"", "  \"port\": \(port)"] + entries.map { "  \"\(Name.camel($0.name))\": \"\($0.value)\"" }
            return "{\n" + body.joined(separator: ",\n") + ",\n  \"timeoutMs\": 5000\n}\n"
        case .python:
            return "import os\n\nDEBUG = False\nALLOWED_HOSTS = [\"\(svc).acme-corp.io\"]\n\n" + entries.map { "\(Name.screaming($0.name)) = \"\($0.value)\"\n" }.joined()
        case .pythonEnvDefault:
            return "import os\n\n\nclass Config:\n    SERVICE = \"\(svc)\"\n"
                + entries.map { "    \(Name.screaming($0.name)) = os.environ.get(\"\(Name.screaming($0.name))\", \"\($0.value)\")\n" }.joined()
        case .javascript:
            return "'use strict';\n\nmodule.exports = {\n  service: '\(svc)',\n  port: process.env.PORT || \(port),\n"
                + entries.map { "  \(Name.camel($0.name)): '\($0.value)',\n" }.joined() + "};\n"
        case .typescript:
            return "// Settings for the \(svc) front end.\nexport const API_BASE = \"https://api.acme-corp.io/\(svc)\";\n"
                + entries.map { "export const \(Name.screaming($0.name)) = \"\($0.value)\";\n" }.joined()
        case .go:
            return "package main\n\n// Credentials for the \(svc) integration.\nconst (\n\tserviceName = \"\(svc)\"\n"
                + entries.map { "\t\(Name.camel($0.name)) = \"\($0.value)\"\n" }.joined() + ")\n"
        case .javaProperties:
            return "server.port=\(port)\nspring.application.name=\(svc)\nlogging.level.root=INFO\n"
                + entries.map { "\(Name.dotted($0.name))=\($0.value)\n" }.joined()
        case .java:
            return "package com.acme;\n\npublic final class \(Name.pascal([svc]))Keys {\n    private \(Name.pascal([svc]))Keys() {}\n\n"
                + entries.map { "    public static final String \(Name.screaming($0.name)) = \"\($0.value)\";\n" }.joined() + "}\n"
        case .tfvars:   // aligned the way `terraform fmt` aligns consecutive attributes
            let lines = [("region", "eu-west-1"), ("environment", "prod")] + entries.map { (Name.snake($0.name), $0.value) }
            let width = lines.map(\.0.count).max()!
            return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + " = \"\($0.1)\"\n" }.joined()
        case .terraformVariable:
            return entries.map { "variable \"\(Name.snake($0.name))\" {\n  type      = string\n  sensitive = true\n  default   = \"\($0.value)\"\n}\n\n" }.joined()
        case .dockerfile:
            return "FROM node:20-alpine\nWORKDIR /srv/\(svc)\nCOPY package*.json ./\nRUN npm ci --omit=dev\n"
                + entries.map { "ENV \(Name.screaming($0.name))=\($0.value)\n" }.joined() + "COPY . .\nCMD [\"node\", \"server.js\"]\n"
        case .compose:
            return "services:\n  \(svc):\n    image: registry.acme-corp.io/\(svc):latest\n    ports:\n      - \"\(port):\(port)\"\n    environment:\n"
                + entries.map { "      - \(Name.screaming($0.name))=\($0.value)\n" }.joined()
        case .githubActions:
            return "name: deploy \(svc)\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n"
                + entries.map { "      \(Name.screaming($0.name)): \($0.value)\n" }.joined()
                + "    steps:\n      - uses: actions/checkout@v4\n      - run: make deploy\n"
        case .gitlabCI:
            return "variables:\n  DOCKER_DRIVER: overlay2\n" + entries.map { "  \(Name.screaming($0.name)): \"\($0.value)\"\n" }.joined()
                + "\ndeploy-\(svc):\n  stage: deploy\n  script:\n    - ./deploy.sh \(svc)\n"
        case .kubernetesEnv:
            return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \(svc)\nspec:\n  template:\n    spec:\n      containers:\n        - name: \(svc)\n          image: registry.acme-corp.io/\(svc):1.4.2\n          env:\n"
                + entries.map { "            - name: \(Name.screaming($0.name))\n              value: \"\($0.value)\"\n" }.joined()
        case .ini:
            return "[server]\nport = \(port)\n\n" + entries.map { "[\($0.name[0])]\n\(Name.snake(Array($0.name.dropFirst()))) = \($0.value)\n\n" }.joined()
        case .markdown:
            return "# Running \(svc) locally\n\nSet these before `make run` (ask in #\(svc) for your own):\n\n```sh\n"
                + entries.map { "export \(Name.screaming($0.name))=\($0.value)\n" }.joined() + "```\n\nThen open http://localhost:\(port).\n"
        case .php:
            return "<?php\n\nreturn [\n    '\(svc)' => [\n" + entries.map { "        '\(Name.snake($0.name))' => '\($0.value)',\n" }.joined()
                + "    ],\n];\n"
        case .ruby:
            return "# frozen_string_literal: true\n\nRails.application.configure do\n"
                + entries.map { "  config.x.\(Name.snake($0.name)) = \"\($0.value)\"\n" }.joined() + "end\n"
        }
    }
}

/// Builders of files whose format is the provider's own: AWS credential sets in the ways people
/// write them, service-account JSON, connection strings, PEM keys, dotfiles of package managers.
enum SpecialFiles {
    typealias Builder = @Sendable (inout CorpusRNG, String) -> FileUnit

    static func unit(_ path: String, _ content: String, _ secrets: [(SecretKind, String)], syntax: String) -> FileUnit {
        FileUnit(path: path, content: content, secrets: secrets.map { Planted(kind: $0.0, value: $0.1, paths: [path], syntax: syntax) })
    }

    // MARK: AWS

    /// Each AWS syntax: (name, builder). Every one plants a key id and its secret key, some a session token.
    static let aws: [(String, Builder)] = [
        ("credentials-ini", { r, svc in
            let (k1, s1, k2, s2) = (Special.awsKeyID(&r), Special.awsSecret(&r), Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("ops/\(svc)/aws/credentials", "[default]\naws_access_key_id = \(k1)\naws_secret_access_key = \(s1)\nregion = eu-west-1\n\n[deploy]\naws_access_key_id=\(k2)\naws_secret_access_key=\(s2)\n",
                        [(Special.awsKeyID, k1), (Special.awsSecret, s1), (Special.awsKeyID, k2), (Special.awsSecret, s2)], syntax: "aws credentials file")
        }),
        ("dotenv", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/.env.aws", "AWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=\(k)\nAWS_SECRET_ACCESS_KEY=\(s)\nS3_BUCKET=acme-\(svc)-uploads\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: ".env")
        }),
        ("boto3", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/storage.py", "import boto3\n\n\ndef client():\n    return boto3.client(\n        \"s3\",\n        aws_access_key_id=\"\(k)\",\n        aws_secret_access_key=\"\(s)\",\n        region_name=\"eu-central-1\",\n    )\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "python boto3")
        }),
        ("boto3-positional", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/scripts/backup.py", "import boto3\n\nsession = boto3.Session(\"\(k)\", \"\(s)\")\ns3 = session.resource(\"s3\")\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "python boto3 positional")
        }),
        ("terraform-provider", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("infra/\(svc)/provider.tf", "provider \"aws\" {\n  region     = \"us-west-2\"\n  access_key = \"\(k)\"\n  secret_key = \"\(s)\"\n}\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "terraform provider")
        }),
        ("js-sdk-v2", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/lib/aws.js", "const AWS = require('aws-sdk');\n\nAWS.config.update({ accessKeyId: '\(k)', secretAccessKey: '\(s)', region: 'us-east-1' });\n\nmodule.exports = new AWS.S3();\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "javascript aws-sdk v2")
        }),
        ("js-sdk-v3", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("web/\(svc)/src/s3.ts", "import { S3Client } from \"@aws-sdk/client-s3\";\n\nexport const s3 = new S3Client({\n  region: \"eu-west-2\",\n  credentials: {\n    accessKeyId: \"\(k)\",\n    secretAccessKey: \"\(s)\",\n  },\n});\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "typescript aws-sdk v3")
        }),
        ("java", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/src/main/java/com/acme/S3Factory.java", "package com.acme;\n\nimport com.amazonaws.auth.BasicAWSCredentials;\n\nclass S3Factory {\n    static BasicAWSCredentials credentials() {\n        return new BasicAWSCredentials(\"\(k)\", \"\(s)\");\n    }\n}\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "java BasicAWSCredentials")
        }),
        ("go", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("cmd/\(svc)/s3.go", "package main\n\nimport (\n\t\"github.com/aws/aws-sdk-go/aws\"\n\t\"github.com/aws/aws-sdk-go/aws/credentials\"\n)\n\nvar cfg = &aws.Config{\n\tRegion:      aws.String(\"ap-southeast-2\"),\n\tCredentials: credentials.NewStaticCredentials(\"\(k)\", \"\(s)\", \"\"),\n}\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "go NewStaticCredentials")
        }),
        ("csv", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("ops/\(svc)-bot_accessKeys.csv", "Access key ID,Secret access key\n\(k),\(s)\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "IAM console CSV")
        }),
        ("sts-json", { r, svc in
            let (k, s, t) = (Special.awsKeyID(&r, temporary: true), Special.awsSecret(&r), Special.awsSessionToken(&r))
            return unit("ops/\(svc)/assume-role-output.json", "{\n    \"Credentials\": {\n        \"AccessKeyId\": \"\(k)\",\n        \"SecretAccessKey\": \"\(s)\",\n        \"SessionToken\": \"\(t)\",\n        \"Expiration\": \"2024-03-01T18:06:10+00:00\"\n    },\n    \"AssumedRoleUser\": {\n        \"AssumedRoleId\": \"AROA\(r.string(Alphabet.upperAlnum, 17)):\(svc)\",\n        \"Arn\": \"arn:aws:sts::\(r.digits(12)):assumed-role/deploy/\(svc)\"\n    }\n}\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s), (Special.awsSessionToken, t)], syntax: "sts assume-role JSON")
        }),
        ("session-env", { r, svc in
            let (k, s, t) = (Special.awsKeyID(&r, temporary: true), Special.awsSecret(&r), Special.awsSessionToken(&r))
            return unit("scripts/\(svc)-assume.sh", "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=\(k)\nexport AWS_SECRET_ACCESS_KEY=\(s)\nexport AWS_SESSION_TOKEN=\(t)\naws s3 ls\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s), (Special.awsSessionToken, t)], syntax: "shell export with session token")
        }),
        ("dockerfile", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/Dockerfile.worker", "FROM python:3.12-slim\nENV AWS_ACCESS_KEY_ID=\(k)\nENV AWS_SECRET_ACCESS_KEY \(s)\nCOPY . /app\nCMD [\"python\", \"/app/worker.py\"]\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "Dockerfile ENV")
        }),
        ("github-actions", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit(".github/workflows/\(svc)-s3-sync.yml", "name: sync assets\non: [push]\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: \(k)\n      AWS_SECRET_ACCESS_KEY: \(s)\n    steps:\n      - run: aws s3 sync ./public s3://acme-\(svc)-assets\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "GitHub Actions env")
        }),
        ("docker-run", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("scripts/run-\(svc).sh", "#!/bin/sh\ndocker run --rm \\\n  -e AWS_ACCESS_KEY_ID=\(k) \\\n  -e AWS_SECRET_ACCESS_KEY=\(s) \\\n  registry.acme-corp.io/\(svc):latest\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "docker run -e")
        }),
        ("k8s-secret", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("k8s/\(svc)/aws-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(svc)-aws\ntype: Opaque\nstringData:\n  AWS_ACCESS_KEY_ID: \(k)\n  AWS_SECRET_ACCESS_KEY: \(s)\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "Kubernetes Secret stringData")
        }),
        ("spring", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/src/main/resources/application-aws.properties", "cloud.aws.region.static=eu-west-1\ncloud.aws.credentials.access-key=\(k)\ncloud.aws.credentials.secret-key=\(s)\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "Spring Cloud AWS properties")
        }),
        ("s3cfg", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("ops/\(svc)/.s3cfg", "[default]\naccess_key = \(k)\nsecret_key = \(s)\nhost_base = s3.amazonaws.com\nuse_https = True\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: ".s3cfg")
        }),
        ("rclone", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("ops/\(svc)/rclone.conf", "[s3-backup]\ntype = s3\nprovider = AWS\naccess_key_id = \(k)\nsecret_access_key = \(s)\nregion = us-east-2\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "rclone.conf")
        }),
        ("laravel", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/config/filesystems.php", "<?php\n\nreturn [\n    'disks' => [\n        's3' => [\n            'driver' => 's3',\n            'key' => env('AWS_ACCESS_KEY_ID', '\(k)'),\n            'secret' => env('AWS_SECRET_ACCESS_KEY', '\(s)'),\n            'region' => 'eu-west-3',\n        ],\n    ],\n];\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "PHP env() default")
        }),
        ("powershell", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("ops/\(svc)/setup.ps1", "Import-Module AWSPowerShell\nSet-AWSCredential -AccessKey \(k) -SecretKey \(s) -StoreAs default\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "PowerShell Set-AWSCredential")
        }),
        ("aws-configure", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("scripts/\(svc)-bootstrap.sh", "#!/bin/bash\naws configure set aws_access_key_id \(k)\naws configure set aws_secret_access_key \(s)\naws configure set region eu-north-1\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "aws configure set")
        }),
        ("serverless-yaml", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/serverless.yml", "service: \(svc)\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    AWS_KEY: \(k)\n    AWS_SECRET: \(s)\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "serverless.yml environment")
        }),
        ("json-config", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/config/aws.json", "{\n  \"aws\": {\n    \"region\": \"sa-east-1\",\n    \"accessKeyId\": \"\(k)\",\n    \"secretAccessKey\": \"\(s)\"\n  }\n}\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "JSON config")
        }),
        ("ruby", { r, svc in
            let (k, s) = (Special.awsKeyID(&r), Special.awsSecret(&r))
            return unit("\(svc)/config/initializers/aws.rb", "Aws.config.update(\n  region: 'us-east-1',\n  credentials: Aws::Credentials.new('\(k)', '\(s)')\n)\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s)], syntax: "ruby Aws::Credentials")
        }),
        ("credentials-session", { r, svc in
            let (k, s, t) = (Special.awsKeyID(&r, temporary: true), Special.awsSecret(&r), Special.awsSessionToken(&r))
            return unit("ops/\(svc)/aws/credentials.tmp", "[mfa]\naws_access_key_id = \(k)\naws_secret_access_key = \(s)\naws_session_token = \(t)\n",
                        [(Special.awsKeyID, k), (Special.awsSecret, s), (Special.awsSessionToken, t)], syntax: "aws credentials file with session token")
        }),
    ]

    // MARK: other providers' own formats

    static let others: [(String, Builder)] = [
        ("gcp-service-account", { r, svc in
            let project = "\(svc)-prod-\(r.digits(6))"
            let keyID = r.string(Alphabet.hexLower, 40, where: Plausible.ok)
            let pem = Special.pkcs8Key(&r).replacingOccurrences(of: "\n", with: "\\n") + "\\n"
            let content = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"\(project)\",\n  \"private_key_id\": \"\(keyID)\",\n  \"private_key\": \"\(pem)\",\n  \"client_email\": \"deployer@\(project).iam.gserviceaccount.com\",\n  \"client_id\": \"1\(r.digits(20))\",\n  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n  \"token_uri\": \"https://oauth2.googleapis.com/token\",\n  \"auth_provider_x509_cert_url\": \"https://www.googleapis.com/oauth2/v1/certs\",\n  \"universe_domain\": \"googleapis.com\"\n}\n"
            return unit("infra/\(svc)/gcp-credentials.json", content,
                        [(Special.gcpServiceAccount, keyID), (Special.gcpServiceAccountPEM, String(pem.dropLast(2)))], syntax: "service-account JSON file")
        }),
        ("gcp-service-account-inline", { r, svc in
            let project = "\(svc)-\(r.digits(6))"
            let keyID = r.string(Alphabet.hexLower, 40, where: Plausible.ok)
            let pem = Special.pkcs8Key(&r).replacingOccurrences(of: "\n", with: "\\n")
            let json = "{\"type\": \"service_account\", \"project_id\": \"\(project)\", \"private_key_id\": \"\(keyID)\", \"private_key\": \"\(pem)\\n\", \"client_email\": \"ci@\(project).iam.gserviceaccount.com\"}"
            return unit(".github/workflows/\(svc)-gcloud.yml", "name: gcloud deploy\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      GOOGLE_CREDENTIALS: '\(json)'\n    steps:\n      - run: gcloud run deploy \(svc)\n",
                        [(Special.gcpServiceAccount, keyID), (Special.gcpServiceAccountPEM, pem)], syntax: "service-account JSON inline in CI YAML")
        }),
        ("azure-storage-appsettings", { r, svc in
            let key = Encode.base64(r.bytes(64))
            return unit("\(svc)/appsettings.Production.json", "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } },\n  \"ConnectionStrings\": {\n    \"Blobs\": \"DefaultEndpointsProtocol=https;AccountName=acme\(svc);AccountKey=\(key);EndpointSuffix=core.windows.net\"\n  }\n}\n",
                        [(Special.azureStorage, key)], syntax: "appsettings.json connection string")
        }),
        ("azure-storage-functions", { r, svc in
            let key = Encode.base64(r.bytes(64))
            return unit("\(svc)/local.settings.json", "{\n  \"IsEncrypted\": false,\n  \"Values\": {\n    \"AzureWebJobsStorage\": \"DefaultEndpointsProtocol=https;AccountName=fn\(svc);AccountKey=\(key)\",\n    \"FUNCTIONS_WORKER_RUNTIME\": \"python\"\n  }\n}\n",
                        [(Special.azureStorage, key)], syntax: "Azure Functions local.settings.json")
        }),
        ("azure-storage-terraform", { r, svc in
            let key = Encode.base64(r.bytes(64))
            return unit("infra/\(svc)/backend.tf", "terraform {\n  backend \"azurerm\" {\n    storage_account_name = \"tfstate\(svc)\"\n    container_name       = \"tfstate\"\n    key                  = \"prod.terraform.tfstate\"\n    access_key           = \"\(key)\"\n  }\n}\n",
                        [(Special.azureStorage, key)], syntax: "terraform azurerm backend access_key")
        }),
        ("azure-service-bus", { r, svc in
            let key = Encode.base64(r.bytes(32))
            return unit("\(svc)/appsettings.json", "{\n  \"ServiceBus\": {\n    \"ConnectionString\": \"Endpoint=sb://\(svc)-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=\(key)\"\n  }\n}\n",
                        [(Special.azureServiceBus, key)], syntax: "Service Bus connection string")
        }),
        ("sentry-js", { r, svc in
            let key = r.string(Alphabet.hexLower, 32, where: Plausible.ok)
            return unit("web/\(svc)/src/sentry.ts", "import * as Sentry from \"@sentry/react\";\n\nSentry.init({\n  dsn: \"https://\(key)@o\(r.digits(6)).ingest.sentry.io/\(r.digits(7))\",\n  tracesSampleRate: 0.2,\n});\n",
                        [(Special.sentryDSN, key)], syntax: "Sentry.init dsn")
        }),
        ("sentry-python", { r, svc in
            let key = r.string(Alphabet.hexLower, 32, where: Plausible.ok)
            return unit("\(svc)/\(svc)/observability.py", "import sentry_sdk\n\nsentry_sdk.init(\n    dsn=\"https://\(key)@o\(r.digits(7)).ingest.us.sentry.io/\(r.digits(7))\",\n    traces_sample_rate=1.0,\n)\n",
                        [(Special.sentryDSN, key)], syntax: "sentry_sdk.init dsn")
        }),
        ("pem-rsa-file", { r, svc in
            let key = Special.rsaKey(&r)
            return unit("deploy/\(svc)/id_rsa", key + "\n", [(Special.rsaPEM, key)], syntax: "PEM file")
        }),
        ("pem-pkcs8-file", { r, svc in
            let key = Special.pkcs8Key(&r)
            return unit("certs/\(svc).acme-corp.io.key", key + "\n", [(Special.pkcs8PEM, key)], syntax: "PEM file")
        }),
        ("pem-ec-python", { r, svc in
            let key = Special.ecKey(&r)
            return unit("\(svc)/\(svc)/signing.py", "SIGNING_KEY = \"\"\"\n\(key)\n\"\"\"\n\n\ndef sign(payload):\n    return jwt.encode(payload, SIGNING_KEY, algorithm=\"ES256\")\n",
                        [(Special.ecPEM, key)], syntax: "PEM in a python string")
        }),
        ("pem-rsa-terraform-heredoc", { r, svc in
            let key = Special.rsaKey(&r)
            return unit("infra/\(svc)/bastion.tf", "resource \"null_resource\" \"provision\" {\n  connection {\n    type        = \"ssh\"\n    host        = \"10.0.\(r.int(255)).\(r.int(255))\"\n    private_key = <<-EOT\n\(key)\n    EOT\n  }\n}\n",
                        [(Special.rsaPEM, key)], syntax: "PEM in a terraform heredoc")
        }),
        ("openssh-yaml-block", { r, svc in
            let key = Special.opensshKey(&r)
            let indented = key.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            return unit("ansible/group_vars/\(svc).yml", "deploy_user: ansible\nssh_private_key: |\n\(indented)\n", [(Special.opensshKey, key)], syntax: "OpenSSH key in a YAML block scalar")
        }),
        ("openssh-markdown", { r, svc in
            let key = Special.opensshKey(&r)
            return unit("docs/\(svc)-bastion.md", "# Bastion access\n\nUse this key for the \(svc) bastion:\n\n```\n\(key)\n```\n", [(Special.opensshKey, key)], syntax: "OpenSSH key in markdown")
        }),
        ("pem-java-concat", { r, svc in
            let key = Special.rsaKey(&r)
            let lines = key.split(separator: "\n").map { "        \"\($0)\\n\"" }.joined(separator: " +\n")
            return unit("\(svc)/src/test/java/com/acme/KeyLoader.java", "package com.acme;\n\nclass KeyLoader {\n    static final String PEM =\n\(lines);\n}\n",
                        [(Special.rsaPEM, key)], syntax: "PEM as Java string concatenation")
        }),
        ("npmrc", { r, svc in
            let npm = "npm_" + r.string(Alphabet.alnum, 36, where: Plausible.mixed)
            let gh = Kinds.githubToken("ghp_", &r)
            let kindNPM = Kinds.keyValue.first { $0.id == "npm-access-token" }!
            let kindGH = Kinds.keyValue.first { $0.id == "github-classic-pat" }!
            return unit("web/\(svc)/.npmrc", "@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=\(gh)\n//registry.npmjs.org/:_authToken=\(npm)\nsave-exact=true\n",
                        [(kindGH, gh), (kindNPM, npm)], syntax: ".npmrc")
        }),
        ("npmrc-legacy", { r, svc in
            let token = r.uuid()
            return unit("\(svc)/.npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=\(token)\n", [(Special.npmrcToken, token)], syntax: ".npmrc (legacy UUID token)")
        }),
        ("pypirc", { r, svc in
            let token = "pypi-AgEIcHlwaS5vcmc" + "CJG" + r.string(Alphabet.base64url, 150, where: Plausible.mixed)
            let pw = Special.password(&r, 24)
            return unit("\(svc)/.pypirc", "[distutils]\nindex-servers =\n    pypi\n    internal\n\n[pypi]\nusername = __token__\npassword = \(token)\n\n[internal]\nrepository = https://pypi.acme-corp.io/\nusername = ci\npassword = \(pw)\n",
                        [(Kinds.keyValue.first { $0.id == "pypi-upload-token" }!, token), (Special.pypirc, pw)], syntax: ".pypirc")
        }),
        ("netrc", { r, svc in
            let pw = Special.password(&r, 22)
            return unit("ops/\(svc)/.netrc", "machine git.acme-corp.io\n  login deploy-bot\n  password \(pw)\n", [(Special.netrc, pw)], syntax: ".netrc (multi-line)")
        }),
        ("netrc-one-line", { r, svc in
            let pw = Special.password(&r, 18)
            return unit("ci/\(svc).netrc", "machine artifacts.acme-corp.io login ci password \(pw)\n", [(Special.netrc, pw)], syntax: ".netrc")
        }),
        ("docker-config", { r, svc in
            let auth = Encode.base64("acmebot:" + Special.password(&r, 24))
            return unit("ci/\(svc)/docker-config.json", "{\n  \"auths\": {\n    \"registry.acme-corp.io\": {\n      \"auth\": \"\(auth)\"\n    }\n  }\n}\n", [(Special.dockerConfig, auth)], syntax: "docker config.json")
        }),
        ("htpasswd", { r, svc in
            let h1 = "$2y$10$" + r.string("./" + Alphabet.alnum, 53, where: Plausible.mixed)
            let h2 = "$2y$12$" + r.string("./" + Alphabet.alnum, 53, where: Plausible.mixed)
            return unit("deploy/nginx/\(svc).htpasswd", "admin:\(h1)\nmetrics:\(h2)\n", [(Special.htpasswd, h1), (Special.htpasswd, h2)], syntax: ".htpasswd")
        }),
        ("k8s-secret-data", { r, svc in
            let pw = Encode.base64(Special.password(&r, 18))
            return unit("k8s/\(svc)/db-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(svc)-db\n  namespace: prod\ntype: Opaque\ndata:\n  password: \(pw)\n",
                        [(Special.k8sSecret, pw)], syntax: "Kubernetes Secret data")
        }),
        ("k8s-secret-two-entries", { r, svc in
            let pw = Encode.base64(Special.password(&r, 18)), api = Encode.base64(Special.password(&r, 32))
            return unit("k8s/\(svc)/app-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(svc)-app\ntype: Opaque\ndata:\n  db-password: \(pw)\n  partner-api-key: \(api)\n",
                        [(Special.k8sSecret, pw), (Special.k8sSecret, api)], syntax: "Kubernetes Secret data, two entries")
        }),
        ("basic-auth-curl", { r, svc in
            let b = Encode.base64("svc-\(svc):" + Special.password(&r, 20))
            return unit("scripts/\(svc)-export.sh", "#!/bin/sh\ncurl -fsS -H \"Authorization: Basic \(b)\" https://api.acme-corp.io/\(svc)/export > export.csv\n", [(Special.basicAuth, b)], syntax: "curl Basic header")
        }),
        ("basic-auth-python", { r, svc in
            let b = Encode.base64("reporter:" + Special.password(&r, 20))
            return unit("\(svc)/client.py", "import requests\n\nHEADERS = {\"Authorization\": \"Basic \(b)\", \"Accept\": \"application/json\"}\n\n\ndef fetch(path):\n    return requests.get(\"https://partner.example.net\" + path, headers=HEADERS).json()\n",
                        [(Special.basicAuth, b)], syntax: "python Basic header")
        }),
        ("curl-user", { r, svc in
            let pw = Special.password(&r, 18)
            return unit("scripts/\(svc)-upload.sh", "#!/bin/sh\ncurl -u deploy:\(pw) -T dist/\(svc).tar.gz https://nexus.acme-corp.io/repository/raw/\(svc)/\n", [(Special.curlUser, pw)], syntax: "curl -u")
        }),
        ("laravel-env", { r, svc in
            let key = "base64:" + Encode.base64(r.bytes(32))
            return unit("\(svc)/.env.laravel", "APP_NAME=\(svc)\nAPP_ENV=production\nAPP_KEY=\(key)\nAPP_DEBUG=false\n", [(Special.laravel, key)], syntax: "Laravel .env")
        }),
        ("rails-secrets", { r, svc in
            let key = r.string(Alphabet.hexLower, 128, where: Plausible.ok)
            return unit("\(svc)/config/secrets.yml", "production:\n  secret_key_base: \(key)\n", [(Special.rails, key)], syntax: "Rails secrets.yml")
        }),
        ("django-settings", { r, svc in
            let key = "django-insecure-" + r.string(Alphabet.lowerAlnum + "!@#%^&*(-_=+)", 50, where: Plausible.ok)
            return unit("\(svc)/\(svc)/settings_prod.py", "from .base import *  # noqa\n\nSECRET_KEY = '\(key)'\nDEBUG = False\n", [(Special.django, key)], syntax: "Django settings")
        }),
        ("android-gradle", { r, svc in
            let pw = Special.password(&r, 16)
            return unit("android/\(svc)/app/build.gradle", "android {\n    signingConfigs {\n        release {\n            storeFile file(\"release.jks\")\n            storePassword \"\(pw)\"\n            keyAlias \"upload\"\n            keyPassword \"\(pw)\"\n        }\n    }\n}\n",
                        [(Special.androidKeystore, pw)], syntax: "Gradle signingConfigs")
        }),
        ("wireguard", { r, svc in
            let key = Encode.base64(r.bytes(32))
            return unit("ops/\(svc)/wg0.conf", "[Interface]\nAddress = 10.\(r.int(255)).0.1/24\nListenPort = 51820\nPrivateKey = \(key)\n\n[Peer]\nPublicKey = \(Encode.base64(r.bytes(32)))\nAllowedIPs = 10.9.0.0/16\n",
                        [(Special.wireguard, key)], syntax: "WireGuard config")
        }),
        ("age", { r, svc in
            let key = "AGE-SECRET-KEY-1" + r.string(Alphabet.bech32, 58).uppercased()
            return unit("ops/\(svc)/age-key.txt", "# created: 2024-02-11T09:12:44Z\n# public key: age1\(r.string(Alphabet.bech32, 58))\n\(key)\n", [(Special.age, key)], syntax: "age identity file")
        }),
        ("postgres-env", { r, svc in
            let pw = Special.password(&r, 24)
            return unit("\(svc)/.env.db", "DATABASE_URL=postgres://\(svc)_app:\(pw)@\(svc)-db.c\(r.string(Alphabet.lowerAlnum, 10)).eu-west-1.rds.amazonaws.com:5432/\(svc)\n", [(Special.postgres, pw)], syntax: ".env DATABASE_URL")
        }),
        ("postgres-sqlalchemy", { r, svc in
            let pw = Special.password(&r, 20)
            return unit("\(svc)/\(svc)/db.py", "from sqlalchemy import create_engine\n\nengine = create_engine(\"postgresql+psycopg2://reporting:\(pw)@10.1.\(r.int(255)).\(r.int(255)):5432/warehouse\", pool_size=5)\n", [(Special.postgres, pw)], syntax: "SQLAlchemy create_engine")
        }),
        ("mysql-rails", { r, svc in
            let pw = Special.password(&r, 20)
            return unit("\(svc)/config/database.yml", "production:\n  adapter: mysql2\n  url: mysql2://\(svc):\(pw)@mysql.internal:3306/\(svc)_production\n  pool: 10\n", [(Special.mysql, pw)], syntax: "Rails database.yml url")
        }),
        ("mongodb-js", { r, svc in
            let pw = Special.password(&r, 16)
            return unit("\(svc)/src/db.js", "const mongoose = require('mongoose');\n\nmongoose.connect('mongodb+srv://\(svc)-api:\(pw)@cluster0.\(r.string(Alphabet.lowerAlnum, 5)).mongodb.net/\(svc)?retryWrites=true&w=majority');\n", [(Special.mongodb, pw)], syntax: "mongoose.connect")
        }),
        ("redis-compose", { r, svc in
            let pw = Special.password(&r, 32)
            return unit("\(svc)/docker-compose.redis.yml", "services:\n  worker:\n    image: registry.acme-corp.io/\(svc)-worker\n    environment:\n      REDIS_URL: rediss://default:\(pw)@\(svc)-cache.upstash.io:6379\n", [(Special.redis, pw)], syntax: "compose REDIS_URL")
        }),
        ("amqp-celery", { r, svc in
            let pw = Special.password(&r, 22)
            return unit("\(svc)/\(svc)/celeryconfig.py", "broker_url = \"amqp://\(svc):\(pw)@rabbitmq.internal:5672/\(svc)\"\nresult_backend = \"rpc://\"\n", [(Special.amqp, pw)], syntax: "Celery broker_url")
        }),
        ("jdbc-properties", { r, svc in
            let pw = Special.password(&r, 20)
            return unit("\(svc)/src/main/resources/application-db.properties", "spring.datasource.url=jdbc:postgresql://pg.internal:5432/\(svc)?user=\(svc)_app&password=\(pw)&ssl=true\nspring.jpa.hibernate.ddl-auto=validate\n", [(Special.jdbc, pw)], syntax: "JDBC URL")
        }),
        ("ado-net", { r, svc in
            let pw = Special.password(&r, 20)
            return unit("\(svc)/appsettings.Database.json", "{\n  \"ConnectionStrings\": {\n    \"Default\": \"Server=tcp:acme-\(svc).database.windows.net,1433;Initial Catalog=\(svc);User ID=\(svc)_app;Password=\(pw);Encrypt=True;\"\n  }\n}\n", [(Special.adoNet, pw)], syntax: "ADO.NET connection string")
        }),
        ("bearer-curl", { r, svc in
            let t = Special.password(&r, 40)
            return unit("scripts/\(svc)-reindex.sh", "#!/bin/sh\ncurl -X POST -H \"Authorization: Bearer \(t)\" https://search.acme-corp.io/\(svc)/_reindex\n", [(Special.bearer, t)], syntax: "curl Bearer header")
        }),
        ("bearer-js", { r, svc in
            let t = Special.password(&r, 36)
            return unit("web/\(svc)/src/api.js", "export async function load() {\n  const res = await fetch('https://api.partner.io/v2/items', {\n    headers: { Authorization: 'Bearer \(t)' },\n  });\n  return res.json();\n}\n", [(Special.bearer, t)], syntax: "fetch Bearer header")
        }),
        ("api-key-header", { r, svc in
            let t = Special.password(&r, 32)
            return unit("\(svc)/partner.py", "import requests\n\nresp = requests.get(\"https://api.partner.io/v3/reports\", headers={\"x-api-key\": \"\(t)\"})\n", [(Special.apiKeyHeader, t)], syntax: "requests x-api-key header")
        }),
        ("url-credentials-git", { r, svc in
            let pw = Special.password(&r, 20)
            return unit("scripts/\(svc)-mirror.sh", "#!/bin/sh\ngit clone https://deploy:\(pw)@git.acme-corp.io/platform/\(svc).git /srv/\(svc)\n", [(Special.urlCredentials, pw)], syntax: "git clone URL credentials")
        }),
        ("url-credentials-pip", { r, svc in
            let pw = Special.password(&r, 20)
            return unit("\(svc)/requirements-private.txt", "--extra-index-url https://ci:\(pw)@pypi.acme-corp.io/simple\nacme-core==4.2.0\n", [(Special.urlCredentials, pw)], syntax: "pip index URL credentials")
        }),
        ("runner-config", { r, svc in
            let t = r.string(Alphabet.upperAlnum, 29, where: Plausible.ok)
            return unit("ops/\(svc)/register-runner.sh", "#!/bin/bash\ncd actions-runner\n./config.sh --url https://github.com/acme --token \(t) --labels \(svc),linux\n", [(Special.runnerToken, t)], syntax: "actions runner config.sh")
        }),
        ("gh-hosts", { r, svc in
            let t = Kinds.githubToken("gho_", &r)
            return unit("ops/\(svc)/gh-hosts.yml", "github.com:\n    user: \(svc)-bot\n    oauth_token: \(t)\n    git_protocol: https\n", [(Special.githubOAuthCLI, t)], syntax: "gh hosts.yml")
        }),
        ("slack-webhook-python", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "slack-webhook-url" }!
            let url = kind.make(&r)
            return unit("\(svc)/notify.py", "import requests\n\n\ndef alert(text):\n    requests.post(\"\(url)\", json={\"text\": text}, timeout=5)\n", [(kind, url)], syntax: "requests.post webhook")
        }),
        ("telegram-curl", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "telegram-bot-token" }!
            let t = kind.make(&r)
            return unit("scripts/\(svc)-notify.sh", "#!/bin/sh\ncurl -s \"https://api.telegram.org/bot\(t)/sendMessage\" -d chat_id=-100\(r.digits(10)) -d text=\"$1\"\n", [(kind, t)], syntax: "Telegram API URL")
        }),
        ("stripe-js", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "stripe-secret-key" }!
            let t = kind.make(&r)
            return unit("\(svc)/src/stripe.js", "const stripe = require('stripe')('\(t)');\n\nmodule.exports = stripe;\n", [(kind, t)], syntax: "require('stripe')(key)")
        }),
        ("openai-python", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "openai-api-key" }!
            let t = kind.make(&r)
            return unit("\(svc)/llm.py", "from openai import OpenAI\n\nclient = OpenAI(api_key=\"\(t)\")\n", [(kind, t)], syntax: "OpenAI(api_key=...)")
        }),
        ("anthropic-python", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "anthropic-api-key" }!
            let t = kind.make(&r)
            return unit("\(svc)/claude.py", "import anthropic\n\nclient = anthropic.Anthropic(api_key=\"\(t)\")\n", [(kind, t)], syntax: "Anthropic(api_key=...)")
        }),
        ("twilio-python", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "twilio-auth-token" }!
            let t = kind.make(&r)
            return unit("\(svc)/sms.py", "from twilio.rest import Client\n\naccount_sid = \"AC\(r.string(Alphabet.hexLower, 32))\"\nauth_token = \"\(t)\"\nclient = Client(account_sid, auth_token)\n", [(kind, t)], syntax: "Twilio quickstart")
        }),
        ("datadog-agent", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "datadog-api-key" }!
            let t = kind.make(&r)
            return unit("ops/\(svc)/datadog.yaml", "api_key: \(t)\nsite: datadoghq.eu\nlogs_enabled: true\n", [(kind, t)], syntax: "datadog.yaml api_key")
        }),
        ("hf-cli", { r, svc in
            let kind = Kinds.keyValue.first { $0.id == "huggingface-access-token" }!
            let t = kind.make(&r)
            return unit("notebooks/\(svc)/train.ipynb", "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"source\": [\n    \"from huggingface_hub import login\\n\",\n    \"login(token=\\\"\(t)\\\")\"\n   ]\n  }\n ]\n}\n", [(kind, t)], syntax: "notebook login(token=...)")
        }),
    ]
}
