import ArcgenFountain
import ArcgenSupport

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
///
/// The writer only normalises: the elements go through `ScriptElement.fountainKinds` and
/// `FountainWriter` (`.portable` forcing), so where a line needs `!`, `@`, `.` or `>` is decided in ArcgenFountain.
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
        var kinds = titlePage(episode)
        for (i, scene) in episode.scenes.enumerated() {
            if i > 0, pageBreaks { kinds.append(.pageBreak) }
            kinds += sceneKinds(scene, language: episode.language)
        }
        return FountainWriter.write(kinds, forcing: .portable)
    }

    /// `Key: value` fields; values are single lines and empty ones are left out.
    func titlePage(_ episode: Episode) -> [FountainElementKind] {
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
        return fields.filter { !$0.1.isEmpty }.map { .titleField(key: $0.0, value: $0.1) }
    }

    /// The heading, synopsis, explain note and the scene's elements, normalised (see the type's documentation).
    func sceneKinds(_ scene: ScriptScene, language: Language) -> [FountainElementKind] {
        var kinds = [heading(scene, language: language)]
        let synopsis = FountainRules.defuse(ScriptText.oneLine(scene.synopsis))
        if !synopsis.isEmpty { kinds.append(.synopsis(synopsis)) }
        if explain { kinds.append(note(scene)) }
        let elements = scene.elements.flatMap { element -> [ScriptElement] in
            switch element {
            case let .action(text): return action(text)
            case let .dialogue(speech): return [.dialogue(self.speech(speech))]
            case let .transition(text): return transition(text).map { [.transition($0)] } ?? []
            }
        }
        return kinds + ScriptElement.fountainKinds(of: elements)
    }

    /// `INT. HACIENDA - NOCHE` with `#n#`; a heading with no text is called `ESCENA n`.
    func heading(_ scene: ScriptScene, language: Language) -> FountainElementKind {
        var text = FountainRules.defuse(scene.heading.text.uppercased())
        text = String(text.drop { $0 == "." || $0.isWhitespace })
        if text.isEmpty { text = "\(language == .es ? "ESCENA" : "SCENE") \(scene.number)" }
        return .sceneHeading(text: text, number: sceneNumbers ? "\(scene.number)" : nil)
    }

    /// The `explain` note: `[[state: s; tag: t; model: m; seed: n; tension: 7; cliffhanger]]`.
    func note(_ scene: ScriptScene) -> FountainElementKind {
        var parts = ["state: \(scene.stateID)", "tag: \(scene.tag)"]
        if let model = scene.modelFile { parts.append("model: \(model)") }
        if let seed = scene.modelSeed { parts.append("seed: \(seed)") }
        parts.append("tension: \(scene.tension)")
        if scene.cliffhanger { parts.append("cliffhanger") }
        return .note(FountainRules.defuse(ScriptText.oneLine(parts.joined(separator: "; "))))
    }

    /// One action element per paragraph, its lines trimmed.
    func action(_ text: String) -> [ScriptElement] {
        ScriptText.paragraphs(FountainRules.defuse(text)).map { .action($0.joined(separator: "\n")) }
    }

    /// The speech with an upper-case cue and one segment per delivery and per dialogue line, in order; blank lines
    /// dropped and a line opening with `(…)` split into the delivery and the rest.
    func speech(_ speech: Speech) -> Speech {
        var segments: [Speech.Segment] = []
        for segment in speech.segments {
            let delivery = FountainRules.defuse(ScriptText.bareParenthetical(segment.parenthetical ?? ""))
            if !delivery.isEmpty { segments.append(Speech.Segment(parenthetical: delivery, text: "")) }
            for line in ScriptText.lines(FountainRules.defuse(segment.text)) where !line.isEmpty {
                for part in FountainRules.splitLeadingParentheticals(line) {
                    // The split's deliveries are `(…)`; a rest opening with `(` has no `)` at all.
                    segments.append(part.hasPrefix("(") && part.hasSuffix(")")
                        ? Speech.Segment(parenthetical: String(part.dropFirst().dropLast()), text: "")
                        : Speech.Segment(text: part))
                }
            }
        }
        var name = FountainRules.defuse(ScriptText.oneLine(speech.speaker)).uppercased()
        if name.isEmpty { name = ScriptText.oneLine(speech.role ?? "").uppercased() }
        while name.hasSuffix("^") { name = ScriptText.trim(name.dropLast()) }  // `^` would mean dual dialogue
        let extensions = speech.extensions
            .map { ScriptText.oneLine($0.filter { $0 != "(" && $0 != ")" }).uppercased() }
            .filter { !$0.isEmpty }
        return Speech(speaker: name, role: speech.role, extensions: extensions, segments: segments)
    }

    /// One line, upper-cased; nil when empty.
    func transition(_ text: String) -> String? {
        let line = FountainRules.defuse(ScriptText.oneLine(text)).uppercased()
        return line.isEmpty ? nil : line
    }
}
