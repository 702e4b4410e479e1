import CKeysweepScan
import KeysweepRules
import KeysweepPCRE

/// An allowlist with its regexes compiled. Content criteria (regexes, stopwords) are decided at
/// match time; location criteria (paths, commits) once the hit's path and commit are known.
struct CompiledAllowlist: Sendable {
    let condition: Allowlist.Condition
    let target: Allowlist.Target
    let regexes: [Pattern]
    let stopwords: [String]
    /// The stopwords' bytes, for ASCII secrets (folded to lower case, compared byte for byte).
    let stopwordBytes: [[UInt8]]
    let paths: [Pattern]
    let commits: Set<String>

    init(_ a: Allowlist, rule: Rule?) throws {
        condition = a.condition
        target = a.regexTarget
        regexes = try a.regexes.map { try CompiledRuleSet.compile($0, rule: rule, what: "allowlist") }
        stopwords = a.stopwords
        stopwordBytes = a.stopwords.map { Array($0.utf8) }
        paths = try a.paths.map { try CompiledRuleSet.compile($0, rule: rule, what: "allowlist path") }
        commits = Set(a.commits.map { $0.lowercased() })
    }

    enum Verdict { case allowed, pending, notAllowed }

    var hasContent: Bool { !regexes.isEmpty || !stopwords.isEmpty }
    var hasLocation: Bool { !paths.isEmpty || !commits.isEmpty }

    /// Decides the content criteria for a secret, its whole match and its line.
    func verdict(secret: String, match: String, line: String) -> Verdict {
        let text: String
        switch target {
        case .secret: text = secret
        case .match: text = match
        case .line: text = line
        }
        let regexHit = regexes.contains { $0.matches(text) }
        let stopHit = !stopwords.isEmpty && containsStopword(secret)
        switch condition {
        case .or:
            if regexHit || stopHit { return .allowed }
            return hasLocation ? .pending : .notAllowed
        case .and:
            if !regexes.isEmpty && !regexHit { return .notAllowed }
            if !stopwords.isEmpty && !stopHit { return .notAllowed }
            if !hasContent && !hasLocation { return .notAllowed }
            return hasLocation ? .pending : .allowed
        }
    }

    /// Whether the secret, in lower case, holds a stopword (an empty one holds nothing). An ASCII
    /// secret is folded and searched byte by byte (Foundation's search costs microseconds a call,
    /// and there are many stopwords).
    private func containsStopword(_ secret: String) -> Bool {
        var folded = Array(secret.utf8)
        guard folded.allSatisfy({ $0 < 0x80 }) else {
            let lowered = secret.lowercased()
            return stopwords.contains { lowered.contains($0) }
        }
        for i in folded.indices where folded[i] >= 0x41 && folded[i] <= 0x5A { folded[i] |= 0x20 }
        return folded.withUnsafeBytes { text in
            stopwordBytes.contains { word in
                word.withUnsafeBytes { w in
                    ks_contains(text.baseAddress?.assumingMemoryBound(to: UInt8.self), text.count,
                                w.baseAddress?.assumingMemoryBound(to: UInt8.self), w.count) != 0
                }
            }
        }
    }

    /// Decides the location criteria once path and commit are known.
    func locationHolds(path: String, commit: String?) -> Bool {
        let pathHit = paths.contains { $0.matches(path) }
        let commitHit = commit.map { c in commits.contains { c.lowercased().hasPrefix($0) } } ?? false
        switch condition {
        case .or: return pathHit || commitHit
        case .and: return (paths.isEmpty || pathHit) && (commits.isEmpty || commitHit)
        }
    }
}
