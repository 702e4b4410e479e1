import Testing
@testable import KeysweepMatch
import KeysweepTestSupport

/// Line and column numbers of hits: exact whatever order the offsets are asked in, across the
/// checkpoints (every 4 KiB), with multi-byte characters and long lines.
@Suite struct LineIndexTests {
    /// The answer by counting from the start, byte by byte.
    static func reference(_ text: [UInt8], _ target: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for b in text[0..<target] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    @Test func answersAsCountingFromTheStartInAnyOrder() {
        var rng = SplitMix(seed: 31)
        let pieces: [[UInt8]] = [Array("\n".utf8), Array("ab".utf8), Array("é".utf8), Array("日本".utf8), Array("x = 1;\n".utf8),
                                 [UInt8](repeating: 0x61, count: 300), Array("\n\n".utf8)]
        var text: [UInt8] = []
        while text.count < 300_000 { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
        // Hit-like offsets: increasing runs (one rule's hits), restarting lower (the next rule's).
        var targets: [Int] = []
        for _ in 0..<40 {
            var t = Int(rng.next() % UInt64(text.count))
            for _ in 0..<Int(rng.next() % 6) {
                targets.append(t)
                t = min(text.count - 1, t + Int(rng.next() % 90_000))
            }
        }
        text.withUnsafeBytes { b in
            var index = LineIndex(b)
            for t in targets {
                let got = index.locate(t)
                let expected = Self.reference(text, t)
                #expect(got.line == expected.line && got.column == expected.column, "offset \(t)")
                let lineStart = text[0..<t].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                #expect(got.lineRange.lowerBound == max(lineStart, t - 4096) && !text[got.lineRange].contains(0x0A))
            }
        }
        #expect(targets.count > 60 && Set(targets.map { $0 >> 16 }).count > 3, "the offsets must cross checkpoints")
    }
}
