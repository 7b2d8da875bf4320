import ArcgenFountain
import ArcgenScript
import ArcgenSupport
import ArcgenVocabulary
import Testing

/// Writes episodes to Fountain and reads them back with ArcgenFountain's parser, an implementation written
/// separately from the writer: what comes back must be exactly the script that went in.
@Suite("Fountain round trip through ArcgenFountain.FountainParser")
struct FountainRoundTripTests {
    /// The elements the parser should find for `episode`, built straight from the model (not from the writer), with
    /// the writer's documented normalisation: upper-case headings, cues and transitions; one element per line of
    /// dialogue; a leading `(…)` of a dialogue line read as a delivery.
    static func expectedKinds(_ episode: Episode, explain: Bool) -> [FountainElementKind] {
        var kinds: [FountainElementKind] = [
            .titleField(key: "Title", value: episode.title),
            .titleField(key: "Credit", value: episode.language == .es ? "Escrito por" : "Written by"),
            .titleField(key: "Author", value: "arcgen"),
            .titleField(key: "Draft date", value: episode.draftDateText),
        ]
        if let n = episode.episodeNumber { kinds.append(.titleField(key: "Episode", value: "\(n)")) }
        kinds += [
            .titleField(key: "Arc", value: "\(episode.arcTitle) (\(episode.arcID))"),
            .titleField(key: "Language", value: episode.language.rawValue),
            .titleField(key: "Seed", value: "\(episode.seed)"),
        ]
        for scene in episode.scenes {
            kinds.append(.sceneHeading(text: scene.heading.text.uppercased(), number: "\(scene.number)"))
            if !scene.synopsis.isEmpty { kinds.append(.synopsis(scene.synopsis)) }
            if explain {
                var note = "state: \(scene.stateID); tag: \(scene.tag)"
                if let m = scene.modelFile { note += "; model: \(m)" }
                if let s = scene.modelSeed { note += "; seed: \(s)" }
                note += "; tension: \(scene.tension)" + (scene.cliffhanger ? "; cliffhanger" : "")
                kinds.append(.note(note))
            }
            for element in scene.elements {
                switch element {
                case let .action(text):
                    kinds += text.components(separatedBy: "\n\n").map { .action($0) }
                case let .dialogue(speech):
                    let cue = CharacterCue(name: speech.speaker.uppercased(), extensions: speech.extensions)
                    kinds.append(.character(cue))
                    for segment in speech.segments {
                        if let p = segment.parenthetical { kinds.append(.parenthetical(p)) }
                        for line in segment.text.split(separator: "\n") {
                            if line.hasPrefix("("), let close = line.firstIndex(of: ")") {
                                kinds.append(.parenthetical(String(line[line.index(after: line.startIndex) ..< close])))
                                let rest = line[line.index(after: close)...].drop { $0 == " " }
                                if !rest.isEmpty { kinds.append(.dialogue(String(rest))) }
                            } else {
                                kinds.append(.dialogue(String(line)))
                            }
                        }
                    }
                case let .transition(text):
                    kinds.append(.transition(text.uppercased()))
                }
            }
        }
        return kinds
    }

    @Test("every element of the sample episodes comes back", arguments: [
        (Fixtures.spanish, false), (Fixtures.spanish, true), (Fixtures.english, false), (Fixtures.english, true),
    ])
    func sampleEpisodes(episode: Episode, explain: Bool) {
        let text = FountainScriptWriter(explain: explain).write(episode)
        let parsed = FountainParser.parseReportingIssues(text)
        #expect(parsed.issues.isEmpty)
        #expect(parsed.document.kinds == Self.expectedKinds(episode, explain: explain), "\(text)")
    }

