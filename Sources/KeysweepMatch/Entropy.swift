import Foundation

/// Shannon entropy in bits per byte of `bytes`.
func shannonEntropy(_ bytes: UnsafeRawBufferPointer) -> Double {
    guard !bytes.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    for b in bytes { counts[Int(b)] += 1 }
    let n = Double(bytes.count)
    var h = 0.0
    for c in counts where c > 0 {
        let p = Double(c) / n
        h -= p * log2(p)
    }
    return h
}
