import KeysweepTestSupport

/// Deterministic randomness for the labelled corpus, and the alphabets secrets use.
struct CorpusRandom {
    private var generator: SplitMix
    init(seed: UInt64) { generator = SplitMix(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

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
