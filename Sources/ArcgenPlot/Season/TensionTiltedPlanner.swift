import ArcgenSupport
import Foundation

/// The season's planner: exact-length plans, like `PlotPlanner`, drawn from a distribution tilted toward a tension
/// target that changes along the plan.
///
/// A path s₀ … s_{L−1} from the start to an ending is drawn with probability proportional to
///
///     Π w(s_{i−1} → s_i) · Π exp(−β · (tension(s_i) − target_i)²)
///
/// so among the paths of that length, those whose scenes sit near the season's curve at their positions (calm
/// loops early, the dark loops in the middle, the resolution last) are favoured, and every path the plain planner
/// can draw stays possible (β = 0 gives back its distribution). This is a **season-only bias**: `arcgen plan` keeps
/// `PlotPlanner`, whose plans follow the arc's weights alone.
///
/// Dynamic programming backwards over (step, state): B[L−1][s] = log φ_{L−1}(s) for endings (−∞ otherwise),
/// B[i][s] = log φ_i(s) + log Σ_t w(s→t)·exp B[i+1][t]; then a forward walk from the start moves from s at step i
/// to t with probability w(s→t)·exp B[i+1][t] / Σ. The targets depend on the step, so the table is built for one
/// length; it holds logs, as `PlotPlanner`'s does. The walk uses stream 2 of the seed.
struct TensionTiltedPlanner: Sendable {
    /// How strongly a scene is pulled toward its target: a scene 1 point off costs a factor e^−β, 2 points e^−4β.
    static let defaultStrength = 0.35

    let graph: ArcGraph
    /// Tension per state (indexed as the graph's states).
    let tensions: [Double]
    let strength: Double

    init(graph: ArcGraph, tensions: [Double], strength: Double = TensionTiltedPlanner.defaultStrength) {
        precondition(tensions.count == graph.stateCount, "one tension per state")
        self.graph = graph
        self.tensions = tensions
        self.strength = strength
    }

    /// A plan of exactly `targets.count` scenes, scene i pulled toward `targets[i]`.
    ///
    /// The episode scale: at the steps where `watched` is true (where the arc alone fills the episodes, so that it
    /// alone can end them), no `gap` consecutive scenes may all lack a cliffhanger — then every window of `gap`
    /// scenes holds one and the cut can end each episode on one. The constraint is exact (an extra DP coordinate:
    /// the run of scenes without a cliffhanger); when no path meets it, it is dropped.
    /// - Parameters:
    ///   - cliffhangers: per state, whether it may end an episode.
    /// - Throws: `PlanError` as `PlotPlanner` does when no path of that length exists or the table is too large.
    /// - Complexity: O(length × gap × edges) time, O(length × gap × states) memory (gap is 1 without a watch).
    func plan(targets: [Double], seed: UInt64, cliffhangers: [Bool] = [], watched: [Bool] = [],
              gap: Int = 1) throws(PlanError) -> Plan {
        let n = targets.count
        let scenes = SceneCount.exactly(n)
        guard n >= 1, n <= PlotPlanner.maxScenes else { throw .badSceneCount(scenes, limit: PlotPlanner.maxScenes) }
        let v = graph.stateCount
        guard n * v <= PlotPlanner.maxTableEntries else {
            throw .tooLarge(states: v, scenes: n, limit: PlotPlanner.maxTableEntries)
        }
        var watch = Watch(cliffhangers: cliffhangers, watched: watched, gap: max(1, gap))
        if watched.count != n || !watched.contains(true) || cliffhangers.count != v
            || n * watch.gap * v > PlotPlanner.maxTableEntries {
            watch = .none
        }
        var table = logWeights(targets: targets, watch: watch)
        func reachable() -> Bool {
            let r = watch.startRun(graph.start)
            return r < watch.gap && table[watch.index(step: 0, run: r, state: graph.start, v)] > -.infinity
        }
        if !reachable(), watch.gap > 1 || !watch.watched.isEmpty {
            watch = .none
            table = logWeights(targets: targets, watch: watch)
        }
        var r = watch.startRun(graph.start)
        guard reachable() else {
            throw .noPath(arc: graph.arcID, scenes: scenes, lengths: FeasibleLengths(graph: graph))
        }
        var random = SeededRandom.derived(seed: seed, stream: 2)
        var s = graph.start
        var path = [s]
        path.reserveCapacity(n)
        var probabilities: [Double] = []
        for i in 0 ..< n - 1 {
            let lo = graph.edgeOffsets[s], hi = graph.edgeOffsets[s + 1]
            probabilities.removeAll(keepingCapacity: true)
            var m = -Double.infinity
            for e in lo ..< hi {
                let t = graph.edgeTargets[e], next = watch.next(run: r, step: i + 1, state: t)
                m = max(m, next < watch.gap ? table[watch.index(step: i + 1, run: next, state: t, v)] : -.infinity)
            }
            var total = 0.0
            for e in lo ..< hi {
                let t = graph.edgeTargets[e], next = watch.next(run: r, step: i + 1, state: t)
                let b = next < watch.gap ? table[watch.index(step: i + 1, run: next, state: t, v)] : -.infinity
                let p = graph.edgeWeights[e] * Foundation.exp(b - m)
                probabilities.append(p)
                total += p
            }
            if !total.isFinite {
                // Weights near the largest Double overflow the sum: the same shares, taken in logs.
                let logs = (lo ..< hi).map { e in
                    let t = graph.edgeTargets[e], next = watch.next(run: r, step: i + 1, state: t)
                    let b = next < watch.gap ? table[watch.index(step: i + 1, run: next, state: t, v)] : -.infinity
                    return Foundation.log(graph.edgeWeights[e]) + b
                }
                let top = logs.max()!
                probabilities = logs.map { Foundation.exp($0 - top) }
                total = probabilities.reduce(0, +)
            }
            guard let chosen = drawIndex(probabilities, total: total, random: &random) else {
                preconditionFailure("the table promised a path from '\(graph.ids[s])'")
            }
            s = graph.edgeTargets[lo + chosen]
            r = watch.next(run: r, step: i + 1, state: s)
            path.append(s)
        }
        return Plan(arcID: graph.arcID, seed: seed, states: path, ids: path.map { graph.ids[$0] })
    }

