/// Lazy line numbering over a blob: newlines are counted only up to the offsets asked for, and
/// counting resumes from the last answer when offsets come in increasing order.
struct LineIndex {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    /// Column counting resumes here when the next hit is further along the same line.
    private var columnOffset = 0
    private var column = 1

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// 1-based line, 1-based column (in characters) and the byte range of the line (no newline),
    /// clipped to 4 KiB either side of `target` so that a megabyte-long minified line costs no
    /// more per hit than a short one.
    mutating func locate(_ target: Int) -> (line: Int, column: Int, lineRange: Range<Int>) {
        if target < offset { offset = 0; line = 1; lineStart = 0; columnOffset = 0; column = 1 }
        while offset < target {
            if bytes[offset] == 0x0A { line += 1; lineStart = offset + 1 }
            offset += 1
        }
        if columnOffset < lineStart || columnOffset > target { columnOffset = lineStart; column = 1 }
        for i in columnOffset..<target where bytes[i] & 0xC0 != 0x80 { column += 1 }
        columnOffset = target
        let start = max(lineStart, target - 4096)
        var end = target
        let ceiling = min(bytes.count, target + 4096)
        while end < ceiling, bytes[end] != 0x0A { end += 1 }
        return (line, column, start..<end)
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
