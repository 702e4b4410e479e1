/// A 20-byte git object id (SHA-1), stored inline so that a seen-set of millions stays compact.
public struct BlobID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var mid: UInt64
    public var low: UInt32

    public init(high: UInt64, mid: UInt64, low: UInt32) {
        self.high = high
        self.mid = mid
        self.low = low
    }

    /// Builds an id from 20 raw bytes (big-endian, as git stores them).
    @inlinable
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 20, "an object id has 20 bytes")
        self.init(high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                  mid: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  low: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
    }

    /// Parses 40 hexadecimal digits; nil for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 40 else { return nil }
        var raw = [UInt8](repeating: 0, count: 20)
        for i in 0..<20 {
            guard let hi = Self.nibble(utf8[2 * i]), let lo = Self.nibble(utf8[2 * i + 1]) else { return nil }
            raw[i] = hi << 4 | lo
        }
        self = raw.withUnsafeBytes { BlobID(bytes: $0) }
    }

    /// Synthesises an id for things that are not git objects (files of a plain directory).
    public init(ordinal: Int) {
        self.init(high: 0, mid: 0, low: UInt32(truncatingIfNeeded: ordinal))
        self.high = UInt64(bitPattern: Int64(ordinal))
    }

    /// The 20 bytes, big-endian.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i)) }
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: mid >> UInt64(56 - 8 * i)) }
        for i in 0..<4 { out[16 + i] = UInt8(truncatingIfNeeded: low >> UInt32(24 - 8 * i)) }
        return out
    }

    /// Lower-case hexadecimal, 40 digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    /// Object ids are already uniformly random: one word of them is as good a hash as all 20 bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high ^ mid)
    }

    public static func < (a: BlobID, b: BlobID) -> Bool {
        (a.high, a.mid, a.low) < (b.high, b.mid, b.low)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
