import ArcgenFountain

/// How one scene becomes training text for the per-tag language models:
///
/// ```
/// = es encounter: HEROINE, GALAN, CONFIDANT
///
/// <body: action, cues as roles, parentheticals, dialogue, transitions; cast names as {role} slots>
///
/// ===
/// ```
///
/// The first line, the header, is `= <lang> <tag>: <ROLES>`: the scene's language, its main beat tag and its
/// speakers; models trained with a `SynopsisPriming` other than `none` also get a second header line, the plan
/// (`= HEROINE tormenta camino…`), and are primed with the state's synopsis the same way. It is what generation
/// primes with (`trainingHeader(language:tag:roles:synopsis:)` spells it for both), and it
/// works as a control code, as in CTRL: the base model, trained on every scene, learns to write the beat the header
/// names, not only the language and cast. Cues name roles, not people, so the model learns who speaks as what; the
/// `===` page break ends the scene so generation knows where to stop. The text is itself Fountain (the header is a
/// synopsis line, and its leading `= ` is what the samplers' `\n= ` stop string looks for).
extension CorpusScene {
    /// Upper-case labels of the cast in order of first speech (speakers who share a role are numbered:
    /// `EXTRA`, `EXTRA 2`), then the cast members who never speak, in roles-note order.
    public var castLabels: [(name: String, label: String)] {
        var order: [String] = []
        for speech in speeches {
            let name = speech.cue.name.uppercased()
            if !order.contains(name) { order.append(name) }
        }
        for name in castOrder where !order.contains(name) { order.append(name) }
        var used: [String: Int] = [:]
        return order.compactMap { name in
            guard let role = cast[name] else { return nil }
            let n = (used[role] ?? 0) + 1
            used[role] = n
            return (name, Self.numbered(role.uppercased(), n))
        }
    }

    /// The label of the `n`th speaker (from 1) under `label` in one scene: `EXTRA`, then `EXTRA 2`, `EXTRA 3`.
    public static func numbered(_ label: String, _ n: Int) -> String { n == 1 ? label : "\(label) \(n)" }

    /// The first line of the training text, `= es encounter: HEROINE, GALAN`: the scene's language, its main tag
    /// and the labels of its speakers in order of first speech.
    public var trainingHeader: String {
        Self.trainingHeader(language: lang, tag: mainTag, roles: speakerLabels)
    }

    /// The labels of the cast members who speak, in order of first speech: the roles the header names.
    public var speakerLabels: [String] {
        let speakers = Set(speeches.map { $0.cue.name.uppercased() })
        return castLabels.filter { speakers.contains($0.name) }.map(\.label)
    }

    /// The header with its synopsis line as `priming` writes it: the synopsis's cast names become the labels the
    /// cues use, so `Lucía le confiesa a Martín…` primes as `HEROINE confiesa GALAN…` in training and generation
    /// alike.
    public func trainingHeader(priming: SynopsisPriming) -> String {
        Self.trainingHeader(language: lang, tag: mainTag, roles: speakerLabels,
                            synopsis: priming.line(synopsis: labelledSynopsis, language: lang))
    }

    /// The synopsis with the cast's names written as their cue labels (`HEROINE confiesa a GALAN…`).
    public var labelledSynopsis: String {
        CastSlots(cast: castLabels.map { ($0.name, $0.label) }).apply(synopsis)
    }

    /// The header for a scene in `language` (`es`, `en`) of beat `tag` with these role labels (`HEROINE`,
    /// `EXTRA 2`), without a line break; `synopsis` is the plan line `SynopsisPriming.line` writes, if any, on a
    /// second line. The one spelling of the header: training texts are written with it and generation primes with
    /// it, so a model is primed exactly as it was trained.
    public static func trainingHeader(language: String, tag: String, roles: [String],
                                      synopsis: String? = nil) -> String {
        "= \(language) \(tag): " + roles.joined(separator: ", ") + (synopsis.map { "\n" + $0 } ?? "")
    }

    /// The scene as training text (see the type's documentation), ending with `===` and a newline.
    public var trainingText: String { trainingText(body: trainingBody) }

    /// The scene as training text with its synopsis in the header as `priming` writes it.
    public func trainingText(priming: SynopsisPriming) -> String {
        trainingHeader(priming: priming) + "\n\n" + trainingBody
    }

    /// The training text around a body already computed (`trainingBody`), for callers that need both.
    public func trainingText(body: String) -> String { trainingHeader + "\n\n" + body }

    /// The training text after its header and the blank line that follows it: the scene's Fountain body and the
    /// `===` end marker. What word lists are built from, since the header's language code and tag are not words a
    /// scene writes.
    public var trainingBody: String {
        let labels = castLabels
        let labelOf = Dictionary(labels.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
        let slots = CastSlots(cast: labels.map { ($0.name, "{" + $0.label.lowercased() + "}") })
        var body: [FountainElementKind] = []
        for element in elements {
            switch element.kind {
            case let .action(text):
                let clean = Self.withoutInlineNotes(text)
                if !clean.isEmpty { body.append(.action(slots.apply(clean))) }
            case let .character(cue):
                let label = labelOf[cue.name.uppercased()] ?? cue.name
                body.append(.character(CharacterCue(name: label, extensions: cue.extensions, isDual: cue.isDual)))
            case let .parenthetical(text):
                body.append(.parenthetical(slots.apply(Self.withoutInlineNotes(text))))
            case let .dialogue(text):
                let clean = Self.withoutInlineNotes(text)
                if !clean.isEmpty { body.append(.dialogue(slots.apply(clean))) }
            case let .transition(text):
                body.append(.transition(text))
            case .titleField, .sceneHeading, .centered, .note, .boneyard, .section, .synopsis, .pageBreak:
                continue
            }
        }
        return FountainWriter.write(body) + "\n===\n"
    }

    /// Text with inline `[[notes]]` and `/* boneyard */` removed and the spaces they leave collapsed.
    static func withoutInlineNotes(_ text: String) -> String {
        guard text.contains("[[") || text.contains("/*") else { return text }
        var result = text
        for (open, close) in [("[[", "]]"), ("/*", "*/")] {
            while let start = result.firstRange(of: open), let end = result[start.upperBound...].firstRange(of: close) {
                result.removeSubrange(start.lowerBound ..< end.upperBound)
            }
        }
        let lines = result.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            FountainLine.trim(line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "))
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

extension Corpus {
    /// The training text of every scene whose first tag is `tag`, in corpus order.
    public func trainingText(tag: String, priming: SynopsisPriming = .none) -> String {
        Corpus.trainingText(of: scenes.filter { $0.mainTag == tag }, priming: priming)
    }

    /// The training text of every scene.
    public func trainingText(priming: SynopsisPriming = .none) -> String {
        Corpus.trainingText(of: scenes, priming: priming)
    }

    /// Scene texts joined with a blank line between them.
    public static func trainingText(of scenes: [CorpusScene], priming: SynopsisPriming = .none) -> String {
        trainingText(joining: scenes.map { $0.trainingText(priming: priming) })
    }

    /// Scenes' training texts, already computed, joined as `trainingText(of:)` joins them.
    public static func trainingText(joining texts: [String]) -> String { texts.joined(separator: sceneSeparator) }

    /// What stands between two scenes' training texts (each ends with a line break): a blank line.
    public static let sceneSeparator = "\n"
}
