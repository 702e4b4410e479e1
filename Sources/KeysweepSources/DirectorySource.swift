import Foundation
import Synchronization
import KeysweepCore

/// The regular files below a directory (not a git history): `.git/` is skipped, symbolic links
/// are not followed. Each file is one blob; its id is its ordinal in the listing.
public final class DirectorySource: BlobSource, @unchecked Sendable {
    // SAFETY: `files` is computed in init and only read afterwards.
    public let root: String
    let gate: BlobGate
    let files: [String]
    public var headCommit: String? { nil }

    public init(root: String, gate: BlobGate) throws {
        self.root = root
        self.gate = gate
        let base = URL(fileURLWithPath: root)
        guard let walker = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey], options: []) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        var files: [String] = []
        let prefix = base.standardizedFileURL.path.hasSuffix("/") ? base.standardizedFileURL.path
            : base.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            if url.lastPathComponent == ".git" { walker.skipDescendants(); continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let full = url.standardizedFileURL.path
            files.append(full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full)
        }
        self.files = files.sorted()
    }

    public func forEachBlob(jobs: Int, stats: ScanStatsRecorder,
                            _ body: @Sendable (Int, BlobID, UnsafeRawBufferPointer) -> Void) throws {
        let cursor = Atomic<Int>(0)
        let files = self.files, root = self.root, gate = self.gate
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, files.count))) { worker in
            while true {
                let i = cursor.add(1, ordering: .relaxed).oldValue
                if i >= files.count { break }
                let full = (root as NSString).appendingPathComponent(files[i])
                let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
                if size > gate.maxSize {
                    stats.update { $0.skippedTooLarge += 1 }
                    continue
                }
                guard let data = try? Data(contentsOf: URL(fileURLWithPath: full), options: .alwaysMapped) else {
                    stats.update { $0.unreadable += 1 }
                    continue
                }
                data.withUnsafeBytes { bytes in
                    if gate.admit(bytes, stats: stats) { body(worker, BlobID(ordinal: i), bytes) }
                }
            }
        }
    }

    public func provenance(of blobs: Set<BlobID>) throws -> [BlobID: BlobPlacements] {
        var out: [BlobID: BlobPlacements] = [:]
        for blob in blobs {
            let i = Int(Int64(bitPattern: blob.high))
            guard files.indices.contains(i) else { continue }
            out[blob] = BlobPlacements(introductions: [Placement(path: files[i], commit: nil, reachable: true)],
                                       headPaths: [files[i]])
        }
        return out
    }
}
