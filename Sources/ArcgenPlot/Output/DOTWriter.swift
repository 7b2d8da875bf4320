import ArcgenSupport

/// Draws an arc as a Graphviz digraph (`arcgen arcs graph ID | dot -Tsvg > arc.svg`) so a writer can see its
/// shape: the start is a green double circle, endings are gold and bold, cliffhanger scenes have a red border, and
/// each edge is labelled with its weight. A state's label names its tag and tension, how many synopsis variants it
/// has (`×3`, the most visits a plan pays it), and the secrets it hides (`⊘ secret`) and reveals (`✓ secret`).
public enum DOTWriter {
    public static func dot(_ arc: Arc, language: Language = .es) -> String {
        var lines = ["digraph \(quoted(arc.id)) {"]
        let title = quoted(arc.title.es + " / " + arc.title.en)
        lines.append("  graph [label=\(title), labelloc=t, rankdir=LR, fontname=\"Helvetica\"];")
        lines.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\", fontname=\"Helvetica\", "
                     + "fontsize=11];")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];")
        for st in arc.states {
            var label = "\(st.id)\n\(st.tag) · \(st.tension)"
            if st.variants.count > 1 || st.visitCap != nil { label += " · ×\(st.visitCap ?? st.variants.count)" }
            if !st.hides.isEmpty { label += "\n⊘ " + st.hides.joined(separator: ", ") }
            if !st.reveals.isEmpty { label += "\n✓ " + st.reveals.joined(separator: ", ") }
            var attributes = ["label=\(quoted(label))"]
            let isStart = st.id == arc.start
            let isEnding = arc.endings.contains(st.id)
            if isStart {
                attributes += ["shape=doublecircle", "style=\"filled,bold\"", "fillcolor=\"#b9e4a8\"",
                               "color=\"#2e7d32\"", "penwidth=2"]
            }
            if isEnding {
                attributes += ["style=\"rounded,filled,bold\"", "fillcolor=\"gold\"", "color=\"#b8860b\"", "penwidth=3"]
                if isStart { attributes += ["shape=doublecircle"] }
            }
            if st.cliffhanger, !isStart, !isEnding { attributes += ["color=\"#c62828\"", "penwidth=2"] }
            attributes.append("tooltip=\(quoted(st.variants.map { $0.text[language] }.joined(separator: "\n")))")
            lines.append("  \(quoted(st.id)) [\(attributes.joined(separator: ", "))];")
        }
        for st in arc.states {
            for t in st.transitions {
                lines.append("  \(quoted(st.id)) -> \(quoted(t.to)) [label=\(quoted(weightText(t.weight)))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2`, `0.5`, `1e+20`.
    static func weightText(_ w: Double) -> String {
        if w == w.rounded(), abs(w) < 1e15 { return String(Int64(w)) }
        return "\(w)"
    }

    /// A DOT double-quoted string: quotes and backslashes escaped, line breaks as `\n`.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
