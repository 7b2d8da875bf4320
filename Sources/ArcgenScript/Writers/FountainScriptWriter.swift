import ArcgenFountain

/// Writes an episode as a Fountain 1.1 screenplay.
///
/// Layout: a title page (`Title`, `Credit`, `Author`, `Draft date`, then `Episode`, `Arc`, `Language`, `Seed`),
/// one blank line, then blocks separated by exactly one blank line. Each scene is its heading (upper-case, with
/// `#n#`), its `= synopsis`, optionally a `[[note]]` naming state, tag, model and seed, then its elements. A speech
/// (cue, parentheticals, dialogue) is one block with no blank line inside. The file ends with one newline.
///
/// Normalisation, all deliberate: headings, cues and transitions are upper-cased (screenplay convention); lines
/// are trimmed; a blank line inside action starts a new action paragraph; blank lines inside dialogue are
/// dropped; a dialogue line opening with `(…)` is split into a parenthetical and the rest; `[[`, `]]`, `/*` and
/// `*/` inside generated text get a space between their characters; a speech with no words and no delivery is
/// left out. Emphasis characters (`*`, `_`) pass through as Fountain emphasis.
public struct FountainScriptWriter: ScriptWriter {
    /// Add a `[[state: …; tag: …; model: …]]` note under each scene's synopsis.
    public var explain: Bool
    /// Put a `===` page break between scenes.
    public var pageBreaks: Bool
    /// Append `#n#` to each scene heading.
    public var sceneNumbers: Bool

    public init(explain: Bool = false, pageBreaks: Bool = false, sceneNumbers: Bool = true) {
        self.explain = explain
        self.pageBreaks = pageBreaks
        self.sceneNumbers = sceneNumbers
    }

    public var format: ScriptFormat { .fountain }

    public func write(_ episode: Episode) -> String {
        var blocks: [String] = []
        for (i, scene) in episode.scenes.enumerated() {
            if i > 0, pageBreaks { blocks.append("===") }
            blocks += sceneBlocks(scene, language: episode.language)
        }
        let titlePage = titlePage(episode).joined(separator: "\n")
        return ([titlePage] + blocks).joined(separator: "\n\n") + "\n"
    }

