import ArcgenSupport
import Testing
@testable import ArcgenPlot

@Suite("Planner: properties over random graphs")
struct PlannerPropertyTests {
    /// Which lengths 1…maxLength are possible, by plain boolean reachability (independent of the planner's DP and of
    /// `FeasibleLengths`' repetition trick).
    static func possibleLengths(_ g: ArcGraph, upTo maxLength: Int) -> [Bool] {
        var can = g.isEnding // can[s]: a path of k scenes from s ends at an ending; k = 1 first
        var out = [can[g.start]]
        for _ in 1 ..< maxLength {
            var next = [Bool](repeating: false, count: g.stateCount)
            for s in 0 ..< g.stateCount { next[s] = g.edges(from: s).contains { can[$0.to] } }
            can = next
            out.append(can[g.start])
        }
        return out
    }

    @Test("every plan follows edges, has exactly N scenes and ends at an ending; impossible N are refused")
    func randomGraphs() throws {
        var random = SeededRandom(seed: 2024)
        var planned = 0, refused = 0
        for trial in 0 ..< 300 {
            let g = Fixtures.randomGraph(&random, states: 2 + random.nextInt(below: 25))
            let truth = Self.possibleLengths(g, upTo: 60)
            let lengths = FeasibleLengths(graph: g)
            for k in 1 ... 60 {
                #expect(lengths.contains(k) == truth[k - 1], "trial \(trial), length \(k): \(lengths)")
            }
            let n = 1 + random.nextInt(below: 40)
            let planner = PlotPlanner(graph: g)
            if truth[n - 1] {
                let plan = try planner.plan(scenes: .exactly(n), seed: UInt64(trial))
                #expect(plan.states.count == n)
                #expect(plan.states.first == g.start)
                #expect(g.isEnding[plan.states.last!])
                for (s, t) in zip(plan.states, plan.states.dropFirst()) {
                    #expect(g.edges(from: s).contains { $0.to == t }, "trial \(trial): \(s) → \(t) is no edge")
                }
                planned += 1
            } else {
                #expect(throws: PlanError.self) { try planner.plan(scenes: .exactly(n), seed: 1) }
                refused += 1
            }
        }
        // The generator must exercise both branches, or this test proves little.
        #expect(planned > 50 && refused > 20, "planned \(planned), refused \(refused)")
    }

