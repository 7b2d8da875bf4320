import ArcgenSupport
import Foundation
import Testing

@testable import ArcgenPlot

/// Every road from the start to an ending of `length` scenes that keeps the caps, with its weight: the ground truth
/// the planner is checked against, by brute force (small graphs and lengths only).
func enumerateRoads(_ g: ArcGraph, length: Int) -> [[Int]: Double] {
    var out: [[Int]: Double] = [:]
    var path = [g.start]
    var visits = [Int](repeating: 0, count: g.stateCount)
    visits[g.start] = 1
    func extend(_ weight: Double) {
        let s = path[path.count - 1]
        if path.count == length {
            if g.isEnding[s] { out[path, default: 0] += weight }
            return
        }
        for e in g.edges(from: s) where visits[e.to] < (g.visitCaps[e.to] ?? Int.max) {
            visits[e.to] += 1
            path.append(e.to)
            extend(weight * e.weight)
            path.removeLast()
            visits[e.to] -= 1
        }
    }
    extend(1)
    return out
}

/// A random graph with a random cap (none, or 1–3 visits) on each state.
func randomCappedGraph(_ random: inout SeededRandom, states n: Int) -> ArcGraph {
    let g = Fixtures.randomGraph(&random, states: n)
    let caps: [Int?] = (0 ..< n).map { _ in random.nextInt(below: 3) == 0 ? nil : 1 + random.nextInt(below: 3) }
    var edges: [(from: Int, to: Int, weight: Double)] = []
    for s in 0 ..< n { for e in g.edges(from: s) { edges.append((s, e.to, e.weight)) } }
    return try! ArcGraph(
        arcID: "capped", ids: g.ids, start: g.start, endings: (0 ..< n).filter { g.isEnding[$0] }, edges: edges,
        visitCaps: caps)
}

@Suite("Planner: visit caps over random graphs")
struct VisitCapPropertyTests {
    @Test(
        "plans keep every cap, have exactly N scenes, follow edges; the lengths are exactly those a brute force finds"
    )
    func randomGraphs() throws {
        var random = SeededRandom(seed: 14)
        var planned = 0
        var refused = 0
        for trial in 0 ..< 200 {
            let g = randomCappedGraph(&random, states: 2 + random.nextInt(below: 7))
            let lengths = FeasibleLengths(graph: g)
            let planner = PlotPlanner(graph: g)
            for n in 1 ... 8 {
                let roads = enumerateRoads(g, length: n)
                #expect(lengths.contains(n) == !roads.isEmpty, "trial \(trial), \(n) scenes: \(lengths)")
                guard !roads.isEmpty else {
                    #expect(throws: PlanError.self) { try planner.plan(scenes: .exactly(n), seed: UInt64(trial)) }
                    refused += 1
                    continue
                }
                let plan = try planner.plan(scenes: .exactly(n), seed: UInt64(trial))
                #expect(roads[plan.states] != nil, "trial \(trial): \(plan.ids) is not a road that keeps the caps")
                #expect(plan.states.count == n)
                planned += 1
            }
        }
        #expect(planned > 100 && refused > 100, "planned \(planned), refused \(refused)")
    }

