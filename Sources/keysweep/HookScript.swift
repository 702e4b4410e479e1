import Foundation

/// The shell script `keysweep hook install` writes: a POSIX `sh` program that runs the hook it
/// replaced (if any; its failure blocks), then `keysweep hook <kind>`, and decides what happens
/// when keysweep itself cannot run.
///
/// - keysweep is looked for at the absolute path it had at install time, then on `PATH`; when
///   neither exists the script says so plainly.
/// - Exit 0 from keysweep lets the push or commit go on; exit 1 (findings) always blocks; any
///   other failure blocks too, unless `KEYSWEEP_HOOK_FAIL_OPEN=1` (then it warns and goes on).
/// - The global variant (`--global`, installed in a global `core.hooksPath`) first runs the
///   repository's own `.git/hooks/<kind>`, which that setting would otherwise silence.
struct HookScript {
    /// The hook's name: `pre-push` or `pre-commit`.
    var kind: String
    /// The keysweep executable's absolute path at install time.
    var binary: String
    var global: Bool

    /// The line that marks a hook as keysweep's, so install can update it and uninstall can
    /// tell it from someone else's.
    static func marker(_ kind: String) -> String { "# keysweep-hook: \(kind)" }

    /// The name the replaced hook is kept under, next to the hook; it still runs, first.
    static func chainedName(_ kind: String) -> String { "\(kind).keysweep-chained" }

    /// The name a hook replaced with `--force` is kept under; it no longer runs.
    static func savedName(_ kind: String) -> String { "\(kind).keysweep-saved" }

    var text: String {
        let action = kind == "pre-push" ? "push" : "commit"
        let bypass = kind == "pre-push" ? "git push --no-verify" : "git commit --no-verify"
        let readsInput = kind == "pre-push"
        var s = """
        #!/bin/sh
        \(Self.marker(kind))
        # Installed by `keysweep hook install`; `keysweep hook uninstall` removes it and puts back
        # the hook that was here before. KEYSWEEP_HOOK_FAIL_OPEN=1 lets the \(action) go on when keysweep
        # itself cannot run (findings still block). Default: fail closed.
        keysweep=\(shellQuoted(binary))
        hook_dir=$(dirname "$0")
        chained="$hook_dir/\(Self.chainedName(kind))"

        fail() {
          if [ "${KEYSWEEP_HOOK_FAIL_OPEN:-}" = 1 ]; then
            echo "keysweep: $1; KEYSWEEP_HOOK_FAIL_OPEN=1, so the \(action) goes on UNSCANNED" >&2
            exit 0
          fi
          echo "keysweep: $1; \(action) blocked (the hook fails closed)." >&2
          echo "keysweep: fix that, or set KEYSWEEP_HOOK_FAIL_OPEN=1 to let the \(action) through unscanned, or skip the check once with \(bypass)" >&2
          exit 1
        }

        run_other() {
          if [ -n "$input_file" ]; then "$@" <"$input_file"; else "$@"; fi
          other_status=$?
          if [ $other_status -ne 0 ]; then
            echo "keysweep: the \(kind) hook $1 failed (exit $other_status); \(action) blocked" >&2
            exit $other_status
          fi
        }

        input_file=

        """
        var others: [String] = []
        if global {
            others.append("""
            repo_hook="$(git rev-parse --git-common-dir 2>/dev/null)/hooks/\(kind)"
            if [ -x "$repo_hook" ] && [ "$repo_hook" != "$0" ]; then
              if grep -q '^\(Self.marker(kind))$' "$repo_hook" 2>/dev/null; then
                repo_hook=
              fi
            else
              repo_hook=
            fi
            """)
        }
        others.append("""
        [ -x "$chained" ] || chained=
        """)
        s += others.joined(separator: "\n") + "\n"
        let otherList = global ? "$repo_hook$chained" : "$chained"
        if readsInput {
            s += """
            if [ -n "\(otherList)" ]; then
              input_file=$(mktemp "${TMPDIR:-/tmp}/keysweep-pre-push.XXXXXX") || fail "cannot create a temporary file"
              trap 'rm -f "$input_file"' EXIT
              # A shell killed by a signal skips the EXIT trap (dash does); exiting here runs it.
              trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
              cat >"$input_file"
            fi

            """
        }
        if global { s += "[ -z \"$repo_hook\" ] || run_other \"$repo_hook\" \"$@\"\n" }
        s += "[ -z \"$chained\" ] || run_other \"$chained\" \"$@\"\n\n"
        s += """
        if [ ! -x "$keysweep" ]; then
          keysweep=$(command -v keysweep 2>/dev/null) || fail "keysweep is missing: not at \(binary.replacingOccurrences(of: "\"", with: "")) (where it was when this hook was installed) nor on PATH; reinstall it or run keysweep hook install again"
        fi

        """
        let args = readsInput ? "\"$@\"" : ""
        s += """
        if [ -n "$input_file" ]; then
          "$keysweep" hook \(kind) \(args) <"$input_file"
        else
          "$keysweep" hook \(kind) \(args)
        fi
        status=$?
        [ $status -le 1 ] && exit $status
        fail "keysweep could not check this \(action) (exit $status; its message is above)"

        """
        return s
    }

    private func shellQuoted(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
