internal import CPCRE2

/// KeysweepPCRE: owns CPCRE2. A compiled, JIT-compiled PCRE2 pattern in byte mode, per-worker match
/// scratch, and the errors PCRE2 reports. No `pcre2_*` symbol leaves this target.
public final class Pattern: @unchecked Sendable {
    // SAFETY: the compiled code is immutable after init; PCRE2 documents pcre2_match and
    // pcre2_jit_match as safe to call from many threads on one pcre2_code with separate match data.
    let code: OpaquePointer
    public let source: String
    /// Compiled with `.startLimit`.
    public let allowsStartLimit: Bool
    public let captureCount: Int
    public let jitCompiled: Bool
    /// Names of named groups, by group number.
    public let groupNames: [Int: String]

    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseless = Options(rawValue: PCRE2_CASELESS)
        public static let multiline = Options(rawValue: PCRE2_MULTILINE)
        public static let dotAll = Options(rawValue: PCRE2_DOTALL)
        public static let extended = Options(rawValue: PCRE2_EXTENDED)
        /// Treat the subject as UTF-8 (and `\w` etc. as Unicode); invalid UTF-8 is then not checked.
        public static let utf = Options(rawValue: PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)
        /// Allow `MatchScratch.firstMatch(…, startLimit:)` (PCRE2's offset limit).
        public static let startLimit = Options(rawValue: PCRE2_USE_OFFSET_LIMIT)
    }

    /// Compiles `source` and JIT-compiles it when the platform supports that.
    /// - Throws: `PCREError.compile` with PCRE2's message and the byte offset of the fault.
    public init(_ source: String, options: Options = []) throws {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let flags = options.rawValue | PCRE2_NO_UTF_CHECK
        let compiled = source.withCString { ptr in
            ptr.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) {
                pcre2_compile_8($0, source.utf8.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw PCREError.compile(pattern: source, message: PCREError.message(errorCode), offset: errorOffset)
        }
        code = compiled
        self.source = source
        allowsStartLimit = options.contains(.startLimit)
        jitCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        groupNames = Self.readGroupNames(compiled)
    }

    deinit { pcre2_code_free_8(code) }

    /// The number of the group called `name`, if there is one.
    public func groupNumber(named name: String) -> Int? {
        groupNames.first { $0.value == name }?.key
    }

    private static func readGroupNames(_ code: OpaquePointer) -> [Int: String] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        guard count > 0 else { return [:] }
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table else { return [:] }
        var names: [Int: String] = [:]
        for i in 0..<Int(count) {
            let entry = table + i * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            names[number] = String(cString: entry + 2)
        }
        return names
    }
}

/// A match: the byte ranges of the whole match (group 0) and of each group (nil when unset).
public struct PatternMatch: Sendable {
    public var groups: [Range<Int>?]
    public var range: Range<Int> { groups[0]! }
}

/// Errors PCRE2 reports.
public enum PCREError: Error, Sendable, Equatable, CustomStringConvertible {
    case compile(pattern: String, message: String, offset: Int)
    /// The match or depth limit stopped the search: the pattern backtracks pathologically.
    case limitExceeded(pattern: String, message: String)
    case match(pattern: String, message: String)

    public var description: String {
        switch self {
        case let .compile(_, message, offset): return "\(message) at offset \(offset)"
        case let .limitExceeded(_, message): return "match limit hit: \(message)"
        case let .match(_, message): return message
        }
    }

    static func message(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer.prefix(Int(n)), as: UTF8.self) : "PCRE2 error \(code)"
    }
}
