/// What must follow a rule's keyword for the rule's regex to match there (`keywordFollowedBy`):
/// a small pattern tried at the byte just after a keyword occurrence, natively, so that the
/// matcher can skip the occurrences where the rule cannot match without a PCRE2 call.
///
/// The syntax is a sequence of items, each one byte class with a greedy quantifier: a literal
/// byte, an escaped one (`\.`), `\w` `\d` `\s` `\t` `\n` `\r`, `.` (any byte but a newline),
/// `[...]` with ranges, escapes and `^`; quantifiers `?` `*` `+` `{n}` `{n,}` `{n,m}`. A leading
/// `(?i)` makes letters match either case. The last item may instead be a negative lookahead of
/// one class or byte, `(?![^\s"'])`: the next byte is not in it, or the text ends there (how a
/// regex's `(?=[\s"']|$)` after a value is written). No groups, no alternation (give a rule
/// several patterns instead), no other anchors or assertions. Matching backtracks, so the result
/// is exactly whether the pattern matches a prefix of the text from that byte.
public struct FollowPattern: Sendable, CustomStringConvertible {
    /// A set of bytes as four 64-bit words.
    struct ByteSet: Sendable {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        @inline(__always) func contains(_ b: UInt8) -> Bool {
            let i = b >> 6
            let w = i < 2 ? (i == 0 ? words.0 : words.1) : (i == 2 ? words.2 : words.3)
            return w >> UInt64(b & 63) & 1 == 1
        }

        mutating func insert(_ b: UInt8) {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }

        mutating func formUnion(_ o: ByteSet) {
            words = (words.0 | o.words.0, words.1 | o.words.1, words.2 | o.words.2, words.3 | o.words.3)
        }

        func inverted() -> ByteSet {
            var s = ByteSet()
            s.words = (~words.0, ~words.1, ~words.2, ~words.3)
            return s
        }
    }

    struct Item: Sendable {
        var set: ByteSet
        var min: Int
        var max: Int
        /// Bytes that can start a match of this item and the rest (through optional items).
        var first = ByteSet()
        /// Whether this item and all after it may match nothing.
        var restMayBeEmpty = false
        /// No byte of this item can start the rest (which cannot be empty): only its longest run
        /// can be followed by a match of the rest, so shorter ones are not tried.
        var possessive = false
        /// A trailing lookahead `(?!…)`: matches where the next byte is in `set` (the class's
        /// complement, min and max 1) or the text ends.
        var atEnd = false
        /// Whether this item and all after it may match at the end of the text (they may be
        /// empty, or only a lookahead is left).
        var restMatchesAtEnd = false
    }

    public let source: String
    /// The items, in memory that stays put and is never written after init (so that matching
    /// touches no reference count).
    private let storage: Storage

    private final class Storage: @unchecked Sendable {  // immutable after init
        let items: UnsafeMutableBufferPointer<Item>
        init(_ items: [Item]) {
            self.items = .allocate(capacity: items.count)
            _ = self.items.initialize(from: items)
        }
        deinit { items.deallocate() }
    }

    public var description: String { source }

    /// Steps of backtracking allowed per attempt; past them the pattern is taken to match (the
    /// check can only skip work, never a match).
    public static let budget = 4096

