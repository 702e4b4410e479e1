import KeysweepCore

/// Position of an object id in an array of ids, by open addressing on the id's first 64 bits
/// (object ids are uniformly distributed, so they need no further hashing). Built once, read by
/// all workers; a lookup of an absent id usually ends at the first, empty slot.
struct IDIndex: Sendable {
    let ids: [BlobID]
    private let slots: [Int32]
    private let mask: Int

    init(_ ids: [BlobID]) {
        self.ids = ids
        var capacity = 16
        while capacity < ids.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (i, id) in ids.enumerated() {
            var s = Int(truncatingIfNeeded: id.high) & mask
            while slots[s] >= 0 {
                if ids[Int(slots[s])] == id { break }
                s = (s + 1) & mask
            }
            slots[s] = Int32(i)
        }
        self.slots = slots
        self.mask = mask
    }

    /// The index of `id` in `ids`, if it is there.
    @inline(__always)
    func index(of id: BlobID) -> Int32? {
        var s = Int(truncatingIfNeeded: id.high) & mask
        while true {
            let v = slots[s]
            if v < 0 { return nil }
            if ids[Int(v)] == id { return v }
            s = (s + 1) & mask
        }
    }
}

/// Tree entry names interned from raw bytes without making a `String` per entry: names live in
/// one byte arena, found again through an FNV-1a hash table. One per worker.
struct NameTable: Sendable {
    private var arena: [UInt8] = []
    private var spans: [(start: Int32, count: Int32)] = []
    private var slots = [Int32](repeating: -1, count: 1024)

    var count: Int { spans.count }

    mutating func intern(_ raw: UnsafeRawBufferPointer) -> Int32 {
        var s = Int(truncatingIfNeeded: Self.hash(raw)) & (slots.count - 1)
        while slots[s] >= 0 {
            let span = spans[Int(slots[s])]
            if Int(span.count) == raw.count, arena.withUnsafeBytes({ a in
                memcmpEqual(UnsafeRawBufferPointer(rebasing: a[Int(span.start)..<Int(span.start + span.count)]), raw)
            }) {
                return slots[s]
            }
            s = (s + 1) & (slots.count - 1)
        }
        let index = Int32(spans.count)
        spans.append((Int32(arena.count), Int32(raw.count)))
        arena.append(contentsOf: raw)
        slots[s] = index
        if spans.count * 2 > slots.count { grow() }
        return index
    }

    /// Every name, in interning order.
    func strings() -> [String] {
        arena.withUnsafeBytes { a in
            spans.map { String(decoding: UnsafeRawBufferPointer(rebasing: a[Int($0.start)..<Int($0.start + $0.count)]), as: UTF8.self) }
        }
    }

    /// FNV-1a of a name's bytes.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        arena.withUnsafeBytes { a in
            for (i, span) in spans.enumerated() {
                let name = UnsafeRawBufferPointer(rebasing: a[Int(span.start)..<Int(span.start + span.count)])
                var s = Int(truncatingIfNeeded: Self.hash(name)) & mask
                while bigger[s] >= 0 { s = (s + 1) & mask }
                bigger[s] = Int32(i)
            }
        }
        slots = bigger
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}
