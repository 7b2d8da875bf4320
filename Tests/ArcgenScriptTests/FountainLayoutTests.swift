import ArcgenFountain
import ArcgenScript
import ArcgenSupport
import ArcgenVocabulary
import Testing

/// The bytes of the Fountain output where the spec makes them matter: title page, blank lines, forcing markup.
@Suite("Fountain layout")
struct FountainLayoutTests {
    static let spanish = FountainScriptWriter().write(Fixtures.spanish)

    @Test("the title page comes first, one field a line, ended by one blank line")
    func titlePage() {
        let expected = """
            Title: Amor perdido — Capítulo 3
            Credit: Escrito por
            Author: arcgen
            Draft date: semilla 42
            Episode: 3
            Arc: Amor perdido (lost-love)
            Language: es
            Seed: 42

            INT. HACIENDA LOS ROBLES - SALA - NOCHE #1#

            = María Fernanda descubre la carta que Alejandro escondió.

            """
        #expect(Self.spanish.hasPrefix(expected), "\(Self.spanish)")
        let english = FountainScriptWriter().write(Fixtures.english)
        #expect(english.hasPrefix("Title: Lost Love\nCredit: Written by\nAuthor: arcgen\nDraft date: seed 7\n"
                                  + "Arc: Lost Love (lost-love)\nLanguage: en\nSeed: 7\n\n"
                                  + "INT. HOSPITAL ROOM - NIGHT #1#\n"))
    }

    @Test("a given draft date replaces the one derived from the seed")
    func draftDate() {
        var episode = Fixtures.english
        episode.draftDate = "November 2026"
        #expect(FountainScriptWriter().write(episode).contains("\nDraft date: November 2026\n"))
    }

    @Test("blank lines: one between blocks, none inside a speech, none doubled, one newline at the end",
          arguments: [false, true])
    func blankLines(explain: Bool) {
        let text = FountainScriptWriter(explain: explain, pageBreaks: true).write(Fixtures.spanish)
        #expect(text.hasSuffix(".\n") && !text.hasSuffix("\n\n"))
        #expect(!text.contains("\n\n\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.allSatisfy { $0 == $0.trimmingSpaces })
        for (i, line) in lines.enumerated() where i > 8 {
            let before = lines[i - 1], after = i + 1 < lines.count ? lines[i + 1] : ""
            let cues = ["@MARÍA FERNANDA", "ALEJANDRO", "@DOÑA CONSUELO (O.S.)", "EL PADRE ANSELMO",
                        "@DOÑA CONSUELO"]
            let isCue = cues.contains(line)
            if ["INT.", "EXT.", ">", "=", "[["].contains(where: { line.hasPrefix($0) }) {
                #expect(before.isEmpty && after.isEmpty, "\(line) needs a blank line on both sides")
            }
            if isCue { #expect(before.isEmpty && !after.isEmpty, "cue \(line)") }
            if line.hasPrefix("(") { #expect(!before.isEmpty, "delivery \(line) belongs to the speech above it") }
        }
        #expect(text.contains("\n\n===\n\nEXT. IGLESIA"))
        #expect(text.contains("ALEJANDRO\n(pausa)\nPorque te amo.\n(se acerca)\n¡Jamás quise hacerte daño!\n"
                              + "Dime algo, “mi vida”.\n\n"))
    }

    @Test("Spanish transitions are forced with >, English TO: transitions are not")
    func transitions() {
        #expect(Self.spanish.contains("\n\n> CORTE A:\n\n"))
        #expect(Self.spanish.hasSuffix("\n\n> FUNDIDO A NEGRO.\n"))
        let english = FountainScriptWriter().write(Fixtures.english)
        #expect(english.hasSuffix("\n\nCUT TO:\n"))
        let lower = FountainScriptWriter()
            .write(Fixtures.episode([.transition("dissolve to:"), .transition("> CORTE A: <")]))
        #expect(lower.hasSuffix("\n\nDISSOLVE TO:\n\n> > CORTE A:\n"), "\(lower)")
    }

    @Test("cues are upper case; @ appears only where a reader would not take the upper-cased name for a cue")
    func cueForcing() {
        // Letters outside ASCII are forced: jouvence reads an unforced MARÍA FERNANDA as action.
        #expect(Self.spanish.contains("\n\n@MARÍA FERNANDA\n(entre lágrimas)\n"))
        #expect(Self.spanish.contains("\n\n@DOÑA CONSUELO (O.S.)\n¡María Fernanda!"))
        #expect(Self.spanish.contains("\n\nEL PADRE ANSELMO\n"))
        #expect(!Self.spanish.contains("@EL PADRE") && !Self.spanish.contains("@ALEJANDRO"))
        let forced = FountainScriptWriter()
            .write(Fixtures.episode([.dialogue(Speech(speaker: "Int. Guardia", text: "Alto."))]))
        #expect(forced.contains("\n\n@INT. GUARDIA\nAlto.\n"))
    }

    @Test("all-caps action followed by more text is forced with !; a lone all-caps line is not")
    func actionForcing() {
        #expect(Self.spanish.contains("\n\n!SILENCIO.\nSolo se oye la lluvia.\n\n"))
        let lone = FountainScriptWriter().write(Fixtures.episode([.action("¡BANG!"), .action("INT. NO\nCUT TO:")]))
        #expect(lone.contains("\n\n¡BANG!\n\n!INT. NO\nCUT TO:\n"), "\(lone)")
    }

    @Test("explain adds one note per scene with state, tag, model, seed and tension")
    func explainNotes() {
        let text = FountainScriptWriter(explain: true).write(Fixtures.spanish)
        #expect(text.contains("\n\n[[state: confession; tag: revelation; model: models/revelation.es.arcgen; "
                              + "seed: 4242; tension: 7]]\n\n"))
        #expect(text.contains("\n\n[[state: altar; tag: wedding; model: models/wedding.es.arcgen; "
                              + "seed: 4243; tension: 9; cliffhanger]]\n\n"))
        #expect(!Self.spanish.contains("[["))
    }

    @Test("scene numbers can be left out; empty speeches and transitions are dropped")
    func options() {
        let text = FountainScriptWriter(sceneNumbers: false).write(Fixtures.episode([
            .dialogue(Speech(speaker: "Ana", segments: [.init(parenthetical: "  ", text: " \n ")])), .transition("  "),
            .action("Fin."),
        ]))
        #expect(text.hasSuffix("\n\nINT. CASA - DÍA\n\nFin.\n"), "\(text)")
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