    public struct SyntaxError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(_ source: String) throws {
        self.source = source
        var bytes = Array(source.utf8)[...]
        var caseless = false
        if bytes.starts(with: Array("(?i)".utf8)) { caseless = true; bytes = bytes.dropFirst(4) }
        var items: [Item] = []
        while let c = bytes.popFirst() {
            var set = ByteSet()
            switch c {
            case UInt8(ascii: "["): set = try Self.parseClass(&bytes)
            case UInt8(ascii: "\\"): set = try Self.parseEscape(&bytes)
            case UInt8(ascii: "."): set = ByteSet(); set.insert(0x0A); set = set.inverted()
            case UInt8(ascii: "(") where bytes.starts(with: Array("?!".utf8)):
                bytes = bytes.dropFirst(2)
                var inner = ByteSet()
                switch bytes.popFirst() {
                case UInt8(ascii: "["): inner = try Self.parseClass(&bytes)
                case UInt8(ascii: "\\"): inner = try Self.parseEscape(&bytes)
                case let b? where b != UInt8(ascii: ")"): inner.insert(b)
                default: throw SyntaxError(message: "a lookahead `(?!` must hold one byte or class")
                }
                guard bytes.popFirst() == UInt8(ascii: ")"), bytes.isEmpty, !items.isEmpty else {
                    throw SyntaxError(message: "a lookahead `(?!…)` of one byte or class may only end a pattern, after an item")
                }
                if caseless { inner = Self.caseFolded(inner) }
                items.append(Item(set: inner.inverted(), min: 1, max: 1, atEnd: true))
                continue
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                throw SyntaxError(message: "`\(Character(Unicode.Scalar(c)))` is not supported: no groups, alternation or anchors (give several patterns instead)")
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{"):
                throw SyntaxError(message: "a quantifier must follow a byte or a class")
            default: set.insert(c)
            }
            if caseless { set = Self.caseFolded(set) }
            let (lo, hi) = try Self.parseQuantifier(&bytes)
            items.append(Item(set: set, min: lo, max: hi))
        }
        guard !items.isEmpty else { throw SyntaxError(message: "the pattern is empty") }
        // First sets, from the back.
        var first = ByteSet()
        var empty = true, atEnd = true
        for i in items.indices.reversed() {
            if items[i].min > 0 { first = items[i].set; empty = false } else { first.formUnion(items[i].set) }
            items[i].first = first
            items[i].restMayBeEmpty = empty
            atEnd = items[i].atEnd || (items[i].min == 0 && atEnd)
            items[i].restMatchesAtEnd = atEnd
        }
        for i in items.indices.dropLast() where !items[i + 1].restMayBeEmpty {
            let a = items[i].set.words, b = items[i + 1].first.words
            items[i].possessive = a.0 & b.0 | a.1 & b.1 | a.2 & b.2 | a.3 & b.3 == 0
        }
        storage = Storage(items)
    }

    /// One item of the compiled pattern, for a native matcher that answers as `matches` does
    /// (the C prefilter's): its byte set and the bytes that can start it and the rest (four
    /// little-endian 64-bit words each), its quantifier (`max`: nil when unbounded), whether it
    /// and all after it may match nothing, and whether only its longest run need be tried.
    public struct Step: Sendable {
        public let set: [UInt64]
        public let first: [UInt64]
        public let min: Int
        public let max: Int?
        public let restMayBeEmpty: Bool
        public let possessive: Bool
        /// A trailing lookahead: `set` or the end of the text (see `Item.atEnd`).
        public let atEnd: Bool
        /// Whether this step and the rest may match at the end of the text.
        public let restMatchesAtEnd: Bool
    }

    /// The compiled items, in order.
    public var steps: [Step] {
        storage.items.map { item in
            Step(set: [item.set.words.0, item.set.words.1, item.set.words.2, item.set.words.3],
                 first: [item.first.words.0, item.first.words.1, item.first.words.2, item.first.words.3],
                 min: item.min, max: item.max == Int.max ? nil : item.max,
                 restMayBeEmpty: item.restMayBeEmpty, possessive: item.possessive, atEnd: item.atEnd,
                 restMatchesAtEnd: item.restMatchesAtEnd)
        }
    }

    /// The shortest text the pattern matches, in bytes (a lookahead needs none: the text may end).
    public var minLength: Int { storage.items.reduce(0) { $0 + ($1.atEnd ? 0 : $1.min) } }

