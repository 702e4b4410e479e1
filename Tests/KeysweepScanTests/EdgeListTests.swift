import Testing
@testable import KeysweepSources

/// Provenance's packed edge store must give back every edge it was given, packed or not.
@Suite struct EdgeListTests {
    @Test func packedAndWideEdgesRoundTrip() {
        var list = EdgeList()
        var expected: [EdgeList.Edge] = []
        var rng = SystemRandomNumberGenerator()
        for i in 0..<(EdgeList.chunkSize * 2 + 17) {
            let e = EdgeList.Edge(child: Int32.random(in: 0..<(1 << 24), using: &rng),
                                  parent: Int32.random(in: 0..<(1 << 24), using: &rng),
                                  name: Int32(i % 65536))
            list.append(e)
            expected.append(e)
        }
        let wide = [EdgeList.Edge(child: 1 << 24, parent: 3, name: 4), EdgeList.Edge(child: 5, parent: 1 << 25, name: 6),
                    EdgeList.Edge(child: 7, parent: 8, name: 70_000)]
        for e in wide { list.append(e) }
        expected += wide
        var got: [EdgeList.Edge] = []
        list.forEach { got.append($0) }
        #expect(list.count == expected.count)
        #expect(got == expected)
    }
}
