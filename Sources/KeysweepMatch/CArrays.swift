/// Copies of Swift arrays in memory that C reads for as long as their owner lives (freed with it):
/// the prefilter's tables and the window plan's.
final class CArrays: @unchecked Sendable {  // filled once, by the owner's init
    private var storage: [UnsafeMutableRawPointer] = []

    /// A copy of `array` (room for one element at least), valid while this lives.
    func copy<T>(_ array: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        _ = UnsafeMutableBufferPointer(start: p, count: array.count).initialize(from: array)
        storage.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    /// Frees `p` with the others.
    func keep(_ p: UnsafeMutableRawPointer) { storage.append(p) }

    deinit { for p in storage { p.deallocate() } }
}
