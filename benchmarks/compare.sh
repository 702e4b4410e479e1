#!/usr/bin/env bash
# Times keysweep against gitleaks, Betterleaks and the `git cat-file` lower bound on the same
# repositories, in one run on one machine, and appends a dated section to benchmarks/RESULTS.md.
#
# usage: benchmarks/compare.sh [-n RUNS] [-o RESULTS.md] [-b RULES.toml] REPO [REPO...]
#   RUNS     timed runs per tool (default 3; the table shows the median wall time)
#   -b FILE  also time keysweep with only FILE's rules (`--config FILE`), as "keysweep-baseline":
#            e.g. the catalogue before a change (`git show REV:patterns/aws.toml`), to measure in
#            the same run what the change costs
#   KEYSWEEP_BEFORE  another keysweep binary (e.g. built from the commit before a change) timed as
#            "keysweep-before" with its own built-in rules, in the same rounds
#   KEYSWEEP path of the keysweep binary (default: .build/release/keysweep, built if missing);
#            KEYSWEEP=skip leaves keysweep out (for trying the script before keysweep exists)
# Each round runs every tool once, in turn, so that load from other users of the machine is
# spread over all tools; the load average before and after is recorded with the numbers, and CPU
# time (user+sys) is shown beside wall time because it suffers less from a busy machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
runs=3
results="$here/RESULTS.md"
baseline=""
while getopts "n:o:b:" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    o) results="$OPTARG" ;;
    b) baseline="$(cd "$(dirname "$OPTARG")" && pwd)/$(basename "$OPTARG")" ;;
    *) echo "usage: $0 [-n RUNS] [-o RESULTS.md] [-b RULES.toml] REPO [REPO...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-n RUNS] [-o RESULTS.md] [-b RULES.toml] REPO [REPO...]" >&2; exit 2; }
[ -z "$baseline" ] || [ -r "$baseline" ] || { echo "compare.sh: -b $baseline: cannot read it; give a rule file" >&2; exit 2; }

# --- tools -------------------------------------------------------------------------------
apt_install() {  # package: install with apt-get (as root or with sudo)
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq "$1" >/dev/null 2>&1 || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$1" >/dev/null; }
}
[ -x /usr/bin/time ] || apt_install time
peers="$(PEERS_PYTHON=0 PEERS_APT=0 "$root/../shared/peers/install.sh")"
gitleaks="$peers/gitleaks"
betterleaks="$peers/betterleaks"
keysweep="${KEYSWEEP:-$root/.build/release/keysweep}"
if [ "$keysweep" != skip ] && [ ! -x "$keysweep" ]; then
  echo "compare.sh: building keysweep (swift build -c release)" >&2
  (cd "$root" && swift build -c release >&2)
fi

tools=(cat-file gitleaks betterleaks)
[ "$keysweep" = skip ] || tools=(keysweep "${tools[@]}")
[ "$keysweep" = skip ] || [ -z "$baseline" ] || tools=(keysweep keysweep-baseline "${tools[@]:1}")
before="${KEYSWEEP_BEFORE:-}"
[ -z "$before" ] || [ -x "$before" ] || { echo "compare.sh: KEYSWEEP_BEFORE=$before is not an executable" >&2; exit 2; }
[ -z "$before" ] || tools=("${tools[0]}" keysweep-before "${tools[@]:1}")

command_for() {  # tool repo report: sets cmd (the command) and stdout (where its stdout goes)
  local tool="$1" repo="$2" report="$3"
  stdout=/dev/null
  case "$tool" in
    keysweep) cmd=("$keysweep" scan "$repo" --format json --no-progress); stdout="$report" ;;
    keysweep-before) cmd=("$before" scan "$repo" --format json); stdout="$report" ;;
    keysweep-baseline) cmd=("$keysweep" scan "$repo" --format json --no-progress --no-repo-config --config "$baseline"); stdout="$report" ;;
    gitleaks) cmd=("$gitleaks" git "$repo" --report-format json --report-path "$report" --no-banner --log-level error) ;;
    betterleaks) cmd=("$betterleaks" git "$repo" -o "$report" --no-banner --log-level error) ;;
    cat-file) cmd=(git -C "$repo" cat-file --batch-all-objects --batch --unordered) ;;
  esac
}

