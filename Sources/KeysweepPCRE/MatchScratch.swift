internal import CPCRE2

/// Per-worker PCRE2 match data and limits. One per thread; never shared.
public final class MatchScratch {
    let matchData: OpaquePointer
    let context: OpaquePointer
    /// Same limits, plus an offset limit set per call (for `startLimit`).
    let limitedContext: OpaquePointer
    let jitStack: OpaquePointer?

    /// - Parameters:
    ///   - matchLimit: PCRE2's backtracking budget per match attempt.
    ///   - depthLimit: PCRE2's nesting budget per match attempt.
    public init(maxGroups: Int = 32, matchLimit: UInt32 = 2_000_000, depthLimit: UInt32 = 10_000) {
        matchData = pcre2_match_data_create_8(UInt32(maxGroups + 1), nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        limitedContext = pcre2_match_context_copy_8(context)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        pcre2_match_context_free_8(limitedContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Finds the first match of `pattern` in `subject` at or after byte `start` (and, with
    /// `startLimit`, starting at or before that byte: the pattern must allow `.startLimit`).
    /// - Returns: nil when there is no match.
    /// - Throws: `PCREError.limitExceeded` when a limit stopped the search.
    public func firstMatch(_ pattern: Pattern, in subject: UnsafeRawBufferPointer, from start: Int = 0,
                           startLimit: Int? = nil, notEmptyAtStart: Bool = false) throws -> PatternMatch? {
        guard start <= subject.count else { return nil }
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        let options: UInt32 = PCRE2_NO_UTF_CHECK | (notEmptyAtStart ? PCRE2_NOTEMPTY_ATSTART : 0)
        var matchContext = context
        if let startLimit {
            precondition(pattern.allowsStartLimit, "startLimit needs a pattern compiled with .startLimit")
            pcre2_set_offset_limit_8(limitedContext, startLimit)
            matchContext = limitedContext
        }
        // pcre2_jit_match: the JIT fast path, without pcre2_match's argument checks (the arguments
        // are checked above; the JIT supports both option bits); 20-100 ns less per call.
        let rc = pattern.jitCompiled
            ? pcre2_jit_match_8(pattern.code, base, subject.count, start, options, matchData, matchContext)
            : pcre2_match_8(pattern.code, base, subject.count, start, options, matchData, matchContext)
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT
            || rc == PCRE2_ERROR_JIT_STACKLIMIT {
            throw PCREError.limitExceeded(pattern: pattern.source, message: PCREError.message(rc))
        }
        if rc < 0 { throw PCREError.match(pattern: pattern.source, message: PCREError.message(rc)) }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let pairs = Int(pcre2_get_ovector_count_8(matchData))
        let n = min(pattern.captureCount + 1, pairs)
        var groups = [Range<Int>?]()
        groups.reserveCapacity(pattern.captureCount + 1)
        for i in 0..<n {
            let lo = ovector[2 * i], hi = ovector[2 * i + 1]
            groups.append(lo == size_t.max ? nil : Int(lo)..<Int(hi))
        }
        while groups.count < pattern.captureCount + 1 { groups.append(nil) }
        return PatternMatch(groups: groups)
    }

    /// Calls `body` for each non-overlapping match in `subject`; stops early when it returns false.
    public func forEachMatch(_ pattern: Pattern, in subject: UnsafeRawBufferPointer,
                             _ body: (PatternMatch) throws -> Bool) throws {
        var start = 0
        while start <= subject.count, let m = try firstMatch(pattern, in: subject, from: start) {
            guard try body(m) else { return }
            start = m.range.isEmpty ? m.range.upperBound + 1 : m.range.upperBound
        }
    }
}