    /// The episode-scale constraint of `plan`: at the watched steps, the run of consecutive scenes without a
    /// cliffhanger stays below `gap`.
    struct Watch {
        var cliffhangers: [Bool]
        /// Per step (empty: none watched).
        var watched: [Bool]
        var gap: Int

        static let none = Watch(cliffhangers: [], watched: [], gap: 1)

        func isWatched(_ step: Int) -> Bool { step < watched.count && watched[step] }

        /// The run after moving to `state` at `step` from a run of `run`.
        func next(run: Int, step: Int, state: Int) -> Int {
            guard isWatched(step) else { return 0 }
            return cliffhangers[state] ? 0 : run + 1
        }

        func startRun(_ start: Int) -> Int { next(run: 0, step: 0, state: start) }
        /// Entry of (step, run, state) in the table.
        func index(step: Int, run: Int, state: Int, _ v: Int) -> Int { (step * gap + run) * v + state }
    }

    /// B as above, with the run coordinate: entry `(i * gap + r) * states + s` is the log of the summed tilted weight
    /// of the paths from s at step i, after a run of r scenes without a cliffhanger, to an ending at step L − 1 that
    /// keep the watch (−∞ when there is none).
    func logWeights(targets: [Double], watch: Watch) -> [Double] {
        let n = targets.count, v = graph.stateCount, g = watch.gap
        var table = [Double](repeating: -.infinity, count: n * g * v) // (steps, runs, states)
        let logWeights = graph.edgeWeights.map { Foundation.log($0) } // (edges)
        let beta = strength
        table.withUnsafeMutableBufferPointer { t in
            graph.edgeOffsets.withUnsafeBufferPointer { offsets in
                graph.edgeTargets.withUnsafeBufferPointer { edgeTargets in
                    logWeights.withUnsafeBufferPointer { lw in
                        tensions.withUnsafeBufferPointer { tension in
                            for r in 0 ..< g {
                                for s in 0 ..< v where graph.isEnding[s] {
                                    let d = tension[s] - targets[n - 1]
                                    t[((n - 1) * g + r) * v + s] = -beta * d * d
                                }
                            }
                            for i in stride(from: n - 2, through: 0, by: -1) {
                                let watchedNext = watch.isWatched(i + 1)
                                // Outside the watch only run 0 occurs.
                                let runs = watch.isWatched(i) ? g : 1
                                for r in 0 ..< runs {
                                    let current = (i * g + r) * v
                                    for s in 0 ..< v {
                                        let lo = offsets[s], hi = offsets[s + 1]
                                        var m = -Double.infinity
                                        for e in lo ..< hi {
                                            let to = edgeTargets[e]
                                            let next = watchedNext ? (watch.cliffhangers[to] ? 0 : r + 1) : 0
                                            if next < g { m = max(m, lw[e] + t[((i + 1) * g + next) * v + to]) }
                                        }
                                        guard m > -.infinity else { continue }
                                        var sum = 0.0
                                        for e in lo ..< hi {
                                            let to = edgeTargets[e]
                                            let next = watchedNext ? (watch.cliffhangers[to] ? 0 : r + 1) : 0
                                            if next < g {
                                                sum += Foundation.exp(lw[e] + t[((i + 1) * g + next) * v + to] - m)
                                            }
                                        }
                                        let d = tension[s] - targets[i]
                                        t[current + s] = m + Foundation.log(sum) - beta * d * d
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return table
    }
}

extension TensionTiltedPlanner {
    /// A plan of exactly `targets.count` scenes that keeps the graph's visit caps, scene i pulled toward
    /// `targets[i]`: the same tilted distribution as `plan(targets:seed:)`, over `VisitLedger` walkers (state and
    /// visits so far) instead of states, as `PlotPlanner` honours caps. A state's revisit is scored at the tension of
    /// the variant it plays (`tensionOfVisit`), so a loop that escalates is drawn where the season climbs.
    /// - Parameters:
    ///   - tensionOfVisit: per state, the tension of visit 1, 2, … (the last entry for later visits).
    ///   - lattice: the graph's roads built for at least this length, when the caller keeps them across plans.
    /// - Throws: `PlanError` when no road of that length keeps the caps, or it needs too many walkers.
    /// - Complexity: O(length × walkers per layer × out-degree).
    func planHonouringCaps(targets: [Double], seed: UInt64, tensionOfVisit: [[Double]],
                           lattice: WalkerLattice? = nil) throws(PlanError) -> Plan {
        let length = targets.count
        guard length >= 1, length <= PlotPlanner.maxScenes else {
            throw .badSceneCount(.exactly(length), limit: PlotPlanner.maxScenes)
        }
        let built: WalkerLattice
        if let lattice, lattice.scenes >= length {
            built = lattice
        } else {
            built = try WalkerLattice(graph: graph, scenes: length, walkerLimit: PlotPlanner.maxWalkers)
        }
        let ledger = built.ledger
        guard built.reachesEnding(at: length, graph: graph) else {
            throw .noPath(arc: graph.arcID, scenes: .exactly(length), lengths: FeasibleLengths(graph: graph))
        }
        // The tilt of a walker at step k: its state's tension at the visit it is paying.
        func tilt(_ w: VisitLedger.Walker, _ k: Int) -> Double {
            let s = Int(w.state)
            let shift = ledger.shift[s]
            let width = Int.bitWidth - ledger.cap[s].leadingZeroBitCount
            let visit = shift < 0 ? 1 : Int((w.visits >> UInt64(shift)) & ((1 << UInt64(width)) - 1))
            let ts = tensionOfVisit[s]
            let d = ts[min(max(1, visit), ts.count) - 1] - targets[k]
            return -strength * d * d
        }
        let logEdge = graph.edgeWeights.map { Foundation.log($0) } // (edges)
        let logW = built.logWeights(length: length, graph: graph, logEdge: logEdge, tilt: tilt)
        guard logW[0][0] > -.infinity else {
            throw .noPath(arc: graph.arcID, scenes: .exactly(length), lengths: FeasibleLengths(graph: graph))
        }
        var random = SeededRandom.derived(seed: seed, stream: 2)
        let path = built.drawRoad(length: length, graph: graph, logEdge: logEdge, logW: logW, shift: .largestStep,
                                  random: &random)
        return Plan(arcID: graph.arcID, seed: seed, states: path, ids: path.map { graph.ids[$0] })
    }
}