    @Test("a revisit never repeats a synopsis, and never plays calmer than the visit before")
    func neverARepeat() throws {
        var random = SeededRandom(seed: 41)
        var revisits = 0
        for trial in 0 ..< 120 {
            let g = randomCappedGraph(&random, states: 2 + random.nextInt(below: 7))
            // An arc over the graph: each state gets as many variants as its cap (one when uncapped and off every
            // loop; a loop state without a cap gets one variant, capped to it).
            let states = (0 ..< g.stateCount).map { s -> ArcState in
                let count = g.visitCaps[s] ?? 1
                var st = ArcState(
                    id: g.ids[s], tag: "courtship", synopsis: .missing, roles: ["heroine"], locations: [], tension: 3,
                    transitions: g.edges(from: s).map { Transition(to: g.ids[$0.to], weight: $0.weight) })
                st.variants = (0 ..< count).map { v in
                    SynopsisVariant(
                        text: Localized(es: "\(g.ids[s]) vez \(v)", en: "\(g.ids[s]) time \(v)"),
                        tension: v == 0 ? nil : 3 + v)
                }
                st.listsVariants = true
                return st
            }
            let arc = Arc(
                id: "random", title: Localized(es: "R", en: "R"), roles: ["heroine"], start: g.ids[g.start],
                endings: (0 ..< g.stateCount).filter { g.isEnding[$0] }.map { g.ids[$0] }, states: states)
            let graph = try ArcGraph(arc: arc)
            for n in FeasibleLengths(graph: graph).lengths(in: 1 ... 12) {
                let plan = try PlotPlanner(graph: graph).plan(scenes: .exactly(n), seed: UInt64(trial))
                let scenes = Outline(arc: arc, plan: plan, cast: Cast(names: [:]), language: .en).scenes
                #expect(Set(scenes.map(\.synopsis)).count == n, "trial \(trial): \(scenes.map(\.synopsis))")
                var last: [String: Int] = [:]
                for scene in scenes {
                    if let before = last[scene.state] {
                        #expect(scene.tension >= before)
                        revisits += 1
                    }
                    last[scene.state] = scene.tension
                }
            }
        }
        #expect(revisits > 50, "the graphs must go round loops: \(revisits) revisits")
    }

    /// The 0.999 quantile of χ²(df), by the Wilson–Hilferty approximation (within a few percent for df ≥ 3).
    static func chiSquareLimit(df: Int) -> Double {
        let k = Double(df)
        let z = 3.09
        return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
    }

    @Test("every road is drawn in proportion to its weight: χ² against the enumerated roads of small random graphs")
    func proportional() throws {
        var random = SeededRandom(seed: 9)
        var checked = 0
        while checked < 6 {
            let g = randomCappedGraph(&random, states: 3 + random.nextInt(below: 4))
            guard g.hasBindingCaps else { continue }
            guard
                let (n, roads) = (4 ... 7).lazy.map({ ($0, enumerateRoads(g, length: $0)) }).first(where: {
                    (4 ... 30).contains($0.1.count)
                })
            else { continue }
            let total = roads.values.reduce(0, +)
            // Roads too rare to expect 5 draws make χ² unreliable; skip such graphs.
            let samples = 4000
            guard roads.values.allSatisfy({ $0 / total * Double(samples) >= 5 }) else { continue }
            var counts: [[Int]: Int] = [:]
            for seed in 0 ..< samples {
                counts[try PlotPlanner(graph: g).plan(scenes: .exactly(n), seed: UInt64(seed)).states, default: 0] += 1
            }
            #expect(Set(counts.keys).isSubset(of: Set(roads.keys)))
            let chi2 = roads.reduce(0.0) { sum, road in
                let e = road.value / total * Double(samples)
                let o = Double(counts[road.key] ?? 0)
                return sum + (o - e) * (o - e) / e
            }
            #expect(chi2 < Self.chiSquareLimit(df: roads.count - 1), "χ² = \(chi2) over \(roads.count) roads")
            checked += 1
        }
    }

    /// The hand-computed graph of `PlannerStatisticsTests`, with A and B capped at two visits: of its six roads of five
    /// scenes, S A A A E and S B B B E visit a state three times and go; the four left keep their weights
    /// (S A E A E 4, S B B A E 12, S B E A E 6, S B A A E 6; total 28).
    @Test("χ² against the hand-computed distribution of a capped graph")
    func handComputed() throws {
        let g = try ArcGraph(
            arcID: "hand", ids: ["S", "A", "B", "E"], start: 0, endings: [3],
            edges: [
                (0, 1, 1), (0, 2, 3), (1, 1, 1), (1, 3, 2), (2, 2, 2), (2, 3, 1), (2, 1, 1), (3, 1, 1),
            ], visitCaps: [nil, 2, 2, nil])
        let expected: [String: Double] = ["SAEAE": 4.0 / 28, "SBBAE": 12.0 / 28, "SBEAE": 6.0 / 28, "SBAAE": 6.0 / 28]
        let samples = 12_000
        var counts: [String: Int] = [:]
        for seed in 0 ..< samples {
            counts[try PlotPlanner(graph: g).plan(scenes: .exactly(5), seed: UInt64(seed)).ids.joined(), default: 0] +=
                1
        }
        #expect(Set(counts.keys) == Set(expected.keys))
        let chi2 = PlannerStatisticsTests.chiSquare(counts, expected, samples: samples)
        #expect(chi2 < 16.27, "χ² = \(chi2) (16.27 is the 0.999 quantile of χ²(3)); counts \(counts)")
    }

