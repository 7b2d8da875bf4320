import Foundation

/// `season.svg`, written by hand: one stacked bar per episode (how many scenes each arc has in it, one colour per
/// lane), the episode tension curve over it, cliffhanger ticks, and a legend. Coordinates are rounded to tenths so
/// the bytes are the same on every machine.
public enum SeasonSVG {
    static let colours = ["#c0392b", "#2874a6", "#229954", "#8e44ad", "#d35400", "#17a589", "#7f8c8d"]
    static let finaleColour = "#d4ac0d"

    public static func svg(_ s: Season) -> String {
        let n = max(1, s.episodes.count)
        let bar = min(24.0, max(4.0, 960.0 / Double(n)))
        let left = 48.0, top = 56.0, plotHeight = 240.0, right = 48.0
        let width = left + bar * Double(n) + right
        let height = top + plotHeight + 64
        let maxScenes = Double(max(1, s.episodes.map(\.scenes.count).max() ?? 1))
        let unit = plotHeight / maxScenes
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        func colour(_ strand: Int) -> String {
            s.strands[strand].isFinale ? finaleColour : colours[strand % colours.count]
        }
        let es = s.language == .es
        var out: [String] = []
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\">")
        out.append("<title>\(escape(s.title))</title>")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        out.append("<text x=\"\(f(left))\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(escape(s.title)) — \(s.episodes.count) \(es ? "capítulos" : "episodes"), \(s.sceneCount) \(es ? "escenas" : "scenes")</text>")
        // Legend.
        var x = left
        for (i, st) in s.strands.enumerated() {
            out.append("<rect x=\"\(f(x))\" y=\"28\" width=\"10\" height=\"10\" fill=\"\(colour(i))\"/>")
            let label = "\(st.lane): \(st.title)"
            out.append("<text x=\"\(f(x + 14))\" y=\"37\">\(escape(label))</text>")
            x += 24 + Double(label.count) * 6.2
        }
        out.append("<line x1=\"\(f(x))\" y1=\"33\" x2=\"\(f(x + 18))\" y2=\"33\" stroke=\"#000\" stroke-width=\"2\"/>")
        let label = es ? "tensión media (0–10)" : "mean tension (0–10)"
        out.append("<text x=\"\(f(x + 22))\" y=\"37\">\(label)</text>")
        x += 34 + Double(label.count) * 6.2
        out.append("<line x1=\"\(f(x))\" y1=\"33\" x2=\"\(f(x + 18))\" y2=\"33\" stroke=\"#000000\" stroke-opacity=\"0.35\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>")
        out.append("<text x=\"\(f(x + 22))\" y=\"37\">\(es ? "curva del género" : "the genre's curve") (r = \(String(format: "%.2f", s.tensionStats.correlation)))</text>")
        // Axes.
        let bottom = top + plotHeight
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(left + bar * Double(n)))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>")
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>")
        out.append("<text x=\"\(f(left - 6))\" y=\"\(f(top + 4))\" text-anchor=\"end\">\(Int(maxScenes))</text>")
        out.append("<text x=\"\(f(left - 6))\" y=\"\(f(bottom + 4))\" text-anchor=\"end\">0</text>")
        out.append("<text x=\"\(f(left + bar * Double(n) + 6))\" y=\"\(f(top + 4))\">10</text>")
        out.append("<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\" text-anchor=\"middle\">\(es ? "escenas" : "scenes")</text>")
        // Bars: one segment per run of the same arc, in scene order from the bottom.
        out.append("<g stroke=\"#ffffff\" stroke-width=\"0.5\">")
        for (e, episode) in s.episodes.enumerated() {
            let x0 = left + Double(e) * bar
            var y = bottom
            for sc in episode.scenes {
                y -= unit
                out.append("<rect x=\"\(f(x0 + 0.5))\" y=\"\(f(y))\" width=\"\(f(bar - 1))\" height=\"\(f(unit))\" fill=\"\(colour(sc.strand))\"><title>\(es ? "Cap." : "Ep.") \(episode.number) · \(sc.scene.number). \(escape(s.strands[sc.strand].arcID)) · \(escape(sc.scene.state)) · \(sc.scene.tag) · \(sc.scene.tension)</title></rect>")
            }
        }
        out.append("</g>")
        // Episode numbers every so often.
        let step = n <= 30 ? 1 : n <= 60 ? 5 : 10
        for e in 1 ... n where e == 1 || e % step == 0 {
            out.append("<text x=\"\(f(left + (Double(e) - 0.5) * bar))\" y=\"\(f(bottom + 14))\" text-anchor=\"middle\">\(e)</text>")
        }
        out.append("<text x=\"\(f(left + bar * Double(n) / 2))\" y=\"\(f(bottom + 32))\" text-anchor=\"middle\">\(es ? "capítulo" : "episode")</text>")
        // The target curve, faint and dashed, under the actual one.
        let target = SeasonTension.targetCurve(episodes: n).enumerated().map { e, t in "\(f(left + (Double(e) + 0.5) * bar)),\(f(bottom - t / 10 * plotHeight))" }
        out.append("<polyline fill=\"none\" stroke=\"#000000\" stroke-opacity=\"0.35\" stroke-width=\"2\" stroke-dasharray=\"4 3\" points=\"\(target.joined(separator: " "))\"/>")
        // Tension curve.
        let points = s.episodes.enumerated().map { e, ep in "\(f(left + (Double(e) + 0.5) * bar)),\(f(bottom - ep.tension / 10 * plotHeight))" }
        out.append("<polyline fill=\"none\" stroke=\"#000000\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"\(points.joined(separator: " "))\"/>")
        for (e, ep) in s.episodes.enumerated() where ep.number < s.episodes.count {
            out.append("<circle cx=\"\(f(left + (Double(e) + 0.5) * bar))\" cy=\"\(f(bottom - Double(ep.closer?.scene.tension ?? 0) / 10 * plotHeight))\" r=\"\(f(min(3, bar / 4)))\" fill=\"#000000\"><title>\(es ? "cierre" : "closer"): \(escape(ep.closer?.scene.state ?? ""))</title></circle>")
        }
        if !s.violations.isEmpty {
            out.append("<text x=\"\(f(left))\" y=\"\(f(height - 8))\" fill=\"#c0392b\">⚠ \(s.violations.count) \(es ? "incumplimientos: ver season.md" : "rule violations: see season.md")</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
