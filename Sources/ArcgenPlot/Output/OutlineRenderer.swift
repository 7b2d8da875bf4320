/// Prints an outline for a person (numbered scenes with headings and synopses, labels in the outline's language) or
/// as JSON for the stages that come after (stable key order, so a seed reproduces the bytes).
public enum OutlineRenderer {
    public static func text(_ o: Outline) -> String {
        let es = o.language == .es
        var lines: [String] = []
        lines.append("\(o.title) (\(o.arcID)) — \(o.scenes.count) \(es ? "escenas" : "scenes") · "
            + "\(es ? "semilla" : "seed") \(o.seed)")
        lines.append((es ? "Reparto: " : "Cast: ")
            + o.castAsFirstSeen.map { "\($0.name) (\($0.role)\($0.age.map { ", \($0)" } ?? ""))" }
                .joined(separator: ", "))
        lines.append("")
        let width = String(o.scenes.count).count
        for s in o.scenes {
            let number = String(repeating: " ", count: width - String(s.number).count) + "\(s.number)."
            lines.append("\(number) \(s.heading(o.language))  [\(s.notes(o.language).joined(separator: " · "))]")
            let pad = String(repeating: " ", count: width + 2)
            lines.append(pad + s.synopsis)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// ```json
    /// {"arc": "lost-love", "title": …, "language": "es", "seed": 42, "scenes": 12,
    ///  "cast": {"heroine": "María Fernanda", …},
    ///  "outline": [{"scene": 1, "state": …, "tag": …, "heading": …, "location": …, "locations": […],
    ///               "time": "night", "tension": 3, "cliffhanger": false, "roles": {…}, "synopsis": …,
    ///               "reveals": […], "hides": […], "yearsLater": 0}, …]}
    /// ```
    public static func json(_ o: Outline) -> String {
        let scenes: [JSONValue] = o.scenes.map { s in
            .record([
                ("scene", .int(s.number)),
                ("state", .string(s.state)),
                ("tag", .string(s.tag)),
                ("heading", .string(s.heading(o.language))),
                ("location", .string(s.location)),
                ("locations", .list(s.locations.map { .string($0) })),
                ("time", .string(s.time.rawValue)),
                ("tension", .int(s.tension)),
                ("cliffhanger", .bool(s.cliffhanger)),
                ("roles", .record(s.cast.map { ($0.role, .string($0.name)) })),
                ("synopsis", .string(s.synopsis)),
                ("reveals", .list(s.reveals.map { .string($0) })),
                ("hides", .list(s.hides.map { .string($0) })),
                ("yearsLater", .int(s.yearsLater)),
            ])
        }
        return JSONWriter.write(.record([
            ("arc", .string(o.arcID)),
            ("title", .string(o.title)),
            ("language", .string(o.language.rawValue)),
            ("seed", .number(Double(o.seed), literal: String(o.seed))),
            ("scenes", .int(o.scenes.count)),
            ("cast", .record(o.cast.map { ($0.role, .string($0.name)) })),
            ("outline", .list(scenes)),
        ]))
    }
}
