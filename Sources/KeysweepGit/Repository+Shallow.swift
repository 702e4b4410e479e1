import Foundation
import KeysweepCore

extension Repository {
    /// The commits a shallow clone has without their parents (listed in `shallow` in the
    /// repository's common directory): the edge of its history.
    public var shallowBoundary: Set<BlobID> {
        let file = (commonDirectory as NSString).appendingPathComponent("shallow")
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { BlobID(hex: $0) })
    }

    /// `commits(including:excluding:)` for a shallow clone, where libgit2's revision walk stops
    /// with "object not found" at the first parent the clone does not have. Commits on the
    /// shallow boundary count as having no parents, and a parent that is missing anyway is
    /// skipped. Everything reachable from `exclude` within the clone is marked first (a shallow
    /// clone's history is short by construction), then `include` is walked down to it.
    /// Newest first by committer time.
    public func commitsInShallowClone(including include: [BlobID], excluding exclude: [BlobID]) throws -> [BlobID] {
        let boundary = shallowBoundary
        var records: [BlobID: CommitRecord] = [:]
        func record(_ id: BlobID) -> CommitRecord? {
            if let r = records[id] { return r }
            guard contains(id), let r = try? commitRecord(id) else { return nil }
            records[id] = r
            return r
        }
        func parents(_ r: CommitRecord) -> [BlobID] { boundary.contains(r.id) ? [] : r.parents }

        var hidden = Set<BlobID>()
        var stack = exclude.filter { record($0) != nil }
        while let id = stack.popLast() {
            guard hidden.insert(id).inserted, let r = record(id) else { continue }
            stack += parents(r).filter { !hidden.contains($0) }
        }

        var seen = Set<BlobID>()
        var out: [CommitRecord] = []
        stack = include.filter { !hidden.contains($0) }
        while let id = stack.popLast() {
            guard !hidden.contains(id), seen.insert(id).inserted else { continue }
            guard let r = record(id) else {
                throw GitError(function: "commitsInShallowClone", code: -3, message: "commit \(id.hex) is missing")
            }
            out.append(r)
            stack += parents(r).filter { !seen.contains($0) && !hidden.contains($0) && record($0) != nil }
        }
        return out.sorted { ($0.time, $0.id) > ($1.time, $1.id) }.map(\.id)
    }
}
