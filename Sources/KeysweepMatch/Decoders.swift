/// Decodes candidate tokens (base64/base64url, percent-encoding, backslash escapes) and keeps only
/// output that is mostly printable UTF-8 text.
///
/// Each decoder is written once over a `ByteSink`: `TextCheck` validates without writing (it stops
/// at the first control byte or broken UTF-8 sequence, so binary data and ordinary identifiers are
/// rejected within a few bytes, with nothing allocated), and only a token that passes is decoded
/// again into the caller's buffer.
enum Decoders {
    /// Shortest percent- or backslash-encoded token considered.
    static let minEscaped = 8

    /// True when `token` decodes, as `encoding`, to mostly printable UTF-8 text.
    static func isText(_ token: UnsafeRawBufferPointer, as encoding: Encoding) -> Bool {
        var check = TextCheck()
        guard run(encoding, token, into: &check) else { return false }
        return check.accepts
    }

    /// Appends the decoded text of a token that `isText` accepted.
    static func decode(_ token: UnsafeRawBufferPointer, as encoding: Encoding, into out: inout [UInt8]) {
        var sink = Appender(out: out)
        out = []
        _ = run(encoding, token, into: &sink)
        out = sink.out
    }

    private static func run<S: ByteSink>(_ encoding: Encoding, _ token: UnsafeRawBufferPointer, into sink: inout S) -> Bool {
        switch encoding {
        case .base64: return base64(token, into: &sink)
        case .percent: return token.count >= minEscaped && percent(token, into: &sink)
        case .escape: return token.count >= minEscaped && escapes(token, into: &sink)
        }
    }

    // MARK: base64