    /// `Key: value` lines; values are single lines and empty ones are left out.
    func titlePage(_ episode: Episode) -> [String] {
        let es = episode.language == .es
        let title = ScriptText.oneLine(episode.title)
        let arcTitle = ScriptText.oneLine(episode.arcTitle)
        var fields: [(String, String)] = [
            ("Title", title.isEmpty ? arcTitle : title),
            ("Credit", es ? "Escrito por" : "Written by"),
            ("Author", "arcgen"),
            ("Draft date", ScriptText.oneLine(episode.draftDateText)),
        ]
        if let n = episode.episodeNumber { fields.append(("Episode", "\(n)")) }
        let arc = ScriptText.oneLine(episode.arcID)
        fields.append(("Arc", arcTitle.isEmpty ? arc : arc.isEmpty ? arcTitle : "\(arcTitle) (\(arc))"))
        fields.append(("Language", episode.language.rawValue))
        fields.append(("Seed", "\(episode.seed)"))
        return fields.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }
    }

    func sceneBlocks(_ scene: ScriptScene, language: ScriptLanguage) -> [String] {
        var blocks = [heading(scene, language: language)]
        let synopsis = FountainRules.defuse(ScriptText.oneLine(scene.synopsis))
        if !synopsis.isEmpty { blocks.append("= " + synopsis) }
        if explain { blocks.append(note(scene)) }
        for element in scene.elements {
            switch element {
            case let .action(text): blocks += action(text)
            case let .dialogue(speech): if let block = self.speech(speech) { blocks.append(block) }
            case let .transition(text): if let line = transition(text) { blocks.append(line) }
            }
        }
        return blocks
    }

    /// `INT. HACIENDA - NOCHE #1#`, forced with `.` when it does not start with INT/EXT/EST/I/E.
    func heading(_ scene: ScriptScene, language: ScriptLanguage) -> String {
        var text = FountainRules.defuse(scene.heading.text.uppercased())
        text = String(text.drop { $0 == "." || $0.isWhitespace })
        if text.isEmpty { text = "\(language == .es ? "ESCENA" : "SCENE") \(scene.number)" }
        let number = sceneNumbers ? " #\(scene.number)#" : ""
        return (FountainRules.isNaturalHeading(text) ? "" : ".") + text + number
    }

    /// The `explain` note: `[[state: s; tag: t; model: m; seed: n; tension: 7; cliffhanger]]`.
    func note(_ scene: ScriptScene) -> String {
        var parts = ["state: \(scene.stateID)", "tag: \(scene.tag)"]
        if let model = scene.modelFile { parts.append("model: \(model)") }
        if let seed = scene.modelSeed { parts.append("seed: \(seed)") }
        parts.append("tension: \(scene.tension)")
        if scene.cliffhanger { parts.append("cliffhanger") }
        let text = FountainRules.defuse(ScriptText.oneLine(parts.joined(separator: "; ")))
        return "[[\(text)]]"
    }

    /// One block per paragraph; a line is forced with `!` when it would read as markup, a heading, a transition
    /// (a one-line paragraph) or a cue (the first line of a longer paragraph).
    func action(_ text: String) -> [String] {
        ScriptText.paragraphs(FountainRules.defuse(text)).map { lines in
            lines.enumerated().map { j, line in
                var forced = FountainRules.hasMarkupPrefix(line)
                if j == 0 {
                    forced = forced || FountainRules.isNaturalHeading(line)
                        || (lines.count == 1 && FountainRules.isNaturalTransition(line))
                        || (lines.count > 1 && FountainRules.readsAsCue(line))
                }
                return forced ? "!" + line : line
            }.joined(separator: "\n")
        }
    }

    /// Cue, then each segment's `(delivery)` and dialogue lines; nil when the speech has nothing to say.
    func speech(_ speech: Speech) -> String? {
        var lines: [String] = []
        for segment in speech.segments {
            let delivery = FountainRules.defuse(ScriptText.bareParenthetical(segment.parenthetical ?? ""))
            if !delivery.isEmpty { lines.append("(\(delivery))") }
            for line in ScriptText.lines(FountainRules.defuse(segment.text)) where !line.isEmpty {
                lines += FountainRules.splitLeadingParentheticals(line)
            }
        }
        guard !lines.isEmpty else { return nil }
        return ([cue(speech)] + lines).joined(separator: "\n")
    }

    /// `DOÑA CONSUELO (V.O.)`, with `@` only when the upper-cased line would not read as a cue.
    func cue(_ speech: Speech) -> String {
        var name = FountainRules.defuse(ScriptText.oneLine(speech.speaker)).uppercased()
        if name.isEmpty { name = ScriptText.oneLine(speech.role ?? "").uppercased() }
        while name.hasSuffix("^") { name = ScriptText.trim(name.dropLast()) }  // `^` would mean dual dialogue
        let extensions = speech.extensions
            .map { ScriptText.oneLine($0.filter { $0 != "(" && $0 != ")" }).uppercased() }
            .filter { !$0.isEmpty }
            .map { "(\($0))" }
        let line = ([name] + extensions).joined(separator: " ")
        return FountainRules.cueNeedsForcing(line) ? "@" + line : line
    }

    /// `CUT TO:` as is; anything else (`CORTE A:`, `FUNDIDO A NEGRO.`) forced with `> `.
    func transition(_ text: String) -> String? {
        let line = FountainRules.defuse(ScriptText.oneLine(text)).uppercased()
        guard !line.isEmpty else { return nil }
        let natural = FountainRules.isNaturalTransition(line) && !FountainRules.hasMarkupPrefix(line)
            && !FountainRules.isNaturalHeading(line)
        var forced = line
        while forced.hasSuffix("<") { forced = ScriptText.trim(forced.dropLast()) }  // `> … <` is centred text
        return natural ? line : "> " + forced
    }
}
