extension VerbatimIndex {
    /// The online construction (one `extend` per symbol), with transitions in per-state linked lists while the
    /// automaton grows (a clone must copy a state's list), then compacted into contiguous per-state slices.
    /// - Parameters:
    ///   - symbols: the corpus as dense symbol ids. // (n)
    ///   - symbolCount: ids are in `0..<symbolCount`.
    static func build(symbols: [Int32], symbolCount: Int) -> (
        length: [Int32], link: [Int32], edgeStart: [Int32], edgeSymbol: [Int32], edgeTarget: [Int32],
        rootTarget: [Int32]
    ) {
        let n = symbols.count
        let maxStates = 2 * n + 2
        let maxEdges = 3 * n + 4
        var length = [Int32](repeating: 0, count: maxStates)  // (states)
        var link = [Int32](repeating: -1, count: maxStates)  // (states)
        var head = [Int32](repeating: -1, count: maxStates)  // (states) first edge of each list
        var edgeSymbol = [Int32](repeating: 0, count: maxEdges)  // (edges)
        var edgeTarget = [Int32](repeating: 0, count: maxEdges)  // (edges)
        var edgeNext = [Int32](repeating: -1, count: maxEdges)  // (edges) next edge of the same state
        var rootTarget = [Int32](repeating: -1, count: symbolCount)  // (symbols)
        var stateCount = 1
        var edgeCount = 0

        length.withUnsafeMutableBufferPointer { length in
        link.withUnsafeMutableBufferPointer { link in
        head.withUnsafeMutableBufferPointer { head in
        edgeSymbol.withUnsafeMutableBufferPointer { edgeSymbol in
        edgeTarget.withUnsafeMutableBufferPointer { edgeTarget in
        edgeNext.withUnsafeMutableBufferPointer { edgeNext in
        rootTarget.withUnsafeMutableBufferPointer { rootTarget in
            func target(_ p: Int, _ c: Int32) -> Int32 {
                if p == 0 { return rootTarget[Int(c)] }
                var e = Int(head[p])
                while e >= 0 {
                    if edgeSymbol[e] == c { return edgeTarget[e] }
                    e = Int(edgeNext[e])
                }
                return -1
            }
            func add(_ p: Int, _ c: Int32, _ q: Int32) {
                if p == 0 {
                    rootTarget[Int(c)] = q
                    return
                }
                edgeSymbol[edgeCount] = c
                edgeTarget[edgeCount] = q
                edgeNext[edgeCount] = head[p]
                head[p] = Int32(edgeCount)
                edgeCount += 1
            }
            func redirect(_ p: Int, _ c: Int32, _ q: Int32) {
                if p == 0 {
                    rootTarget[Int(c)] = q
                    return
                }
                var e = Int(head[p])
                while edgeSymbol[e] != c { e = Int(edgeNext[e]) }
                edgeTarget[e] = q
            }

            var last = 0
            for c in symbols {
                let current = stateCount
                stateCount += 1
                length[current] = length[last] + 1
                var p = last
                while p >= 0 && target(p, c) < 0 {
                    add(p, c, Int32(current))
                    p = Int(link[p])
                }
                if p < 0 {
                    link[current] = 0
                } else {
                    let q = Int(target(p, c))
                    if length[p] + 1 == length[q] {
                        link[current] = Int32(q)
                    } else {
                        let clone = stateCount
                        stateCount += 1
                        length[clone] = length[p] + 1
                        link[clone] = link[q]
                        var e = Int(head[q])
                        while e >= 0 {
                            add(clone, edgeSymbol[e], edgeTarget[e])
                            e = Int(edgeNext[e])
                        }
                        while p >= 0 && target(p, c) == Int32(q) {
                            redirect(p, c, Int32(clone))
                            p = Int(link[p])
                        }
                        link[q] = Int32(clone)
                        link[current] = Int32(clone)
                    }
                }
                last = current
            }
        }}}}}}}

        // Compact the lists into contiguous per-state slices (CSR).
        var edgeStart = [Int32](repeating: 0, count: stateCount + 1)  // (states + 1)
        for state in 0..<stateCount {
            var degree: Int32 = 0
            var e = Int(head[state])
            while e >= 0 {
                degree += 1
                e = Int(edgeNext[e])
            }
            edgeStart[state + 1] = edgeStart[state] + degree
        }
        var compactSymbol = [Int32](repeating: 0, count: edgeCount)  // (edges)
        var compactTarget = [Int32](repeating: 0, count: edgeCount)  // (edges)
        for state in 0..<stateCount {
            var slot = Int(edgeStart[state])
            var e = Int(head[state])
            while e >= 0 {
                compactSymbol[slot] = edgeSymbol[e]
                compactTarget[slot] = edgeTarget[e]
                slot += 1
                e = Int(edgeNext[e])
            }
        }
        length.removeSubrange(stateCount...)
        link.removeSubrange(stateCount...)
        return (length, link, edgeStart, compactSymbol, compactTarget, rootTarget)
    }
}
