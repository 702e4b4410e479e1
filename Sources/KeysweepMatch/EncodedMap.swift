import CKeysweepScan

/// Where encoded text may start in the last buffer the prefilter read: the VBMI prefilter loop
/// classifies the bytes it hashes and enters the starts in a bitmap (`ks_encoded_map`), and the
/// base64 bytes in another (and the strong ones, from which it finds the starts), so that
/// `EncodedSpans` skips to the starts and across base64 runs without reading the bytes again.
/// Per worker, reused from blob to blob; it answers only for the buffer it was filled for.
final class EncodedMap {
    private var words: UnsafeMutablePointer<UInt64>
    private var alpha: UnsafeMutablePointer<UInt64>
    private var strong: UnsafeMutablePointer<UInt64>
    private var lead: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private let map: UnsafeMutablePointer<ks_encoded_map>
    private var base: UnsafeRawPointer?
    private var count = 0

    init() {
        capacity = 1024
        words = .allocate(capacity: capacity)
        alpha = .allocate(capacity: capacity)
        strong = .allocate(capacity: capacity)
        lead = .allocate(capacity: capacity)
        map = .allocate(capacity: 1)
        map.initialize(to: ks_encoded_map(words: words, alpha: alpha, strong: strong, lead: lead, start_lead: 0, done: 0))
    }

    deinit {
        words.deallocate()
        alpha.deallocate()
        strong.deallocate()
        lead.deallocate()
        map.deallocate()
    }

    /// An empty map for `bytes`, for the prefilter to fill.
    func prepare(for bytes: UnsafeRawBufferPointer) -> UnsafeMutablePointer<ks_encoded_map> {
        let needed = bytes.count / 64 + 2
        if needed > capacity {
            words.deallocate()
            alpha.deallocate()
            strong.deallocate()
            lead.deallocate()
            capacity = max(needed, 2 * capacity)
            words = .allocate(capacity: capacity)
            alpha = .allocate(capacity: capacity)
            strong = .allocate(capacity: capacity)
            lead = .allocate(capacity: capacity)
        }
        map.pointee = ks_encoded_map(words: words, alpha: alpha, strong: strong, lead: lead, start_lead: 0, done: 0)
        base = bytes.baseAddress
        count = bytes.count
        return map
    }

    /// The map, if it was filled for `bytes` (nil otherwise: the starts are then found by reading).
    func map(for bytes: UnsafeRawBufferPointer) -> UnsafePointer<ks_encoded_map>? {
        guard let b = bytes.baseAddress, b == base, bytes.count == count, map.pointee.done > 0 else { return nil }
        return UnsafePointer(map)
    }
}
