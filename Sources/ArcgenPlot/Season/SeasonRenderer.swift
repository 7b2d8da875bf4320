import Foundation

/// The season as text: `season.md` (the escaleta, episode by episode and scene by scene) and `season.json`. Both
/// are functions of the season alone, so the same seed gives the same bytes.
public enum SeasonRenderer {
    /// The escaleta: arcs, cast, the rules' findings, then each episode's scenes with heading, arc, beat and synopsis.
    public static func markdown(_ s: Season) -> String {
        let es = s.language == .es
        var out: [String] = []
        out.append("# \(s.title)")
        out.append("")
        out.append(es
            ? "Escaleta de \(s.episodes.count) capítulos, \(s.sceneCount) escenas · semilla \(s.seed) · "
                + "\(s.scenesPerEpisode.lowerBound)–\(s.scenesPerEpisode.upperBound) escenas por capítulo"
            : "Outline of \(s.episodes.count) episodes, \(s.sceneCount) scenes · seed \(s.seed) · "
                + "\(s.scenesPerEpisode.lowerBound)–\(s.scenesPerEpisode.upperBound) scenes an episode")
        out.append("")
        out.append(es ? "## Tramas" : "## Plots")
        out.append("")
        for st in s.strands {
            let kind: String
            switch st.kind {
            case .main: kind = es ? "trama A, los protagonistas" : "A plot, the protagonists"
            case .story: kind = es ? "trama \(st.lane)" : "\(st.lane) plot"
            case .subplot: kind = es ? "subtrama" : "subplot"
            case .lead: kind = es ? "otra historia de los protagonistas" : "the protagonists' next story"
            case .finale: kind = es ? "final" : "finale"
            }
            out.append("- **\(st.lane)** \(st.title) (`\(st.label)`, \(kind)): \(st.length) "
                + "\(es ? "escenas" : "scenes"), \(es ? "capítulos" : "episodes") "
                + "\(st.firstEpisode)–\(st.lastEpisode); "
                + "\(es ? "termina en" : "ends on") `\(st.states.last ?? "")`  ")
            out.append("  " + (es ? "Reparto: " : "Cast: ")
                + st.cast.map { "\($0.name) (\($0.role))" }.joined(separator: ", "))
        }
        out.append("")
        out.append(es ? "## Reparto" : "## Cast")
        out.append("")
        for p in s.people {
            let parts = p.parts.map { part in
                let st = s.strands[part.strand]
                return "\(part.role) \(es ? "en" : "in") \(st.lane) `\(st.label)`"
            }
            let family = p.relative.map { es ? " (familia de \($0))" : " (\($0)'s family)" } ?? ""
            out.append("- **\(p.name)**\(p.age.map { " (\($0))" } ?? "")\(family): " + parts.joined(separator: "; "))
        }
        if !s.notes.isEmpty {
            out.append("")
            for note in s.notes { out.append("- \(es ? "Nota" : "Note"): \(note)") }
        }
        out.append("")
        out.append(es ? "## Reglas del género" : "## The genre's rules")
        out.append("")
        if s.violations.isEmpty {
            out.append(es
                ? "Todo se cumple: cada capítulo salvo el final cierra en suspenso; "
                    + "ningún secreto se revela antes de "
                    + "plantearse; los protagonistas aparecen en al menos el \(Int(s.rules.leadPresence * 100))% de "
                    + "los capítulos; el castigo de la villana llega antes de la boda; la boda cierra la temporada."
                : "All hold: every episode but the finale ends on a cliffhanger; no secret is revealed before it is "
                    + "set up; the leads appear in at least \(Int(s.rules.leadPresence * 100))% of the episodes; the "
                    + "villain's comeuppance comes before the wedding; the wedding ends the season.")
        } else {
            for v in s.violations { out.append("- ⚠ \(v.description)") }
        }
        out.append("")
        out.append((es ? "Curva de tensión (media por capítulo): " : "Tension curve (mean per episode): ")
            + s.tensionCurve.map { String(format: "%.1f", $0) }.joined(separator: " "))
        out.append("")
        let st = s.tensionStats
        let last = s.episodes.last?.closer.map { String($0.scene.tension) } ?? "–"
        out.append(es
            ? "Frente a la curva del género (calma hasta el 20%, subida por la etapa oscura hasta el 85%, desenlace): "
                + "correlación \(f2(st.correlation)); tercios \(st.thirds.map(f2).joined(separator: " / ")); pico "
                + "\(f2(st.peak)) en el capítulo \(st.peakEpisode); "
                + "final \(f2(st.finale)), su última escena (la boda) "
                + "tensión \(last)."
            : "Against the genre's curve (calm to 20%, climbing through the dark middle to 85%, desenlace): "
                + "correlation \(f2(st.correlation)); thirds \(st.thirds.map(f2).joined(separator: " / ")); peak "
                + "\(f2(st.peak)) in episode \(st.peakEpisode); finale \(f2(st.finale)), its last scene (the wedding) "
                + "tension \(last).")
        out.append("")
        for e in s.episodes {
            let cliff = e.number < s.episodes.count
                ? (es ? ", cierra en suspenso" : ", ends on a cliffhanger") : (es ? ", gran final" : ", grand finale")
            out.append("## \(s.episodeTitle(e.number))")
            out.append("")
            out.append("_\(es ? "Tensión media" : "Mean tension") \(String(format: "%.1f", e.tension))\(cliff)_")
            out.append("")
            for sc in e.scenes {
                let st = s.strands[sc.strand]
                let notes = ["\(st.lane) \(st.label) \(sc.arcScene)/\(st.length)"]
                    + sc.scene.notes(s.language, markingCliffhanger: false)
                out.append("\(sc.scene.number). **\(sc.scene.heading(s.language))** "
                    + "[\(notes.joined(separator: " · "))]  ")
                out.append("   \(sc.scene.synopsis)")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func f2(_ x: Double) -> String { String(format: "%.2f", x) }

    /// The season as JSON: parameters, strands, cast, violations, the tension curve, and every episode's scenes.
    public static func json(_ s: Season) -> String {
        func list(_ xs: [String]) -> JSONValue { .list(xs.map { .string($0) }) }
        let strands: [JSONValue] = s.strands.map { st in
            .record([
                ("lane", .string(st.lane)), ("arc", .string(st.arcID)), ("label", .string(st.label)),
                ("kind", .string(st.kind.rawValue)), ("ordinal", .int(st.ordinal)), ("title", .string(st.title)),
                ("finale", .bool(st.isFinale)), ("cast", .record(st.cast.map { ($0.role, .string($0.name)) })),
                ("window", .list([.int(st.window.lowerBound), .int(st.window.upperBound)])),
                ("episodes", .list([.int(st.firstEpisode), .int(st.lastEpisode)])),
                ("scenes", .int(st.length)), ("seed", .number(Double(st.planSeed), literal: String(st.planSeed))),
                ("states", list(st.states)),
            ])
        }
        let episodes: [JSONValue] = s.episodes.map { e in
            .record([
                ("episode", .int(e.number)),
                ("title", .string(s.episodeTitle(e.number))),
                ("tension", .number(e.tension, literal: String(format: "%.3f", e.tension))),
                ("cliffhanger", .bool(e.number < s.episodes.count)),
                ("scenes", .list(e.scenes.map { sc in
                    .record([
                        ("scene", .int(sc.scene.number)), ("lane", .string(s.strands[sc.strand].lane)),
                        ("arc", .string(s.strands[sc.strand].arcID)), ("label", .string(s.strands[sc.strand].label)),
                        ("arcScene", .int(sc.arcScene)), ("state", .string(sc.scene.state)),
                        ("tag", .string(sc.scene.tag)),
                        ("heading", .string(sc.scene.heading(s.language))), ("tension", .int(sc.scene.tension)),
                        ("cliffhanger", .bool(sc.scene.cliffhanger)),
                        ("roles", .record(sc.scene.cast.map { ($0.role, .string($0.name)) })),
                        ("synopsis", .string(sc.scene.synopsis)), ("reveals", list(sc.scene.reveals)),
                        ("hides", list(sc.scene.hides)), ("yearsLater", .int(sc.scene.yearsLater)),
                    ])
                })),
            ])
        }
        return JSONWriter.write(.record([
            ("title", .string(s.title)),
            ("language", .string(s.language.rawValue)),
            ("seed", .number(Double(s.seed), literal: String(s.seed))),
            ("episodes", .int(s.episodes.count)),
            ("scenes", .int(s.sceneCount)),
            ("scenesPerEpisode", .list([.int(s.scenesPerEpisode.lowerBound), .int(s.scenesPerEpisode.upperBound)])),
            ("rules", .record([
                ("cliffhangerTension", .int(s.rules.cliffhangerTension)), ("leads", list(s.rules.leads)),
                ("leadPresence", .number(s.rules.leadPresence, literal: String(format: "%.2f", s.rules.leadPresence))),
                ("antagonists", list(s.rules.antagonists)),
            ])),
            ("attempt", .int(s.attempt)),
            ("shape", .number(s.shape, literal: String(format: "%.3f", s.shape))),
            ("strands", .list(strands)),
            ("cast", .record(s.cast.map { ($0.role, .string($0.name)) })),
            ("people", .list(s.people.map { p -> JSONValue in
                let state: StoryState.Person = s.story.people[p.name] ?? StoryState.Person()
                return JSONValue.record([
                    ("name", .string(p.name)), ("relative", p.relative.map { .string($0) } ?? .null),
                    ("age", p.age.map { .int($0) } ?? .null),
                    ("parts", .list(p.parts.map { part -> JSONValue in
                        JSONValue.record([("lane", .string(s.strands[part.strand].lane)),
                                 ("label", .string(s.strands[part.strand].label)), ("role", .string(part.role))])
                    })),
                    ("status", .string(state.status.rawValue)), ("bond", .string(state.bond.rawValue)),
                    ("knows", list(state.knows.sorted())),
                ])
            })),
            ("notes", list(s.notes)),
            ("violations", .list(s.violations.map { v in
                .record([("kind", .string(v.kind.rawValue)), ("episode", v.episode.map { .int($0) } ?? .null),
                         ("scene", v.scene.map { .int($0) } ?? .null), ("message", .string(v.message))])
            })),
            ("tensionCurve", .list(s.tensionCurve.map { .number($0, literal: String(format: "%.3f", $0)) })),
            ("tension", tensionJSON(s)),
            ("outline", .list(episodes)),
        ]))
    }

    /// The curve against the target: the target itself, the correlation, the thirds, the peak and the finale.
    static func tensionJSON(_ s: Season) -> JSONValue {
        func number(_ x: Double) -> JSONValue { .number(x, literal: String(format: "%.3f", x)) }
        let st = s.tensionStats
        return .record([
            ("target", .list(SeasonTension.targetCurve(episodes: s.episodes.count).map(number))),
            ("correlation", number(st.correlation)),
            ("thirds", .list(st.thirds.map(number))),
            ("peak", number(st.peak)), ("peakEpisode", .int(st.peakEpisode)),
            ("finale", number(st.finale)),
            ("finaleLastScene", .int(s.episodes.last?.closer?.scene.tension ?? 0)),
        ])
    }
}