    @Test("an impossible length lists the lengths the caps allow; plan lengths past every cap are refused")
    func impossible() throws {
        // start → a, a → a, a → end; a at most twice: 3 or 4 scenes.
        let g = try ArcGraph(
            arcID: "capped", ids: ["start", "a", "end"], start: 0, endings: [2],
            edges: [(0, 1, 1), (1, 1, 1), (1, 2, 1)],
            visitCaps: [nil, 2, nil])
        #expect(FeasibleLengths(graph: g).description == "3–4")
        #expect(FeasibleLengths(graph: g.withoutVisitCaps()).description == "3–∞")
        do {
            _ = try PlotPlanner(graph: g).plan(scenes: .exactly(6), seed: 1)
            Issue.record("6 scenes should be impossible")
        } catch {
            #expect(
                error.description
                    == "arc 'capped' has no plan of exactly 6 scenes from the start to a happy ending; "
                    + "possible lengths: 3–4"
            )
        }
        // A range keeps to the lengths the caps allow.
        for seed in UInt64(0) ..< 20 {
            #expect(try PlotPlanner(graph: g).plan(scenes: .range(2 ... 9), seed: seed).states.count <= 4)
        }
    }

    @Test("arcs without a binding cap plan exactly as before: caps off every loop change nothing")
    func uncappedUnchanged() throws {
        var random = SeededRandom(seed: 3)
        for trial in 0 ..< 60 {
            let g = Fixtures.randomGraph(&random, states: 3 + random.nextInt(below: 10))
            var edges: [(from: Int, to: Int, weight: Double)] = []
            for s in 0 ..< g.stateCount { for e in g.edges(from: s) { edges.append((s, e.to, e.weight)) } }
            let caps = (0 ..< g.stateCount).map { g.onLoop[$0] ? nil : Optional(1) }
            let offLoops = try ArcGraph(
                arcID: g.arcID, ids: g.ids, start: g.start, endings: (0 ..< g.stateCount).filter { g.isEnding[$0] },
                edges: edges, visitCaps: caps)
            #expect(!offLoops.hasBindingCaps)
            for n in FeasibleLengths(graph: g).lengths(in: 1 ... 30).prefix(3) {
                #expect(
                    try PlotPlanner(graph: offLoops).plan(scenes: .exactly(n), seed: UInt64(trial))
                        == PlotPlanner(graph: g).plan(scenes: .exactly(n), seed: UInt64(trial)))
            }
        }
    }

    @Test("more walkers than the limit: a clear error naming it, never a partial plan")
    func tooManyWalkers() throws {
        let g = try ArcGraph(
            arcID: "hand", ids: ["S", "A", "B", "E"], start: 0, endings: [3],
            edges: [(0, 1, 1), (0, 2, 3), (1, 1, 1), (1, 3, 2), (2, 2, 2), (2, 3, 1), (2, 1, 1), (3, 1, 1)],
            visitCaps: [nil, 3, 3, nil])
        #expect(throws: PlanError.tooManyWalkers(arc: "hand", scenes: 7, limit: 10)) {
            try PlotPlanner(graph: g, walkerLimit: 10).plan(scenes: .exactly(7), seed: 1)
        }
        #expect(try PlotPlanner(graph: g).plan(scenes: .exactly(7), seed: 1).states.count == 7)
        let message = PlanError.tooManyWalkers(arc: "hand", scenes: 7, limit: 10).description
        #expect(message.contains("over 10 (scene, state, visits)"))
    }

    @Test("too many capped loop states for the visit word: a clear error")
    func tooManyCaps() {
        // 40 states in one loop, each capped at 7 visits: 3 bits each, 120 bits.
        let n = 40
        let edges = (0 ..< n).map { (from: $0, to: ($0 + 1) % n, weight: 1.0) }
        let g = try! ArcGraph(
            arcID: "wide", ids: (0 ..< n).map { "s\($0)" }, start: 0, endings: [n - 1], edges: edges,
            visitCaps: [Int?](repeating: 7, count: n))
        #expect(throws: PlanError.tooManyCaps(arc: "wide", limit: 64)) {
            try PlotPlanner(graph: g).plan(scenes: .exactly(40), seed: 1)
        }
    }
}

