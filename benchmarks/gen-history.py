#!/usr/bin/env python3
"""Generate a deterministic git history with planted secrets and decoys.

usage: gen-history.py N OUT [--seed S] [--secrets K] [--decoys K] [--labels PATH]

Makes a git repository at OUT with N commits of source-like text (Python, Go, JavaScript,
Swift, Java, Rust, shell, YAML, Markdown) written by a seeded RNG: edits, new files,
renames, deletions, feature branches (most merged back, some left unmerged), tags, and a
tag-only commit. K "secret events" plant credentials in many real syntaxes; K "decoy
events" plant things a scanner must not report. The ground truth goes to
`labels.json` next to OUT (override with --labels): one entry per planted secret value
with its kind, path and the commit that introduced it, plus the decoy values.

Fixed author/committer dates and `git fast-import` make the result identical on every
run (same commit ids); 50k commits take a couple of minutes.
"""
import argparse
import base64
import json
import os
import random
import subprocess
import sys

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
URLSAFE = ALNUM + "-_"
START = 1420070400  # 2015-01-01T00:00:00Z

AUTHORS = [("Ada Park", "ada@example.org"), ("Bo Lindqvist", "bo@example.org"),
           ("Chidi Okafor", "chidi@example.org"), ("Dana Whitfield", "dana@example.org"),
           ("Emeka Obi", "emeka@example.org"), ("Fatima Zahra", "fz@example.org"),
           ("Goran Ilić", "goran@example.org"), ("Hana Sato", "hana@example.org"),
           ("Ivo Brandt", "ivo@example.org"), ("Jun Li", "jun@example.org")]
WORDS = ("account archive batch buffer cache client cluster config context cursor daemon "
         "digest engine event export filter handler header index ledger loader manifest "
         "metric module node offset order packet parser payload pipeline policy queue "
         "record region report request router schema session shard signal snapshot socket "
         "stream task tenant ticket timer token upload user vault widget window worker").split()
VERBS = "build check close compute decode emit encode fetch flush load merge open parse read render resolve scan send sort split store sync update validate write".split()
PROSE = ("the a this each every our no new old default current next previous remote local "
         "is are was be should must may can will not only also then when if because so "
         "returns handles stores reads writes keeps drops retries skips logs caches").split()


def ident(r, cap=False):
    w = r.choice(VERBS) + "_" + r.choice(WORDS) if r.random() < 0.6 else r.choice(WORDS)
    if cap:
        return "".join(p.capitalize() for p in w.split("_"))
    return w


def camel(r):
    s = ident(r, cap=True)
    return s[0].lower() + s[1:]


