import Foundation

/// `season.svg`, written by hand: one stacked bar per episode (how many scenes each arc has in it, one colour per
/// lane), the episode tension curve over it against the genre's target, a dot for each episode's closing scene,
/// marks where secrets are hidden (▽) and revealed (◆), a legend that explains each of them in the picture, and
/// the cast (who plays which role).
/// The picture is never narrower than `minimumPlotWidth`, and the legend wraps onto as many rows as it needs, so a
/// 12-episode season reads as well as a 120-episode one. Coordinates are rounded to tenths so the bytes are the
/// same on every machine.
public enum SeasonSVG {
    static let colours = ["#c0392b", "#2874a6", "#229954", "#8e44ad", "#d35400", "#17a589", "#7f8c8d"]
    static let finaleColour = "#d4ac0d"
    /// Subplots share greys, so that the arcs the user named stand out.
    static let subplotColours = ["#b3b6b7", "#909497", "#cacfd2", "#a6acaf"]
    /// Wide enough for the legend's longest entry and a readable curve.
    static let minimumPlotWidth = 640.0
    /// The width a legend character takes at font-size 11, for wrapping (a generous estimate).
    static let characterWidth = 6.2

    public static func svg(_ s: Season) -> String {
        let n = max(1, s.episodes.count)
        let bar = max(min(24.0, max(4.0, 960.0 / Double(n))), minimumPlotWidth / Double(n))
        let left = 48.0
        let right = 64.0
        let plotHeight = 240.0
        let width = left + bar * Double(n) + right
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        func colour(_ strand: Int) -> String {
            let st = s.strands[strand]
            if st.isFinale { return finaleColour }
            if st.kind == .subplot { return subplotColours[strand % subplotColours.count] }
            if st.kind == .lead { return colours[0] }  // the A couple's thread, in the A plot's colour
            return colours[strand % colours.count]
        }
        let es = s.language == .es
        var out: [String] = []

        // Legend entries: (symbol, text); laid out in rows that fit the width.
        enum Symbol { case swatch(String), line(dashed: Bool), dot, hidden, revealed }
        var entries: [(Symbol, String)] = []
        var subplots: [Int] = []
        let leads = s.strands.filter { $0.kind == .lead }
        for i in s.strands.indices {
            let st: Season.Strand = s.strands[i]
            if st.kind == .subplot {
                subplots.append(i)
            } else if st.kind == .main, let last = leads.last {
                // The A couple's thread: one colour, one entry.
                let text: String = es
                    ? "A–" + last.lane + ": " + st.title + " y las historias siguientes de la pareja"
                    : "A–" + last.lane + ": " + st.title + " and the couple's next stories"
                entries.append((Symbol.swatch(colour(i)), text))
            } else if st.kind != .lead {
                entries.append((Symbol.swatch(colour(i)), st.lane + ": " + st.title))
            }
        }
        if let first = subplots.first {
            let count = String(subplots.count)
            let lanes = subplots.count == 1 ? "S1: " : "S1–S" + count + ": "
            let text: String = es ? lanes + count + (subplots.count == 1 ? " subtrama" : " subtramas")
                + " (grises; el nombre en cada barra)"
                : lanes + count + (subplots.count == 1 ? " subplot" : " subplots") + " (greys; each bar names its arc)"
            entries.append((Symbol.swatch(colour(first)), text))
        }
        entries.append(
            (
                .line(dashed: false),
                es ? "tensión media del capítulo (eje derecho, 0–10)"
                    : "mean tension of the episode (right axis, 0–10)"
            ))
        entries.append(
            (
                .line(dashed: true),
                (es ? "curva del género" : "the genre's curve")
                    + " (r = \(String(format: "%.2f", s.tensionStats.correlation)))"
            ))
        entries.append(
            (
                .dot,
                es
                    ? "tensión de la escena que cierra el capítulo (el gancho)"
                    : "tension of the scene that ends the episode (the hook)"
            ))
        entries.append((.hidden, es ? "se oculta un secreto" : "a secret is hidden"))
        entries.append((.revealed, es ? "se revela un secreto" : "a secret is revealed"))
        var placed: [(Symbol, String, Double, Double)] = []
        var x = left
        var y = 36.0
        for (symbol, text) in entries {
            let w = 24 + Double(text.count) * characterWidth
            if x > left, x + w > width - 8 {
                x = left
                y += 16
            }
            placed.append((symbol, text, x, y))
            x += w + 10
        }
        // Who plays what, wrapped like the legend: "Reparto: María Fernanda (heroine), Alejandro (galan), …".
        // The named arcs' whole casts, then each subplot's couple.
        var castRows: [(String, Double)] = []
        func wrap(_ head: String, _ items: [String]) {
            var row = head
            for (i, item) in items.enumerated() {
                let piece = " " + item + (i < items.count - 1 ? "," : "")
                if Double((row + piece).count) * characterWidth > width - 8 - left {
                    castRows.append((row, 0))
                    row = String(piece.dropFirst())
                } else {
                    row += piece
                }
            }
            castRows.append((row, 0))
        }
        for st in s.strands where st.kind != .subplot && st.kind != .lead {
            let head: String = (es ? "Reparto " : "Cast ") + st.lane + ":"
            let items: [String] = st.cast.map { (m: Cast.Member) -> String in m.name + " (" + m.role + ")" }
            wrap(head, items)
        }
        if !leads.isEmpty {
            let items: [String] = leads.map { st in
                let villain = st.cast.first { $0.role == GenreRoles.villain }
                    .map { ", " + $0.name + " (villain)" } ?? ""
                return st.lane + " " + st.label + villain
            }
            wrap(es ? "La pareja sigue en:" : "The couple goes on to:", items)
        }
        if !subplots.isEmpty {
            var items: [String] = []
            for i in subplots {
                let st: Season.Strand = s.strands[i]
                var couple: [String] = []
                for r in GenreRoles.couple + [GenreRoles.villain] {
                    if let m = st.cast.first(where: { $0.role == r }) { couple.append(m.name) }
                }
                items.append(st.lane + " " + st.label + " (" + couple.joined(separator: ", ") + ")")
            }
            wrap(es ? "Subtramas:" : "Subplots:", items)
        }
        for i in castRows.indices {
            y += 16
            castRows[i].1 = y
        }
        let top = y + 40 // room under the legend for the secret marks
        let bottom = top + plotHeight
        let height = bottom + 64
        let maxScenes = Double(max(1, s.episodes.map(\.scenes.count).max() ?? 1))
        let unit = plotHeight / maxScenes
        func tensionY(_ t: Double) -> Double { bottom - t / 10 * plotHeight }

        out.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 "
                + "\(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\">"
        )
        out.append("<title>\(escape(s.title))</title>")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        out.append(
            "<text x=\"\(f(left))\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(escape(s.title)) — "
                + "\(s.episodes.count) \(es ? "capítulos" : "episodes"), \(s.sceneCount) "
                + "\(es ? "escenas" : "scenes")</text>"
        )
        for (symbol, text, x, y) in placed {
            switch symbol {
            case .swatch(let c):
                out.append("<rect x=\"\(f(x))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(c)\"/>")
            case .line(let dashed):
                let style = dashed ? " stroke-opacity=\"0.35\" stroke-dasharray=\"4 3\"" : ""
                out.append(
                    "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 18))\" y2=\"\(f(y - 4))\" stroke=\"#000000\" "
                        + "stroke-width=\"2\"\(style)/>"
                )
            case .dot:
                out.append("<circle cx=\"\(f(x + 9))\" cy=\"\(f(y - 4))\" r=\"3\" fill=\"#000000\"/>")
            case .hidden:
                out.append(hiddenMark(x + 9, y - 4, f))
            case .revealed:
                out.append(revealedMark(x + 9, y - 4, f))
            }
            out.append("<text x=\"\(f(x + 24))\" y=\"\(f(y))\">\(escape(text))</text>")
        }

