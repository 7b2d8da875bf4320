import ArcgenSupport
import Foundation

/// Every road of an arc with binding visit caps, scene by scene, as walkers (state and visits so far): the part of a
/// capped plan that depends only on the graph and the length, so a caller that draws many plans of one length (the
/// season's candidates) builds it once.
struct WalkerLattice: Sendable {
    let ledger: VisitLedger
    /// The length the lattice was built for: it serves plans of at most this many scenes.
    let scenes: Int
    /// layers[k]: where roads stand after k + 1 scenes.
    let layers: [[VisitLedger.Walker]]
    /// links[k]: every step from layer k to layer k + 1, grouped by walker in order.
    let links: [[PlotPlanner.Link]]

    /// The layers up to `scenes` scenes, fewer when no road goes on that long.
    /// - Throws: `PlanError.tooManyCaps` when the counts do not fit one word, `.tooManyWalkers` past `walkerLimit`.
    /// - Complexity: O(walkers × out-degree) time and memory.
    init(graph: ArcGraph, scenes: Int, walkerLimit: Int) throws(PlanError) {
        let ledger = try VisitLedger(graph: graph)
        var layers = [[ledger.start(graph)]]
        var links: [[PlotPlanner.Link]] = []
        var total = 1
        while layers.count < scenes {
            var steps: [PlotPlanner.Link] = []
            let next = ledger.step(layers[layers.count - 1], graph: graph) { i, e, j in
                steps.append(PlotPlanner.Link(from: Int32(i), edge: Int32(e), to: Int32(j)))
            }
            if next.isEmpty { break }
            total += next.count
            guard total <= walkerLimit else {
                throw .tooManyWalkers(arc: graph.arcID, scenes: scenes, limit: walkerLimit)
            }
            layers.append(next)
            links.append(steps)
        }
        self.ledger = ledger
        self.scenes = scenes
        self.layers = layers
        self.links = links
    }

    /// Whether a road of exactly `length` scenes reaches an ending.
    func reachesEnding(at length: Int, graph: ArcGraph) -> Bool {
        length >= 1 && length <= layers.count && layers[length - 1].contains { graph.isEnding[Int($0.state)] }
    }
}

extension WalkerLattice {
    /// How the forward draw keeps `exp` in range: it subtracts, at each scene, the walker in hand's own weight
    /// (`PlotPlanner`), or the largest of its steps (the tilted planner, whose weights carry a walker's own tilt).
    /// The draw is the same either way up to rounding; each planner keeps its own so its plans keep their bytes.
    enum DrawShift {
        case walkerWeight
        case largestStep
    }

    /// The backward pass: `logW[k][i]` is the log of the summed weight of the roads from walker i of layer k that
    /// end on an ending after exactly `length` scenes while keeping every cap, plus the walker's own `tilt` at
    /// scene k (0 for a plain plan; the tension planner's pull toward its target curve).
    /// - Complexity: O(length × links per layer).
    func logWeights(length: Int, graph: ArcGraph, logEdge: [Double],
                    tilt: (VisitLedger.Walker, Int) -> Double) -> [[Double]] {
        var logW = [[Double]](repeating: [], count: length)
        logW[length - 1] = layers[length - 1].map {
            graph.isEnding[Int($0.state)] ? tilt($0, length - 1) : -.infinity
        }
        for k in stride(from: length - 2, through: 0, by: -1) {
            var m = [Double](repeating: -.infinity, count: layers[k].count)
            for l in links[k] { m[Int(l.from)] = max(m[Int(l.from)], logEdge[Int(l.edge)] + logW[k + 1][Int(l.to)]) }
            var sum = [Double](repeating: 0, count: layers[k].count)
            for l in links[k] where m[Int(l.from)] > -.infinity {
                sum[Int(l.from)] += Foundation.exp(logEdge[Int(l.edge)] + logW[k + 1][Int(l.to)] - m[Int(l.from)])
            }
            logW[k] = layers[k].indices.map { i in
                m[i] > -.infinity ? m[i] + Foundation.log(sum[i]) + tilt(layers[k][i], k) : -.infinity
            }
        }
        return logW
    }

    /// The forward draw: from the start, each scene a step of the walker in hand, chosen in proportion to
    /// exp(edge weight + the weight of the roads beyond it). Returns the states, `length` of them.
    func drawRoad(length: Int, graph: ArcGraph, logEdge: [Double], logW: [[Double]], shift: DrawShift,
                  random: inout SeededRandom) -> [Int] {
        var i = 0
        var path = [graph.start]
        path.reserveCapacity(length)
        var probabilities: [Double] = []
        var choices: [PlotPlanner.Link] = []
        for k in 0 ..< length - 1 {
            let steps = Self.links(from: i, in: links[k])
            var largest = -Double.infinity
            if shift == .largestStep {
                for l in steps { largest = max(largest, logEdge[Int(l.edge)] + logW[k + 1][Int(l.to)]) }
            }
            let subtract = shift == .walkerWeight ? logW[k][i] : largest
            probabilities.removeAll(keepingCapacity: true)
            choices.removeAll(keepingCapacity: true)
            var totalWeight = 0.0
            for l in steps {
                let p = Foundation.exp(logEdge[Int(l.edge)] + logW[k + 1][Int(l.to)] - subtract)
                probabilities.append(p)
                choices.append(l)
                totalWeight += p
            }
            guard let chosen = drawIndex(probabilities, total: totalWeight, random: &random) else {
                preconditionFailure("the walker table promised a path from '\(graph.ids[path[path.count - 1]])'")
            }
            i = Int(choices[chosen].to)
            path.append(graph.edgeTargets[Int(choices[chosen].edge)])
        }
        return path
    }

    /// The links of walker `i` (links are grouped by walker, in order).
    static func links(from i: Int, in links: [PlotPlanner.Link]) -> ArraySlice<PlotPlanner.Link> {
        var lo = 0, hi = links.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(links[mid].from) < i { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < links.count, Int(links[end].from) == i { end += 1 }
        return links[lo ..< end]
    }
}
