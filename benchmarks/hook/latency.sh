#!/usr/bin/env bash
# Hook latency: wall time of `keysweep hook pre-push` for a one-commit push to a repository with a
# long history, including process start. Goal: under 100 ms.
#
#   benchmarks/hook/latency.sh [--commits N] [--source REPO] [--keysweep BIN] [--keep DIR]
#
# By default it generates a repository of N (50000) commits with `git fast-import` (about 10 s),
# each commit changing one of 2000 files; --source REPO clones an existing repository instead
# (e.g. a local mirror of git/git). Then `refs/remotes/origin/*` is set to every branch (the
# remote has all of history), one clean commit is added, and hyperfine (or a loop with
# `date +%s%N` when hyperfine is missing) times:
#   1. startup     `keysweep hook pre-push` with no input (process start, nothing to scan)
#   2. update      a one-commit push of main   (<ref> <new> <ref> <old>)
#   3. new-branch  a one-commit new branch     (<ref> <new> <ref> 0000…, remote-tracking refs excluded)
#   4. hook        the installed hook script end to end (sh + keysweep), as git runs it
# KEYSWEEP_HOOK_TIMING=1 makes keysweep print its own phase times once at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
commits=50000
source_repo=
bin="$root/.build/release/keysweep"
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits="$2"; shift 2 ;;
    --source) source_repo="$2"; shift 2 ;;
    --keysweep) bin="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "latency.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ! -x "$bin" ]; then
  echo "latency.sh: building keysweep (release) ..." >&2
  (cd "$root" && swift build -c release --product keysweep >/dev/null)
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

dir="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/keysweep-hook-bench.XXXXXX")}"
[ -n "$keep" ] || trap 'rm -rf "$dir"' EXIT
repo="$dir/repo"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com

if [ ! -d "$repo/.git" ]; then
  started=$(date +%s)
  if [ -n "$source_repo" ]; then
    git clone -q --no-checkout "$source_repo" "$repo"
    git -C "$repo" checkout -q -B main "$(git -C "$repo" rev-parse HEAD)"
  else
    git init -q -b main "$repo"
    python3 - "$commits" <<'PY' | git -C "$repo" fast-import --quiet
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
t = 1_600_000_000
for i in range(1, n + 1):
    body = f"# module {i % 2000}\nvalue_{i} = {i * 7919 % 1000003}\n".encode()
    msg = f"change {i}\n".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"mark :{i}\ncommitter Bench <bench@example.com> {t + i * 60} +0000\n".encode())
    out.write(b"data %d\n%s" % (len(msg), msg))
    if i > 1:
        out.write(f"from :{i - 1}\n".encode())
    out.write(f"M 100644 inline src/pkg{i % 40}/mod{i % 2000}.py\n".encode())
    out.write(b"data %d\n%s\n" % (len(body), body))
PY
    git -C "$repo" checkout -q main
  fi
  git -C "$repo" remote remove origin 2>/dev/null || true
  git -C "$repo" remote add origin "$dir/remote.git"
  git -C "$repo" for-each-ref --format='%(refname:lstrip=2)' refs/heads | while read -r b; do
    git -C "$repo" update-ref "refs/remotes/origin/$b" "refs/heads/$b"
  done
  echo "latency.sh: repository ready in $(( $(date +%s) - started )) s: $(git -C "$repo" rev-list --count HEAD) commits" >&2
fi

old=$(git -C "$repo" rev-parse refs/remotes/origin/main)
git -C "$repo" checkout -q -B main "$old"
echo "print('one more change')" >"$repo/bench_change.py"
git -C "$repo" add bench_change.py
git -C "$repo" commit -q -m "one-commit push"
new=$(git -C "$repo" rev-parse HEAD)
zero=0000000000000000000000000000000000000000
printf 'refs/heads/main %s refs/heads/main %s\n' "$new" "$old" >"$dir/update.txt"
printf 'refs/heads/topic %s refs/heads/topic %s\n' "$new" "$zero" >"$dir/new-branch.txt"
: >"$dir/empty.txt"
"$bin" hook install --repo "$repo" >/dev/null
hook="$repo/.git/hooks/pre-push"

echo "latency.sh: $(git -C "$repo" rev-list --count HEAD) commits, keysweep $bin" >&2
for f in update new-branch; do
  (cd "$repo" && "$bin" hook pre-push origin "$dir/remote.git" <"$dir/$f.txt") \
    || { echo "latency.sh: the $f run failed or found something" >&2; exit 1; }
done
(cd "$repo" && KEYSWEEP_HOOK_TIMING=1 "$bin" hook pre-push origin "$dir/remote.git" <"$dir/update.txt")

if command -v hyperfine >/dev/null; then
  cd "$repo"
  hyperfine --warmup 3 --min-runs 30 --export-markdown "$dir/results.md" \
    -n startup "'$bin' hook pre-push origin '$dir/remote.git' <'$dir/empty.txt'" \
    -n update "'$bin' hook pre-push origin '$dir/remote.git' <'$dir/update.txt'" \
    -n new-branch "'$bin' hook pre-push origin '$dir/remote.git' <'$dir/new-branch.txt'" \
    -n hook "'$hook' origin '$dir/remote.git' <'$dir/update.txt'"
  cat "$dir/results.md"
else
  cd "$repo"
  for name in startup update new-branch hook; do
    case $name in
      startup) cmd=("$bin" hook pre-push origin "$dir/remote.git"); input="$dir/empty.txt" ;;
      update) cmd=("$bin" hook pre-push origin "$dir/remote.git"); input="$dir/update.txt" ;;
      new-branch) cmd=("$bin" hook pre-push origin "$dir/remote.git"); input="$dir/new-branch.txt" ;;
      hook) cmd=("$hook" origin "$dir/remote.git"); input="$dir/update.txt" ;;
    esac
    for _ in 1 2 3; do "${cmd[@]}" <"$input"; done
    times=()
    for _ in $(seq 30); do
      s=$(date +%s%N); "${cmd[@]}" <"$input"; e=$(date +%s%N)
      times+=($(( (e - s) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" '{a[NR]=$1} END {printf "%-11s median %.1f ms  min %.1f ms  max %.1f ms\n", n, a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
  done
fi
