import Foundation

/// A seeded, deterministic pseudo-random generator (SplitMix64): the same seed gives the same
/// corpus, byte for byte, on every machine and run. Not for cryptography.
struct CorpusRNG {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    mutating func int(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next() % UInt64(n))
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, int(i + 1)) }
    }

    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }

    /// `n` characters drawn uniformly from `alphabet`.
    mutating func string(_ alphabet: String, _ n: Int) -> String {
        let chars = Array(alphabet)
        return String((0..<n).map { _ in chars[int(chars.count)] })
    }

    /// Like `string`, redrawn until `accept` holds (e.g. "has a digit, an upper and a lower case letter").
    mutating func string(_ alphabet: String, _ n: Int, where accept: (String) -> Bool) -> String {
        while true {
            let s = string(alphabet, n)
            if accept(s) { return s }
        }
    }

    mutating func digits(_ n: Int) -> String { string(Alphabet.digits, n) }
    mutating func hex(_ n: Int) -> String { string(Alphabet.hexLower, n) }
    mutating func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-\(pick(["8", "9", "a", "b"]))\(hex(3))-\(hex(12))" }
}

enum Alphabet {
    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let digits = "0123456789"
    static let letters = upper + lower
    static let alnum = upper + lower + digits
    static let hexLower = "0123456789abcdef"
    static let hexUpper = "0123456789ABCDEF"
    static let base32 = upper + "234567"
    static let base64 = alnum + "+/"
    static let base64url = alnum + "-_"
    static let lowerAlnum = lower + digits
    static let upperAlnum = upper + digits
    /// bech32's data alphabet (age keys).
    static let bech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
}

enum Encode {
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    static func base64url(_ text: String) -> String { base64url(Array(text.utf8)) }
    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// PEM-style: base64 of `bytes` broken into 64-character lines.
    static func pemBody(_ bytes: [UInt8]) -> String {
        let b64 = Array(base64(bytes))
        return stride(from: 0, to: b64.count, by: 64).map { String(b64[$0..<min($0 + 64, b64.count)]) }
            .joined(separator: "\n")
    }

    static func crc32(_ text: String) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in text.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// `value` in base 62 (0-9A-Za-z), left-padded with zeros to `width`.
    static func base62(_ value: UInt32, width: Int) -> String {
        let chars = Array(Alphabet.digits + Alphabet.upper + Alphabet.lower)
        var v = value, out: [Character] = []
        repeat { out.append(chars[Int(v % 62)]); v /= 62 } while v > 0
        while out.count < width { out.append("0") }
        return String(out.reversed())
    }
}

/// Words that make a value look like a placeholder to any scanner (and to a human); a random value
/// that happens to contain one is redrawn, because a real key containing "test" would be ambiguous.
enum Plausible {
    static let stopwords = ["example", "sample", "test", "fake", "mock", "demo", "dummy", "todo", "xxxx",
                            "secret", "token", "passw", "placeholder", "changeme", "redacted", "default",
                            "abcdef", "0123456", "123456", "qwerty", "asdf", "a1b2c3", "1a2b3c", "your"]

    static func ok(_ s: String) -> Bool {
        let lower = s.lowercased()
        if stopwords.contains(where: { lower.contains($0) }) { return false }
        var run = 1
        var prev: Character?
        for c in s {
            run = c == prev ? run + 1 : 1
            if run >= 5 { return false }
            prev = c
        }
        return true
    }

    static func mixed(_ s: String) -> Bool {
        ok(s) && s.contains(where: \.isLowercase) && s.contains(where: \.isUppercase) && s.contains(where: \.isNumber)
    }

    static func hasDigitAndLetter(_ s: String) -> Bool {
        ok(s) && s.contains(where: \.isNumber) && s.contains(where: \.isLetter)
    }
}
