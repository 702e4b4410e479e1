import CKeysweepScan

/// The encoded-text walk as it was written in Swift before it moved to C (`ks_encoded_tokens`):
/// the reference the C walk is compared with. Tokens as (start, end, encoding) triples. Since the
/// C walk drops base64 tokens that do not decode to text (and a dropped token no longer bounds
/// the escape token after it), the reference asks `isText` which base64 tokens to keep.
enum EncodedTokensReference {
    static let minBase64 = 16
    static let maxToken = 64 << 10
    static let maxLookBack = 4096
    enum Encoding: UInt32 { case base64 = 0, percent = 1, escape = 2 }

    // Byte classes.
    static let alphabet: UInt8 = 1      // A-Z a-z 0-9 + / - _
    static let percent: UInt8 = 2       // %
    static let backslash: UInt8 = 4     // \
    static let b64Delimiter: UInt8 = 8  // may stand right before or after a base64 token
    static let pctDelimiter: UInt8 = 16 // ends a percent-encoded token
    static let escDelimiter: UInt8 = 32 // ends a backslash-escaped string
    static let hexDigit: UInt8 = 64

    static let classes: [UInt8] = (0..<256).map { (i: Int) -> UInt8 in
        let b = UInt8(i)
        var c: UInt8 = 0
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"),
             UInt8(ascii: "-"), UInt8(ascii: "_"):
            c |= alphabet
        case UInt8(ascii: "%"): c |= percent
        case UInt8(ascii: "\\"): c |= backslash
        default: break
        }
        if " \t\r\n\"'`:=,;()[]{}<>&|\\".utf8.contains(b) { c |= b64Delimiter }
        if " \t\r\n\"'`,;()[]{}<>&?=#".utf8.contains(b) { c |= pctDelimiter }
        if "\r\n\"'`".utf8.contains(b) { c |= escDelimiter }
        if ("0"..."9").contains(Character(Unicode.Scalar(b))) || ("a"..."f").contains(Character(Unicode.Scalar(b)))
            || ("A"..."F").contains(Character(Unicode.Scalar(b))) { c |= hexDigit }
        return c
    }

    /// Calls `body(range, encoding)` for each candidate token inside `region` of `bytes`.
    static func forEach(in bytes: UnsafeRawBufferPointer, region: Range<Int>, isText: (Range<Int>) -> Bool,
                        _ body: (Range<Int>, Encoding) -> Bool) {
        guard region.count >= 4, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let isa = ks_isa()
        classes.withUnsafeBufferPointer { table in
            let hi = region.upperBound
            var floor = region.lowerBound   // earlier candidates end here; later ones start no sooner
            var i = region.lowerBound        // never inside a run of base64 characters
            while i < hi {
                // Skip to where an escape or a base64 window with a strong character starts.
                let from = ks_next_encoded(isa, base, i, hi)
                guard from < hi else { break }
                let until = from + 1
                // Byte by byte from the start of the run reaching `from`, to `until` and past
                // any run or token that crosses it.
                var a = from
                while a > i, table[Int(base[a - 1])] & alphabet != 0 { a -= 1 }
                var last = a - 1             // the last byte outside the base64 alphabet
                var j = a
                while j < hi, j < until || j - 1 != last {
                    let c = table[Int(base[j])]
                    last = c & alphabet == 0 ? j : last
                    if c & (percent | backslash) != 0, let token = escape(at: j, floor: floor, base: base, hi: hi, table: table) {
                        if !body(token.range, token.encoding) { return }
                        floor = token.range.upperBound
                        j = max(token.range.upperBound, j + 1)
                        last = j - 1
                        continue
                    }
                    if j - last == minBase64 {
                        // A run long enough: find its end, then check what stands around it.
                        let start = last + 1
                        var end = j + 1
                        while end < hi, table[Int(base[end])] & alphabet != 0 { end += 1 }
                        var stop = end
                        while stop < hi, stop - end < 2, base[stop] == UInt8(ascii: "=") { stop += 1 }
                        let before = start > region.lowerBound ? table[Int(base[start - 1])] : b64Delimiter
                        let after = stop < hi ? table[Int(base[stop])] : b64Delimiter
                        if stop == end, after & (percent | backslash) != 0, isEscape(at: end, base: base, hi: hi, table: table) {
                            // `…%3D` or `…\u003d`: the escape's token covers this run.
                            j = end
                            last = end - 1
                            continue
                        }
                        if before & b64Delimiter != 0, after & b64Delimiter != 0, stop - start <= maxToken, isText(start..<stop) {
                            if !body(start..<stop, .base64) { return }
                            floor = stop
                        }
                        j = stop
                        last = stop - 1
                        continue
                    }
                    j += 1
                }
                i = j
            }
        }
    }

    /// True when a valid `%XX`, `\uXXXX` or `\xXX` escape starts at `i`.
    @inline(__always)
    private static func isEscape(at i: Int, base: UnsafePointer<UInt8>, hi: Int, table: UnsafeBufferPointer<UInt8>) -> Bool {
        if base[i] == UInt8(ascii: "%") {
            return i + 2 < hi && table[Int(base[i + 1])] & hexDigit != 0 && table[Int(base[i + 2])] & hexDigit != 0
        }
        guard base[i] == UInt8(ascii: "\\"), i + 3 < hi else { return false }
        let digits: Int
        switch base[i + 1] {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "x"): digits = 2
        default: return false
        }
        guard i + 1 + digits < hi else { return false }
        for d in 0..<digits where table[Int(base[i + 2 + d])] & hexDigit == 0 { return false }
        return true
    }

    /// The token around a valid escape at `i` (`%XX`, `\uXXXX`, `\xXX`), or nil.
    @inline(__always)
    private static func escape(at i: Int, floor: Int, base: UnsafePointer<UInt8>, hi: Int,
                               table: UnsafeBufferPointer<UInt8>) -> (range: Range<Int>, encoding: Encoding)? {
        guard isEscape(at: i, base: base, hi: hi, table: table) else { return nil }
        let encoding: Encoding = base[i] == UInt8(ascii: "%") ? .percent : .escape
        let delimiter = encoding == .percent ? pctDelimiter : escDelimiter
        var start = i
        let limit = max(floor, i - maxLookBack)
        while start > limit, table[Int(base[start - 1])] & delimiter == 0 { start -= 1 }
        if encoding == .escape {
            // An escaped quote does not end the string.
            while start > limit, base[start - 1] != UInt8(ascii: "\n"), start >= 2, base[start - 2] == UInt8(ascii: "\\") {
                start -= 1
                while start > limit, table[Int(base[start - 1])] & delimiter == 0 { start -= 1 }
            }
        }
        var end = i + 1
        let ceiling = min(hi, start + maxToken)
        while end < ceiling {
            let b = base[end]
            if table[Int(b)] & delimiter != 0 {
                if encoding == .escape, b != UInt8(ascii: "\n"), base[end - 1] == UInt8(ascii: "\\") { end += 1; continue }
                break
            }
            end += 1
        }
        return (start..<end, encoding)
    }
}