    /// For each offset d below `min(minLength, limit)`: the bytes that can stand d bytes from
    /// the start of a match, as a 256-bit set in four little-endian 64-bit words. A text whose
    /// byte d is outside its set (or which ends before) cannot match: a check of those bytes can
    /// skip an occurrence before the pattern is tried.
    public func bytesAtOffsets(limit: Int) -> [[UInt64]] {
        let count = min(minLength, limit)
        var sets = [ByteSet](repeating: ByteSet(), count: count)
        var earliest = 0, latest = 0  // where the current item's first byte may stand
        for item in storage.items {
            let last = item.max == Int.max || latest == Int.max ? Int.max : latest + item.max - 1
            if item.max > 0 {
                for d in earliest..<min(count, last == Int.max ? count : last + 1) { sets[d].formUnion(item.set) }
            }
            earliest += item.min
            latest = item.max == Int.max || latest == Int.max ? Int.max : latest + item.max
            if earliest >= count { break }
        }
        return sets.map { [$0.words.0, $0.words.1, $0.words.2, $0.words.3] }
    }

    /// Whether the pattern matches the bytes starting at `start` (to at most the end of `bytes`).
    public func matches(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        program.matches(bytes, at: start)
    }

    /// The compiled items without a reference: valid while the pattern lives, free to copy in a
    /// hot loop (no reference counting).
    public var program: Program { Program(items: UnsafeBufferPointer(storage.items)) }

    public struct Program: @unchecked Sendable {  // points into an immutable Storage
        let items: UnsafeBufferPointer<Item>

        /// See `FollowPattern.matches`.
        public func matches(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), let first = items.baseAddress else {
                return items.first?.restMatchesAtEnd ?? true
            }
            var budget = FollowPattern.budget
            return FollowPattern.match(first, items.count, 0, base, bytes.count, start, &budget)
        }
    }

    /// From item `i` at byte `pos`: the item's greedy run, then each shorter one, trying the rest
    /// only where its first byte can start it.
    fileprivate static func match(_ items: UnsafePointer<Item>, _ count: Int, _ i: Int, _ base: UnsafePointer<UInt8>,
                                  _ end: Int, _ pos: Int, _ budget: inout Int) -> Bool {
        budget -= 1
        if budget <= 0 { return true }
        let item = items + i
        if item.pointee.atEnd { return pos == end || item.pointee.set.contains(base[pos]) }
        let lo = item.pointee.min
        let limit = min(item.pointee.max, end - pos)
        var n = 0
        while n < limit, item.pointee.set.contains(base[pos + n]) { n += 1 }
        guard n >= lo else { return false }
        if i + 1 == count { return true }
        let next = items + i + 1
        if next.pointee.restMayBeEmpty { return true }
        if item.pointee.possessive {
            let p = pos + n
            return (p < end ? next.pointee.first.contains(base[p]) : next.pointee.restMatchesAtEnd)
                && match(items, count, i + 1, base, end, p, &budget)
        }
        while n >= lo {
            let p = pos + n
            if p < end ? next.pointee.first.contains(base[p]) : next.pointee.restMatchesAtEnd,
               match(items, count, i + 1, base, end, p, &budget) { return true }
            n -= 1
        }
        return false
    }

