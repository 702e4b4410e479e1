import Foundation
import Crypto

/// One repository a sweep covers: a local repository swept in place, or a remote one mirrored
/// into the cache directory first; with its own rule file and exclusions.
public struct SweepTarget: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A repository on this machine (work tree or bare), read where it is.
        case local(path: String)
        /// A URL (file://, https://, ssh://, or scp-like `git@host:path`) mirrored with libgit2.
        case remote(url: String)
    }

    public var kind: Kind
    /// How reports name the repository (default: the path or URL as given).
    public var name: String
    /// A rule file to use instead of the sweep's rules.
    public var rules: String?
    /// Globs (fnmatch, `*` crosses `/`) or `dir/` prefixes of paths whose findings are dropped.
    public var excludePaths: [String] = []
    /// Globs of ref names (`refs/pull/*`) whose tips are neither scanned nor recorded.
    public var excludeRefs: [String] = []

    /// The key the state database knows the repository by: the absolute path or the URL.
    public var location: String {
        switch kind {
        case let .local(path): return path
        case let .remote(url): return url
        }
    }

    public init(localPath: String) {
        let absolute = URL(fileURLWithPath: (localPath as NSString).expandingTildeInPath).standardizedFileURL.path
        kind = .local(path: absolute)
        name = localPath
    }

    public init(url: String) {
        kind = .remote(url: url)
        name = url
    }

    /// Reads `--repo` / `url =` text: a URL when it has a scheme or is scp-like, else a path
    /// (relative to `base`).
    public init(location text: String, relativeTo base: String = FileManager.default.currentDirectoryPath) throws {
        if text.contains("://") {
            guard let scheme = text.components(separatedBy: "://").first?.lowercased(),
                  ["file", "https", "http", "ssh", "git", "ssh+git", "git+ssh"].contains(scheme) else {
                throw SweepError.repository("\(text): unsupported URL scheme; use file://, https://, ssh:// or a path")
            }
            self.init(url: text)
        } else if Self.isSCPLike(text) {
            self.init(url: text)
        } else {
            let expanded = (text as NSString).expandingTildeInPath
            let path = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
            self.init(localPath: path)
            name = text
        }
    }

    /// `user@host:path` (no slash before the colon), as git reads it.
    static func isSCPLike(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), text[..<colon].contains("@") else { return false }
        return !text[..<colon].contains("/")
    }

    /// Where a remote repository's mirror lives under `cache`: a readable stem plus a hash of
    /// the whole URL, so two URLs never share a mirror.
    public func mirrorPath(cache: String) -> String? {
        guard case let .remote(url) = kind else { return nil }
        let digest = SHA256.hash(data: Data(url.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        var stem = url.split(whereSeparator: { "/:".contains($0) }).last.map(String.init) ?? "repo"
        if stem.hasSuffix(".git") { stem.removeLast(4) }
        stem = String(stem.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }.prefix(40))
        return (cache as NSString).appendingPathComponent("\(stem.isEmpty ? "repo" : stem)-\(digest).git")
    }

    /// True when findings at `path` are excluded for this repository.
    public func excludes(path: String) -> Bool {
        excludePaths.contains { pattern in
            if pattern.hasSuffix("/") { return path.hasPrefix(pattern) }
            return fnmatch(pattern, path, 0) == 0
        }
    }

    /// True when the ref's tip is left out of this repository's sweep.
    public func excludes(ref: String) -> Bool {
        excludeRefs.contains { fnmatch($0, ref, 0) == 0 }
    }
}
