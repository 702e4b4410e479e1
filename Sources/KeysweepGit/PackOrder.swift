import Foundation
import KeysweepCore

/// Object ids in the order their packs store them, read from the pack index files (`.idx`,
/// version 2). Reading objects in this order lets libgit2's delta-base cache serve a delta's base
/// from memory instead of inflating it again, as `git cat-file --unordered` does.
public enum PackOrder {
    /// Sorts `ids` by (pack, offset in pack); ids in no pack (loose objects) come last, in their
    /// given order. Unreadable or unknown index files are ignored.
    public static func sort(_ ids: [BlobID], gitDirectory: String) -> [BlobID] {
        let packDir = (gitDirectory as NSString).appendingPathComponent("objects/pack")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: packDir)) ?? [])
            .filter { $0.hasSuffix(".idx") }.sorted()
        var position: [BlobID: (pack: Int, offset: UInt64)] = [:]
        position.reserveCapacity(ids.count)
        for (p, file) in files.enumerated() {
            guard let data = FileManager.default.contents(atPath: (packDir as NSString).appendingPathComponent(file)) else { continue }
            data.withUnsafeBytes { raw in
                forEachEntry(raw) { id, offset in
                    if position[id] == nil { position[id] = (p, offset) }
                }
            }
        }
        guard !position.isEmpty else { return ids }
        var packed: [(BlobID, Int, UInt64)] = []
        var loose: [BlobID] = []
        packed.reserveCapacity(position.count)
        for id in ids {
            if let at = position[id] { packed.append((id, at.pack, at.offset)) } else { loose.append(id) }
        }
        packed.sort { ($0.1, $0.2) < ($1.1, $1.2) }
        return packed.map(\.0) + loose
    }

    /// Calls `body` with each (object id, pack offset) of a version-2 pack index.
    static func forEachEntry(_ raw: UnsafeRawBufferPointer, _ body: (BlobID, UInt64) -> Void) {
        guard raw.count >= 8 + 1024, raw[0] == 0xFF, raw[1] == 0x74, raw[2] == 0x4F, raw[3] == 0x63,
              be32(raw, 4) == 2 else { return }
        let n = Int(be32(raw, 8 + 255 * 4))
        let names = 8 + 1024
        let offsets = names + n * 20 + n * 4
        let large = offsets + n * 4
        guard raw.count >= large else { return }
        for i in 0..<n {
            let id = BlobID(bytes: UnsafeRawBufferPointer(rebasing: raw[(names + i * 20)..<(names + i * 20 + 20)]))
            var off = UInt64(be32(raw, offsets + i * 4))
            if off & 0x8000_0000 != 0 {
                let j = Int(off & 0x7FFF_FFFF)
                guard raw.count >= large + j * 8 + 8 else { continue }
                off = UInt64(be32(raw, large + j * 8)) << 32 | UInt64(be32(raw, large + j * 8 + 4))
            }
            body(id, off)
        }
    }

    private static func be32(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(raw[at]) << 24 | UInt32(raw[at + 1]) << 16 | UInt32(raw[at + 2]) << 8 | UInt32(raw[at + 3])
    }
}