version() {
  case "$1" in
    keysweep) echo "$("$keysweep" --version 2>/dev/null | sed 's/^keysweep //') at $(git -C "$root" describe --always --dirty)" ;;
    keysweep-before) echo "$("$before" --version 2>/dev/null | sed 's/^keysweep //') ($before)" ;;
    keysweep-baseline) echo "the same binary with --config $(basename "$baseline") ($(grep -c '^\[\[rules\]\]' "$baseline") rules)" ;;
    gitleaks) "$gitleaks" version ;;
    betterleaks) "$betterleaks" version ;;
    cat-file) git --version | sed 's/^git version //' ;;
  esac
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for repo in "$@"; do
  repo="$(cd "$repo" && pwd)"
  name="$(basename "$repo")"
  # generated histories live at DIR/repo (labels.json beside): name them by DIR
  [ "$name" != repo ] || name="$(basename "$(dirname "$repo")")"
  echo "compare.sh: $name: warming the page cache" >&2
  git -C "$repo" cat-file --batch-all-objects --batch --unordered >/dev/null
  raw="$work/$name.tsv"
  : >"$raw"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  for run in $(seq 1 "$runs"); do
    for tool in "${tools[@]}"; do
      command_for "$tool" "$repo" "$work/$name.$tool.json"
      rc=0
      /usr/bin/time -f "%e %M %U %S" -o "$work/time" "${cmd[@]}" >"$stdout" || rc=$?
      read -r wall rss user sys < <(tail -n 1 "$work/time") || true
      rss="${rss:-0}"
      cpu="$(echo "${user:-0} ${sys:-0}" | awk '{print $1 + $2}')"
      # gitleaks, Betterleaks and keysweep exit 1 when they find something
      [ "$rc" -le 1 ] || { echo "compare.sh: $tool failed on $name (exit $rc)" >&2; wall=nan; }
      printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$rss" "$cpu" >>"$raw"
      echo "compare.sh: $name run $run $tool: ${wall}s wall, ${cpu}s CPU, $((rss / 1024)) MiB" >&2
    done
  done
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

  versions=""
  for tool in "${tools[@]}"; do versions+="$tool $(version "$tool" | head -1); "; done
  commits="$(git -C "$repo" rev-list --all | wc -l)"
  head="$(git -C "$repo" rev-parse --short HEAD)"
  objects="$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
    | awk '{n++} $1=="blob"{b++; s+=$2} END{printf "%d objects, %d blobs, %.0f blob bytes", n, b, s}')"
  blob_bytes="$(echo "$objects" | sed 's/.*blobs, \([0-9]*\) blob bytes/\1/')"
  pack="$(git -C "$repo" count-objects -vH | sed -n 's/^size-pack: //p')"

  python3 - "$raw" "$work" "$name" "$blob_bytes" >"$work/table.md" <<'PY'
import json, statistics, sys
raw, work, name, blob_bytes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = {}
for line in open(raw):
    tool, run, wall, rss, cpu = line.split("\t")
    rows.setdefault(tool, []).append((float(wall), int(rss), float(cpu)))

def findings(tool):
    if tool == "cat-file":
        return "–"
    try:
        doc = json.load(open(f"{work}/{name}.{tool}.json"))
    except (OSError, ValueError):
        return "?"
    return str(len(doc if isinstance(doc, list) else doc.get("findings", [])))

med = {t: statistics.median(x[0] for x in v) for t, v in rows.items()}
cpu = {t: statistics.median(x[2] for x in v) for t, v in rows.items()}
print("| tool | wall s (median) | wall s (min–max) | CPU s (user+sys, median) | peak RSS MiB | findings | blob MB/s |")
print("|---|---:|---:|---:|---:|---:|---:|")
for t, v in rows.items():
    walls = [x[0] for x in v]
    rss = max(x[1] for x in v) / 1024
    rate = blob_bytes / 1e6 / med[t] if med[t] > 0 else float("nan")
    print(f"| {t} | {med[t]:.2f} | {min(walls):.2f}–{max(walls):.2f} | {cpu[t]:.2f} | {rss:.0f} | {findings(t)} | {rate:.0f} |")
if "keysweep" in med:
    others = [t for t in ("keysweep-before", "keysweep-baseline", "gitleaks", "betterleaks", "cat-file") if t in med]
    print()
    print("Ratios of median wall time: " + ", ".join(f"keysweep/{t} = {med['keysweep'] / med[t]:.2f}" for t in others))
    print("Ratios of median CPU time: " + ", ".join(f"keysweep/{t} = {cpu['keysweep'] / cpu[t]:.2f}" for t in others if cpu[t] > 0))
PY

  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): $name (compare.sh, $runs runs)"
    echo
    echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -h | awk '/^Mem:/{print $2}') RAM ($(free -h | awk '/^Mem:/{print $7}') available); load average before $load_before, after $load_after"
    echo "- Versions: ${versions%; }"
    echo "- Repository: $name at $head: $commits commits, $objects ($((blob_bytes / 1000000)) MB), pack $pack"
    echo "- Blob MB/s = all blob bytes in the repository / wall time (gitleaks and Betterleaks read \`git log -p\` text instead of blobs, so for them it is a normalised speed)."
    echo
    cat "$work/table.md"
  } >>"$results"
  echo "compare.sh: $name: appended to $results" >&2
  cat "$work/table.md"
done
