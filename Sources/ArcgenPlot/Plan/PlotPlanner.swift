import ArcgenSupport
import Foundation

/// How many scenes a plan should have: an exact number or a range.
public enum SceneCount: Sendable, Equatable, CustomStringConvertible {
    case exactly(Int)
    case range(ClosedRange<Int>)

    /// `12`, `10-14` (an en dash works too).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "–", omittingEmptySubsequences: false) }
        if parts.count == 1, let n = Int(parts[0]) { self = .exactly(n); return }
        if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a <= b {
            self = a == b ? .exactly(a) : .range(a ... b)
            return
        }
        return nil
    }

    public var bounds: ClosedRange<Int> {
        switch self {
        case let .exactly(n): return n ... n
        case let .range(r): return r
        }
    }

    public var description: String {
        switch self {
        case let .exactly(n): return "exactly \(n) scene\(n == 1 ? "" : "s")"
        case let .range(r): return "\(r.lowerBound)–\(r.upperBound) scenes"
        }
    }
}

/// A plan cannot be made; the text says what is possible instead.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case noPath(arc: String, scenes: SceneCount, lengths: FeasibleLengths)
    case badSceneCount(SceneCount, limit: Int)
    case tooLarge(states: Int, scenes: Int, limit: Int)
    /// The visit counts of the capped states on loops do not fit the planner's word.
    case tooManyCaps(arc: String, limit: Int)
    /// Honouring the caps exactly needs more (scene, state, visits) entries than the limit.
    case tooManyWalkers(arc: String, scenes: Int, limit: Int)

    public var description: String {
        switch self {
        case let .noPath(arc, scenes, lengths):
            if lengths.isEmpty, lengths.period != nil {
                return "arc '\(arc)' has no road from its start to an ending at all; run `arcgen arcs check` on it"
            }
            return "arc '\(arc)' has no plan of \(scenes) from the start to a happy ending; "
                + "possible lengths: \(lengths)"
        case let .badSceneCount(scenes, limit):
            return "cannot plan \(scenes): a plan has 1 to \(limit) scenes"
        case let .tooLarge(states, scenes, limit):
            return "planning \(scenes) scenes over \(states) states needs a table of \(states * scenes) entries, "
                + "over the limit of \(limit); plan fewer scenes"
        case let .tooManyCaps(arc, limit):
            return "arc '\(arc)' caps too many states on loops to plan exactly (their visit counts need over \(limit) "
                + "bits); give fewer states on loops a list of variants or a \"visits\" cap"
        case let .tooManyWalkers(arc, scenes, limit):
            return "arc '\(arc)': honouring its visit caps over \(scenes) scenes needs over \(limit) (scene, state, "
                + "visits) entries; plan fewer scenes, or cap fewer states on loops"
        }
    }
}

/// A path through an arc: the scenes of a story, start to happy ending.
public struct Plan: Sendable, Equatable {
    public let arcID: String
    public let seed: UInt64
    /// State indices in the `ArcGraph`, one per scene.
    public let states: [Int]
    /// The same states' ids.
    public let ids: [String]
}

/// Draws plans of a given length from start to an ending, each path with probability proportional to the product
/// of its transition weights among all paths of that length.
///
/// Dynamic programming over state × scenes left: W[s][1] = 1 for endings, W[s][k] = Σ w(s→t)·W[t][k−1]; then
/// walk forward from the start, moving from s with k scenes left to t with probability w·W[t][k−1] / W[s][k]. The
/// table holds log W, so path weights spanning thousands of orders of magnitude never overflow or underflow, and a
/// state with a tiny but nonzero weight is never mistaken for an impossible one. A path may pass through an ending
/// and go on; it must end at one.
///
/// **Visit caps.** When a capped state lies on a loop (`ArcGraph.hasBindingCaps`), the past matters: the same DP
/// runs over walkers (state, visits paid to each capped loop state, see `VisitLedger`) instead of states, layer by
/// layer forward from the start and then backward for the chosen length, so each road that keeps every cap is still
/// drawn exactly in proportion to its weight. Arcs without a binding cap take the state table, unchanged.
///
/// Randomness: the exact length for a range comes from stream 1 of `SeededRandom.derived(seed:stream:)`, the walk
/// from stream 2; so a range that allows only N gives the same plan as asking for exactly N.
public struct PlotPlanner: Sendable {
    /// The longest plan: a 120-episode season at ~40 scenes an episode.
    public static let maxScenes = 5000
    /// The largest log-weight table (states × scenes doubles, 128 MB).
    public static let maxTableEntries = 16_000_000
    /// The most walkers (scene, state, visits) the capped planner builds: about 100 MB with their links. An arc of
    /// 20 states with a few variants each needs a few thousand.
    public static let maxWalkers = 2_000_000

    public let graph: ArcGraph
    /// The most walkers a plan with binding caps may build (`maxWalkers` unless a caller needs less).
    public let walkerLimit: Int

    public init(graph: ArcGraph, walkerLimit: Int = PlotPlanner.maxWalkers) {
        self.graph = graph
        self.walkerLimit = walkerLimit
    }