@Suite("Lint: synopsis variants and visit caps")
struct VariantLintTests {
    @Test("a list of variants decodes, caps the visits, and escalates")
    func decode() throws {
        let arc = try #require(Fixtures.check(Fixtures.tiny).arc)
        let plot = try #require(arc.state("plot"))
        #expect(plot.variants.count == 2 && plot.listsVariants && plot.visitCap == 2)
        #expect(plot.variant(forVisit: 1).tension == 7 && plot.variant(forVisit: 2).tension == 8)
        #expect(plot.variant(forVisit: 2).synopsis.en == "{villain} burns the real letter.")
        // The original format: one object, no cap.
        #expect(arc.state("meet")?.visitCap == nil && arc.state("meet")?.listsVariants == false)
    }

    static let faults: [SchemaFault] = [
        SchemaFault(
            name: "calmer revisit", old: "\"tension\": 8}", new: "\"tension\": 6}",
            path: "$.states[1].synopsis[1].tension",
            says: "a loop escalates"),
        SchemaFault(
            name: "tension on the first variant", old: "\"en\": \"{villain} forges a letter.\"}",
            new: "\"en\": \"{villain} forges a letter.\", \"tension\": 7}", path: "$.states[1].synopsis[0].tension",
            says: "the first variant plays at the state's tension"),
        SchemaFault(
            name: "more visits than variants", old: "\"cliffhanger\": true,",
            new: "\"cliffhanger\": true, \"visits\": 3,",
            path: "$.states[1].visits", says: "visit 3 would play a synopsis again"),
        SchemaFault(
            name: "zero visits", old: "\"cliffhanger\": true,", new: "\"cliffhanger\": true, \"visits\": 0,",
            path: "$.states[1].visits", says: "whole number from 1 to 64"),
        SchemaFault(
            name: "misspelt key in a variant", old: "\"tension\": 8}", new: "\"tensoin\": 8}",
            path: "$.states[1].synopsis[1].tensoin",
            says: "did you mean 'tension'?"),
        SchemaFault(
            name: "a variant without English", old: ", \"en\": \"{villain} burns the real letter.\"", new: "",
            path: "$.states[1].synopsis[1]", says: "missing required key \"en\""),
        SchemaFault(
            name: "an empty list",
            old: "\"synopsis\": {\"es\": \"{heroine} y {galan} se casan.\", \"en\": \"{heroine} and {galan} marry.\"}",
            new: "\"synopsis\": []", path: "$.states[3].synopsis", says: "the list of variants is empty"),
        SchemaFault(
            name: "a synopsis that is a string",
            old: "\"synopsis\": {\"es\": \"{heroine} y {galan} se casan.\", \"en\": \"{heroine} and {galan} marry.\"}",
            new: "\"synopsis\": \"they marry\"", path: "$.states[3].synopsis", says: "or a list of such variants"),
        SchemaFault(
            name: "a variant's place without INT./EXT.", old: "\"tension\": 8}",
            new: "\"tension\": 8, \"locations\": [{\"es\": \"INT. CASA\", \"en\": \"House\"}]}",
            path: "$.states[1].synopsis[1].locations[0].en", says: "must start like a scene heading"),
        SchemaFault(
            name: "a slot in a later variant", old: "{villain} burns the real letter.",
            new: "{villian} burns the real letter.",
            path: "$.states[1].synopsis[1].en", says: "did you mean 'villain'?"),
    ]

