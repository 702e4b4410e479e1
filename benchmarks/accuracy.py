#!/usr/bin/env python3
"""Precision and recall of keysweep, gitleaks and Betterleaks on a generated history.

usage: accuracy.py REPO LABELS [-o RESULTS.md] [--tools keysweep,gitleaks,betterleaks]
                   [--details FILE]

REPO and LABELS come from gen-history.py. Each tool scans the full history with secrets
shown (keysweep --no-redact; gitleaks and Betterleaks show them by default). A finding matches
a planted secret by value: equal after removing whitespace, or one contains the other (a PEM
body, a webhook URL inside a larger match); a contained finding must be at least 20 characters.

Counted over distinct values: TP = planted secrets found, FN = planted secrets missed,
FP = reported values that match no planted secret (of which "decoys" match a planted decoy),
precision = reported values that match / reported values, recall = TP / planted.
"AWS" restricts the planted secrets to aws-* kinds and the reported values to those from rules
whose id contains "aws" or that match an AWS secret.
Appends a dated section to benchmarks/RESULTS.md; --details writes every FN and FP to a file.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def peers():
    env = dict(os.environ, PEERS_PYTHON="0", PEERS_APT="0")
    out = subprocess.run([os.path.join(ROOT, "..", "shared", "peers", "install.sh")], env=env,
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def keysweep_bin():
    path = os.environ.get("KEYSWEEP") or os.path.join(ROOT, ".build", "release", "keysweep")
    if not os.access(path, os.X_OK):
        print("accuracy.py: building keysweep (swift build -c release)", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=sys.stderr)
    return path


def scan(tool, repo, work):
    """Scan REPO's full history with TOOL, secrets shown; return its JSON report and version."""
    report = os.path.join(work, f"{tool}.json")
    if tool == "keysweep":
        exe = keysweep_bin()
        with open(report, "w") as out:
            rc = subprocess.run([exe, "scan", repo, "--format", "json", "--no-redact"], stdout=out).returncode
        version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
        version = version.removeprefix("keysweep ") + " at " + subprocess.run(
            ["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    else:
        exe = os.path.join(peers(), tool)
        cmd = ([exe, "git", repo, "--report-format", "json", "--report-path", report] if tool == "gitleaks"
               else [exe, "git", repo, "-o", report])
        rc = subprocess.run(cmd + ["--no-banner", "--log-level", "error"], stdout=subprocess.DEVNULL).returncode
        version = subprocess.run([exe, "version"], capture_output=True, text=True).stdout.strip()
    if rc > 1:
        sys.exit(f"{os.path.basename(sys.argv[0])}: {tool} failed (exit {rc})")
    return json.load(open(report)), version


def run(tool, repo, work):
    """Scan REPO with TOOL; return [(rule, secret)] and the tool's version."""
    doc, version = scan(tool, repo, work)
    if tool == "gitleaks":
        return [(f["RuleID"], f["Secret"]) for f in doc], version
    if tool == "betterleaks":
        found = []
        for f in doc.get("findings", []):
            found.append((f["rule_id"], f["match"]["value"]))
            for cs in f.get("component_sets", []):  # paired parts of composite rules
                found += [(c["rule_id"], c["match"]["value"]) for c in cs.get("components", [])]
        return found, version
    return [(f["rule"], f["secret"]) for f in doc.get("findings", [])], version


def norm(s):
    return re.sub(r"\s+", "", s)


def matches(found, planted):
    return found == planted or planted in found or (len(found) >= 20 and found in planted)


def score(found, labels, decoys, aws_only):
    planted = {norm(l["secret"]): l for l in labels if not aws_only or l["kind"].startswith("aws-")}
    hit = set()
    reported, true_reported, decoy_fp, fps = set(), set(), set(), set()
    for rule, secret in found:
        v = norm(secret)
        m = [p for p in planted if matches(v, p)]
        if aws_only and not m and "aws" not in rule.lower():
            continue
        reported.add(v)
        if m:
            hit.update(m)
            true_reported.add(v)
        else:
            fps.add((rule, secret))
            if any(matches(v, norm(d)) or matches(norm(d), v) for d in decoys if d):
                decoy_fp.add(v)
    fp = len(reported - true_reported)
    precision = len(true_reported) / len(reported) if reported else float("nan")
    return {"tp": len(hit), "fp": fp, "decoy_fp": len(decoy_fp), "fn": len(planted) - len(hit),
            "precision": precision, "recall": len(hit) / len(planted) if planted else float("nan"),
            "missed": [planted[p] for p in planted if p not in hit], "fps": sorted(fps), "hit": hit}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repo")
    ap.add_argument("labels")
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--tools", default=os.environ.get("TOOLS", "keysweep,gitleaks,betterleaks"))
    ap.add_argument("--details")
    args = ap.parse_args()
    repo = os.path.abspath(args.repo)
    doc = json.load(open(args.labels))
    labels, decoys = doc["secrets"], [d["value"] for d in doc["decoys"]]
    tools = [t for t in args.tools.split(",") if t]
    results, versions, details = {}, {}, {}
    with tempfile.TemporaryDirectory() as work:
        for tool in tools:
            print(f"accuracy.py: scanning with {tool}", file=sys.stderr)
            found, versions[tool] = run(tool, repo, work)
            results[tool] = (score(found, labels, decoys, False), score(found, labels, decoys, True))
            details[tool] = {"missed": results[tool][0]["missed"], "false_positives": results[tool][0]["fps"]}

    def pct(x):
        return "n/a" if x != x else f"{100 * x:.1f}%"

    name = os.path.basename(repo) if os.path.basename(repo) != "repo" else os.path.basename(os.path.dirname(repo))
    n_aws = sum(1 for l in labels if l["kind"].startswith("aws-"))
    out = [f"\n## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}: accuracy on {name} (accuracy.py)\n",
           f"- Repository: {name}, {doc['commits']} generated commits (seed {doc['seed']}, head {doc['head'][:10]}); "
           f"{len(labels)} planted secrets ({n_aws} AWS), {len(decoys)} decoy values",
           "- Versions: " + "; ".join(f"{t} {versions[t].splitlines()[0] if versions[t] else '?'}" for t in tools),
           "- Counted over distinct secret values; a decoy FP is a reported decoy (documentation example, placeholder, hash, identifier...).\n",
           "| tool | TP | FP (decoys) | FN | precision | recall | AWS TP | AWS FP (decoys) | AWS FN | AWS precision | AWS recall |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for t in tools:
        a, w = results[t]
        out.append(f"| {t} | {a['tp']} | {a['fp']} ({a['decoy_fp']}) | {a['fn']} | {pct(a['precision'])} | {pct(a['recall'])} "
                   f"| {w['tp']} | {w['fp']} ({w['decoy_fp']}) | {w['fn']} | {pct(w['precision'])} | {pct(w['recall'])} |")
    out += ["", "Recall by kind and syntax (found / planted):", "",
            "| kind | syntax | planted | " + " | ".join(tools) + " |", "|---|---|---:|" + "---:|" * len(tools)]
    groups = {}
    for l in labels:
        groups.setdefault((l["kind"], l.get("syntax", "")), []).append(norm(l["secret"]))
    for (kind, syntax), vals in sorted(groups.items()):
        cells = [str(sum(v in results[t][0]["hit"] for v in vals)) for t in tools]
        out.append(f"| {kind} | {syntax} | {len(vals)} | " + " | ".join(cells) + " |")
    text = "\n".join(out) + "\n"
    with open(args.output, "a") as f:
        f.write(text)
    if args.details:
        with open(args.details, "w") as f:
            json.dump(details, f, indent=1, default=list)
    print(text)


if __name__ == "__main__":
    main()