    /// - Throws: `PlanError.noPath` listing the possible lengths when none is in the request.
    /// - Complexity: O(scenes × edges) time, O(scenes × states) memory.
    public func plan(scenes: SceneCount, seed: UInt64) throws(PlanError) -> Plan {
        let bounds = scenes.bounds
        guard bounds.lowerBound >= 1, bounds.upperBound <= Self.maxScenes else {
            throw .badSceneCount(scenes, limit: Self.maxScenes)
        }
        if graph.hasBindingCaps { return try planHonouringCaps(scenes: scenes, seed: seed) }
        let n = bounds.upperBound
        let v = graph.stateCount
        guard n * v <= Self.maxTableEntries else { throw .tooLarge(states: v, scenes: n, limit: Self.maxTableEntries) }
        let table = logWeights(scenes: n)
        let possible = bounds.filter { table[($0 - 1) * v + graph.start] > -.infinity }
        guard !possible.isEmpty else {
            throw .noPath(arc: graph.arcID, scenes: scenes, lengths: FeasibleLengths(graph: graph))
        }
        var lengthRandom = SeededRandom.derived(seed: seed, stream: 1)
        let length = possible.count == 1 ? possible[0] : possible[lengthRandom.nextInt(below: possible.count)]
        var random = SeededRandom.derived(seed: seed, stream: 2)
        let path = walk(length: length, table: table, random: &random)
        return Plan(arcID: graph.arcID, seed: seed, states: path, ids: path.map { graph.ids[$0] })
    }

    /// log W for k = 1 … `scenes`: entry `(k − 1) * states + s` is the log of the summed weight of all k-scene
    /// paths from s to an ending (−∞ when there is none).
    func logWeights(scenes n: Int) -> [Double] {
        let v = graph.stateCount
        var table = [Double](repeating: -.infinity, count: n * v) // (scenes, states)
        let logWeights = graph.edgeWeights.map { Foundation.log($0) } // (edges)
        table.withUnsafeMutableBufferPointer { t in
            graph.edgeOffsets.withUnsafeBufferPointer { offsets in
                graph.edgeTargets.withUnsafeBufferPointer { targets in
                    logWeights.withUnsafeBufferPointer { lw in
                        for s in 0 ..< v where graph.isEnding[s] { t[s] = 0 }
                        guard n > 1 else { return }
                        for k in 1 ..< n {
                            let previous = (k - 1) * v
                            let current = k * v
                            for s in 0 ..< v {
                                let lo = offsets[s], hi = offsets[s + 1]
                                var m = -Double.infinity
                                for e in lo ..< hi { m = max(m, lw[e] + t[previous + targets[e]]) }
                                guard m > -.infinity else { continue }
                                var sum = 0.0
                                for e in lo ..< hi { sum += Foundation.exp(lw[e] + t[previous + targets[e]] - m) }
                                t[current + s] = m + Foundation.log(sum)
                            }
                        }
                    }
                }
            }
        }
        return table
    }

    /// Samples a path of exactly `length` scenes forward through the table.
    private func walk(length: Int, table: [Double], random: inout SeededRandom) -> [Int] {
        let v = graph.stateCount
        var s = graph.start
        var path = [s]
        path.reserveCapacity(length)
        var probabilities: [Double] = []
        for left in stride(from: length, to: 1, by: -1) {
            // Moving to t leaves left − 1 scenes, the last of which must be an ending: layer left − 2.
            let layer = (left - 2) * v
            let here = table[(left - 1) * v + s]
            let lo = graph.edgeOffsets[s], hi = graph.edgeOffsets[s + 1]
            probabilities.removeAll(keepingCapacity: true)
            var total = 0.0
            for e in lo ..< hi {
                let p = Foundation.exp(
                    Foundation.log(graph.edgeWeights[e]) + table[layer + graph.edgeTargets[e]] - here)
                probabilities.append(p)
                total += p
            }
            guard let chosen = drawIndex(probabilities, total: total, random: &random) else {
                preconditionFailure("the table promised a path from '\(graph.ids[s])'")
            }
            s = graph.edgeTargets[lo + chosen]
            path.append(s)
        }
        return path
    }

    /// `plan` for an arc with binding visit caps: the DP over walkers (see the type's documentation).
    /// - Complexity: O(walkers × out-degree) time and memory; walkers are at most `maxWalkers`.
    private func planHonouringCaps(scenes: SceneCount, seed: UInt64) throws(PlanError) -> Plan {
        let bounds = scenes.bounds
        let lattice = try WalkerLattice(graph: graph, scenes: bounds.upperBound, walkerLimit: walkerLimit)
        let possible = bounds.filter { lattice.reachesEnding(at: $0, graph: graph) }
        guard !possible.isEmpty else {
            throw .noPath(arc: graph.arcID, scenes: scenes, lengths: FeasibleLengths(graph: graph))
        }
        var lengthRandom = SeededRandom.derived(seed: seed, stream: 1)
        let length = possible.count == 1 ? possible[0] : possible[lengthRandom.nextInt(below: possible.count)]

        let logEdge = graph.edgeWeights.map { Foundation.log($0) } // (edges)
        let logW = lattice.logWeights(length: length, graph: graph, logEdge: logEdge) { _, _ in 0 }
        var random = SeededRandom.derived(seed: seed, stream: 2)
        let path = lattice.drawRoad(length: length, graph: graph, logEdge: logEdge, logW: logW, shift: .walkerWeight,
                                    random: &random)
        return Plan(arcID: graph.arcID, seed: seed, states: path, ids: path.map { graph.ids[$0] })
    }

    /// One step a walker may take: from walker `from` of a layer along `edge` to walker `to` of the next.
    struct Link {
        var from: Int32
        var edge: Int32
        var to: Int32
    }
}
