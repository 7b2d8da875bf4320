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