    /// Sextet values of the standard and URL-safe alphabets (both accepted, not mixed); 0xFF
    /// elsewhere.
    static let sextets: [UInt8] = (0..<256).map { (i: Int) -> UInt8 in
        switch UInt8(i) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt8(i) - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt8(i) - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(i) - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return 0xFF
        }
    }

    static func base64<S: ByteSink>(_ token: UnsafeRawBufferPointer, into sink: inout S) -> Bool {
        var n = token.count
        while n > 0, token[n - 1] == UInt8(ascii: "=") { n -= 1 }
        guard n >= EncodedSpans.minBase64, n % 4 != 1, token.count - n <= 2 else { return false }
        if token.count != n, token.count % 4 != 0 { return false }
        return sextets.withUnsafeBufferPointer { table -> Bool in
            var standard = false, urlSafe = false
            var acc: UInt32 = 0
            var bits = 0
            for i in 0..<n {
                let b = token[i]
                let v = table[Int(b)]
                if v == 0xFF { return false }
                if b == UInt8(ascii: "+") || b == UInt8(ascii: "/") { standard = true }
                if b == UInt8(ascii: "-") || b == UInt8(ascii: "_") { urlSafe = true }
                acc = acc << 6 | UInt32(v)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    if !sink.put(UInt8(truncatingIfNeeded: acc >> UInt32(bits))) { return false }
                    acc &= (1 << UInt32(bits)) - 1
                }
            }
            return !(standard && urlSafe)
        }
    }

    // MARK: percent

    static func percent<S: ByteSink>(_ token: UnsafeRawBufferPointer, into sink: inout S) -> Bool {
        var escapes = 0
        var i = 0
        while i < token.count {
            let b = token[i]
            if b == UInt8(ascii: "%"), i + 2 < token.count, let hi = hex(token[i + 1]), let lo = hex(token[i + 2]) {
                if !sink.put(hi << 4 | lo) { return false }
                escapes += 1
                i += 3
            } else {
                if !sink.put(b) { return false }
                i += 1
            }
        }
        return escapes > 0
    }

    // MARK: backslash escapes

    static func escapes<S: ByteSink>(_ token: UnsafeRawBufferPointer, into sink: inout S) -> Bool {
        var escapes = 0
        var i = 0
        let n = token.count
        while i < n {
            let b = token[i]
            guard b == UInt8(ascii: "\\"), i + 1 < n else {
                if !sink.put(b) { return false }
                i += 1
                continue
            }
            let kind = token[i + 1]
            switch kind {
            case UInt8(ascii: "u"):
                guard var unit = hexValue(token, at: i + 2, digits: 4) else { return false }
                i += 6
                if unit >= 0xD800, unit < 0xDC00 {
                    // A surrogate pair: the low half must follow as another \u escape.
                    guard i + 1 < n, token[i] == UInt8(ascii: "\\"), token[i + 1] == UInt8(ascii: "u"),
                          let low = hexValue(token, at: i + 2, digits: 4), low >= 0xDC00, low < 0xE000 else { return false }
                    unit = 0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00)
                    i += 6
                } else if unit >= 0xDC00, unit < 0xE000 {
                    return false
                }
                if !putUTF8(unit, into: &sink) { return false }
                escapes += 1
            case UInt8(ascii: "x"):
                guard let value = hexValue(token, at: i + 2, digits: 2) else { return false }
                if !putUTF8(value, into: &sink) { return false }
                escapes += 1
                i += 4
            default:
                let simple: UInt8?
                switch kind {
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = kind
                default: simple = nil
                }
                if let simple {
                    if !sink.put(simple) { return false }
                } else {
                    if !sink.put(b) || !sink.put(kind) { return false }
                }
                i += 2
            }
        }
        return escapes > 0
    }

    private static func putUTF8<S: ByteSink>(_ scalar: UInt32, into sink: inout S) -> Bool {
        switch scalar {
        case 0..<0x80:
            return sink.put(UInt8(scalar))
        case 0x80..<0x800:
            return sink.put(UInt8(0xC0 | scalar >> 6)) && sink.put(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            return sink.put(UInt8(0xE0 | scalar >> 12)) && sink.put(UInt8(0x80 | scalar >> 6 & 0x3F))
                && sink.put(UInt8(0x80 | scalar & 0x3F))
        default:
            return sink.put(UInt8(0xF0 | scalar >> 18)) && sink.put(UInt8(0x80 | scalar >> 12 & 0x3F))
                && sink.put(UInt8(0x80 | scalar >> 6 & 0x3F)) && sink.put(UInt8(0x80 | scalar & 0x3F))
        }
    }

    @inline(__always)
    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func hexValue(_ token: UnsafeRawBufferPointer, at i: Int, digits: Int) -> UInt32? {
        guard i + digits <= token.count else { return nil }
        var v: UInt32 = 0
        for j in i..<(i + digits) {
            guard let d = hex(token[j]) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}

/// Where a decoder's output goes; `put` returns false to stop decoding.
protocol ByteSink {
    mutating func put(_ byte: UInt8) -> Bool
}

/// Accepts printable ASCII, tab, CR, LF and well-formed UTF-8 sequences; stops at anything else.
/// The output must end on a character boundary, and non-ASCII characters may start at most half
/// of its bytes (text in any script passes; random bytes fail within a few).
struct TextCheck: ByteSink {
    private var pending = 0
    private var count = 0
    private var nonASCII = 0

    @inline(__always)
    mutating func put(_ b: UInt8) -> Bool {
        count += 1
        if pending > 0 {
            guard b & 0xC0 == 0x80 else { return false }
            pending -= 1
            return true
        }
        switch b {
        case 0x20..<0x7F, 0x09, 0x0A, 0x0D: return true
        case 0xC2...0xDF: pending = 1
        case 0xE0...0xEF: pending = 2
        case 0xF0...0xF4: pending = 3
        default: return false
        }
        nonASCII += 1
        return true
    }

    var accepts: Bool { pending == 0 && count > 0 && nonASCII * 2 <= count }
}

/// Appends every byte to `out`.
struct Appender: ByteSink {
    var out: [UInt8]

    @inline(__always)
    mutating func put(_ b: UInt8) -> Bool {
        out.append(b)
        return true
    }
}
