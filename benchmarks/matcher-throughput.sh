#!/usr/bin/env bash
# Matcher throughput on one core: N MB of source-like text (gen-history.py's generators, no
# secrets) held in memory and run through the compiled rule set by `keysweep rules bench`, which
# also times the keyword prefilter alone and lists the rules that cost the most regex time.
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

# `keysweep rules bench` holds the files in memory and times CompiledRuleSet.scan alone on one
# core (median of RUNS passes), and the keyword prefilter alone; no file or git I/O is timed.
"$keysweep" rules bench "$work/text" --runs "$runs" --max-mb "$((mb + 16))" >"$work/bench.txt"
cat "$work/bench.txt" >&2
matcher="$(awk '/^matcher:/ {print $2}' "$work/bench.txt")"
quiet="$(sed -n 's/^matcher:.*fastest tenth \([0-9.]*\) MB.*/\1/p' "$work/bench.txt")"
prefilter="$(awk '/^prefilter:/ {print $2}' "$work/bench.txt")"
rules="$(awk 'NR==1 {print $(NF-1)}' "$work/bench.txt")"
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): matcher alone on in-memory bytes (matcher-throughput.sh, rules bench, $runs runs)"
  echo
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load average after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- keysweep $("$keysweep" --version | sed 's/^keysweep //') at $(git -C "$root" describe --always --dirty), $rules rules"
  echo "- Input: $((bytes / 1000000)) MB of generated source-like text (gen-history.py's generators, no secrets), held in memory; one core"
  echo
  echo "| matcher MB/s (one core), median | matcher MB/s, fastest tenth of runs | keyword prefilter alone MB/s |"
  echo "|---:|---:|---:|"
  echo "| $matcher | $quiet | $prefilter |"
  echo
  echo '```'
  sed -n '4,$p' "$work/bench.txt"
  echo '```'
} | tee -a "$results"