        for (text, y) in castRows { out.append("<text x=\"\(f(left))\" y=\"\(f(y))\">\(escape(text))</text>") }

        // Axes: scenes on the left, tension on the right.
        let right0 = left + bar * Double(n)
        out.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right0))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>")
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>")
        out.append(
            "<line x1=\"\(f(right0))\" y1=\"\(f(top))\" x2=\"\(f(right0))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>")
        out.append("<text x=\"\(f(left - 6))\" y=\"\(f(top + 4))\" text-anchor=\"end\">\(Int(maxScenes))</text>")
        out.append("<text x=\"\(f(left - 6))\" y=\"\(f(bottom + 4))\" text-anchor=\"end\">0</text>")
        for t in [0, 5, 10] {
            out.append("<text x=\"\(f(right0 + 6))\" y=\"\(f(tensionY(Double(t)) + 4))\">\(t)</text>")
        }
        out.append(
            "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\" "
                + "text-anchor=\"middle\">\(es ? "escenas" : "scenes")</text>"
        )
        let axisX = right0 + 34
        out.append(
            "<text x=\"\(f(axisX))\" y=\"\(f(top + plotHeight / 2))\" transform=\"rotate(90 \(f(axisX)) "
                + "\(f(top + plotHeight / 2)))\" "
                + "text-anchor=\"middle\">\(es ? "tensión (0–10)" : "tension (0–10)")</text>"
        )

        // Bars: one segment per scene, in scene order from the bottom.
        out.append("<g stroke=\"#ffffff\" stroke-width=\"0.5\">")
        for (e, episode) in s.episodes.enumerated() {
            let x0 = left + Double(e) * bar
            var y = bottom
            for sc in episode.scenes {
                y -= unit
                out.append(
                    "<rect x=\"\(f(x0 + 0.5))\" y=\"\(f(y))\" width=\"\(f(bar - 1))\" height=\"\(f(unit))\" "
                        + "fill=\"\(colour(sc.strand))\"><title>\(es ? "Cap." : "Ep.") \(episode.number) · "
                        + "\(sc.scene.number). \(s.strands[sc.strand].lane) \(escape(s.strands[sc.strand].label)) · "
                        + "\(escape(sc.scene.state)) · \(sc.scene.tag) · \(sc.scene.tension)</title></rect>"
                )
            }
        }
        out.append("</g>")

        // Secrets: above each episode's bar, ▽ where one is hidden and ◆ where one is revealed, named in a tooltip.
        for (e, episode) in s.episodes.enumerated() {
            let cx = left + (Double(e) + 0.5) * bar
            // Each secret named with its arc instance: two instances may use one name for two secrets.
            func named(_ sc: Season.Scene, _ secrets: [String]) -> [String] {
                secrets.map { "\($0) (\(s.strands[sc.strand].label))" }
            }
            let hidden = episode.scenes.flatMap { named($0, $0.scene.hides) }
            let revealed = episode.scenes.flatMap { named($0, $0.scene.reveals) }
            if !hidden.isEmpty {
                out.append(
                    "<g>\(hiddenMark(cx, top - 22, f))<title>\(es ? "oculta" : "hides"): "
                        + "\(escape(hidden.joined(separator: ", ")))</title></g>"
                )
            }
            if !revealed.isEmpty {
                out.append(
                    "<g>\(revealedMark(cx, top - 10, f))<title>\(es ? "revela" : "reveals"): "
                        + "\(escape(revealed.joined(separator: ", ")))</title></g>"
                )
            }
        }

        // Episode numbers every so often.
        let step = n <= 30 ? 1 : n <= 60 ? 5 : 10
        for e in 1 ... n where e == 1 || e % step == 0 {
            out.append(
                "<text x=\"\(f(left + (Double(e) - 0.5) * bar))\" y=\"\(f(bottom + 14))\" "
                    + "text-anchor=\"middle\">\(e)</text>"
            )
        }
        out.append(
            "<text x=\"\(f(left + bar * Double(n) / 2))\" y=\"\(f(bottom + 32))\" "
                + "text-anchor=\"middle\">\(es ? "capítulo" : "episode")</text>"
        )
        // The target curve, faint and dashed, under the actual one.
        let target = SeasonTension.targetCurve(episodes: n).enumerated().map { e, t in
            "\(f(left + (Double(e) + 0.5) * bar)),\(f(tensionY(t)))"
        }
        out.append(
            "<polyline fill=\"none\" stroke=\"#000000\" stroke-opacity=\"0.35\" stroke-width=\"2\" "
                + "stroke-dasharray=\"4 3\" points=\"\(target.joined(separator: " "))\"/>"
        )
        // Tension curve.
        let points = s.episodes.enumerated().map { e, ep in
            "\(f(left + (Double(e) + 0.5) * bar)),\(f(tensionY(ep.tension)))"
        }
        out.append(
            "<polyline fill=\"none\" stroke=\"#000000\" stroke-width=\"2\" stroke-linejoin=\"round\" "
                + "points=\"\(points.joined(separator: " "))\"/>"
        )
        for (e, ep) in s.episodes.enumerated() where ep.number < s.episodes.count {
            out.append(
                "<circle cx=\"\(f(left + (Double(e) + 0.5) * bar))\" "
                    + "cy=\"\(f(tensionY(Double(ep.closer?.scene.tension ?? 0))))\" r=\"\(f(min(3, bar / 4)))\" "
                    + "fill=\"#000000\"><title>\(es ? "cierre" : "closer"): "
                    + "\(escape(ep.closer?.scene.state ?? ""))</title></circle>"
            )
        }
        if !s.violations.isEmpty {
            out.append(
                "<text x=\"\(f(left))\" y=\"\(f(height - 8))\" fill=\"#c0392b\">⚠ \(s.violations.count) "
                    + "\(es ? "incumplimientos: ver season.md" : "rule violations: see season.md")</text>"
            )
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// ▽ centred on (x, y): a secret set up.
    static func hiddenMark(_ x: Double, _ y: Double, _ f: (Double) -> String) -> String {
        "<path d=\"M \(f(x - 4)) \(f(y - 3)) L \(f(x + 4)) \(f(y - 3)) L \(f(x)) \(f(y + 4)) Z\" fill=\"none\" "
            + "stroke=\"#6c3483\" stroke-width=\"1.5\"/>"
    }

    /// ◆ centred on (x, y): a secret paid off.
    static func revealedMark(_ x: Double, _ y: Double, _ f: (Double) -> String) -> String {
        "<path d=\"M \(f(x)) \(f(y - 4)) L \(f(x + 4)) \(f(y)) L \(f(x)) \(f(y + 4)) L \(f(x - 4)) \(f(y)) Z\" "
            + "fill=\"#6c3483\"/>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
