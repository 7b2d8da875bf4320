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

        if let start { checkTimeJumps(arc, graph: graph, start: start, &list) }

        if let start {
            // An invalid id is kept as "" so positions hold; the decoder has named it already.
            let hides = arc.states.map { $0.hides.filter { !$0.isEmpty } }
            let reveals = arc.states.map { $0.reveals.filter { !$0.isEmpty } }
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
                for (h, secret) in st.hides.enumerated() where !secret.isEmpty && !revealed.contains(secret) {
                    list.warning(states / i / "hides" / h, "secret '\(secret)' is hidden but no scene reveals it; "
                        + "add \"reveals\": [\"\(secret)\"] to a later scene, or the finale leaves it open")
                }
            }
        }
    }

    /// Time jumps (`yearsAfterStart`). A scene plays in the latest year named on its road so far, and a cast's ages
    /// are those of the arc's last scene: so the start has nothing before it to be younger, a state that some road
    /// reaches after a later year does not go back to its own, and a role must not appear before it is born.
    func checkTimeJumps(_ arc: Arc, graph: Digraph, start: Int, _ list: inout DiagnosticList) {
        let own = arc.states.map { $0.yearsAfterStart ?? 0 }
        guard own.contains(where: { $0 > 0 }) else { return }
        let states = JSONPath.root / "states"
        if own[start] > 0 {
            list.warning(states / start / "yearsAfterStart", "the start state jumps in time, but no scene comes before "
                + "it to be younger; move the jump to the first state after it")
        }
        // The earliest year each state can play in: over the roads that reach it, the least of their latest years.
        var earliest = [Int?](repeating: nil, count: graph.count)
        earliest[start] = own[start]
        var changed = true
        while changed {
            changed = false
            for v in 0 ..< graph.count {
                guard let year = earliest[v] else { continue }
                for w in graph.successors[v] where earliest[w].map({ max(year, own[w]) < $0 }) ?? true {
                    earliest[w] = max(year, own[w])
                    changed = true
                }
            }
        }
        // The latest year a road may bring before each state, and the latest year each state may still go on to
        // (its own included): one search from each state that names a year, a few in any arc.
        var latestBefore = [Int](repeating: 0, count: graph.count)
        var latestAhead = own
        for u in own.indices where own[u] > 0 && earliest[u] != nil {
            for (w, reached) in graph.reachable(from: graph.successors[u]).enumerated() where reached {
                latestBefore[w] = max(latestBefore[w], own[u])
            }
            for (w, reaches) in graph.canReach([u]).enumerated() where reaches {
                latestAhead[w] = max(latestAhead[w], own[u])
            }
        }
        let ages = Dictionary(arc.cast.compactMap { e in e.age.map { (e.role, $0) } }, uniquingKeysWith: { a, _ in a })
        for (v, st) in arc.states.enumerated() {
            guard let year = earliest[v] else { continue }
            if own[v] > 0, latestBefore[v] > own[v] {
                list.warning(states / v / "yearsAfterStart", "state '\(st.id)' plays \(own[v]) years after the start, "
                    + "but a road reaches it \(latestBefore[v]) years after; time never goes back, so it plays then: "
                    + "raise it, or drop it")
            }
            let ahead = latestAhead[v] - year
            for (r, role) in st.roles.enumerated() {
                guard let age = ages[role], age < ahead else { continue }
                list.warning(states / v / "roles" / r, "'\(role)' is \(age) in the arc's last scene, but state "
                    + "'\(st.id)' can play \(ahead) years before it, before they are born; give the role an older age "
                    + "in the cast, or leave them out of this state")
            }
        }
    }
}
