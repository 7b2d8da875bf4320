/// What the exact planner must remember of a path's past when states have visit caps: how often it has visited
/// each capped state on a loop. States off every loop are visited at most once anyway, and uncapped states never
/// bind, so only capped loop states are counted, each in a few bits of one 64-bit word.
struct VisitLedger: Sendable {
    /// Where a path stands: its last state and the packed visit counts so far.
    struct Walker: Hashable, Sendable {
        var state: Int32
        var visits: UInt64
    }

    /// The packed word's size: 20 capped loop states at up to 7 visits each, far more than an arc of 12–20 states
    /// needs.
    static let maxBits = 64

    /// Per state: bit offset of its count in the word, or −1 when it is not counted.
    let shift: [Int] // (states)
    /// Per state: its cap (only read for counted states).
    let cap: [Int] // (states)

    /// - Throws: `PlanError.tooManyCaps` when the counts do not fit in one word.
    init(graph: ArcGraph) throws(PlanError) {
        var shift = [Int](repeating: -1, count: graph.stateCount)
        var cap = [Int](repeating: 0, count: graph.stateCount)
        var bits = 0
        for s in 0 ..< graph.stateCount where graph.onLoop[s] {
            guard let c = graph.visitCaps[s] else { continue }
            let width = Int.bitWidth - c.leadingZeroBitCount // holds 0 … c
            guard bits + width <= Self.maxBits else { throw .tooManyCaps(arc: graph.arcID, limit: Self.maxBits) }
            shift[s] = bits
            cap[s] = c
            bits += width
        }
        self.shift = shift
        self.cap = cap
    }

    /// The walker after stepping onto `state`, or nil when that visit would pass the state's cap.
    @inline(__always)
    func entering(_ state: Int, from visits: UInt64) -> Walker? {
        let k = shift[state]
        guard k >= 0 else { return Walker(state: Int32(state), visits: visits) }
        let count = Int((visits >> UInt64(k)) & ((1 << UInt64(Int.bitWidth - cap[state].leadingZeroBitCount)) - 1))
        guard count < cap[state] else { return nil }
        return Walker(state: Int32(state), visits: visits + (1 << UInt64(k)))
    }

    /// Where every path stands after its first scene.
    func start(_ graph: ArcGraph) -> Walker { entering(graph.start, from: 0)! }

    /// The walkers one scene on from `layer`, in first-reached order (so the same graph always numbers them alike).
    /// - Parameter link: called with (walker index in `layer`, edge, index in the new layer) for every step taken.
    func step(_ layer: [Walker], graph: ArcGraph, link: (Int, Int, Int) -> Void = { _, _, _ in }) -> [Walker] {
        var next: [Walker] = []
        var index: [Walker: Int] = [:]
        for (i, w) in layer.enumerated() {
            let s = Int(w.state)
            for e in graph.edgeOffsets[s] ..< graph.edgeOffsets[s + 1] {
                guard let t = entering(graph.edgeTargets[e], from: w.visits) else { continue }
                let j: Int
                if let known = index[t] {
                    j = known
                } else {
                    j = next.count
                    index[t] = j
                    next.append(t)
                }
                link(i, e, j)
            }
        }
        return next
    }
}
