#!/usr/bin/env bash
# Matcher throughput through the CLI, per core: N MB of source-like text (gen-history.py's
# generators, no secrets) as plain files, scanned with `keysweep scan DIR --no-git --jobs 1`.
# The files are read from the page cache, so this is a lower bound on the matcher's own MB/s
# until benchmarks/Package.swift can call KeysweepMatch directly.
#
# usage: benchmarks/matcher-throughput.sh [-n RUNS] [-o RESULTS.md] [MB]   (default 256 MB, 3 runs)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
runs=3
results="$here/RESULTS.md"
while getopts "n:o:" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    o) results="$OPTARG" ;;
    *) echo "usage: $0 [-n RUNS] [-o RESULTS.md] [MB]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
mb="${1:-256}"
keysweep="${KEYSWEEP:-$root/.build/release/keysweep}"
[ -x /usr/bin/time ] || { echo "matcher-throughput.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -x "$keysweep" ] || (cd "$root" && swift build -c release >&2)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$here/gen-history.py" "$work/text" "$mb" <<'PY'
import importlib.util, os, random, sys
spec = importlib.util.spec_from_file_location("gen", sys.argv[1])
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
out, total = sys.argv[2], int(sys.argv[3]) * 1_000_000
os.makedirs(out)
r = random.Random(3)
written, i = 0, 0
while written < total:  # files of about 4 MB, each a concatenation of generated source files
    chunks, size = [], 0
    while size < 4_000_000:
        path, lines = gen.new_file(r, {})
        text = "\n".join(lines) + "\n"
        chunks.append(text)
        size += len(text)
    data = "".join(chunks).encode()
    with open(os.path.join(out, f"chunk{i:04d}.txt"), "wb") as f:
        f.write(data)
    written += len(data)
    i += 1
PY
bytes="$(du -sb "$work/text" | cut -f1)"
cat "$work/text"/* >/dev/null  # warm the page cache

rates=()
for run in $(seq 1 "$runs"); do
  rc=0
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$keysweep" scan "$work/text" --no-git --jobs 1 --format json >"$work/out.json" || rc=$?
  [ "$rc" -le 1 ] || { echo "matcher-throughput.sh: keysweep failed (exit $rc)" >&2; exit 1; }
  read -r wall user sys < <(tail -n 1 "$work/time")
  rates+=("$(awk -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f %.2f %.0f %.0f", w, u + s, b / 1e6 / w, b / 1e6 / (u + s)}')")
  echo "matcher-throughput.sh: run $run: ${rates[-1]} (wall s, CPU s, MB/s wall, MB/s CPU)" >&2
done
median="$(printf '%s\n' "${rates[@]}" | sort -n -k3 | sed -n "$(((runs + 1) / 2))p")"
read -r wall cpu rate_wall rate_cpu <<<"$median"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): matcher throughput via the CLI (matcher-throughput.sh, $runs runs)"
  echo
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load average after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- keysweep $("$keysweep" --version | sed 's/^keysweep //') at $(git -C "$root" describe --always --dirty)"
  echo "- Input: $((bytes / 1000000)) MB of generated source-like text (no secrets) in $(ls "$work/text" | wc -l) files, page cache warm; \`scan DIR --no-git --jobs 1\`"
  echo
  echo "| wall s | CPU s | MB/s (wall, one worker) | MB/s per CPU second |"
  echo "|---:|---:|---:|---:|"
  echo "| $wall | $cpu | $rate_wall | $rate_cpu |"
} | tee -a "$results"
