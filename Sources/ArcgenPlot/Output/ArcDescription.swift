import ArcgenSupport

/// `arcgen arcs show ID`: an arc in prose, for a writer deciding whether to use it or how to change it: roles,
/// start, endings, and every state with its tag, tension, synopsis and where it leads (as probabilities).
public enum ArcDescription {
    public static func text(_ arc: Arc, file: String, languages: [Language] = Language.allCases) -> String {
        var lines: [String] = []
        lines.append("\(arc.id) — \(arc.title.es) / \(arc.title.en)")
        lines.append("file: \(file)")
        if let s = arc.summary { for l in languages { lines.append("\(l.rawValue): \(s[l])") } }
        lines.append("roles: \(arc.roles.joined(separator: ", "))")
        for e in arc.extras { lines.append("  \(e.id): \(e.description.en)") }
        lines.append("start: \(arc.start)")
        lines.append("endings: \(arc.endings.joined(separator: ", "))")
        let transitions = arc.states.reduce(0) { $0 + $1.transitions.count }
        let synopses = arc.states.reduce(0) { $0 + $1.variants.count }
        lines.append("states: \(arc.states.count), transitions: \(transitions), synopses: \(synopses)")
        if let graph = try? ArcGraph(arc: arc) {
            let free = FeasibleLengths(graph: graph.withoutVisitCaps())
            let caps = graph.hasBindingCaps ? " (with the visit caps; without them: \(free))" : ""
            lines.append("plan lengths: \(FeasibleLengths(graph: graph))\(caps)")
        }
        lines.append("")
        for st in arc.states {
            var marks: [String] = []
            if st.id == arc.start { marks.append("start") }
            if arc.endings.contains(st.id) { marks.append("ending") }
            if st.cliffhanger { marks.append("cliffhanger") }
            if !st.hides.isEmpty { marks.append("hides " + st.hides.joined(separator: ", ")) }
            if !st.reveals.isEmpty { marks.append("reveals " + st.reveals.joined(separator: ", ")) }
            if let cap = st.visitCap { marks.append("at most \(cap) visit\(cap == 1 ? "" : "s")") }
            let extra = marks.isEmpty ? "" : "  (" + marks.joined(separator: "; ") + ")"
            lines.append("\(st.id)  [\(st.tag), tension \(st.tension), \(st.time.rawValue)]\(extra)")
            lines.append("    roles: \(st.roles.joined(separator: ", "))")
            for visit in 1 ... max(1, st.variants.count) {
                let v = st.variant(forVisit: visit)
                let label = st.variants.count == 1 ? "" : "visit \(visit), tension \(v.tension): "
                for l in languages { lines.append("    \(l.rawValue): \(label)\(v.synopsis[l])") }
                if visit <= st.variants.count, st.variants[visit - 1].locations != nil {
                    let places = v.locations.map { place in languages.map { place[$0] }.joined(separator: " / ") }
                    lines.append("      at: " + places.joined(separator: "; "))
                }
            }
            if let top = st.transitions.map(\.weight).max() {
                // Shares of the largest, so weights near the largest Double do not overflow the sum.
                let total = st.transitions.reduce(0) { $0 + $1.weight / top }
                let next = st.transitions.map { t in "\(t.to) \(Int((100 * (t.weight / top) / total).rounded()))%" }
                lines.append("    → " + next.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