    @Test("same seed, same plan; other seeds, other plans")
    func reproducible() throws {
        var random = SeededRandom(seed: 7)
        let g = try #require((0 ..< 50).lazy.map { _ in Fixtures.randomGraph(&random, states: 12) }
            .first { Self.possibleLengths($0, upTo: 30)[29] })
        let planner = PlotPlanner(graph: g)
        let a = try planner.plan(scenes: .exactly(30), seed: 99)
        let b = try planner.plan(scenes: .exactly(30), seed: 99)
        #expect(a == b)
        let others = try (100 ..< 110).map { try planner.plan(scenes: .exactly(30), seed: UInt64($0)).states }
        #expect(Set(others.map { $0.description }).count > 1)
    }

    @Test("a range gives a possible length inside it, chosen with the seed")
    func range() throws {
        // start → a → end, end → a: lengths 3, 5, 7, …
        let g = try ArcGraph(arcID: "odd", ids: ["start", "a", "end"], start: 0, endings: [2],
                             edges: [(0, 1, 1), (1, 2, 1), (2, 1, 1)])
        let planner = PlotPlanner(graph: g)
        var seen: Set<Int> = []
        for seed in 0 ..< 40 {
            let plan = try planner.plan(scenes: .range(4 ... 10), seed: UInt64(seed))
            #expect([5, 7, 9].contains(plan.states.count))
            seen.insert(plan.states.count)
        }
        #expect(seen == [5, 7, 9], "uniform among possible lengths: all three appear in 40 draws")
        // A range that allows only one length draws the same plan as asking for it exactly.
        #expect(try planner.plan(scenes: .range(6 ... 7), seed: 3) == planner.plan(scenes: .exactly(7), seed: 3))
        #expect(throws: PlanError.self) { try planner.plan(scenes: .range(100 ... 100), seed: 0) }
    }

    @Test("an impossible length lists the possible ones")
    func infeasible() {
        let g = try! ArcGraph(arcID: "odd", ids: ["start", "a", "end"], start: 0, endings: [2],
                              edges: [(0, 1, 1), (1, 2, 1), (2, 1, 1)])
        do {
            _ = try PlotPlanner(graph: g).plan(scenes: .exactly(4), seed: 0)
            Issue.record("4 scenes should be impossible")
        } catch {
            #expect(error.description == "arc 'odd' has no plan of exactly 4 scenes from the start to a happy ending; "
                + "possible lengths: 3, 5, 7, 9, … (every 2nd length from 3 on)")
        }
    }

    @Test("weights spanning 600 orders of magnitude neither overflow nor underflow", arguments: [300, 2000])
    func extremeWeights(scenes: Int) throws {
        // Two roads around a loop: one with tiny weights, one with huge; both must stay possible.
        let g = try ArcGraph(arcID: "extreme", ids: ["s", "tiny", "huge", "end"], start: 0, endings: [3],
                             edges: [(0, 1, 1e-300), (0, 2, 1e300), (1, 1, 1e-300), (2, 2, 1e300), (1, 3, 1),
                                     (2, 3, 1)])
        let plan = try PlotPlanner(graph: g).plan(scenes: .exactly(scenes), seed: 1)
        #expect(plan.states.count == scenes)
        #expect(plan.states[1] == 2, "the huge road carries essentially all the weight")
        // With the huge road gone, the tiny one (total weight 1e-90000) is still found.
        let only = try ArcGraph(arcID: "tiny", ids: ["s", "tiny", "end"], start: 0, endings: [2],
                                edges: [(0, 1, 1e-300), (1, 1, 1e-300), (1, 2, 1)])
        #expect(try PlotPlanner(graph: only).plan(scenes: .exactly(scenes), seed: 1).states.count == scenes)
    }

    @Test("bad scene counts are refused")
    func badCounts() throws {
        let g = try ArcGraph(arcID: "x", ids: ["a"], start: 0, endings: [0], edges: [])
        #expect(try PlotPlanner(graph: g).plan(scenes: .exactly(1), seed: 0).ids == ["a"])
        #expect(throws: PlanError.self) { try PlotPlanner(graph: g).plan(scenes: .exactly(0), seed: 0) }
        #expect(throws: PlanError.self) {
            try PlotPlanner(graph: g).plan(scenes: .exactly(PlotPlanner.maxScenes + 1), seed: 0)
        }
        #expect(SceneCount(parsing: "10-14") == .range(10 ... 14))
        #expect(SceneCount(parsing: "10–14") == .range(10 ... 14))
        #expect(SceneCount(parsing: "7") == .exactly(7))
        #expect(SceneCount(parsing: "14-10") == nil)
        #expect(SceneCount(parsing: "x") == nil)
    }

    @Test("the graph door refuses what the planner cannot use")
    func door() {
        #expect(throws: ArcError.self) {
            try ArcGraph(arcID: "x", ids: ["a", "b"], start: 0, endings: [1], edges: [(0, 1, 0)])
        }
        #expect(throws: ArcError.self) {
            try ArcGraph(arcID: "x", ids: ["a", "b"], start: 0, endings: [1], edges: [(0, 1, .nan)])
        }
        #expect(throws: ArcError.self) { try ArcGraph(arcID: "x", ids: ["a", "b"], start: 0, endings: [], edges: []) }
        #expect(throws: ArcError.self) {
            try ArcGraph(arcID: "x", ids: ["a", "b"], start: 0, endings: [1], edges: [(0, 5, 1)])
        }
    }
}

@Suite("Planner: large graphs")
struct PlannerLargeGraphTests {
    @Test("500 states, 300 scenes: a valid plan")
    func fiveHundred() throws {
        var random = SeededRandom(seed: 500)
        var edges: [(from: Int, to: Int, weight: Double)] = []
        for s in 0 ..< 500 {
            for _ in 0 ..< 4 { edges.append((s, random.nextInt(below: 500), 0.1 + random.nextDouble())) }
        }
        let g = try ArcGraph(arcID: "speed", ids: (0 ..< 500).map { "s\($0)" }, start: 0,
                             endings: Array(stride(from: 7, to: 500, by: 50)), edges: edges)
        var plan: Plan?
        plan = try PlotPlanner(graph: g).plan(scenes: .exactly(300), seed: 1)
        #expect(plan?.states.count == 300)
    }
}
