#!/usr/bin/env python3
"""keysweep, gitleaks and Betterleaks on a clone of Plazmaz/leaky-repo, a public repository of
realistic leaks in the files people commit by mistake (shell profiles, cloud CLI configs, docker and
npm auth, FTP clients, wp-config.php, database dumps, private keys), held out from our rules.

usage: leaky-repo.py CLONE [-o RESULTS.md]

The repository's own answer key, CLONE/.leaky-meta/secrets.csv, counts per file the lines that
hold a "risk" (a secret). Each tool scans the full history with secrets shown; per file, the
distinct secret values it reports are counted, up to that file's risk lines ("found"), and those
beyond it, or in files without risk lines, are "extra". Distinct values, because the history holds
some files twice and one secret may stand on several lines (a file whose lines repeat one secret
can only be found once). Appends a dated section to benchmarks/RESULTS.md.
"""
import argparse
import collections
import datetime
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import accuracy  # noqa: E402  (runs the tools as accuracy.py does)


def answer_key(clone):
    path = os.path.join(clone, ".leaky-meta", "secrets.csv")
    if not os.path.exists(path):
        sys.exit(f"leaky-repo.py: {path} not found; give a clone of Plazmaz/leaky-repo")
    risks = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            name, risk, _ = line.split(",")
            risks[name] = int(risk)
    return risks


def secrets_by_file(tool, clone, work):
    """Distinct reported secret values per path, and the tool's version."""
    doc, version = accuracy.scan(tool, clone, work)
    found = collections.defaultdict(set)
    if tool == "gitleaks":
        for f in doc:
            found[f["File"]].add(f["Secret"])
    elif tool == "betterleaks":
        for f in doc.get("findings", []):
            found[f["location"]["path"]].add(f["match"]["value"])
    else:
        for f in doc.get("findings", []):
            found[f["path"]].add(f["secret"])
    return found, version


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("clone")
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "RESULTS.md"))
    args = ap.parse_args()
    clone = os.path.abspath(args.clone)
    risks = answer_key(clone)
    tools = ["keysweep", "gitleaks", "betterleaks"]
    with tempfile.TemporaryDirectory() as work:
        results = {t: secrets_by_file(t, clone, work) for t in tools}
    head = subprocess.run(["git", "-C", clone, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    files = sorted(set(risks) | {p for t in tools for p in results[t][0]})
    totals = {t: [0, 0] for t in tools}
    rows = []
    for path in files:
        expected = risks.get(path, 0)
        cells = []
        for t in tools:
            n = len(results[t][0].get(path, ()))
            totals[t][0] += min(n, expected)
            totals[t][1] += max(0, n - expected)
            cells.append(str(n))
        if expected or any(c != "0" for c in cells):
            rows.append(f"| `{path}` | {expected} | " + " | ".join(cells) + " |")
    expected_total = sum(risks.values())
    out = [
        "",
        f"## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: leaky-repo (leaky-repo.py)",
        "",
        f"- Repository: Plazmaz/leaky-repo at {head}; its answer key counts {expected_total} risk lines in {len(risks)} files",
        "- Versions: " + "; ".join(f"{t} {results[t][1]}" for t in tools),
        "- Per file: distinct secret values reported; found = up to the file's risk lines, extra = beyond them",
        "",
        "| tool | found (of %d) | extra |" % expected_total,
        "|---|---:|---:|",
    ]
    out += [f"| {t} | {totals[t][0]} | {totals[t][1]} |" for t in tools]
    out += ["", "<details><summary>Per file</summary>", "", "| file | risk lines | " + " | ".join(tools) + " |",
            "|---|---:|" + "---:|" * len(tools)] + rows + ["", "</details>", ""]
    text = "\n".join(out)
    print(text)
    with open(args.output, "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
