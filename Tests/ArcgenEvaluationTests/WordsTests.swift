import Testing
@testable import ArcgenEvaluation

@Suite("Words and scene prose")
struct WordsTests {
    /// The role cues these texts use, as `arcs/vocabulary.json` would list them.
    static let words = Words(roleCues: ["HEROINE", "GALAN", "LOST-RELATIVE", "VILLAIN"])

    @Test("Spanish letters, inverted marks and accents stay inside lower-cased words")
    func spanish() {
        #expect(Self.words.tokens(in: "¿Cuántas semanas, Señora? ¡Mañana!")
                == ["cuántas", "semanas", "señora", "mañana"])
        #expect(Self.words.tokens(in: "ÑOÑO año 1920s") == ["ñoño", "año", "s"])
    }

    @Test("Apostrophes count only between letters, and ’ is folded to '")
    func apostrophes() {
        #expect(Self.words.tokens(in: "Don’t say 'never', o' l'amour") == ["don't", "say", "never", "o", "l'amour"])
        #expect(Self.words.tokens(in: "don't") == Self.words.tokens(in: "DON’T"))
    }

    @Test("Role slots and capitalised role cues are not words; the same words in lower case are")
    func roles() {
        let text = "{heroine} mira a {lost-relative}. HEROINE\nLOST-RELATIVE GALAN VILLAIN the heroine LOST"
        #expect(Self.words.tokens(in: text) == ["mira", "a", "the", "heroine", "lost"])
        #expect(Self.words.tokens(in: "{ unclosed brace") == ["unclosed", "brace"])
    }

    @Test("Decomposed accents stay in their word")
    func decomposed() {
        #expect(Self.words.tokens(in: "Cua\u{301}ntas") == ["cua\u{301}ntas"])
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
        // The parser's markup is format too: the `!` of forced action, boneyards and sections.
        #expect(SceneProse.lines(of: "!Una vela.\n\n/* borrado */\n\n# Acto uno\n\nFin.") == ["Una vela.", "Fin."])
        #expect(Self.words.sceneTokens(in: scene) == [
            "una", "vela", "vomita", "sola", "cuántas", "semanas", "sin", "levantar", "la", "cara", "no", "sé",
        ])
    }
}
