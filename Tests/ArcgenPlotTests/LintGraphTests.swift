import Testing
@testable import ArcgenPlot

@Suite("Lint: the shape of the graph")
struct LintGraphTests {
    /// meet → a → b → end with the extra states given.
    func arc(_ states: [String], endings: [String] = ["end"]) -> String {
        Fixtures.arcJSON(start: "meet", endings: endings, states: [
            Fixtures.stateJSON("meet", tag: "encounter", transitions: [("a", 1)]),
            Fixtures.stateJSON("a", transitions: [("end", 1)]),
            Fixtures.stateJSON("end", tag: "reunion", transitions: []),
        ] + states)
    }

    @Test("the generated base arc is clean (apart from its id)")
    func base() {
        let report = Fixtures.check(arc([]), file: "generated.json")
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    }

    @Test("a state the start cannot reach")
    func unreachable() {
        let report = Fixtures.check(arc([Fixtures.stateJSON("island", transitions: [("end", 1)])]),
                                    file: "generated.json")
        #expect(report.at("$.states[3]")?.message.contains("cannot be reached from the start 'meet'") == true,
                "\(report.diagnostics)")
    }

    @Test("a dead end that is not an ending")
    func deadEnd() {
        let text = arc([]).replacingOccurrences(
            of: "\"transitions\": [{\"to\": \"a\", \"weight\": 1.0}]",
            with: "\"transitions\": [{\"to\": \"a\", \"weight\": 1.0}, {\"to\": \"stuck\", \"weight\": 1.0}]")
        let stuck = ",\n" + Fixtures.stateJSON("stuck", transitions: []) + "\n]}"
        let report = Fixtures.check(text.replacingOccurrences(of: "\n]}", with: stuck), file: "generated.json")
        #expect(report.at("$.states[3]")?.message.contains("has no transitions and is not an ending") == true,
                "\(report.diagnostics)")
    }

    @Test("a loop with no exit and no ending")
    func trap() {
        var text = arc([Fixtures.stateJSON("x", transitions: [("y", 1)]),
                        Fixtures.stateJSON("y", transitions: [("x", 1), ("y", 1)])])
        text = text.replacingOccurrences(
            of: "\"transitions\": [{\"to\": \"a\", \"weight\": 1.0}]",
            with: "\"transitions\": [{\"to\": \"a\", \"weight\": 1.0}, {\"to\": \"x\", \"weight\": 1.0}]")
        let report = Fixtures.check(text, file: "generated.json")
        let loops = report.errors.filter { $0.message.contains("form a loop with no exit") }
        #expect(loops.count == 1, "\(report.diagnostics)")
        #expect(loops.first?.path?.description == "$.states[3]")
        #expect(loops.first?.message.contains("x, y") == true)
    }

    @Test("a state whose roads lead only into a trap cannot reach an ending")
    func leadsIntoTrap() {
        var text = arc([Fixtures.stateJSON("door", transitions: [("x", 1)]),
                        Fixtures.stateJSON("x", transitions: [("x", 1)])])
        text = text.replacingOccurrences(
            of: "\"transitions\": [{\"to\": \"a\", \"weight\": 1.0}]",
            with: "\"transitions\": [{\"to\": \"a\", \"weight\": 1.0}, {\"to\": \"door\", \"weight\": 1.0}]")
        let report = Fixtures.check(text, file: "generated.json")
        #expect(report.at("$.states[3]")?.message.contains("no ending can be reached from state 'door'") == true,
                "\(report.diagnostics)")
        #expect(report.at("$.states[4]")?.message.contains("loops only on itself, with no exit") == true)
    }

    @Test("an ending may have outgoing edges, and a loop with an exit is fine")
    func passThrough() {
        let text = Fixtures.arcJSON(start: "meet", endings: ["end"], states: [
            Fixtures.stateJSON("meet", tag: "encounter", transitions: [("a", 1)]),
            Fixtures.stateJSON("a", transitions: [("a", 1), ("end", 1)]),
            Fixtures.stateJSON("end", tag: "reunion", transitions: [("a", 1)]),
        ])
        let report = Fixtures.check(text, file: "generated.json")
        #expect(report.errors.isEmpty, "\(report.errors)")
        // Only the reminder that a single synopsis on a loop repeats itself.
        #expect(report.warnings.map { $0.path?.description } == ["$.states[1].synopsis", "$.states[2].synopsis"])
    }

    @Test("the secrets ledger follows every road, loops included")
    func ledgerWithLoops() {
        // meet → a ⇄ b → end; a reveals what b hides: the first visit to a comes before b.
        let text = Fixtures.arcJSON(start: "meet", endings: ["end"], states: [
            Fixtures.stateJSON("meet", tag: "encounter", transitions: [("a", 1)]),
            Fixtures.stateJSON("a", transitions: [("b", 1)], extra: ", \"reveals\": [\"twin\"]"),
            Fixtures.stateJSON("b", transitions: [("a", 1), ("end", 1)], extra: ", \"hides\": [\"twin\"]"),
            Fixtures.stateJSON("end", tag: "reunion", transitions: []),
        ])
        let report = Fixtures.check(text, file: "generated.json")
        #expect(report.at("$.states[1].reveals[0]")?.message.contains("meet → a") == true, "\(report.diagnostics)")
        // Hiding it at the start fixes every road.
        let fixed = text.replacingOccurrences(
            of: "\"tension\": 4, \"transitions\": [{\"to\": \"a\", \"weight\": 1.0}]}",
            with: "\"tension\": 4, \"hides\": [\"twin\"], \"transitions\": [{\"to\": \"a\", \"weight\": 1.0}]}")
        #expect(Fixtures.check(fixed, file: "generated.json").errors.isEmpty)
    }

    @Test("strongly connected components on a known graph")
    func scc() {
        // 0 → 1 → 2 → 0, 2 → 3, 3 → 4 → 3, 5 alone
        let g = Digraph(count: 6, successors: [[1], [2], [0, 3], [4], [3], []])
        let (component, count) = g.stronglyConnectedComponents()
        #expect(count == 3)
        #expect(component[0] == component[1] && component[1] == component[2])
        #expect(component[3] == component[4] && component[3] != component[0])
        #expect(component[5] != component[0] && component[5] != component[3])
    }
}
