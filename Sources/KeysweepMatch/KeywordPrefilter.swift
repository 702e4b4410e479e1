/// KeysweepMatch: the compiled rule set. A keyword prefilter selects candidate rules in one pass
/// over the raw bytes; PCRE2 confirms; the secret is scored and run through allowlists; composite
/// rules are paired.
///
/// `KeywordPrefilter` is an Aho-Corasick automaton over ASCII-case-folded bytes, compiled to a
/// dense DFA over byte classes. States with output are numbered last, so the hot loop tests a
/// single comparison per byte.
struct KeywordPrefilter: Sendable {
    /// Byte → class (case folded); class 0 is "no keyword has this byte".
    let classes: [UInt8]
    let classCount: Int
    /// state * classCount + class → next state.
    let delta: [Int32]
    /// States numbered `firstOutput` and above have output.
    let firstOutput: Int32
    /// For each output state (index state - firstOutput), the keyword indices ending there.
    let outputs: [[Int32]]
    let stateCount: Int

    init(keywords: [[UInt8]]) {
        var classes = [UInt8](repeating: 0, count: 256)
        var next: UInt8 = 1
        for kw in keywords {
            for b in kw where classes[Int(Self.fold(b))] == 0 {
                classes[Int(Self.fold(b))] = next
                next += 1
            }
        }
        for b in 0..<256 { classes[b] = classes[Int(Self.fold(UInt8(b)))] }
        let nc = Int(next)

        // Trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: nc)]
        var out: [[Int32]] = [[]]
        for (k, kw) in keywords.enumerated() {
            var s = 0
            for b in kw {
                let c = Int(classes[Int(b)])
                if goto[s][c] < 0 {
                    goto[s][c] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: nc))
                    out.append([])
                }
                s = Int(goto[s][c])
            }
            out[s].append(Int32(k))
        }
        // Failure links, breadth first, completing the DFA.
        var fail = [Int32](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for c in 0..<nc {
            if goto[0][c] < 0 { goto[0][c] = 0 } else { fail[Int(goto[0][c])] = 0; queue.append(Int(goto[0][c])) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s] += out[Int(fail[s])]
            for c in 0..<nc {
                let t = goto[s][c]
                if t >= 0 {
                    fail[Int(t)] = goto[Int(fail[s])][c]
                    queue.append(Int(t))
                } else {
                    goto[s][c] = goto[Int(fail[s])][c]
                }
            }
        }
        // Renumber: states without output first.
        let n = goto.count
        let order = (0..<n).filter { out[$0].isEmpty } + (0..<n).filter { !out[$0].isEmpty }
        var newID = [Int32](repeating: 0, count: n)
        for (i, s) in order.enumerated() { newID[s] = Int32(i) }
        var delta = [Int32](repeating: 0, count: n * nc)
        for s in 0..<n {
            for c in 0..<nc { delta[Int(newID[s]) * nc + c] = newID[Int(goto[s][c])] }
        }
        let firstOutput = Int32(order.firstIndex { !out[$0].isEmpty } ?? n)
        self.classes = classes
        self.classCount = nc
        self.delta = delta
        self.firstOutput = firstOutput
        self.outputs = order[Int(firstOutput)...].map { out[$0] }
        self.stateCount = n
        // The start state must stay 0: it has no output unless a keyword is empty (filtered out).
        precondition(newID[0] == 0, "the start state has no output")
    }

    static func fold(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    /// Runs the automaton over `bytes`, calling `found` with each output state index (state -
    /// firstOutput) the first time it is reached in this call.
    @inline(__always)
    func scan(_ bytes: UnsafeRawBufferPointer, seen: inout [Bool], found: (Int) -> Void) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = bytes.count
        let nc = classCount
        let firstOut = firstOutput
        classes.withUnsafeBufferPointer { cls in
            delta.withUnsafeBufferPointer { d in
                var s: Int32 = 0
                var i = 0
                while i < n {
                    s = d[Int(s) &* nc &+ Int(cls[Int(base[i])])]
                    if s >= firstOut {
                        let o = Int(s - firstOut)
                        if !seen[o] {
                            seen[o] = true
                            found(o)
                        }
                    }
                    i &+= 1
                }
            }
        }
    }
}
