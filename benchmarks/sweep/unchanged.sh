#!/usr/bin/env bash
# Benchmark: `keysweep sweep` over 20 unchanged repositories (10 local paths, 10 file:// URLs that
# are mirrored and fetched), after a first sweep has recorded their tips. Goal: well under a second.
#
# usage: benchmarks/sweep/unchanged.sh [REPOS] [COMMITS_PER_REPO] [RUNS]   (default 20 200 10)
# KEYSWEEP_BIN picks the binary (default: .build/release/keysweep, else .build/debug/keysweep).
# Prints the first (full) sweep's time, then each unchanged sweep's wall time and the median;
# also an unchanged sweep with --no-fetch (mirrors not fetched) to show the fetch's share.
set -euo pipefail
cd "$(dirname "$0")/../.."
repos="${1:-20}" commits="${2:-200}" runs="${3:-10}"
bin="${KEYSWEEP_BIN:-}"
if [ -z "$bin" ]; then
  for c in .build/release/keysweep .build/debug/keysweep; do [ -x "$c" ] && { bin="$c"; break; }; done
fi
[ -x "${bin:-}" ] || { echo "build keysweep first (swift build -c release) or set KEYSWEEP_BIN" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: > "$work/gitconfig"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig" HOME="$work" XDG_DATA_HOME="$work/data" NO_COLOR=1

make_repo() {  # dir, index: a repository with $commits commits (fast-import), a few files each
  local dir="$1" i="$2"
  git init -q -b main "$dir"
  python3 - "$commits" "$i" <<'PY' | git -C "$dir" fast-import --quiet
import sys
n, idx = int(sys.argv[1]), int(sys.argv[2])
t = 1_700_000_000
for c in range(n):
    body = "".join(f"line {c} {k} of service {idx}\n" for k in range(40)).encode()
    print("commit refs/heads/main")
    print(f"committer Bench <bench@example.com> {t + c * 60} +0000")
    msg = f"change {c}".encode()
    print(f"data {len(msg)}"); sys.stdout.flush(); sys.stdout.buffer.write(msg + b"\n")
    print(f"M 644 inline src/file{c % 25}.txt")
    print(f"data {len(body)}"); sys.stdout.flush(); sys.stdout.buffer.write(body + b"\n")
PY
  git -C "$dir" branch -q release main~5
}

args=()
for i in $(seq 1 "$repos"); do
  make_repo "$work/r$i" "$i"
  if [ $((i % 2)) = 0 ]; then args+=(--repo "file://$work/r$i"); else args+=(--repo "$work/r$i"); fi
done
sweep() { "$bin" sweep --state "$work/state.sqlite" --cache "$work/cache" --jobs 2 "${args[@]}" "$@"; }

now() { date +%s.%N; }
t0=$(now); sweep > /dev/null || true; t1=$(now)
printf 'repositories: %s (%s commits each), binary: %s\n' "$repos" "$commits" "$bin"
printf 'first sweep (full history): %.3f s\n' "$(echo "$t1 - $t0" | bc)"

times=()
for r in $(seq 1 "$runs"); do
  t0=$(now); sweep > "$work/out.txt"; t1=$(now)
  grep -q "0 commits scanned" "$work/out.txt" || { echo "not unchanged:"; cat "$work/out.txt"; exit 1; }
  times+=("$(echo "$t1 - $t0" | bc)")
done
printf 'unchanged sweep, %s runs (s): %s\n' "$runs" "${times[*]}"
printf 'median: %s s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"

times=()
for r in $(seq 1 "$runs"); do
  t0=$(now); sweep --no-fetch > /dev/null; t1=$(now)
  times+=("$(echo "$t1 - $t0" | bc)")
done
printf 'unchanged sweep --no-fetch, median: %s s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
