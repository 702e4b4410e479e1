import Foundation
import KeysweepCore
import KeysweepGit

/// One line git writes to a pre-push hook's standard input:
/// `<local ref> <local sha> <remote ref> <remote sha>`.
struct PushUpdate: Equatable {
    var localRef: String
    var localSHA: String
    var remoteRef: String
    var remoteSHA: String

    /// `git push origin :branch` or `--delete`: the local object id is all zeros.
    var isDeletion: Bool { Self.isZero(localSHA) }
    /// A branch or tag the remote does not have yet: the remote object id is all zeros.
    var isNewRef: Bool { Self.isZero(remoteSHA) }

    static func isZero(_ sha: String) -> Bool { !sha.isEmpty && sha.allSatisfy { $0 == "0" } }

    /// Parses git's pre-push input; blank lines are ignored. A local ref may hold spaces (git
    /// prints what the user typed, e.g. `HEAD~1`), so the three last fields are split off first.
    static func parse(_ text: String) throws -> [PushUpdate] {
        var out: [PushUpdate] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            var fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 4 else {
                throw Failure("pre-push: cannot read the line '\(line)' from git; expected '<local ref> <local sha> <remote ref> <remote sha>' (run this command from a pre-push hook)")
            }
            let remoteSHA = fields.removeLast(), remoteRef = fields.removeLast(), localSHA = fields.removeLast()
            for sha in [localSHA, remoteSHA] where !(sha.count == 40 || sha.count == 64) || !sha.allSatisfy(\.isHexDigit) {
                throw Failure("pre-push: '\(sha)' in the line '\(line)' is not an object id")
            }
            out.append(PushUpdate(localRef: fields.joined(separator: " "), localSHA: localSHA,
                                  remoteRef: remoteRef, remoteSHA: remoteSHA))
        }
        return out
    }
}

/// Which commits a push sends that the remote does not have: the ref arithmetic of a pre-push
/// hook. Every non-deleted local tip is included; excluded is everything the remote is known to
/// hold: the remote object id of every line we have locally (an update, or a force push's old
/// tip), and the remote-tracking refs of the remote, found by name or, when git was given a URL,
/// by matching the URL against the configured remotes. Nothing is capped at N commits: what is
/// left is exactly the new history, however long, and nothing older.
struct HookPushPlan {
    var updates: [PushUpdate]
    var include: [BlobID] = []
    var exclude: [BlobID] = []
    /// Configured remotes whose tracking refs were excluded.
    var trackedRemotes: [String] = []
    /// Things the hook chose not to scan, said out loud.
    var notes: [String] = []

    init(updates: [PushUpdate], remote: String, url: String, repo: Repository) throws {
        self.updates = updates
        var exclude: Set<BlobID> = []
        for u in updates where !u.isDeletion {
            guard let local = BlobID(hex: u.localSHA) else {
                throw Failure("pre-push: \(u.localSHA) is a SHA-256 object id; keysweep reads SHA-1 repositories only")
            }
            guard repo.contains(local) else {
                throw Failure("pre-push: git says it is pushing \(u.localSHA) (\(u.localRef)) but the repository has no such object; run `git fsck`")
            }
            if let commit = repo.commit(peeling: local) {
                if !include.contains(commit) { include.append(commit) }
            } else {
                notes.append("\(u.localRef) points at a tree or blob, not a commit; it was not scanned")
            }
            if !u.isNewRef, let old = BlobID(hex: u.remoteSHA), let commit = repo.commit(peeling: old) {
                exclude.insert(commit)
            }
        }
        trackedRemotes = Self.configuredRemotes(named: remote, url: url, repo: repo)
        for name in trackedRemotes {
            for tip in try repo.referenceTips(matching: "refs/remotes/\(name)/*") { exclude.insert(tip.target) }
        }
        self.exclude = exclude.sorted()
    }

    /// The configured remotes the push goes to: `remote` itself when it names one, else every
    /// remote whose fetch or push URL is `url` (git passes the URL twice when the user pushes to
    /// a URL rather than a remote's name).
    static func configuredRemotes(named remote: String, url: String, repo: Repository) -> [String] {
        let remotes = repo.remotes()
        if remotes.contains(where: { $0.name == remote }) { return [remote] }
        let base = repo.workdir ?? repo.gitDirectory
        let wanted = Set([remote, url].map { normalize($0, base: base) })
        return remotes.filter { r in
            r.urls.contains { wanted.contains(normalize($0, base: base)) }
        }.map(\.name)
    }

    /// A URL in a comparable form: no `file://`, no trailing `/` or `.git`; a local path made
    /// absolute and resolved.
    static func normalize(_ url: String, base: String) -> String {
        var u = url
        if u.hasPrefix("file://") { u.removeFirst("file://".count) }
        while u.count > 1, u.hasSuffix("/") { u.removeLast() }
        let isLocal = u.hasPrefix("/") || u.hasPrefix(".") || !u.contains(":")
        if isLocal {
            let absolute = u.hasPrefix("/") ? u : (base as NSString).appendingPathComponent(u)
            u = URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
        }
        if u.hasSuffix(".git"), !u.hasSuffix("/.git") { u.removeLast(4) }
        return u
    }
}

extension PushUpdate {
    /// The update the pre-commit framework describes in its environment: it reads git's input
    /// itself and passes on the first ref that needs work as `PRE_COMMIT_FROM_REF`/`_TO_REF`
    /// (or only `PRE_COMMIT_LOCAL_BRANCH` when the whole branch is new down to its root).
    static func fromPreCommitFramework(_ env: [String: String], repo: Repository) throws -> PushUpdate? {
        let zero = String(repeating: "0", count: 40)
        let localRef = env["PRE_COMMIT_LOCAL_BRANCH"] ?? env["PRE_COMMIT_TO_REF"] ?? "HEAD"
        let to: String
        if let toRef = env["PRE_COMMIT_TO_REF"] {
            to = toRef
        } else if let branch = env["PRE_COMMIT_LOCAL_BRANCH"] {
            do { to = try repo.resolveCommit(branch).hex } catch {
                throw Failure("pre-push: PRE_COMMIT_LOCAL_BRANCH '\(branch)' does not resolve: \(error)")
            }
        } else {
            return nil
        }
        let from = env["PRE_COMMIT_FROM_REF"].flatMap { try? repo.resolveCommit($0).hex } ?? zero
        let toSHA = (try? repo.resolveCommit(to).hex) ?? to
        return PushUpdate(localRef: localRef, localSHA: toSHA,
                          remoteRef: env["PRE_COMMIT_REMOTE_BRANCH"] ?? localRef, remoteSHA: from)
    }
}