    @Test("headings, speakers, deliveries, dialogue and transitions of the Spanish sample, one by one")
    func spanishParts() {
        let kinds = FountainParser.parse(FountainScriptWriter().write(Fixtures.spanish)).kinds
        let headings = kinds.compactMap {
            if case let .sceneHeading(t, n) = $0 { return "\(t) #\(n ?? "")#" } else { return nil }
        }
        #expect(headings == ["INT. HACIENDA LOS ROBLES - SALA - NOCHE #1#", "EXT. IGLESIA DE SAN JUDAS - DÍA #2#"])
        let speakers = kinds.compactMap { if case let .character(c) = $0 { return c.text } else { return nil } }
        #expect(speakers == [
            "MARÍA FERNANDA", "ALEJANDRO", "DOÑA CONSUELO (O.S.)", "EL PADRE ANSELMO", "DOÑA CONSUELO",
        ])
        let deliveries = kinds.compactMap { if case let .parenthetical(p) = $0 { return p } else { return nil } }
        #expect(deliveries == ["entre lágrimas", "pausa", "se acerca", "se levanta, furiosa", "pausa"])
        let lines = kinds.compactMap { if case let .dialogue(d) = $0 { return d } else { return nil } }
        #expect(lines.contains("Dime algo, “mi vida”."))
        #expect(lines.count == 7)
        let transitions = kinds.compactMap { if case let .transition(t) = $0 { return t } else { return nil } }
        #expect(transitions == ["CORTE A:", "FUNDIDO A NEGRO."])
    }

    /// Action text that plain Fountain would read as something else; each must come back as the same action.
    @Test("action that looks like markup comes back as action", arguments: [
        "INT. ESTO NO ES UNA ESCENA", "EXT. ni esta", "CUT TO:", "TODOS GRITAN\nY salen corriendo.",
        "ALGUIEN (fuera de cuadro) grita\ny nadie contesta.", ".oculto", "!bang", "@arroba\notra línea",
        "= no es sinopsis",
        "# no es sección", "> no es transición", "~ no es letra", "===", "Primera línea.\nINT. SEGUNDA\nCUT TO:",
        "Una línea normal.\n(entre paréntesis)", "¡AY!", "...y entonces.",
    ])
    func markupLikeAction(text: String) {
        let output = FountainScriptWriter().write(Fixtures.episode([.action(text)]))
        let body = Array(FountainParser.parse(output).kinds.drop { if case .titleField = $0 { true } else { false } })
        #expect(body.dropFirst() == [.action(text)], "\(output)")
    }

    /// Names that read as cues once upper-cased get no `@`; those that would not, or that have letters outside
    /// ASCII, get one — and all come back.
    @Test("cues come back, forced with @ only when needed", arguments: [
        ("María Fernanda", "MARÍA FERNANDA", true), ("doña Consuelo", "DOÑA CONSUELO", true),
        ("Dr. Medina", "DR. MEDINA", false), ("R2-D2", "R2-D2", true), ("Ñoño", "ÑOÑO", true),
        ("camarero 2", "CAMARERO 2", true), ("O'Hara", "O'HARA", true), ("X", "X", true),
        ("李", "李", true), ("Int. Guard", "INT. GUARD", true), ("#1 fan", "#1 FAN", true), ("¿?", "¿?", true),
        ("=igual", "=IGUAL", true), ("123", "123", true), ("!loud", "!LOUD", true), ("(nadie)", "(NADIE)", true),
    ])
    func cues(name: String, cue: String, forced: Bool) {
        let output = FountainScriptWriter().write(Fixtures.episode([.dialogue(Speech(speaker: name, text: "Hola."))]))
        #expect(output.contains("\n\n" + (forced ? "@" : "") + cue + "\nHola.\n"), "\(output)")
        let body = FountainParser.parse(output).kinds.drop { if case .titleField = $0 { true } else { false } }
        #expect(Array(body.dropFirst()) == [.character(CharacterCue(name: cue)), .dialogue("Hola.")], "\(output)")
    }

    @Test("dialogue lines that look like markup stay dialogue; a leading delivery becomes a parenthetical")
    func markupLikeDialogue() {
        let speech = Speech(speaker: "Lupita", segments: [
            .init(text: "INT. CASA - NOCHE\nCUT TO:\n= no\n# no\n> no\n!no\n@no"),
            .init(text: "(pausa) Te amo.\n(llora)"),
        ])
        let output = FountainScriptWriter().write(Fixtures.episode([.dialogue(speech)]))
        let kinds = FountainParser.parse(output).kinds
        let body = Array(kinds.drop { if case .titleField = $0 { true } else { false } }.dropFirst())
        let expected: [FountainElementKind] = [.character(CharacterCue(name: "LUPITA"))]
            + ["INT. CASA - NOCHE", "CUT TO:", "= no", "# no", "> no", "!no", "@no"].map { .dialogue($0) }
            + [.parenthetical("pausa"), .dialogue("Te amo."), .parenthetical("llora")]
        #expect(body == expected, "\(output)")
    }

    @Test("note and boneyard openers inside generated text are broken up, not swallowed")
    func notesAndBoneyards() {
        let output = FountainScriptWriter().write(Fixtures.episode([
            .action("Una [[nota]] y un /* comentario */ en la acción."),
            .dialogue(Speech(speaker: "Ana", text: "[[no es nota]]")),
        ]))
        let parsed = FountainParser.parseReportingIssues(output)
        #expect(parsed.issues.isEmpty)
        let body = Array(parsed.document.kinds.drop { if case .titleField = $0 { true } else { false } }.dropFirst())
        #expect(body == [
            .action("Una [ [nota] ] y un / * comentario * / en la acción."),
            .character(CharacterCue(name: "ANA")), .dialogue("[ [no es nota] ]"),
        ], "\(output)")
        // A run of three is broken at every pair (`[[[` had kept a `[[`), and so is `*/*`.
        #expect(FountainRules.defuse("[[[susurra]]]") == "[ [ [susurra] ] ]")
        #expect(FountainRules.defuse("*/*") == "* / *")
    }

    @Test("an action line opening with a dot is forced: jouvence takes any leading dot for a scene heading")
    func leadingDot() {
        let output = FountainScriptWriter().write(Fixtures.episode([.action("...y entonces.")]))
        #expect(output.contains("\n\n!...y entonces.\n"), "\(output)")
    }

    @Test("a heading without INT/EXT is forced with a dot and still numbered")
    func forcedHeading() {
        let heading = SceneHeading(interiorExterior: "", location: "Sueño de Lucía", time: "")
        let episode = Fixtures.episode([.action("Nada.")], heading: heading)
        let output = FountainScriptWriter().write(episode)
        #expect(output.contains("\n\n.SUEÑO DE LUCÍA #1#\n\n"), "\(output)")
        #expect(FountainParser.parse(output).kinds.contains(.sceneHeading(text: "SUEÑO DE LUCÍA", number: "1")))
    }
}
