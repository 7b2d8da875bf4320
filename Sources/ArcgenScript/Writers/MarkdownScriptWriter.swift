import ArcgenFountain
import ArcgenSupport

/// Writes an episode as Markdown (CommonMark) for reading: a `#` title, a line naming arc, episode and seed, the
/// cast as a list, then per scene `## n. INT. LUGAR — NOCHE`, the synopsis in italics, action paragraphs,
/// speeches as `**NAME** *(delivery)* words`, and transitions in italics.
///
/// All generated text is escaped, so a model that writes `*`, `_`, `#`, `[`, `<` or a line starting with `-`,
/// `+`, `=` or `1.` shows those characters instead of changing the layout.
public struct MarkdownScriptWriter: ScriptWriter {
    /// Add a line under each synopsis naming the scene's state, tag, model, seed and tension.
    public var explain: Bool

    public init(explain: Bool = false) { self.explain = explain }

    public var format: ScriptFormat { .markdown }

    public func write(_ episode: Episode) -> String {
        let labels = Labels(episode.language)
        var blocks: [String] = []
        let title = ScriptText.oneLine(episode.title)
        blocks.append("# " + Markdown.escape(title.isEmpty ? ScriptText.oneLine(episode.arcTitle) : title))

        let arc = "\(Markdown.escape(ScriptText.oneLine(episode.arcTitle))) "
            + "(\(Markdown.escape(ScriptText.oneLine(episode.arcID))))"
        var facts = ["**\(labels.arc):** \(arc)"]
        if let n = episode.episodeNumber { facts.append("**\(labels.episode):** \(n)") }
        facts.append("**\(labels.seed):** \(episode.seed)")
        blocks.append(facts.joined(separator: " · "))

        if !episode.cast.isEmpty {
            blocks.append("## \(labels.cast)")
            blocks.append(episode.cast.map {
                let name = Markdown.escape(ScriptText.oneLine($0.name)), age = $0.age.map { " (\($0))" } ?? ""
                return "- **\(name)**\(age) — \(Markdown.escape(ScriptText.oneLine($0.role)))"
            }.joined(separator: "\n"))
        }
        for scene in episode.scenes { blocks += sceneBlocks(scene, labels: labels) }
        if episode.endsArc { blocks.append("*\(labels.endOfArc)*") }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    func sceneBlocks(_ scene: ScriptScene, labels: Labels) -> [String] {
        let h = scene.heading
        let place = [h.interiorExterior, h.location].map(ScriptText.oneLine).filter { !$0.isEmpty }
            .joined(separator: " ")
        let time = ScriptText.oneLine(h.time)
        let heading = (time.isEmpty ? place : "\(place) — \(time)").uppercased()
        var blocks = ["## \(scene.number). " + Markdown.escape(heading)]
        let synopsis = ScriptText.oneLine(scene.synopsis)
        if !synopsis.isEmpty { blocks.append("*\(Markdown.escape(synopsis))*") }
        if explain {
            var parts = ["\(labels.state) \(scene.stateID)", "\(labels.tag) \(scene.tag)"]
            if let model = scene.modelFile { parts.append("\(labels.model) \(model)") }
            if let seed = scene.modelSeed { parts.append("\(labels.seed.lowercased()) \(seed)") }
            parts.append("\(labels.tension) \(scene.tension)")
            if scene.cliffhanger { parts.append("cliffhanger") }
            blocks.append("> " + Markdown.escape(ScriptText.oneLine(parts.joined(separator: " · "))))
        }
        for element in scene.elements {
            switch element {
            case let .action(text):
                blocks += ScriptText.paragraphs(text).map { $0.map(Markdown.escape).joined(separator: "\n") }
            case let .dialogue(speech):
                if let block = self.speech(speech) { blocks.append(block) }
            case let .transition(text):
                let line = ScriptText.oneLine(text).uppercased()
                if !line.isEmpty { blocks.append("*\(Markdown.escape(line))*") }
            }
        }
        return blocks
    }

    /// `**DOÑA CONSUELO** (O.S.) *(furiosa)* ¡Yo me opongo!` on one paragraph; nil when there is nothing to say.
    func speech(_ speech: Speech) -> String? {
        var parts: [String] = []
        for segment in speech.segments {
            let delivery = ScriptText.bareParenthetical(segment.parenthetical ?? "")
            if !delivery.isEmpty { parts.append("*(\(Markdown.escape(delivery)))*") }
            let words = ScriptText.lines(segment.text).filter { !$0.isEmpty }.map(Markdown.escape)
            if !words.isEmpty { parts.append(words.joined(separator: " ")) }
        }
        guard !parts.isEmpty else { return nil }
        var name = ScriptText.oneLine(speech.speaker).uppercased()
        if name.isEmpty { name = ScriptText.oneLine(speech.role ?? "").uppercased() }
        var cue = "**\(Markdown.escape(name))**"
        for ext in speech.extensions.map(ScriptText.oneLine) where !ext.isEmpty {
            cue += " (\(Markdown.escape(ext.uppercased())))"
        }
        return ([cue] + parts).joined(separator: " ")
    }

    /// The words the Markdown writer adds, per language.
    struct Labels {
        let arc, episode, seed, cast, endOfArc, state, tag, model, tension: String

        init(_ language: Language) {
            switch language {
            case .es:
                (arc, episode, seed, cast, endOfArc) = ("Arco", "Capítulo", "Semilla", "Reparto", "Fin del arco.")
                (state, tag, model, tension) = ("estado", "etiqueta", "modelo", "tensión")
            case .en:
                (arc, episode, seed, cast, endOfArc) = ("Arc", "Episode", "Seed", "Cast", "End of the arc.")
                (state, tag, model, tension) = ("state", "tag", "model", "tension")
            }
        }
    }
}

/// CommonMark escaping for text the writers did not write themselves.
enum Markdown {
    /// Characters that start emphasis, code, links, HTML, headings, tables or strike-through anywhere in a line.
    static let inlineSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "&"]

    /// `text` (one line) with every Markdown-special character backslash-escaped, plus the characters that only
    /// matter at the start of a line (`-`, `+`, `=` and the `.` or `)` of `1.`).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if inlineSpecials.contains(ch) { out.append("\\") }
            out.append(ch)
        }
        if let first = out.first, first == "-" || first == "+" || first == "=" {
            out = "\\" + out
        } else {
            let digits = out.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let after = out.dropFirst(digits.count).first, after == "." || after == ")" {
                out = digits + "\\" + out.dropFirst(digits.count)
            }
        }
        return out
    }
}
