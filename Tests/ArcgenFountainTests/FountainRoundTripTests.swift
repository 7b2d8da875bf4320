import Foundation
import Testing
@testable import ArcgenFountain

@Suite("Fountain parser and writer")
struct FountainRoundTripTests {
    /// A screenplay that uses every element of our subset, including the ones that need forcing markup.
    static let everything = """
    Title: La Herencia
    Credit: Escrita por
    Author:
        Ana Torres
        Luis Vega
    Draft date: 1/1/2025

    # Acto uno

    = Rosaura descubre la carta.

    INT. HACIENDA LOS ROBLES - NOCHE #12A#

    [[tags: revelation, family]]

    Una vela. ROSAURA (22) lee una carta.
    Se le caen las lágrimas.

    ROSAURA
    (susurrando)
    No puede ser.
    ¿Mi padre?

    DON ERNESTO (O.S.) (CONT'D)
    ¡Rosaura!

    @McCLANE
    Yippee.

    BRENDA ^
    [[she shouts]]
    Both at once!

    !SILENCIO TOTAL.
    La puerta se abre.

    CUT TO:

    > CORTE A:

    > FIN <

    EXT. PLAYA - DÍA

    .FLASHBACK

    /* una escena
    que quitamos */

    INT/EXT. COCHE - NOCHE

    I/E. AUTOBÚS - DÍA

    ===

    ## Acto dos

    [[a longer note
    over two lines]]

    Fin.
    """

    @Test("every kind of element is recognised, with its source line")
    func kinds() {
        let elements = FountainParser.parse(Self.everything).elements
        func at(_ line: Int) -> FountainElementKind? { elements.first { $0.line == line }?.kind }
        #expect(at(1) == .titleField(key: "Title", value: "La Herencia"))
        #expect(at(3) == .titleField(key: "Author", value: "Ana Torres\nLuis Vega"))
        #expect(at(8) == .section(depth: 1, text: "Acto uno"))
        #expect(at(10) == .synopsis("Rosaura descubre la carta."))
        #expect(at(12) == .sceneHeading(text: "INT. HACIENDA LOS ROBLES - NOCHE", number: "12A"))
        #expect(at(14) == .note("tags: revelation, family"))
        #expect(at(16) == .action("Una vela. ROSAURA (22) lee una carta.\nSe le caen las lágrimas."))
        #expect(at(19) == .character(CharacterCue(name: "ROSAURA")))
        #expect(at(20) == .parenthetical("susurrando"))
        #expect(at(21) == .dialogue("No puede ser."))
        #expect(at(22) == .dialogue("¿Mi padre?"))
        #expect(at(24) == .character(CharacterCue(name: "DON ERNESTO", extensions: ["O.S.", "CONT'D"])))
        #expect(at(27) == .character(CharacterCue(name: "McCLANE")))
        #expect(at(30) == .character(CharacterCue(name: "BRENDA", isDual: true)))
        #expect(at(31) == .note("she shouts"))
        #expect(at(32) == .dialogue("Both at once!"))
        #expect(at(34) == .action("SILENCIO TOTAL.\nLa puerta se abre."))
        #expect(at(37) == .transition("CUT TO:"))
        #expect(at(39) == .transition("CORTE A:"))
        #expect(at(41) == .centered("FIN"))
        #expect(at(43) == .sceneHeading(text: "EXT. PLAYA - DÍA", number: nil))
        #expect(at(45) == .sceneHeading(text: "FLASHBACK", number: nil))
        #expect(at(47) == .boneyard("una escena\nque quitamos"))
        #expect(at(50) == .sceneHeading(text: "INT/EXT. COCHE - NOCHE", number: nil))
        #expect(at(52) == .sceneHeading(text: "I/E. AUTOBÚS - DÍA", number: nil))
        #expect(at(54) == .pageBreak)
        #expect(at(56) == .section(depth: 2, text: "Acto dos"))
        #expect(at(58) == .note("a longer note\nover two lines"))
        #expect(at(61) == .action("Fin."))
        #expect(elements.count == 33)
    }

    @Test("lines that only look like headings, cues or transitions stay action", arguments: [
        ("ESTEBAN entra.", FountainElementKind.action("ESTEBAN entra.")),   // EST without a dot or space
        ("INTERIOR de la casa.", .action("INTERIOR de la casa.")),
        ("Rosaura\nHola.", .action("Rosaura\nHola.")),                       // not upper case: no cue
        ("ROSAURA (23), mandil mojado.\nLlora.", .action("ROSAURA (23), mandil mojado.\nLlora.")),
        ("...y luego nada.", .action("...y luego nada.")),                   // an ellipsis is not a forced heading
        ("FADE TO BLACK.", .action("FADE TO BLACK.")),                       // does not end in TO:
    ])
    func lookalikes(text: String, expected: FountainElementKind) {
        #expect(FountainParser.parse("\n" + text + "\n").kinds == [expected])
    }

    @Test("a transition needs a blank line after it; an upper-case line before dialogue is a cue")
    func context() {
        #expect(FountainParser.parse("CUT TO:\nMore.\n").kinds
            == [.character(CharacterCue(name: "CUT TO:")), .dialogue("More.")])
        #expect(FountainParser.parse("Walks in.\nCUT TO:\n").kinds == [.action("Walks in.\nCUT TO:")])
    }

    @Test("unclosed boneyards and notes are reported with their line")
    func unclosed() {
        let boneyard = FountainParser.parseReportingIssues("Hola.\n\n/* nunca\ncerrado\n")
        #expect(boneyard.issues.map(\.line) == [3])
        let note = FountainParser.parseReportingIssues("Hola.\n\n[[nota sin\n\nfin\n")
        #expect(note.issues.map(\.line) == [3])
        #expect(note.document.kinds.first == .action("Hola."))
    }

    @Test("parse → write → parse gives the same elements, and writing is idempotent")
    func roundTripFixture() {
        let first = FountainParser.parse(Self.everything)
        let written = FountainWriter.write(first)
        let second = FountainParser.parse(written)
        #expect(second.kinds == first.kinds)
        #expect(FountainWriter.write(second) == written)
        #expect(written.contains("!SILENCIO TOTAL.") && written.contains("> CORTE A:")
            && written.contains("\nCUT TO:\n"))
        #expect(written.contains("@McCLANE") && written.contains(".FLASHBACK"))
    }

    @Test("elements built in code get the forcing markup they need")
    func forcing() {
        let kinds: [FountainElementKind] = [
            .action("Note: not a title page"),
            .sceneHeading(text: "MONTAGE", number: nil),
            .action("BANG.\nThe door opens."),
            .action("!Ay!"),
            .character(CharacterCue(name: "Li Wei")),
            .dialogue("Hello."),
            .transition("FUNDIDO A NEGRO."),
            .action("INT. is a word here"),
            .action("ROSAURA"),
        ]
        let written = FountainWriter.write(kinds)
        #expect(FountainParser.parse(written).kinds == kinds)
    }
}
