import Foundation
import Testing
@testable import ArcgenFountain

@Suite("Script elements: Fountain elements grouped into speeches and back")
struct ScriptElementGroupingTests {
    /// The shipped corpus, found from this file so the test runs from any working directory.
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models/corpus")

    /// Whether a kind has a script form (the rest are left out by `grouping`).
    static func hasScriptForm(_ kind: FountainElementKind) -> Bool {
        switch kind {
        case .action, .transition, .character, .parenthetical, .dialogue: return true
        default: return false
        }
    }

    /// Script elements → Fountain elements → text → parse → script elements.
    static func throughText(_ script: [ScriptElement]) -> [ScriptElement] {
        let text = FountainWriter.write(ScriptElement.fountainKinds(of: script))
        return ScriptElement.grouping(FountainParser.parseSceneBody(text).elements)
    }

    @Test("every corpus file: grouping and its inverse give back the speeches, actions and transitions")
    func corpusRoundTrip() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
            .filter { $0.hasSuffix(".fountain") }.sorted()
        #expect(files.count >= 30)
        var speeches = 0
        for file in files {
            let text = try String(contentsOf: Self.corpus.appendingPathComponent(file), encoding: .utf8)
            let elements = FountainParser.parse(text).elements
            let script = ScriptElement.grouping(elements)
            speeches += script.filter { if case .dialogue = $0 { true } else { false } }.count
            #expect(ScriptElement.fountainKinds(of: script) == elements.map(\.kind).filter(Self.hasScriptForm),
                    "\(file)")
            #expect(Self.throughText(script) == script, "\(file)")
        }
        #expect(speeches > 1000)
    }

    @Test("a cue, its parentheticals and its lines become one speech with segments")
    func segments() {
        let kinds: [FountainElementKind] = [
            .character(CharacterCue(name: "ROSAURA")), .dialogue("No puede ser."), .parenthetical("pausa"),
            .dialogue("¿Mi padre?"), .dialogue("¿Él?"), .parenthetical("sale"),
            .action("Se va."),
        ]
        let script = ScriptElement.grouping(kinds.map { FountainElement($0) })
        #expect(script == [
            .dialogue(Speech(speaker: "ROSAURA", segments: [
                Speech.Segment(text: "No puede ser."),
                Speech.Segment(parenthetical: "pausa", text: "¿Mi padre?\n¿Él?"),
                Speech.Segment(parenthetical: "sale", text: ""),  // a parenthetical with no line after it
            ])),
            .action("Se va."),
        ])
        #expect(ScriptElement.fountainKinds(of: script) == kinds)
        #expect(Self.throughText(script) == script)
    }

    @Test("extensions are kept; a dual mark is dropped; a speech opening with its delivery", arguments: [
        CharacterCue(name: "DON ERNESTO", extensions: ["O.S.", "CONT'D"]),
        CharacterCue(name: "BRENDA", isDual: true),
        CharacterCue(name: "McCLANE", extensions: ["V.O."], isDual: true),
    ])
    func cues(cue: CharacterCue) {
        let kinds: [FountainElementKind] = [.character(cue), .parenthetical("gritando"), .dialogue("¡Rosaura!")]
        let script = ScriptElement.grouping(kinds.map { FountainElement($0) })
        let speech = Speech(speaker: cue.name, extensions: cue.extensions, parenthetical: "gritando",
                            text: "¡Rosaura!")
        #expect(script == [.dialogue(speech)])
        let undual = CharacterCue(name: cue.name, extensions: cue.extensions)
        #expect(ScriptElement.fountainKinds(of: script) == [.character(undual)] + kinds.dropFirst())
        #expect(Self.throughText(script) == script)
    }

    @Test("notes and boneyards inside a speech are left out without ending it; a heading ends it")
    func comments() {
        let text = "ANA\n[[susurra]]\nHola.\n/* quitado */\nAdiós.\n\nINT. CASA - DÍA\n"
        #expect(ScriptElement.grouping(FountainParser.parse(text).elements) == [
            .dialogue(Speech(speaker: "ANA", text: "Hola.\nAdiós.")),
        ])
        let kinds: [FountainElementKind] = [
            .character(CharacterCue(name: "ANA")), .dialogue("Uno."), .pageBreak, .dialogue("Huérfana."),
            .parenthetical("sin voz"), .transition("CORTE A:"),
        ]
        #expect(ScriptElement.grouping(kinds.map { FountainElement($0) }) == [
            .dialogue(Speech(speaker: "ANA", text: "Uno.")), .transition("CORTE A:"),
        ])
    }

    @Test("a speech with nothing to say has no Fountain form; action and transitions map one to one")
    func inverse() {
        let script: [ScriptElement] = [
            .dialogue(Speech(speaker: "ANA", segments: [])),
            .dialogue(Speech(speaker: "ANA", text: "")),
            .action("Llueve.\nTruena."),
            .transition("CUT TO:"),
        ]
        #expect(ScriptElement.fountainKinds(of: script) == [.action("Llueve.\nTruena."), .transition("CUT TO:")])
    }

    @Test("portable forcing also forces what other readers misread, and still reads back the same")
    func portable() {
        let kinds: [FountainElementKind] = [
            .sceneHeading(text: "INT", number: "1"),
            .character(CharacterCue(name: "MARÍA FERNANDA")),
            .dialogue("Hola."),
            .action("~ la la la"),
            .action("JUAN (entra) y se sienta.\nLlora."),
            .transition("FUNDIDO <"),
        ]
        let minimal = FountainWriter.write(kinds)
        let portable = FountainWriter.write(kinds, forcing: .portable)
        #expect(minimal.contains("\nMARÍA FERNANDA\n") && minimal.contains("\n~ la la la\n"))
        #expect(portable.hasPrefix(".INT #1#\n"))
        #expect(portable.contains("\n@MARÍA FERNANDA\n") && portable.contains("\n!~ la la la\n"))
        #expect(portable.contains("\n!JUAN (entra) y se sienta.\n") && portable.hasSuffix("\n> FUNDIDO\n"))
        var expected = kinds
        expected[expected.count - 1] = .transition("FUNDIDO")  // a forced transition cannot end in `<`
        #expect(FountainParser.parse(portable).kinds == expected)
    }
}
