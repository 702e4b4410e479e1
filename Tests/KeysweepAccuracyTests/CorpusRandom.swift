/// Deterministic randomness for the labelled corpus (SplitMix64), and the alphabets secrets use.
struct CorpusRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// `count` characters drawn from `alphabet`, with at least one digit and one letter when the
    /// alphabet has both (as real keys do).
    mutating func string(_ alphabet: String, _ count: Int) -> String {
        let chars = Array(alphabet)
        while true {
            let s = String((0..<count).map { _ in chars[int(chars.count)] })
            let digits = chars.contains { $0.isNumber }, letters = chars.contains { $0.isLetter }
            if count < 8 || ((!digits || s.contains { $0.isNumber }) && (!letters || s.contains { $0.isLetter })) { return s }
        }
    }

    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let digits = "0123456789"
    static let alnum = upper + lower + digits
    static let hex = "0123456789abcdef"
    static let base32 = upper + "234567"
    static let base64 = alnum + "+/"
    static let urlSafe = alnum + "_-"
}
