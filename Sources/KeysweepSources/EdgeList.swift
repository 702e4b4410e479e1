/// Subtree edges (child tree, parent tree, entry name) as one worker collects them while reading
/// every tree: 8 bytes an edge (24-bit tree indices and a 16-bit name index packed together) in
/// fixed-size chunks, so that millions of edges (7 million on git/git) never need an array's
/// doubling copy. Edges whose numbers do not fit are kept unpacked.
struct EdgeList: Sendable {
    struct Edge: Sendable, Equatable { var child: Int32; var parent: Int32; var name: Int32 }

    static let chunkSize = 1 << 16
    private var chunks: [[UInt64]] = []
    private var wide: [Edge] = []
    private(set) var count = 0

    mutating func append(_ e: Edge) {
        count += 1
        guard e.child >= 0, e.child < 1 << 24, e.parent >= 0, e.parent < 1 << 24, e.name >= 0, e.name < 1 << 16 else {
            wide.append(e)
            return
        }
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
        }
        chunks[chunks.count - 1].append(UInt64(e.child) << 40 | UInt64(e.parent) << 16 | UInt64(e.name))
    }

    func forEach(_ body: (Edge) -> Void) {
        for chunk in chunks {
            for v in chunk {
                body(Edge(child: Int32(truncatingIfNeeded: v >> 40), parent: Int32(truncatingIfNeeded: (v >> 16) & 0xFF_FFFF),
                          name: Int32(truncatingIfNeeded: v & 0xFFFF)))
            }
        }
        for e in wide { body(e) }
    }
}
