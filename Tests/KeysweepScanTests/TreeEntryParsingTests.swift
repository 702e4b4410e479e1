import Testing
import KeysweepCore
import KeysweepGit
import KeysweepTestSupport

/// `RawObjects.forEachTreeEntry` reads names eight bytes at a time and tells modes by length:
/// random trees (every mode, names of 1 to 40 bytes of any value but NUL) must come back entry
/// for entry, and a truncated tree must end the walk, not overrun it.
@Suite struct TreeEntryParsingTests {
    struct Entry: Equatable { var mode: String; var name: [UInt8]; var id: BlobID }

    static func randomTree(_ rng: inout SplitMix) -> ([Entry], [UInt8]) {
        let modes = ["40000", "100644", "100755", "120000", "160000"]
        var entries: [Entry] = []
        var raw: [UInt8] = []
        for _ in 0..<Int(rng.next() % 12) {
            let mode = modes[Int(rng.next() % UInt64(modes.count))]
            let name = (0..<(1 + Int(rng.next() % 40))).map { _ in UInt8(1 + rng.next() % 255) }
            let idBytes = (0..<20).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let id = idBytes.withUnsafeBytes { BlobID(bytes: $0) }
            entries.append(Entry(mode: mode, name: name, id: id))
            raw += Array(mode.utf8) + [0x20] + name + [0] + idBytes
        }
        return (entries, raw)
    }

    static func parse(_ raw: [UInt8]) -> [(RawObjects.EntryKind, [UInt8], BlobID)] {
        var out: [(RawObjects.EntryKind, [UInt8], BlobID)] = []
        raw.withUnsafeBytes { RawObjects.forEachTreeEntry($0) { out.append(($0, Array($1), $2)) } }
        return out
    }

    @Test func randomTreesParseEntryForEntry() {
        var rng = SplitMix(seed: 3)
        var entries = 0
        for _ in 0..<500 {
            let (expected, raw) = Self.randomTree(&rng)
            let got = Self.parse(raw)
            #expect(got.count == expected.count)
            for (g, e) in zip(got, expected) {
                let kind: RawObjects.EntryKind = e.mode == "40000" ? .tree : e.mode == "160000" ? .submodule : .blob
                #expect(g.0 == kind && g.1 == e.name && g.2 == e.id, "\(e.mode) \(e.name.count)-byte name")
            }
            entries += expected.count
        }
        #expect(entries > 2000)
    }

    @Test func aTruncatedTreeEndsTheWalk() {
        var rng = SplitMix(seed: 5)
        for _ in 0..<300 {
            let (expected, raw) = Self.randomTree(&rng)
            guard !raw.isEmpty else { continue }
            let cut = Array(raw[0..<Int(rng.next() % UInt64(raw.count))])
            let got = Self.parse(cut)
            // Only whole entries come back, and they are the first ones.
            #expect(got.count <= expected.count)
            for (g, e) in zip(got, expected) { #expect(g.1 == e.name && g.2 == e.id) }
        }
    }
}
