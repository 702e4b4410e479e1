import CKeysweepScan

/// Lazy line numbering over a blob: newlines are counted (sixteen bytes at a time) only up to the
/// offsets asked for, and counting resumes from the last answer when offsets come in increasing
/// order. Offsets asked for out of order (each rule's hits come in order, rule after rule) resume
/// from the nearest checkpoint before them: the line number at every 4 KiB passed so far, so
/// that no stretch of a many-megabyte blob is counted more than once for all its rules.
struct LineIndex {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    /// Column counting resumes here when the next hit is further along the same line.
    private var columnOffset = 0
    private var column = 1
    /// checkpoints[k - 1]: the line number, and where that line starts, at offset k << checkpointShift
    /// (at offset 0: line 1 from 0). Empty until a blob is counted past 4 KiB: nothing is allocated
    /// for most blobs.
    private var checkpoints: [(line: Int, lineStart: Int)] = []
    private static let checkpointShift = 12

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// 1-based line, 1-based column (in characters) and the byte range of the line (no newline),
    /// clipped to 4 KiB either side of `target` so that a megabyte-long minified line costs no
    /// more per hit than a short one.
    mutating func locate(_ target: Int) -> (line: Int, column: Int, lineRange: Range<Int>) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return (1, 1, 0..<0) }
        // Back, or forward past a checkpoint: from the last checkpoint before the target.
        let k = min(target >> Self.checkpointShift, checkpoints.count)
        if target < offset || k << Self.checkpointShift > offset {
            (offset, line, lineStart) = k == 0 ? (0, 1, 0) : (k << Self.checkpointShift, checkpoints[k - 1].line, checkpoints[k - 1].lineStart)
        }
        while offset < target {
            let boundary = (offset >> Self.checkpointShift + 1) << Self.checkpointShift
            let stop = min(target, boundary)
            let newlines = ks_count_newlines(base, offset, stop)
            if newlines > 0 {
                line += newlines
                lineStart = ks_line_start(base, offset, stop)
            }
            offset = stop
            if offset == boundary && checkpoints.count + 1 == offset >> Self.checkpointShift {
                checkpoints.append((line, lineStart))
            }
        }
        if columnOffset < lineStart || columnOffset > target { columnOffset = lineStart; column = 1 }
        column += ks_count_characters(base, columnOffset, target)
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
