import Foundation
import KeysweepCore

/// A commit's header, parsed from its raw bytes: enough to walk history and to tell a person who
/// made it.
public struct CommitRecord: Sendable {
    public var id: BlobID
    public var tree: BlobID
    public var parents: [BlobID]
    public var time: Int64

    /// Parses the header lines `tree`, `parent` and `committer` of a raw commit object.
    public init?(id: BlobID, raw: UnsafeRawBufferPointer) {
        self.id = id
        var tree: BlobID?
        var parents: [BlobID] = []
        var time: Int64 = 0
        RawObjects.forEachHeaderLine(raw) { key, value in
            switch key {
            case "tree": tree = BlobID(hex: value)
            case "parent": if let p = BlobID(hex: value) { parents.append(p) }
            case "committer": time = RawObjects.signature(value).time
            default: break
            }
        }
        guard let tree else { return nil }
        self.tree = tree
        self.parents = parents
        self.time = time
    }
}

/// Parsers for git's raw object formats, on borrowed bytes.
public enum RawObjects {
    /// Calls `body` with each header line (key, value) of a commit or tag, up to the blank line.
    static func forEachHeaderLine(_ raw: UnsafeRawBufferPointer, _ body: (Substring, Substring) -> Void) {
        var start = 0
        while start < raw.count {
            var end = start
            while end < raw.count, raw[end] != 0x0A { end += 1 }
            if end == start { return }  // blank line: the message follows
            if raw[start] != 0x20 {  // continuation lines (gpgsig) start with a space
                let line = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]), as: UTF8.self)
                if let space = line.firstIndex(of: " ") {
                    body(line[..<space], line[line.index(after: space)...])
                }
            }
            start = end + 1
        }
    }

    /// Splits `Name <email> 1234567890 +0100` into its parts.
    static func signature(_ value: Substring) -> (name: String, email: String, time: Int64) {
        guard let lt = value.firstIndex(of: "<"), let gt = value[lt...].firstIndex(of: ">") else {
            return (String(value), "", 0)
        }
        let name = value[..<lt].trimmingCharacters(in: .whitespaces)
        let email = String(value[value.index(after: lt)..<gt])
        let rest = value[value.index(after: gt)...].split(separator: " ")
        return (name, email, rest.first.flatMap { Int64($0) } ?? 0)
    }

    /// The author, date and summary line of a raw commit.
    public static func commitInfo(id: BlobID, raw: UnsafeRawBufferPointer) -> CommitInfo {
        var author = (name: "", email: "", time: Int64(0))
        forEachHeaderLine(raw) { key, value in
            if key == "author" { author = signature(value) }
        }
        var summary = ""
        if let blank = findBlankLine(raw) {
            var end = blank
            while end < raw.count, raw[end] != 0x0A { end += 1 }
            summary = String(decoding: UnsafeRawBufferPointer(rebasing: raw[blank..<end]), as: UTF8.self)
        }
        return CommitInfo(id: id.hex, author: author.name, email: author.email,
                          date: Date(timeIntervalSince1970: TimeInterval(author.time)), summary: summary)
    }

    private static func findBlankLine(_ raw: UnsafeRawBufferPointer) -> Int? {
        guard raw.count > 1 else { return nil }
        for i in 0..<(raw.count - 1) where raw[i] == 0x0A && raw[i + 1] == 0x0A { return i + 2 }
        return nil
    }

    /// The target of an annotated tag.
    public static func tagTarget(_ raw: UnsafeRawBufferPointer) -> BlobID? {
        var target: BlobID?
        forEachHeaderLine(raw) { key, value in if key == "object" { target = BlobID(hex: value) } }
        return target
    }

    /// The kind of a tree entry, from its mode.
    public enum EntryKind: Sendable { case blob, tree, submodule }

    /// Calls `body` for each entry of a raw tree object: kind, name bytes and object id.
    /// Inlinable so that the callers' closures (run for every entry of every tree when locating
    /// blobs) are inlined; the mode is told from its first byte and length, not scanned.
    @inlinable
    public static func forEachTreeEntry(_ raw: UnsafeRawBufferPointer,
                                        _ body: (EntryKind, UnsafeRawBufferPointer, BlobID) -> Void) {
        forEachTreeEntryRaw(raw) { kind, name, id in body(kind, name, BlobID(bytes: id)) }
    }

    /// `forEachTreeEntry` with the entry's 20 id bytes instead of a `BlobID`, for callers that
    /// test most ids cheaply before building one.
    @inlinable
    public static func forEachTreeEntryRaw(_ raw: UnsafeRawBufferPointer,
                                           _ body: (EntryKind, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) {
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = raw.count
        var i = 0
        while i < n {
            // Modes: 40000 (tree), 100644 / 100755 / 120000 (blob, link), 160000 (submodule).
            var modeEnd = i
            if i + 6 < n, base[i &+ 5] == 0x20 { modeEnd = i &+ 5 }
            else if i + 7 < n, base[i &+ 6] == 0x20 { modeEnd = i &+ 6 }
            else { while modeEnd < n, base[modeEnd] != 0x20 { modeEnd &+= 1 } }
            // The name ends at a NUL: eight bytes at a time (a zero byte's lowest flagged bit is
            // exact), then byte by byte near the end of the buffer.
            var nameEnd = modeEnd &+ 1
            while nameEnd &+ 8 <= n {
                let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: nameEnd, as: UInt64.self))
                let zero = (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
                if zero != 0 { nameEnd &+= zero.trailingZeroBitCount >> 3; break }
                nameEnd &+= 8
            }
            while nameEnd < n, base[nameEnd] != 0 { nameEnd &+= 1 }
            guard nameEnd &+ 21 <= n else { return }
            let kind: EntryKind
            if base[i] == UInt8(ascii: "4") { kind = .tree }
            else if modeEnd &- i == 6, base[i] == UInt8(ascii: "1"), base[i &+ 1] == UInt8(ascii: "6") {
                kind = .submodule
            } else { kind = .blob }
            body(kind, UnsafeRawBufferPointer(start: base + modeEnd + 1, count: nameEnd &- modeEnd &- 1),
                 UnsafeRawBufferPointer(start: base + nameEnd + 1, count: 20))
            i = nameEnd &+ 21
        }
    }
}
