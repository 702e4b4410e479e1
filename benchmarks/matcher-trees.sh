#!/usr/bin/env bash
# Matcher throughput on one core on real source code: each SOURCE's text held in memory and run
# through the compiled rule set by `keysweep rules bench`, in interleaved rounds (this VM's speed
# drifts in stretches of seconds, so every binary gets every stretch), optionally beside an
# earlier build. Reports per input the median over rounds of each round's median MB/s and of its
# fastest tenth, with their ranges, and appends the table to RESULTS.md.
#
# usage: benchmarks/matcher-trees.sh [-n ROUNDS] [-r RUNS] [-o RESULTS.md] SOURCE...
#   SOURCE: a git repository (its HEAD's tree is exported with `git archive`, so the bench reads
#   the tracked files only) or a directory (read as it is, hidden directories skipped).
#   KEYSWEEP: the binary (default .build/release/keysweep); KEYSWEEP_BEFORE: a second one.
# Defaults: 5 rounds of 20 passes each.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
rounds=5 runs=20 results="$here/RESULTS.md"
while getopts "n:r:o:" opt; do
  case "$opt" in
    n) rounds="$OPTARG" ;;
    r) runs="$OPTARG" ;;
    o) results="$OPTARG" ;;
    *) echo "usage: $0 [-n ROUNDS] [-r RUNS] [-o RESULTS.md] SOURCE..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-n ROUNDS] [-r RUNS] [-o RESULTS.md] SOURCE... (git repositories or directories)" >&2; exit 2; }
keysweep="${KEYSWEEP:-$root/.build/release/keysweep}"
[ -x "$keysweep" ] || (cd "$root" && swift build -c release --product keysweep >&2)
binaries=("$keysweep")
[ -n "${KEYSWEEP_BEFORE:-}" ] && binaries=("$KEYSWEEP_BEFORE" "$keysweep")
for b in "${binaries[@]}"; do [ -x "$b" ] || { echo "$b: not an executable; build it or fix KEYSWEEP / KEYSWEEP_BEFORE" >&2; exit 2; }; done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A clone's top directory or a bare repository: its HEAD is exported.
is_repo() {
  local top
  top="$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" && [ "$top" = "$(cd "$1" && pwd -P)" ] && return 0
  [ "$(git -C "$1" rev-parse --is-bare-repository 2>/dev/null)" = "true" ]
}
dirs=() names=()
for src in "$@"; do
  [ -d "$src" ] || { echo "$src: not a directory; give git clones or directories of text" >&2; exit 2; }
  full="$(cd "$src" && pwd)"
  name="$(basename "$full")"
  # A bare repository kept as OWNER+NAME/repo (as fetched mirrors are) is named by its parent.
  [ "$name" = "repo" ] && [ "$(git -C "$src" rev-parse --is-bare-repository 2>/dev/null)" = "true" ] && name="$(basename "$(dirname "$full")")"
  if is_repo "$src"; then
    # One export directory per argument, so that inputs of the same name stay apart.
    mkdir -p "$work/${#dirs[@]}/$name"
    git -C "$src" archive --format=tar HEAD | tar -x -C "$work/${#dirs[@]}/$name"
    dirs+=("$work/${#dirs[@]}/$name") names+=("$name work tree at $(git -C "$src" rev-parse --short HEAD)")
  else
    dirs+=("$src") names+=("$name")
  fi
done

# One line per (input, binary, round): median MB/s, fastest tenth MB/s.
for r in $(seq "$rounds"); do
  for i in "${!dirs[@]}"; do
    for b in "${!binaries[@]}"; do
      line="$("${binaries[$b]}" rules bench "${dirs[$i]}" --runs "$runs" | sed -n 2p)"
      median="$(echo "$line" | awk '{print $2}')"
      quiet="$(echo "$line" | sed -n 's/.*fastest tenth \([0-9.]*\) MB.*/\1/p')"
      echo "$i $b $median ${quiet:-$median}"
    done
  done
done >"$work/rounds.txt"

sizes="$(for d in "${dirs[@]}"; do "$keysweep" rules bench "$d" --runs 1 | head -1 | awk '{print $3}'; done | paste -sd' ')"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): matcher alone on real source (matcher-trees.sh, $rounds rounds of $runs passes)"
  echo
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load average after $(cut -d' ' -f1-3 /proc/loadavg)"
  for b in "${binaries[@]}"; do
    echo "- $b: keysweep $("$b" --version | sed 's/^keysweep //')"
  done
  echo "- keysweep at $(git -C "$root" describe --always --dirty); each input's files held in memory, one core; MB/s per round: the median of its passes, and the fastest tenth's slowest"
  echo
  python3 - "$work/rounds.txt" "${#binaries[@]}" "$sizes" "${names[@]}" <<'PY'
import statistics, sys
rows, nbin, sizes, names = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
data = {}
for line in open(rows):
    i, b, med, quiet = line.split()
    data.setdefault((int(i), int(b)), ([], []))
    data[(int(i), int(b))][0].append(float(med))
    data[(int(i), int(b))][1].append(float(quiet))
labels = ["before", "now"] if nbin == 2 else ["now"]
head = "| input | " + " | ".join(f"{l}: median MB/s | {l}: fastest tenth" for l in labels) + " |"
print(head)
print("|---|" + "---:|" * (2 * nbin))
def cell(v):
    return f"{statistics.median(v):.0f} ({min(v):.0f}–{max(v):.0f})"
for i, name in enumerate(names):
    cells = []
    for b in range(nbin):
        med, quiet = data[(i, b)]
        cells += [cell(med), cell(quiet)]
    print(f"| {name} ({sizes[i]} MB) | " + " | ".join(cells) + " |")
PY
} | tee -a "$results"