    @Test("each fault in variants is an error at its JSON path", arguments: faults)
    func fault(_ f: SchemaFault) {
        let report = Fixtures.check(Fixtures.tiny(replacing: f.old, with: f.new))
        let d = report.at(f.path)
        #expect(d?.severity == .error, "\(f.name): \(report.diagnostics.map(\.description))")
        #expect(d?.message.contains(f.says) == true, "\(f.name): \(d?.message ?? "nothing at \(f.path)")")
        #expect(report.arc == nil)
    }

    @Test("a variant may move: its locations replace the state's for that visit")
    func variantPlaces() throws {
        let text = Fixtures.tiny(
            replacing: "\"tension\": 8}",
            with: "\"tension\": 8, \"locations\": [{\"es\": \"EXT. PUENTE\", \"en\": \"EXT. BRIDGE\"}]}")
        let arc = try #require(Fixtures.check(text).arc)
        let plan = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .exactly(5), seed: 2)
        #expect(plan.ids == ["meet", "plot", "plot", "truth", "wed"])
        let scenes = Outline(arc: arc, plan: plan, cast: Cast.defaults(for: arc, language: .en), language: .en).scenes
        #expect(scenes[1].heading(.en) == "INT. HOUSE - BEDROOM - NIGHT" && scenes[1].tension == 7)
        #expect(scenes[2].heading(.en) == "EXT. BRIDGE - NIGHT" && scenes[2].tension == 8)
        #expect(scenes[2].synopsis == "Regina burns the real letter.")
    }

    @Test("a single synopsis on a loop is a warning; \"visits\": 1 or a list silences it")
    func loopWarning() throws {
        let tiny = Fixtures.tiny
        let list = try #require(tiny.range(of: "\"synopsis\": ["))
        let end = try #require(tiny.range(of: "],", range: list.upperBound ..< tiny.endIndex))
        let single = tiny.replacingCharacters(
            in: list.lowerBound ..< end.upperBound,
            with: "\"synopsis\": {\"es\": \"{villain} falsifica una carta.\", \"en\": \"{villain} forges a letter.\"},")
        let report = Fixtures.check(single)
        #expect(report.warnings.map { $0.path?.description } == ["$.states[1].synopsis"])
        #expect(report.warnings.first?.message.contains("tells it again word for word") == true)
        #expect(report.arc?.state("plot")?.visitCap == nil, "the original format keeps working, uncapped")
        let once = Fixtures.check(
            single.replacingOccurrences(of: "\"cliffhanger\": true,", with: "\"cliffhanger\": true, \"visits\": 1,"))
        #expect(once.warnings.isEmpty && once.errors.isEmpty)
    }

    @Test("arcs show lists every variant with its visit and tension; arcs graph draws the count and the secrets")
    func showAndGraph() throws {
        let arc = try #require(Fixtures.check(Fixtures.tiny).arc)
        let text = ArcDescription.text(arc, file: "tiny.json", languages: [.en])
        #expect(text.contains("plan lengths: 2, 4–5 (with the visit caps; without them: 2, 4–∞)"))
        #expect(text.contains("    en: visit 1, tension 7: {villain} forges a letter."))
        #expect(text.contains("    en: visit 2, tension 8: {villain} burns the real letter."))
        #expect(text.contains("at most 2 visits"))
        let dot = DOTWriter.dot(arc)
        #expect(dot.contains("label=\"plot\\nscheme · 7 · ×2\\n⊘ letter\""))
        #expect(dot.contains("label=\"truth\\nrevelation · 8\\n✓ letter\""))
    }
}