def sentence(r, n=None):
    n = n or r.randint(5, 14)
    words = [r.choice(PROSE) if r.random() < 0.45 else r.choice(WORDS + VERBS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def rstr(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


# ---- code blocks per language: each returns a list of lines --------------------------------

def py_block(r):
    f, a, b, v = ident(r), r.choice(WORDS), r.choice(WORDS), r.choice(WORDS) + "_" + r.choice(WORDS)
    k = r.randrange(6)
    if k == 0:
        return [f"def {f}({a}, {b}=None):", f'    """{sentence(r)}"""', f"    {v} = {a}.{ident(r)}({b})",
                f"    if {v} is None:", f'        raise ValueError("{sentence(r)}")', f"    return {v}", ""]
    if k == 1:
        return [f"class {ident(r, True)}:", f'    """{sentence(r)}"""', "", f"    def __init__(self, {a}):",
                f"        self.{a} = {a}", f"        self._{b} = {{}}", "", f"    def {f}(self):",
                f"        return [x for x in self.{a} if x.{b}]", ""]
    if k == 2:  # keyword-bearing but harmless
        return [f"def {f}(config):", f'    token = config.get("{a}_token") or os.environ.get("{a.upper()}_TOKEN")',
                f'    password = getpass.getpass("{a} password: ") if token is None else None',
                f"    return {ident(r, True)}(token=token, password=password)", ""]
    if k == 3:
        return [f"    # {sentence(r)}", f"    for {a} in {b}s:", f"        {v}.append({a}.{ident(r)}())"]
    if k == 4:
        return [f"@pytest.mark.parametrize(\"{a}\", [{r.randint(0, 99)}, {r.randint(100, 999)}])",
                f"def test_{f}({a}):", f"    assert {ident(r)}({a}) == {r.randint(0, 9999)}", ""]
    return [f"{v.upper()} = {r.randint(1, 65536)}", f"logger = logging.getLogger(\"{a}.{b}\")"]


def go_block(r):
    f, a, T = ident(r, True), r.choice(WORDS), ident(r, True)
    k = r.randrange(4)
    if k == 0:
        return [f"// {f} {sentence(r).lower()}", f"func {f}(ctx context.Context, {a} *{T}) error {{",
                f"\tif {a} == nil {{", f'\t\treturn fmt.Errorf("{a}: %w", Err{T})', "\t}",
                f"\treturn {a}.{ident(r, True)}(ctx)", "}", ""]
    if k == 1:
        return [f"type {T} struct {{", f"\t{ident(r, True)} string `json:\"{camel(r)}\"`",
                f"\t{ident(r, True)} int    `json:\"{camel(r)}\"`", f'\tSecretRef string `json:"secretRef"`', "}", ""]
    if k == 2:
        return [f"\t{a}, err := {r.choice(WORDS)}.{f}()", "\tif err != nil {", "\t\treturn err", "\t}"]
    return [f'\tlog.Printf("{a}: token refresh in %s", {r.randint(1, 60)}*time.Second)']


def js_block(r):
    f, a = camel(r), r.choice(WORDS)
    k = r.randrange(4)
    if k == 0:
        return [f"export async function {f}({a}, opts = {{}}) {{", f"  const res = await fetch(`/api/{a}/${{{a}.id}}`, {{",
                "    headers: { Authorization: `Bearer ${opts.token}` },", "  });",
                f"  if (!res.ok) throw new Error('{sentence(r)}');", "  return res.json();", "}", ""]
    if k == 1:
        return [f"const {f} = ({a}) => {a}.filter(Boolean).map((x) => x.{camel(r)});", ""]
    if k == 2:
        return [f"  // {sentence(r)}", f"  {camel(r)}: process.env.{a.upper()}_API_KEY,", f"  {camel(r)}: {r.randint(0, 5000)},"]
    return [f"describe('{f}', () => {{", f"  it('{sentence(r).lower()}', () => {{",
            f"    expect({f}([])).toEqual([]);", "  });", "});", ""]


def swift_block(r):
    f, T, a = camel(r), ident(r, True), r.choice(WORDS)
    k = r.randrange(3)
    if k == 0:
        return [f"/// {sentence(r)}", f"public func {f}(_ {a}: {T}) throws -> [{T}] {{",
                f"    guard !{a}.isEmpty else {{ return [] }}", f"    return try {a}.{camel(r)}().sorted()", "}", ""]
    if k == 1:
        return [f"struct {T}: Sendable, Codable {{", f"    var {a}: String", f"    var {camel(r)}: Int = {r.randint(0, 99)}", "}", ""]
    return [f"        let {a} = try await client.{f}(token: credentials.token)"]


def java_block(r):
    f, T, a = camel(r), ident(r, True), r.choice(WORDS)
    k = r.randrange(3)
    if k == 0:
        return [f"    /** {sentence(r)} */", f"    public {T} {f}({T} {a}) {{",
                f"        Objects.requireNonNull({a}, \"{a}\");", f"        return repository.{camel(r)}({a}.getId());", "    }", ""]
    if k == 1:
        return [f"    private final Map<String, {T}> {a}s = new ConcurrentHashMap<>();"]
    return [f"    @Value(\"${{{a}.api.secret}}\")", f"    private String {a}Secret;", ""]


def rust_block(r):
    f, T, a = ident(r), ident(r, True), r.choice(WORDS)
    k = r.randrange(3)
    if k == 0:
        return [f"/// {sentence(r)}", f"pub fn {f}({a}: &{T}) -> Result<Vec<u8>, Error> {{",
                f"    let mut out = Vec::with_capacity({a}.len());", f"    {a}.{ident(r)}(&mut out)?;", "    Ok(out)", "}", ""]
    if k == 1:
        return ["#[derive(Debug, Clone, PartialEq)]", f"pub struct {T} {{", f"    pub {a}: String,",
                f"    pub {ident(r)}: u64,", "}", ""]
    return [f"    let token = std::env::var(\"{a.upper()}_TOKEN\").unwrap_or_default();"]


def sh_block(r):
    a = r.choice(WORDS)
    return [f"# {sentence(r)}", f'{a.upper()}_DIR="${{{a.upper()}_DIR:-/var/lib/{a}}}"',
            f'if [ ! -d "${a.upper()}_DIR" ]; then', f'  mkdir -p "${a.upper()}_DIR"', "fi",
            f'curl -fsS -H "Authorization: token $GITHUB_TOKEN" "https://api.example.com/{a}"', ""]


def yaml_block(r):
    a = r.choice(WORDS)
    return [f"{a}:", f"  enabled: {r.choice(['true', 'false'])}", f"  replicas: {r.randint(1, 9)}",
            f"  image: registry.example.com/{a}:{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}",
            f"  secretName: {a}-credentials", f"  # {sentence(r)}"]


def md_block(r):
    k = r.randrange(3)
    if k == 0:
        return [f"## {ident(r, True)}", "", sentence(r) + " " + sentence(r) + " " + sentence(r), ""]
    if k == 1:
        return [f"- {sentence(r)}", f"- {sentence(r)}", f"- Fixed in `{ident(r)}` (commit {rstr(r, '0123456789abcdef', 40)})", ""]
    return ["```sh", f"{r.choice(WORDS)} {r.choice(VERBS)} --{r.choice(WORDS)}=1", "```", ""]


LANGS = {  # extension: (block generator, header lines, directory pattern)
    "py": (py_block, ["import logging", "import os", "import getpass", ""], "src/{w}/{v}.py"),
    "go": (go_block, ["package {w}", "", "import (", '\t"context"', '\t"fmt"', ")", ""], "internal/{w}/{v}.go"),
    "js": (js_block, ["'use strict';", ""], "web/src/{w}/{v}.js"),
    "swift": (swift_block, ["import Foundation", ""], "Sources/{W}/{V}.swift"),
    "java": (java_block, ["package com.acme.{w};", "", "import java.util.*;", ""], "src/main/java/com/acme/{w}/{V}.java"),
    "rs": (rust_block, ["use std::io;", ""], "crates/{w}/src/{v}.rs"),
    "sh": (sh_block, ["#!/bin/sh", "set -eu", ""], "scripts/{v}.sh"),
    "yaml": (yaml_block, ["# generated by ops", ""], "deploy/{w}/{v}.yaml"),
    "md": (md_block, ["# {W}", ""], "docs/{w}/{v}.md"),
}
EXTS = list(LANGS)
EXT_WEIGHTS = [6, 4, 4, 3, 3, 2, 1, 2, 2]


def new_file(r, taken):
    while True:
        ext = r.choices(EXTS, EXT_WEIGHTS)[0]
        gen, header, pattern = LANGS[ext]
        w, v = r.choice(WORDS), ident(r)
        path = pattern.format(w=w, v=v, W=w.capitalize(), V=ident(r, True))
        if path not in taken:
            break
    lines = [h.format(w=w, W=w.capitalize()) for h in header]
    for _ in range(r.randint(10, 60)):
        lines += gen(r)
    return path, lines


def edit(r, path, lines):
    """A new list of lines: replace, insert, delete or append a block of the file's language."""
    gen = LANGS.get(path.rsplit(".", 1)[-1], LANGS["md"])[0]
    out = list(lines)
    op = r.random()
    pos = r.randint(0, len(out))
    if op < 0.35 or len(out) < 20:
        out[pos:pos] = gen(r)
    elif op < 0.7:
        out[pos:pos + r.randint(1, 4)] = gen(r)
    elif op < 0.85 or len(out) > 500:
        del out[pos:pos + r.randint(1, 12)]
    else:
        out += gen(r)
    return out


# ---- secrets -----------------------------------------------------------------------------

def aws_key_id(r, prefix="AKIA", legacy=False):
    if legacy:
        return prefix + r.choice("IJ") + rstr(r, B32, 15)
    account = r.randrange(1, 10**12)
    part = base64.b32encode(((account // 2) + 2**39).to_bytes(5, "big")).decode()
    middle = r.choice(B32[16:] if account % 2 else B32[:16])
    return prefix + part + middle + rstr(r, B32, 7)


def aws_secret(r):
    return rstr(r, B64, 40)


AWS_SYNTAXES = [".env", "ini-credentials", "yaml", "json-camelCase", "json-PascalCase-sts", "terraform",
                "java-properties", "dockerfile-env", "shell-export", "console-csv", "boto3-positional",
                "go-static-credentials", "js-aws-config", "notebook-json"]


def aws_event(r):
    """An AWS key id + secret (+ session token) in one of many syntaxes: (path, lines, labels)."""
    asia = r.random() < 0.25
    kid = aws_key_id(r, "ASIA" if asia else "AKIA", legacy=r.random() < 0.1)
    sec = aws_secret(r)
    tok = "IQoJb3JpZ2luX2VjE" + rstr(r, B64, r.randint(300, 700)) + "==" if asia else None
    labels = [(kid, "aws-access-key-id"), (sec, "aws-secret-access-key")]
    if tok:
        labels.append((tok, "aws-session-token"))
    w, n = r.choice(WORDS), r.randint(1, 999)
    tl = [] if not tok else None
    syntax = r.randrange(len(AWS_SYNTAXES))
    if syntax == 0:
        path = f"services/{w}/.env"
        lines = [f"APP_NAME={w}", f"AWS_ACCESS_KEY_ID={kid}", f"AWS_SECRET_ACCESS_KEY={sec}", "AWS_REGION=eu-west-1"]
        tl = [f"AWS_SESSION_TOKEN={tok}"]
    elif syntax == 1:
        path = f"ops/{w}/credentials"
        lines = ["[default]", f"aws_access_key_id = {kid}", f"aws_secret_access_key = {sec}", "region = us-east-1"]
        tl = [f"aws_session_token = {tok}"]
    elif syntax == 2:
        path = f"deploy/{w}/values-{n}.yaml"
        lines = ["aws:", f"  access_key_id: {kid}", f"  secret_access_key: \"{sec}\"", "  region: us-west-2"]
        tl = [f"  session_token: {tok}"]
    elif syntax == 3:
        path = f"config/{w}.json"
        lines = ["{", f'  "bucket": "{w}-{n}",', f'  "accessKeyId": "{kid}",', f'  "secretAccessKey": "{sec}"', "}"]
        tl = [f'  ,"sessionToken": "{tok}"']
    elif syntax == 4:
        path = f"fixtures/sts-{w}-{n}.json"
        lines = ['{', '  "Credentials": {', f'    "AccessKeyId": "{kid}",', f'    "SecretAccessKey": "{sec}",',
                 '    "Expiration": "2026-01-01T00:00:00Z"', "  }", "}"]
        tl = [f'    "SessionToken": "{tok}",']
    elif syntax == 5:
        path = f"infra/{w}/provider.tf"
        lines = ['provider "aws" {', '  region     = "us-east-1"', f'  access_key = "{kid}"', f'  secret_key = "{sec}"', "}"]
        tl = [f'  token      = "{tok}"']
    elif syntax == 6:
        path = f"src/main/resources/{w}.properties"
        lines = [f"{w}.endpoint=https://{w}.example.com", f"aws.accessKeyId={kid}", f"aws.secretKey={sec}"]
        tl = [f"aws.sessionToken={tok}"]
    elif syntax == 7:
        path = f"docker/{w}/Dockerfile"
        lines = ["FROM python:3.11-slim", f"ENV AWS_ACCESS_KEY_ID={kid}", f"ENV AWS_SECRET_ACCESS_KEY {sec}",
                 "COPY . /app", 'CMD ["python", "-m", "app"]']
        tl = [f"ENV AWS_SESSION_TOKEN={tok}"]
    elif syntax == 8:
        path = f"scripts/{w}-env.sh"
        lines = ["#!/bin/sh", f'export AWS_ACCESS_KEY_ID="{kid}"', f"export AWS_SECRET_ACCESS_KEY='{sec}'", 'exec "$@"']
        tl = [f'export AWS_SESSION_TOKEN="{tok}"']
    elif syntax == 9:
        path = f"ops/{w}_accessKeys.csv"
        if r.random() < 0.5:
            lines = ["Access key ID,Secret access key", f"{kid},{sec}"]
        else:
            lines = ["User name,Password,Access key ID,Secret access key,Console login link",
                     f"{w},,{kid},{sec},https://{n}.signin.aws.amazon.com/console"]
    elif syntax == 10:
        path = f"src/{w}/s3_{n}.py"
        lines = ["import boto3", "", f"session = boto3.Session(\"{kid}\",", f"                        \"{sec}\")",
                 f"bucket = session.resource(\"s3\").Bucket(\"{w}-{n}\")"]
    elif syntax == 11:
        path = f"internal/{w}/aws_{n}.go"
        lines = [f"package {w}", "", "func newSession() *session.Session {",
                 f'\tcreds := credentials.NewStaticCredentials("{kid}", "{sec}", "")',
                 "\treturn session.Must(session.NewSession(&aws.Config{Credentials: creds}))", "}"]
    elif syntax == 12:
        path = f"web/src/{w}/upload{n}.js"
        lines = ["AWS.config.update({", f"  accessKeyId: '{kid}',", f"  secretAccessKey: '{sec}',", "  region: 'us-east-1',", "});"]
    else:
        path = f"notebooks/{w}-{n}.ipynb"
        lines = ['{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": [',
                 f'  "import boto3\\n", "s3 = boto3.client(\\"s3\\", region_name=\\"us-east-1\\",\\n",',
                 f'  "    aws_access_key_id=\\"{kid}\\",\\n",', f'  "    aws_secret_access_key=\\"{sec}\\")\\n"',
                 ']}], "nbformat": 4, "nbformat_minor": 5}']
    if tok and tl:
        lines = lines[:-1] + tl + lines[-1:]
    elif tok:  # syntax without a place for the token: drop the label
        labels.pop()
    return path, lines, [(v, k, AWS_SYNTAXES[syntax]) for v, k in labels]


def pem(r, kind):
    head = {"RSA": "MIIEpAIBAAKCAQEA", "EC": "MHcCAQEEI", "OPENSSH": "b3BlbnNzaC1rZXktdjEAAAAA", "": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"}[kind]
    body = head + rstr(r, B64, r.randint(200, 1500))
    label = f"{kind} PRIVATE KEY".strip()
    lines = [f"-----BEGIN {label}-----"] + [body[i:i + 64] for i in range(0, len(body), 64)] + [f"-----END {label}-----"]
    return lines


def token_event(r):
    """A non-AWS token in a plausible file: (path, lines, labels)."""
    w, n = r.choice(WORDS), r.randint(1, 999)
    k = r.randrange(10)
    if k == 0:
        v = "ghp_" + rstr(r, ALNUM, 36)
        return f".github/{w}-{n}.env", [f"GITHUB_TOKEN={v}"], [(v, "github-pat")]
    if k == 1:
        v = "github_pat_" + rstr(r, ALNUM, 22) + "_" + rstr(r, ALNUM, 59)
        return f"scripts/release-{w}.sh", ["#!/bin/sh", f'GH_TOKEN="{v}" gh release create "$1"'], [(v, "github-fine-grained-pat")]
    if k == 2:
        v = f"xoxb-{r.randint(10**10, 10**12)}-{r.randint(10**10, 10**12)}-{rstr(r, ALNUM, 24)}"
        return f"config/slack-{w}.yaml", ["slack:", f"  bot_token: {v}", "  channel: '#alerts'"], [(v, "slack-bot-token")]
    if k == 3:
        v = f"https://hooks.slack.com/services/T{rstr(r, B32[:26] + '0123456789', 8)}/B{rstr(r, B32[:26] + '0123456789', 10)}/{rstr(r, ALNUM, 24)}"
        return f"src/{w}/notify_{n}.py", ["import requests", "", f'WEBHOOK = "{v}"', "requests.post(WEBHOOK, json={'text': 'deploy done'})"], [(v, "slack-webhook")]
    if k == 4:
        v = "sk_live_" + rstr(r, ALNUM, r.choice([24, 99]))
        return f"web/src/{w}/billing{n}.js", [f"const stripe = require('stripe')('{v}');"], [(v, "stripe-live-key")]
    if k == 5:
        v = "AIza" + rstr(r, URLSAFE, 35)
        if r.random() < 0.5:  # long minified line
            pre = ",".join(f'{camel(r)}:"{rstr(r, ALNUM, 12)}"' for _ in range(r.randint(200, 800)))
            return f"web/dist/{w}.min.js", ["!function(){var e={" + pre + f',mapsKey:"{v}"' + "};}();"], [(v, "google-api-key")]
        return f"android/{w}/google-services-{n}.json", ['{"client": [{"api_key": [{"current_key": "' + v + '"}]}]}'], [(v, "google-api-key")]
    if k == 6:
        v = "npm_" + rstr(r, ALNUM, 36)
        return f"packages/{w}/.npmrc", ["registry=https://registry.npmjs.org/", f"//registry.npmjs.org/:_authToken={v}"], [(v, "npm-token")]
    if k == 7:
        v = "SG." + rstr(r, URLSAFE, 22) + "." + rstr(r, URLSAFE, 43)
        return f"src/{w}/mail_{n}.py", ["import sendgrid", "", f"sg = sendgrid.SendGridAPIClient(api_key='{v}')"], [(v, "sendgrid-api-key")]
    kind = r.choice(["RSA", "EC", "OPENSSH", ""])
    lines = pem(r, kind)
    return f"deploy/{w}/keys/id_{n}.pem", lines, [("\n".join(lines), "private-key")]


def decoy_event(r):
    """Text a scanner must not report: (path, lines, decoy values)."""
    w, n = r.choice(WORDS), r.randint(1, 999)
    k = r.randrange(12)
    if k == 0:
        v = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
        return f"docs/{w}/aws-{n}.md", ["Configure the CLI:", "```ini", "[default]", f"aws_access_key_id = {v[0]}",
                                        f"aws_secret_access_key = {v[1]}", "```"], v
    if k == 1:
        v = ["AKIAXXXXXXXXXXXXXXXX", "<your-secret-access-key>"]
        return f"config/{w}.example.env", [f"AWS_ACCESS_KEY_ID={v[0]}", f"AWS_SECRET_ACCESS_KEY={v[1]}"], v
    if k == 2:
        v = ["${AWS_SECRET_ACCESS_KEY}", "${AWS_ACCESS_KEY_ID}"]
        return f"deploy/{w}/compose-{n}.yaml", ["environment:", f"  AWS_ACCESS_KEY_ID: {v[1]}", f"  AWS_SECRET_ACCESS_KEY: {v[0]}"], v
    if k == 3:
        v = ['os.environ["AWS_ACCESS_KEY_ID"]', 'os.environ["AWS_SECRET_ACCESS_KEY"]']
        return f"src/{w}/aws_env_{n}.py", ["import os, boto3", f"key = {v[0]}", f"secret = {v[1]}",
                                          "s3 = boto3.client('s3', aws_access_key_id=key, aws_secret_access_key=secret)"], v
    if k == 4:
        v = [rstr(r, "0123456789abcdef", 40) for _ in range(3)]
        return f"vendor/{w}.lock", [f'[[package]]\nname = "{w}"\nsource = "git+https://example.com/{w}.git#{v[0]}"',
                                    f"revision = \"{v[1]}\"", f"secret_sha = \"{v[2]}\""], v
    if k == 5:
        v = [base64.b64encode(r.randbytes(r.randint(200, 900))).decode()]
        return f"web/src/{w}/icon{n}.js", [f"export const icon = 'data:image/png;base64,{v[0]}';"], v
    if k == 6:
        v = ["sha512-" + base64.b64encode(r.randbytes(64)).decode()]
        return f"web/{w}/package-lock-{n}.json", ['{"packages": {"node_modules/' + w + '": {', f'  "integrity": "{v[0]}"', "}}}"], v
    if k == 7:
        v = ["%08x-%04x-4%03x-a%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12), r.getrandbits(12), r.getrandbits(48))]
        return f"config/{w}-{n}.ini", ["[client]", f"client_id = {v[0]}", f"request_id = {v[0]}"], v
    if k == 8:
        v = ["a" * 40, "0000000000000000000000000000000000000000", "changeme", "password123"]
        return f"tests/{w}/test_config_{n}.py", [f'AWS_SECRET = "{v[0]}"', f'aws_secret_access_key = "{v[1]}"',
                                                 f'PASSWORD = "{v[2]}"', f'db_password = "{v[3]}"'], v
    if k == 9:
        v = ["AIDA" + rstr(r, B32, 17), "AROA" + rstr(r, B32, 17)]
        return f"fixtures/{w}-identity-{n}.json", ['{', f'  "UserId": "{v[0]}",', f'  "RoleId": "{v[1]}",',
                                                  f'  "Arn": "arn:aws:iam::{r.randrange(10**12):012d}:user/{w}"', "}"], v
    if k == 10:
        v = ["ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", "xoxb-your-token-here"]
        return f"docs/{w}/tokens-{n}.md", [f"Set `GITHUB_TOKEN={v[0]}`, `STRIPE_KEY={v[1]}` and `SLACK_TOKEN={v[2]}`."], v
    v = ["-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"]
    return f"docs/{w}/ssh-{n}.md", ["Paste your key:", "```", *v[0].split("\n"), "```"], v


# ---- the history -------------------------------------------------------------------------

class Branch:
    def __init__(self, ref, files, owned=None, parent_mark=None, end=None):
        self.ref, self.files = ref, files
        self.owned = owned if owned is not None else set()
        self.parent_mark, self.end, self.tip = parent_mark, end, parent_mark


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--secrets", type=int, help="secret events (default max(40, N/250))")
    ap.add_argument("--decoys", type=int, help="decoy events (default max(40, N/250))")
    ap.add_argument("--labels", help="ground-truth file (default: labels.json beside OUT)")
    args = ap.parse_args()
    r = random.Random(args.seed)
    n = args.n
    out = os.path.abspath(args.out)
    labels_path = args.labels or os.path.join(os.path.dirname(out), "labels.json")
    if os.path.exists(out):
        sys.exit(f"gen-history: {out} exists; remove it first")
    n_sec = args.secrets if args.secrets is not None else max(40, n // 250)
    n_dec = args.decoys if args.decoys is not None else max(40, n // 250)
    events = {}
    for i in r.sample(range(1, n), min(n - 1, n_sec)):
        events[i] = "secret"
    for i in r.sample(range(1, n), min(n - 1, n_dec)):
        events.setdefault(i, "decoy")

    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", f"--export-marks={out}/.git/ks-marks"],
                          stdin=subprocess.PIPE)
    w = fi.stdin

    files = {}
    for _ in range(40):
        p, lines = new_file(r, files)
        files[p] = lines
    main_b = Branch("refs/heads/main", files)
    features, special = [], set()   # special: files holding planted text, edited only on purpose
    pending_delete = []              # (due commit index, path)
    labels, decoys = [], []
    t = START
    mark = 0
    n_branch = 0

    def emit(branch, msg, changes, merge=None):
        nonlocal mark, t
        mark += 1
        t += r.randint(300, 30000)
        name, email = r.choice(AUTHORS)
        body = msg.encode()
        w.write(f"commit {branch.ref}\nmark :{mark}\n".encode())
        w.write(f"author {name} <{email}> {t} +0000\ncommitter {name} <{email}> {t} +0000\n".encode())
        w.write(b"data %d\n%s\n" % (len(body), body))
        if branch.tip is not None and branch.tip == branch.parent_mark and branch is not main_b:
            w.write(f"from :{branch.parent_mark}\n".encode())
        if merge:
            w.write(f"merge :{merge}\n".encode())
        for op, path, data in changes:
            if op == "M":
                blob = ("\n".join(data) + "\n").encode()
                w.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(blob), blob))
            elif op == "D":
                w.write(f"D {path}\n".encode())
            else:
                w.write(f'R "{path}" "{data}"\n'.encode())
        branch.tip = mark
        return mark

    def locked(path):
        return path in special or any(path in f.owned for f in features)

    for i in range(n):
        # feature branches: start, end (merge or abandon)
        if i > 10 and len(features) < 2 and r.random() < 0.004:
            n_branch += 1
            fb = Branch(f"refs/heads/feature/{ident(r).replace('_', '-')}-{n_branch}", dict(main_b.files),
                        parent_mark=main_b.tip, end=i + r.randint(5, 60))
            for p in r.sample(list(main_b.files), 4):
                if not locked(p):
                    fb.owned.add(p)
            features.append(fb)
        for fb in [f for f in features if f.end <= i]:
            features.remove(fb)
            if r.random() < 0.85:
                ch = [("M", p, fb.files[p]) for p in sorted(fb.owned) if p in fb.files]
                for op, p, data in ch:
                    if op == "M":
                        main_b.files[p] = data
                    else:
                        main_b.files.pop(p, None)
                emit(main_b, f"Merge branch '{fb.ref[11:]}'", ch, merge=fb.tip)

        b = main_b if not features or r.random() < 0.7 else r.choice(features)
        ev = events.get(i)
        changes = []
        if ev:
            if ev == "secret":
                if r.random() < 0.6:
                    path, lines, labs = aws_event(r)
                else:
                    path, lines, labs = token_event(r)
                    labs = [(v, k, "minified-js" if path.endswith(".min.js") else k) for v, k in labs]
            else:
                path, lines, labs = decoy_event(r)
            while path in b.files or locked(path):
                path = path.replace("/", f"/{r.randint(0, 9)}", 1)
            b.files[path] = lines
            special.add(path)
            b.owned.add(path)
            changes.append(("M", path, lines))
            msg = r.choice(["Add {} config", "Wire up {}", "Configure {} for staging", "WIP {}", "Quick fix for {}"]).format(r.choice(WORDS))
            if ev == "secret":
                labels += [{"secret": v, "kind": k, "syntax": x, "path": path, "_i": i} for v, k, x in labs]
                if b is main_b and r.random() < 0.4:
                    pending_delete.append((i + r.randint(1, 300), path))
            else:
                decoys += [{"value": v, "path": path} for v in labs]
        else:
            kind = r.random()
            pool = list(b.files) if b is main_b else sorted(b.owned)
            editable = [p for p in r.sample(pool, min(len(pool), 64)) if p in b.files and not locked(p)] \
                if b is main_b else [p for p in pool if p in b.files and p not in special]
            if kind < 0.08 or not editable:
                p, lines = new_file(r, b.files)
                b.files[p] = lines
                b.owned.add(p)
                changes.append(("M", p, lines))
                msg = f"Add {p.rsplit('/', 1)[-1]}"
            elif kind < 0.095 and b is main_b and len(b.files) > 30:
                p = r.choice(editable)
                del b.files[p]
                changes.append(("D", p, None))
                msg = f"Remove unused {p.rsplit('/', 1)[-1]}"
            elif kind < 0.105 and b is main_b:
                p = r.choice(editable)
                d, base = p.rsplit("/", 1)
                q = f"{d}/{r.choice(WORDS)}_{base}"
                if q not in b.files:
                    b.files[q] = b.files.pop(p)
                    changes.append(("R", p, q))
                msg = f"Move {base}"
            elif kind < 0.115 and b is main_b and special:
                # edit a planted config file without touching the secret: same secret, new blob
                p = r.choice(sorted(special))
                if p in b.files and not any(p in f.owned for f in features):
                    b.files[p] = b.files[p] + [f"# {sentence(r)}"]
                    changes.append(("M", p, b.files[p]))
                msg = f"Update {p.rsplit('/', 1)[-1]}"
            else:
                for p in editable[:r.choice([1, 1, 1, 2, 2, 3])]:
                    b.files[p] = edit(r, p, b.files[p])
                    changes.append(("M", p, b.files[p]))
                msg = r.choice(["Fix {} handling in {}", "Refactor {} of {}", "Speed up {} in {}", "Document {} for {}",
                                "Handle empty {} in {}", "Rename {} in {}"]).format(r.choice(WORDS), ident(r))
        if b is main_b:
            for due, p in [x for x in pending_delete if x[0] <= i]:
                pending_delete.remove((due, p))
                if p in b.files and not any(p in f.owned for f in features):
                    del b.files[p]
                    changes.append(("D", p, None))
                    msg += f"\n\nRemove {p.rsplit('/', 1)[-1]}, it should never have been committed."
        m = emit(b, msg, changes)
        for lab in labels:
            if lab.get("_i") == i:
                lab["mark"] = m
                lab["ref"] = b.ref
                del lab["_i"]
        if b is main_b and i % 2500 == 2499:
            w.write(f"tag v{i // 2500 + 1}.0\nfrom :{m}\ntagger Ada Park <ada@example.org> {t} +0000\ndata 8\nrelease\n\n".encode())
        if i == n // 2:  # a commit reachable only from a tag
            pm = m
            ref = "refs/tags/hotfix-secret"
            kid, sec = aws_key_id(r), aws_secret(r)
            tlines = ["[hotfix]", f"aws_access_key_id = {kid}", f"aws_secret_access_key = {sec}"]
            mark += 1
            w.write(f"commit {ref}\nmark :{mark}\ncommitter Ada Park <ada@example.org> {t + 60} +0000\n".encode())
            w.write(f"data 6\nhotfix\nfrom :{pm}\n".encode())
            body = ("\n".join(tlines) + "\n").encode()
            w.write(b"M 100644 inline ops/hotfix.ini\ndata %d\n%s\n" % (len(body), body))
            labels += [{"secret": v, "kind": k, "syntax": "ini-on-tag-only", "path": "ops/hotfix.ini", "mark": mark, "ref": ref}
                       for v, k in ((kid, "aws-access-key-id"), (sec, "aws-secret-access-key"))]
    w.close()
    if fi.wait() != 0:
        sys.exit("gen-history: git fast-import failed")
    marks = dict(line.split() for line in open(f"{out}/.git/ks-marks"))
    os.remove(f"{out}/.git/ks-marks")
    for lab in labels:
        lab["commit"] = marks[f":{lab.pop('mark')}"]
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"], check=True)
    doc = {"generator": "benchmarks/gen-history.py", "seed": args.seed, "commits": n,
           "head": subprocess.run(["git", "-C", out, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
           "secrets": labels, "decoys": decoys}
    with open(labels_path, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"{out}: {n} commits (+merges), {len(labels)} secrets, {len(decoys)} decoy values; labels in {labels_path}")


if __name__ == "__main__":
    main()
