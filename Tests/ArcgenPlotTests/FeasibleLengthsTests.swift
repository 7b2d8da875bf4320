import Testing
@testable import ArcgenPlot

@Suite("Feasible lengths: exact, periodic, summarised")
struct FeasibleLengthsTests {
    /// Flags for lengths 1…n from a set.
    func flags(_ set: Set<Int>, through n: Int) -> [Bool] { (1 ... n).map(set.contains) }

    @Test("summaries", arguments: [
        (Set([6, 7, 8, 9, 11, 13]), 13, 1, "6–9, 11, 13–∞"),
        (Set([3, 4]), 5, 1, "3–4"),
        (Set<Int>(), 3, 1, "none"),
        (Set([1]), 1, 1, "1–∞"),
    ])
    func summaries(set: Set<Int>, through: Int, period: Int, text: String) {
        #expect(FeasibleLengths(prefix: flags(set, through: through), period: period).description == text)
    }

    @Test("a finite set, an unbounded set and a periodic set are told apart")
    func kinds() throws {
        // start → a → end: only 3.
        let finite = try ArcGraph(arcID: "f", ids: ["s", "a", "e"], start: 0, endings: [2],
                                  edges: [(0, 1, 1), (1, 2, 1)])
        let f = FeasibleLengths(graph: finite)
        #expect(f.description == "3")
        #expect(!f.isUnbounded && f.contains(3) && !f.contains(4) && !f.contains(1000))
        // start → a ↺, a → end: 3 onwards.
        let open = try ArcGraph(arcID: "o", ids: ["s", "a", "e"], start: 0, endings: [2],
                                edges: [(0, 1, 1), (1, 1, 1), (1, 2, 1)])
        let o = FeasibleLengths(graph: open)
        #expect(o.description == "3–∞")
        #expect(o.isUnbounded && o.contains(1_000_000))
        // A 3-cycle through the ending: 2, 5, 8, …
        let cycle = try ArcGraph(arcID: "c", ids: ["s", "e", "x", "y"], start: 0, endings: [1],
                                 edges: [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 1, 1)])
        let c = FeasibleLengths(graph: cycle)
        #expect(c.description == "2, 5, 8, 11, … (every 3rd length from 2 on)")
        #expect(c.contains(2 + 3 * 1000) && !c.contains(3 + 3 * 1000))
        // Mixed: two cycles of lengths 2 and 3 sharing the ending: 1, 3, 4, 5, 6, … (every length from 3).
        let mixed = try ArcGraph(arcID: "m", ids: ["e", "a", "b", "c"], start: 0, endings: [0],
                                 edges: [(0, 1, 1), (1, 0, 1), (0, 2, 1), (2, 3, 1), (3, 0, 1)])
        #expect(FeasibleLengths(graph: mixed).description == "1, 3–∞")
    }

    @Test("no road at all")
    func none() throws {
        let g = try ArcGraph(arcID: "n", ids: ["s", "e"], start: 0, endings: [1], edges: [])
        let l = FeasibleLengths(graph: g)
        #expect(l.isEmpty && l.description == "none")
        #expect(throws: PlanError.self) { try PlotPlanner(graph: g).plan(scenes: .exactly(2), seed: 0) }
    }
}
