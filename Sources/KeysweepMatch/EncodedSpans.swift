import CKeysweepScan

/// Finds text that may be encoded, in one pass over a blob's borrowed bytes: base64/base64url
/// tokens, tokens holding `%XX` escapes, and strings holding `\uXXXX` / `\xXX` escapes.
///
/// The walk is C (`ks_encoded_tokens`): it skips to each place where an escape or a 16-byte
/// window of base64 characters holding an upper-case letter, a digit, `+` or `/` starts
/// (`ks_next_encoded`, or the prefilter's map of them), then byte classes decide the token there.
/// Runs of lower-case letters, `-` and `_` alone are taken for identifiers
/// (`test_parametrize_ids`): base64 of anything almost never has sixteen such characters in a
/// row. C sources' `%s` and `\n`, and identifiers such as `uint32_t`, are skipped at SIMD speed.
/// A base64 token is handed over only if it decodes to text (checked in C, as `Decoders.isText`
/// would: CamelCase identifiers and paths are long runs too, and are dropped there). Nothing is
/// allocated; candidates are handed to `body` as they are found, and whether percent- and
/// backslash-encoded ones really decode is for `Decoders` to say.
enum EncodedSpans {
    /// Shortest base64 token considered (12 decoded bytes).
    static let minBase64 = Int(KS_BASE64_MIN)

    /// Calls `body(range, encoding)` for each candidate token inside `region` of `bytes`, in
    /// increasing, non-overlapping order. `body` returns false to stop the pass. `map`, filled by
    /// the prefilter for `bytes`, gives the places to look at and the base64 runs without
    /// reading the bytes.
    static func forEach(in bytes: UnsafeRawBufferPointer, region: Range<Int>, map: UnsafePointer<ks_encoded_map>? = nil,
                        tokens: UnsafeMutableBufferPointer<ks_encoded_token>, _ body: (Range<Int>, Encoding) -> Bool) {
        guard region.count >= 4, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let isa = MatchISA.current
        var at = region.lowerBound, floor = region.lowerBound
        while at < region.upperBound {
            let count = ks_encoded_tokens(isa, map, base, region.lowerBound, region.upperBound, &at, &floor,
                                          tokens.baseAddress, tokens.count)
            for t in tokens[0..<count] {
                if !body(Int(t.start)..<Int(t.end), Encoding(rawValue: UInt8(t.encoding)) ?? .base64) { return }
            }
        }
    }
}

/// How a span of text was encoded (the values are C's `KS_ENCODED_*`).
enum Encoding: UInt8, Sendable {
    case base64 = 0, percent = 1, escape = 2

    /// The name reports show ("found after base64 decoding").
    var label: String {
        switch self {
        case .base64: return "base64"
        case .percent: return "percent"
        case .escape: return "escape"
        }
    }
}
