/// Lazy line numbering over a blob: newlines are counted only up to the offsets asked for, and
/// counting resumes from the last answer when offsets come in increasing order.
struct LineIndex {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// 1-based line, 1-based column (in characters) and the byte range of the line (no newline).
    mutating func locate(_ target: Int) -> (line: Int, column: Int, lineRange: Range<Int>) {
        if target < offset { offset = 0; line = 1; lineStart = 0 }
        while offset < target {
            if bytes[offset] == 0x0A { line += 1; lineStart = offset + 1 }
            offset += 1
        }
        var column = 1
        for i in lineStart..<target where bytes[i] & 0xC0 != 0x80 { column += 1 }
        var end = target
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return (line, column, lineStart..<end)
    }

    /// The byte range covering `lines` lines before and after the line holding `position`.
    func window(around position: Int, lines: Int) -> Range<Int> {
        var start = position
        var seen = 0
        while start > 0 {
            if bytes[start - 1] == 0x0A { seen += 1; if seen > lines { break } }
            start -= 1
        }
        var end = position
        seen = 0
        while end < bytes.count {
            if bytes[end] == 0x0A { seen += 1; if seen > lines { break } }
            end += 1
        }
        return start..<end
    }
}