    private static func caseFolded(_ s: ByteSet) -> ByteSet {
        var out = s
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") where s.contains(b) || s.contains(b | 0x20) {
            out.insert(b)
            out.insert(b | 0x20)
        }
        return out
    }

    private static func named(_ c: UInt8) -> ByteSet? {
        var s = ByteSet()
        switch c {
        case UInt8(ascii: "w"):
            for b in UInt8(ascii: "a")...UInt8(ascii: "z") { s.insert(b); s.insert(b - 0x20) }
            for b in UInt8(ascii: "0")...UInt8(ascii: "9") { s.insert(b) }
            s.insert(UInt8(ascii: "_"))
        case UInt8(ascii: "d"): for b in UInt8(ascii: "0")...UInt8(ascii: "9") { s.insert(b) }
        case UInt8(ascii: "s"): for b in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] as [UInt8] { s.insert(b) }
        case UInt8(ascii: "t"): s.insert(0x09)
        case UInt8(ascii: "n"): s.insert(0x0A)
        case UInt8(ascii: "r"): s.insert(0x0D)
        default: return nil
        }
        return s
    }

    private static func parseEscape(_ bytes: inout ArraySlice<UInt8>) throws -> ByteSet {
        guard let c = bytes.popFirst() else { throw SyntaxError(message: "the pattern ends in a backslash") }
        if let s = named(c) { return s }
        let isWord = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)
        guard !isWord else { throw SyntaxError(message: "`\\\(Character(Unicode.Scalar(c)))` is not supported") }
        var s = ByteSet()
        s.insert(c)
        return s
    }

    private static func parseClass(_ bytes: inout ArraySlice<UInt8>) throws -> ByteSet {
        var s = ByteSet()
        let negated = bytes.first == UInt8(ascii: "^")
        if negated { bytes.removeFirst() }
        var members: [UInt8?] = []  // nil: a named class already added
        var closed = false
        while let c = bytes.popFirst() {
            if c == UInt8(ascii: "]") && !members.isEmpty { closed = true; break }
            if c == UInt8(ascii: "\\") {
                guard let e = bytes.popFirst() else { break }
                switch e {
                case UInt8(ascii: "t"): members.append(0x09)
                case UInt8(ascii: "n"): members.append(0x0A)
                case UInt8(ascii: "r"): members.append(0x0D)
                case UInt8(ascii: "w"), UInt8(ascii: "d"), UInt8(ascii: "s"): s.formUnion(named(e)!); members.append(nil)
                default:
                    let isWord = (e >= 0x30 && e <= 0x39) || ((e | 0x20) >= 0x61 && (e | 0x20) <= 0x7A)
                    guard !isWord else { throw SyntaxError(message: "`\\\(Character(Unicode.Scalar(e)))` is not supported in a class") }
                    members.append(e)
                }
            } else if c == UInt8(ascii: "-"), let lo = members.last ?? nil, let hiByte = bytes.first, hiByte != UInt8(ascii: "]") {
                bytes.removeFirst()
                var hi = hiByte
                if hi == UInt8(ascii: "\\") {
                    guard let e = bytes.popFirst() else { break }
                    hi = e
                }
                guard lo <= hi else { throw SyntaxError(message: "a class range runs backwards") }
                for b in lo...hi { s.insert(b) }
                members.append(nil)
            } else {
                members.append(c)
            }
        }
        guard closed else { throw SyntaxError(message: "a class `[` is not closed") }
        for case let m? in members { s.insert(m) }
        return negated ? s.inverted() : s
    }

    private static func parseQuantifier(_ bytes: inout ArraySlice<UInt8>) throws -> (Int, Int) {
        switch bytes.first {
        case UInt8(ascii: "?"): bytes.removeFirst(); return (0, 1)
        case UInt8(ascii: "*"): bytes.removeFirst(); return (0, Int.max)
        case UInt8(ascii: "+"): bytes.removeFirst(); return (1, Int.max)
        case UInt8(ascii: "{"):
            guard let close = bytes.firstIndex(of: UInt8(ascii: "}")) else { throw SyntaxError(message: "a `{` is not closed") }
            let body = String(decoding: bytes[bytes.index(after: bytes.startIndex)..<close], as: UTF8.self)
            bytes = bytes[bytes.index(after: close)...]
            let parts = body.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(parts.count), let lo = Int(parts[0]), lo >= 0 else {
                throw SyntaxError(message: "`{\(body)}` is not a count ({n}, {n,} or {n,m})")
            }
            if parts.count == 1 { return (lo, lo) }
            if parts[1].isEmpty { return (lo, Int.max) }
            guard let hi = Int(parts[1]), hi >= lo else { throw SyntaxError(message: "`{\(body)}` is not a count ({n}, {n,} or {n,m})") }
            return (lo, hi)
        default: return (1, 1)
        }
    }
}
