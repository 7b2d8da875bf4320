import Testing
@testable import ArcgenEvaluation

@Suite("Words and scene prose")
struct WordsTests {
    @Test("Spanish letters, inverted marks and accents stay inside lower-cased words")
    func spanish() {
        #expect(Words.tokens(in: "¿Cuántas semanas, Señora? ¡Mañana!") == ["cuántas", "semanas", "señora", "mañana"])
        #expect(Words.tokens(in: "ÑOÑO año 1920s") == ["ñoño", "año", "s"])
    }

    @Test("Apostrophes count only between letters, and ’ is folded to '")
    func apostrophes() {
        #expect(Words.tokens(in: "Don’t say 'never', o' l'amour") == ["don't", "say", "never", "o", "l'amour"])
        #expect(Words.tokens(in: "don't") == Words.tokens(in: "DON’T"))
    }

    @Test("Role slots and capitalised role cues are not words; the same words in lower case are")
    func roles() {
        let text = "{heroine} mira a {lost-relative}. HEROINE\nLOST-RELATIVE GALAN VILLAIN the heroine LOST"
        #expect(Words.tokens(in: text) == ["mira", "a", "the", "heroine", "lost"])
        #expect(Words.tokens(in: "{ unclosed brace") == ["unclosed", "brace"])
    }

    @Test("Decomposed accents stay in their word")
    func decomposed() {
        #expect(Words.tokens(in: "Cua\u{301}ntas") == ["cua\u{301}ntas"])
    }

    @Test("Scene prose drops cues, headings, notes, transitions, headers and title pages")
    func prose() {
        let scene = """
        Title: Secretos
        Language: es

        = es secret: HEROINE
        INT. CONVENTO - CELDA - NOCHE

        [[tags: secret]]
        Una vela. {heroine} vomita. [[nota]] Sola.

        SOR REMEDIOS
        ¿Cuántas semanas?

        {heroine} (V.O.)
        (sin levantar la cara)
        No sé.

        HEROINE
        ¡NO!

        > FUNDIDO A NEGRO.
        ===
        """
        #expect(SceneProse.lines(of: scene) == [
            "Una vela. {heroine} vomita.  Sola.", "¿Cuántas semanas?", "(sin levantar la cara)", "No sé.",
        ])
        #expect(Words.sceneTokens(in: scene) == [
            "una", "vela", "vomita", "sola", "cuántas", "semanas", "sin", "levantar", "la", "cara", "no", "sé",
        ])
    }
}
