/// An arc compiled for the planner: states as indices, transitions in compressed rows, weights positive and
/// finite, endings marked. Building one checks every invariant the planner relies on, once, at the door; after that
/// the planner cannot meet a dangling edge or a bad weight.
public struct ArcGraph: Sendable {
    public let arcID: String
    public let ids: [String]
    public let start: Int
    public let isEnding: [Bool]
    /// Row offsets into `edgeTargets` / `edgeWeights`: state s's edges are `edgeOffsets[s] ..< edgeOffsets[s + 1]`.
    public let edgeOffsets: [Int] // (states + 1)
    public let edgeTargets: [Int] // (edges)
    public let edgeWeights: [Double] // (edges)
    /// Per state, the most visits a plan may pay it (nil: no cap); see `ArcState.visitCap`.
    public let visitCaps: [Int?] // (states)
    /// Per state, whether it lies on a loop (a strongly connected set of several states, or an edge to itself):
    /// only those can be visited twice, so only their caps can bind.
    public let onLoop: [Bool] // (states)

    public var stateCount: Int { ids.count }
    public var edgeCount: Int { edgeTargets.count }

    /// Compiles a decoded arc. An arc that passed `ArcLinter` always compiles; this also accepts arcs that lint
    /// would refuse for other reasons (dead ends, unreachable states), which the planner handles.
    /// - Throws: `ArcError.invalidGraph` for duplicate or unknown ids, a bad weight, or no endings.
    public init(arc: Arc) throws(ArcError) {
        var index: [String: Int] = [:]
        for (i, st) in arc.states.enumerated() {
            guard !st.id.isEmpty, index[st.id] == nil else {
                throw .invalidGraph(message: "state \(i) has an empty or duplicate id '\(st.id)'")
            }
            index[st.id] = i
        }
        guard let start = index[arc.start] else { throw .invalidGraph(message: "unknown start state '\(arc.start)'") }
        var endings: [Int] = []
        for e in arc.endings {
            guard let i = index[e] else { throw .invalidGraph(message: "unknown ending '\(e)'") }
            endings.append(i)
        }
        var edges: [(Int, Int, Double)] = []
        for (s, st) in arc.states.enumerated() {
            for t in st.transitions {
                guard let target = index[t.to] else {
                    throw .invalidGraph(message: "'\(st.id)' has a transition to unknown state '\(t.to)'")
                }
                edges.append((s, target, t.weight))
            }
        }
        try self.init(arcID: arc.id, ids: arc.states.map(\.id), start: start, endings: endings, edges: edges,
                      visitCaps: arc.states.map(\.visitCap))
    }

    /// Builds a graph directly (tests, generated arcs).
    /// - Parameter visitCaps: per state, the most visits (nil: no cap); nil or empty: no state is capped.
    /// - Throws: `ArcError.invalidGraph` for an index out of range, a weight that is not positive and finite, a cap
    ///   below 1, or no endings.
    public init(arcID: String, ids: [String], start: Int, endings: [Int], edges: [(from: Int, to: Int, weight: Double)],
                visitCaps: [Int?]? = nil) throws(ArcError) {
        let n = ids.count
        let caps = visitCaps.flatMap { $0.isEmpty ? nil : $0 } ?? [Int?](repeating: nil, count: n)
        guard caps.count == n else { throw .invalidGraph(message: "\(caps.count) visit caps for \(n) states") }
        if let bad = caps.firstIndex(where: { ($0 ?? 1) < 1 }) {
            throw .invalidGraph(message: "state '\(ids[bad])' may be visited \(caps[bad]!) times; a cap is at least 1")
        }
        guard (0 ..< n).contains(start) else { throw .invalidGraph(message: "the start is not a state") }
        guard !endings.isEmpty else { throw .invalidGraph(message: "there is no ending") }
        var isEnding = [Bool](repeating: false, count: n)
        for e in endings {
            guard (0 ..< n).contains(e) else { throw .invalidGraph(message: "ending \(e) is not a state") }
            isEnding[e] = true
        }
        var counts = [Int](repeating: 0, count: n + 1)
        for (s, t, w) in edges {
            guard (0 ..< n).contains(s), (0 ..< n).contains(t) else {
                throw .invalidGraph(message: "an edge \(s) → \(t) leaves the graph")
            }
            guard w.isFinite, w > 0 else {
                throw .invalidGraph(message: "the edge '\(ids[s])' → '\(ids[t])' has weight \(w); "
                    + "weights must be positive and finite")
            }
            counts[s + 1] += 1
        }
        for s in 0 ..< n { counts[s + 1] += counts[s] }
        var fill = counts
        var targets = [Int](repeating: 0, count: edges.count)
        var weights = [Double](repeating: 0, count: edges.count)
        for (s, t, w) in edges {
            targets[fill[s]] = t
            weights[fill[s]] = w
            fill[s] += 1
        }
        self.arcID = arcID
        self.ids = ids
        self.start = start
        self.isEnding = isEnding
        edgeOffsets = counts
        edgeTargets = targets
        edgeWeights = weights
        self.visitCaps = caps
        var successors = [[Int]](repeating: [], count: n)
        for (s, t, _) in edges { successors[s].append(t) }
        let (component, count) = Digraph(count: n, successors: successors).stronglyConnectedComponents()
        var size = [Int](repeating: 0, count: count)
        for c in component { size[c] += 1 }
        var loop = component.map { size[$0] > 1 }
        for (s, t, _) in edges where s == t { loop[s] = true }
        onLoop = loop
    }

    private init(_ g: ArcGraph, visitCaps: [Int?]) {
        arcID = g.arcID
        ids = g.ids
        start = g.start
        isEnding = g.isEnding
        edgeOffsets = g.edgeOffsets
        edgeTargets = g.edgeTargets
        edgeWeights = g.edgeWeights
        self.visitCaps = visitCaps
        onLoop = g.onLoop
    }

    /// Whether some cap can bind: a capped state on a loop. Without one, plans are drawn exactly as before caps
    /// existed (the same seed gives the same bytes).
    public var hasBindingCaps: Bool { (0 ..< stateCount).contains { onLoop[$0] && visitCaps[$0] != nil } }

    /// The same graph with no visit caps (the season, which goes round loops more often than arcs have variants
    /// until it weaves arc instances, plans on it).
    public func withoutVisitCaps() -> ArcGraph { ArcGraph(self, visitCaps: [Int?](repeating: nil, count: stateCount)) }

    /// The edges of `s` as (target, weight).
    public func edges(from s: Int) -> [(to: Int, weight: Double)] {
        (edgeOffsets[s] ..< edgeOffsets[s + 1]).map { (edgeTargets[$0], edgeWeights[$0]) }
    }
}
