import ArcgenSupport

/// The checks on the shape of the scene graph: every state reachable from the start, an ending reachable from
/// every state, no loop without an exit, and the secrets ledger.
extension ArcLinter {
    func checkGraph(_ arc: Arc, index: Index, _ list: inout DiagnosticList) {
        let n = arc.states.count
        guard n > 0 else { return }
        let successors = arc.states.map { st in st.transitions.compactMap { index.byID[$0.to] } }
        let graph = Digraph(count: n, successors: successors)
        let states = JSONPath.root / "states"
        // A state with a placeholder id, or a second state with a taken id, is already reported.
        let live = arc.states.enumerated().map { i, st in !st.id.isEmpty && index.byID[st.id] == i }
        let endings = arc.endings.compactMap { index.byID[$0] }
        let start = index.byID[arc.start]

        if let start {
            let reached = graph.reachable(from: [start])
            for v in 0 ..< n where live[v] && !reached[v] {
                list.error(states / v, "state '\(arc.states[v].id)' cannot be reached from the start '\(arc.start)'; "
                    + "add a transition to it from an earlier state, or remove it")
            }
        }

        guard !endings.isEmpty else { return }
        let toEnding = graph.canReach(endings)
        let (component, componentCount) = graph.stronglyConnectedComponents()
        // A closed component: a cycle that no edge leaves and that holds no ending traps every plan that enters it.
        var leaves = [Bool](repeating: false, count: componentCount)
        var size = [Int](repeating: 0, count: componentCount)
        var hasEnding = [Bool](repeating: false, count: componentCount)
        var cyclic = [Bool](repeating: false, count: componentCount)
        for v in 0 ..< n {
            size[component[v]] += 1
            for w in successors[v] {
                if component[w] != component[v] { leaves[component[v]] = true }
                if w == v { cyclic[component[v]] = true }
            }
        }
        for e in endings { hasEnding[component[e]] = true }
        // A state a plan may pass twice that has one synopsis and no cap plays it again word for word.
        for v in 0 ..< n where live[v] && (size[component[v]] > 1 || successors[v].contains(v)) {
            let st = arc.states[v]
            guard st.visitCap == nil else { continue }
            list.warning(states / v / "synopsis", "state '\(st.id)' is on a loop and has a single synopsis, so a plan "
                + "that goes round the loop tells it again word for word; write a list of variants (one per visit), "
                + "or add \"visits\": 1")
        }
        var reported = Set<Int>()
        for v in 0 ..< n where live[v] && !toEnding[v] {
            let c = component[v]
            if (size[c] > 1 || cyclic[c]) && !leaves[c] && !hasEnding[c] {
                guard reported.insert(c).inserted else { continue }
                let members = (0 ..< n).filter { component[$0] == c }.map { arc.states[$0].id }
                list.error(states / v, members.count == 1
                    ? "state '\(members[0])' loops only on itself, with no exit and no ending; "
                        + "add a transition from it toward an ending"
                    : "the states \(Suggestions.list(members)) form a loop with no exit and no ending; "
                        + "add a transition from one of them toward an ending")
            } else if successors[v].isEmpty && arc.states[v].transitions.isEmpty {
                list.error(states / v, "state '\(arc.states[v].id)' has no transitions and is not an ending; "
                    + "add a transition, or list it in $.endings if the story may end here")
            } else {
                list.error(states / v, "no ending can be reached from state '\(arc.states[v].id)'; "
                    + "add a transition from it (or from where it leads) toward an ending")
            }
        }

        if let start {
            let hides = arc.states.map(\.hides)
            let reveals = arc.states.map(\.reveals)
            for v in SecretsLedger.violations(graph: graph, start: start, hides: hides, reveals: reveals) {
                let r = arc.states[v.state].reveals.firstIndex(of: v.secret) ?? 0
                list.error(states / v.state / "reveals" / r, {
                    let road = SecretsLedger.road(to: v, graph: graph, start: start, hides: hides)
                        .map { arc.states[$0].id }
                    let shown = road.count > 8 ? road.prefix(3) + ["…"] + road.suffix(3) : ArraySlice(road)
                    return "reveals '\(v.secret)', but the road \(shown.joined(separator: " → ")) gets here before "
                        + "any scene hides it; add \"hides\": [\"\(v.secret)\"] to a scene on that road "
                        + "(the secret must be set up before it is paid off)"
                }())
            }
            let revealed = Set(reveals.joined())
            for (i, st) in arc.states.enumerated() {
                for (h, secret) in st.hides.enumerated() where !revealed.contains(secret) {
                    list.warning(states / i / "hides" / h, "secret '\(secret)' is hidden but no scene reveals it; "
                        + "add \"reveals\": [\"\(secret)\"] to a later scene, or the finale leaves it open")
                }
            }
        }
    }
}
