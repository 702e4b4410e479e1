import Foundation
import KeysweepCore

/// The message a blocking hook prints on stderr: each finding where a developer can find it
/// (commit, path:line, rule, the redacted secret), how to take it out of the commits before
/// they leave the machine, and how to mark a false positive. Pure: it only builds text.
struct HookMessage {
    enum Stage { case prePush, preCommit }

    var stage: Stage
    /// Findings with secrets already redacted.
    var findings: [Finding]
    /// The commit HEAD points at (the last commit, which `--amend` rewrites).
    var head: String?
    /// The pushed refs by the commit at their tip.
    var tips: [String: String] = [:]
    /// The commits keysweep scanned (pre-push) or the staged files (pre-commit).
    var scannedCount: Int

    func render() -> String {
        var out: [String] = []
        let n = findings.count
        let what = n == 1 ? "1 secret" : "\(n) secrets"
        switch stage {
        case .prePush:
            let commits = scannedCount == 1 ? "1 new commit" : "\(scannedCount) new commits"
            out.append("keysweep: push blocked: \(what) in the \(commits) you are pushing.")
            out.append("They have not left this machine yet; keep it that way.")
        case .preCommit:
            out.append("keysweep: commit blocked: \(what) in the staged changes.")
        }
        out.append("")
        for (i, f) in findings.enumerated() { out += describe(f, number: i + 1) }
        out += remedy()
        out += falsePositive()
        return out.joined(separator: "\n") + "\n"
    }

    private func describe(_ f: Finding, number: Int) -> [String] {
        var lines = ["  \(number). \(f.rule) (\(f.severity.rawValue)): \(f.description)"]
        if let commit = f.commit {
            var c = "     commit  \(short(commit))"
            if let message = f.message, !message.isEmpty { c += "  \"\(message)\"" }
            if let author = f.author, !author.isEmpty { c += "  \(author)" }
            if let ref = tips[commit] { c += "  (tip of \(ref))" }
            lines.append(c)
        } else {
            lines.append("     staged")
        }
        lines.append("     where   \(f.path):\(f.line)")
        lines.append("     secret  \(f.secret)")
        if let aws = f.aws {
            lines.append("     key     \(aws.keyType) AWS key" + (aws.account.map { " of account \($0)" } ?? ""))
        }
        if let owner = f.owner {
            var o = "     owner   " + (owner.userName ?? owner.arn ?? "unknown user")
            if let account = owner.accountAlias ?? owner.account { o += " in \(account)" }
            if let status = owner.status { o += ", \(status)" }
            if let team = owner.team { o += ", team \(team)" }
            if let contact = owner.contact { o += ", contact \(contact)" }
            lines.append(o)
        }
        if let advice = f.advice { lines.append("     advice  \(advice.summary)") }
        lines.append("")
        return lines
    }

    private func remedy() -> [String] {
        var out = ["What to do"]
        switch stage {
        case .preCommit:
            let paths = Array(Set(findings.map(\.path))).sorted()
            out.append("  Take the secret out of the file (read it from the environment or a secret store")
            out.append("  instead), then stage the file again:")
            for p in paths { out.append("      git add \(quoted(p))") }
            out.append("  or leave the file out of this commit:")
            for p in paths { out.append("      git restore --staged \(quoted(p))") }
        case .prePush:
            out.append("  Deleting the secret in a new commit is not enough: the old commit still holds it.")
            out.append("  Rewrite the commit that added it, then push again:")
            var done = Set<String>()
            for f in findings {
                guard let commit = f.commit, done.insert(commit).inserted else { continue }
                let paths = Array(Set(findings.filter { $0.commit == commit }.map(\.path))).sorted()
                let add = "git add " + paths.map(quoted).joined(separator: " ")
                if commit == head {
                    out.append("  - \(short(commit)) is your last commit:")
                    out.append("      git reset --soft HEAD~1        # undo the commit, keep its changes staged")
                    out.append("      # remove the secret from \(paths.joined(separator: ", ")), then")
                    out.append("      \(add) && git commit -c ORIG_HEAD")
                    out.append("    (or edit the file and run: \(add) && git commit --amend --no-edit)")
                } else {
                    out.append("  - \(short(commit)) is an older commit\(tips[commit].map { " (tip of \($0); switch to it first)" } ?? ""):")
                    out.append("      git rebase -i \(short(commit))^       # mark \(short(commit)) as 'edit' (--root if it has no parent)")
                    out.append("      # remove the secret from \(paths.joined(separator: ", ")), then")
                    out.append("      \(add) && git commit --amend --no-edit && git rebase --continue")
                }
            }
        }
        out.append("  If the credential is real, rotate it anyway: it was written to disk and may be in")
        out.append("  backups, editor history or another clone.")
        out.append("")
        return out
    }

    private func falsePositive() -> [String] {
        var out = ["If it is not a secret (a test value, a placeholder)"]
        out.append("  - add a comment holding keysweep:allow on the same line, e.g.  # keysweep:allow")
        out.append("  - or add to .keysweepignore at the repository root (then commit that file):")
        for f in findings {
            out.append("      \(f.fingerprint)  # \(f.rule) at \(f.path):\(f.line), everywhere")
        }
        let bypass = stage == .prePush ? "git push --no-verify" : "git commit --no-verify"
        out.append("Skip the check once, knowing the risk: \(bypass)")
        return out
    }

    private func short(_ commit: String) -> String { String(commit.prefix(10)) }

    private func quoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+@".contains($0) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
