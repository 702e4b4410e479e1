import CKeysweepScan

/// The buffers a worker's passes hand to C for it to fill: the keyword occurrences (and which
/// follow patterns matched) of one call of `ks_keyword_occurrences` and the tokens of one call of
/// `ks_encoded_tokens` (the occurrences in three arrays of the same length). Allocated once per
/// `MatchContext`: on Linux `withUnsafeTemporaryAllocation` takes anything over 1 KiB from the
/// heap, and its three allocations per blob were a fifth of the matcher's fixed cost per blob.
final class ScanBuffers {
    let keywords: UnsafeMutableBufferPointer<Int32>
    let follows: UnsafeMutableBufferPointer<UInt32>
    let positions: UnsafeMutableBufferPointer<Int>
    let tokens: UnsafeMutableBufferPointer<ks_encoded_token>

    /// Encoded tokens fetched from C per call.
    static let tokenBatch = 64

    init(occurrences: Int, tokens: Int) {
        keywords = .allocate(capacity: occurrences)
        follows = .allocate(capacity: occurrences)
        positions = .allocate(capacity: occurrences)
        self.tokens = .allocate(capacity: tokens)
    }

    deinit {
        keywords.deallocate()
        follows.deallocate()
        positions.deallocate()
        tokens.deallocate()
    }
}
