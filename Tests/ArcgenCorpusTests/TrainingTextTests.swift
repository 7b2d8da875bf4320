import ArcgenFountain
import Foundation
import Testing
@testable import ArcgenCorpus

@Suite("Training text")
struct TrainingTextTests {
    static let fixture = """
    INT. HACIENDA - NOCHE

    [[tags: revelation, family]]
    [[lang: es]]
    [[roles: ROSAURA = heroine; DON ERNESTO VILLASEÑOR = father; DOÑA CHUY = confidant; MESERO = extra; \
    CHOFER = extra]]
    [[synopsis: Don Ernesto confiesa ante Doña Chuy que Rosaura es su hija, y el mesero y el chofer lo oyen todo.]]

    ROSAURA
    ¿Qué pasa aquí?

    ROSAURA (22) entra. Don Ernesto la mira. DOÑA CHUY se persigna. [[aquí va un trueno]]

    DOÑA CHUY
    ¡Chuy sabe todo, Rosaura!

    DON ERNESTO VILLASEÑOR (O.S.)
    (a Rosaura)
    Hija mía. Rosaura's... no. Señor Villaseñor soy yo.

    MESERO
    ¿Rosaurita? ¿Más vino, don Ernesto?

    CHOFER
    Mesero, el coche de Ernestina está listo.

    > CORTE A:

    """

    static let expected = """
    = es revelation: HEROINE, CONFIDANT, FATHER, EXTRA, EXTRA 2

    HEROINE
    ¿Qué pasa aquí?

    {heroine} (22) entra. {father} la mira. {confidant} se persigna.

    CONFIDANT
    ¡{confidant} sabe todo, {heroine}!

    FATHER (O.S.)
    (a {heroine})
    Hija mía. {heroine}'s... no. {father} soy yo.

    EXTRA
    ¿Rosaurita? ¿Más vino, {father}?

    EXTRA 2
    {extra}, el coche de Ernestina está listo.

    > CORTE A:

    ===

    """

    static let synopsis =
        "Don Ernesto confiesa ante Doña Chuy que Rosaura es su hija, y el mesero y el chofer lo oyen todo."

    static func scene(_ text: String, path: String = "fixture.fountain") -> CorpusScene {
        let result = CorpusFileReader(vocabulary: nil).read(bytes: Array(text.utf8), path: path)
        precondition(result.scenes.count == 1, "fixture has errors: \(result.diagnostics)")
        return result.scenes[0]
    }

    @Test("a scene renders with role cues, cast slots, the header line and the end marker")
    func rendering() {
        let scene = Self.scene(Self.fixture)
        #expect(scene.trainingText == Self.expected)
        #expect(scene.trainingHeader == "= es revelation: HEROINE, CONFIDANT, FATHER, EXTRA, EXTRA 2")
        #expect(scene.trainingText == scene.trainingHeader + "\n\n" + scene.trainingBody)
        #expect(!scene.trainingBody.contains("revelation"))
        #expect(scene.castLabels.map(\.label) == ["HEROINE", "CONFIDANT", "FATHER", "EXTRA", "EXTRA 2"])
    }

    @Test("the header names the scene's language and main tag, the first of its tags", arguments: [
        ("[[tags: revelation, family]]", "[[lang: es]]", "= es revelation: "),
        ("[[tags: family, revelation]]", "[[lang: es]]", "= es family: "),
        ("[[tags: false-death]]", "[[lang: en]]", "= en false-death: "),
    ])
    func headerCarriesMainTag(tags: String, lang: String, prefix: String) {
        let synopsis = lang == "[[lang: es]]" ? Self.synopsis
            : "Don Ernesto confesses before Doña Chuy that Rosaura is his daughter, "
                + "and the waiter and driver hear it all."
        let scene = Self.scene(Self.fixture.replacingOccurrences(of: "[[tags: revelation, family]]", with: tags)
            .replacingOccurrences(of: "[[lang: es]]", with: lang)
            .replacingOccurrences(of: Self.synopsis, with: synopsis))
        let firstLine = scene.trainingText.prefix { $0 != "\n" }
        #expect(firstLine == prefix + "HEROINE, CONFIDANT, FATHER, EXTRA, EXTRA 2")
        #expect(firstLine == scene.trainingHeader)
        #expect(scene.trainingHeader == CorpusScene.trainingHeader(
            language: scene.lang, tag: scene.mainTag, roles: ["HEROINE", "CONFIDANT", "FATHER", "EXTRA", "EXTRA 2"]))
        #expect(scene.speakerLabels == ["HEROINE", "CONFIDANT", "FATHER", "EXTRA", "EXTRA 2"])
    }

    @Test("the training text is Fountain: headers are synopses, the end marker a page break")
    func isFountain() {
        let kinds = FountainParser.parse(Self.scene(Self.fixture).trainingText).kinds
        #expect(kinds.first == .synopsis("es revelation: HEROINE, CONFIDANT, FATHER, EXTRA, EXTRA 2"))
        #expect(kinds.last == .pageBreak)
        #expect(kinds.contains(.character(CharacterCue(name: "FATHER", extensions: ["O.S."]))))
        #expect(!kinds.contains { if case .note = $0 { return true } else { return false } })
    }

    @Test("names become slots: whole words, title and upper case, titles taken in, parts of longer names", arguments: [
        // (text, expected)
        ("Rosa lleva un vestido rosa.", "{heroine} lleva un vestido rosa."),       // lower case is a word, not the name
        ("ROSA entra. Rosaura no.", "{heroine} entra. Rosaura no."),             // never inside another word
        ("Rosa's hat, Rosa’s coat.", "{heroine}'s hat, {heroine}’s coat."),      // possessives keep their 's
        ("Dr. Vega and Doctor Vega and Vega.", "{doctor} and {doctor} and {doctor}."),
        ("the doctor arrives.", "the doctor arrives."),                         // a title alone is not the name
        ("Shane O'Hara, O'Hara, Shane.", "{galan}, {galan}, {galan}."),
        ("Desmond Fairchild and Lydia Fairchild.", "{villain} and {mother}."),
        // A surname two people share decides nothing.
        ("Mr. Fairchild waits.", "Mr. Fairchild waits."),
        ("Lydia, Desmond, DESMOND.", "{mother}, {villain}, {villain}."),
        ("Mariana y Anabel; Ana.", "Mariana y Anabel; {lost-relative}."),
        ("mi hermana Ana, Hermana Ana.", "mi hermana {lost-relative}, {lost-relative}."),
        ("Old Sal and the old Sal.", "{extra} and the old {extra}."),
        ("Madre Superiora, la madre superiora.", "{priest}, la madre superiora."),
    ])
    func slots(text: String, expected: String) {
        let slots = CastSlots(cast: [
            ("ROSA", "{heroine}"), ("DOCTOR VEGA", "{doctor}"), ("SHANE O'HARA", "{galan}"),
            ("DESMOND FAIRCHILD", "{villain}"), ("LYDIA FAIRCHILD", "{mother}"), ("ANA", "{lost-relative}"),
            ("OLD SAL", "{extra}"), ("MADRE SUPERIORA", "{priest}"),
        ])
        #expect(slots.apply(text) == expected)
    }

    @Test("a cast name that is only a title, just before another cast name, is its own mention (no overlap)")
    func titleBeforeName() {
        let slots = CastSlots(cast: [("SARGENTO", "{police}"), ("RUIZ", "{villain}")])
        #expect(slots.apply("Sargento Ruiz entra. Ruiz sale.") == "{police} {villain} entra. {villain} sale.")
    }

    @Test("a corpus's training text per tag holds exactly the scenes whose first tag it is")
    func perTag() throws {
        let folder = try TemporaryFolder()
        let other = Self.fixture.replacingOccurrences(of: "[[tags: revelation, family]]",
                                                      with: "[[tags: family, revelation]]")
        try folder.write("a.fountain", Self.fixture + "\n" + other)
        let corpus = try Corpus.load(directory: folder.url.path)
        #expect(corpus.scenes.count == 2)
        // The same body; each header names its own scene's main tag.
        let family = Self.expected.replacingOccurrences(of: "= es revelation: ", with: "= es family: ")
        #expect(corpus.trainingText(tag: "revelation") == Self.expected)
        #expect(corpus.trainingText(tag: "family") == family)
        #expect(corpus.trainingText(tag: "wedding").isEmpty)
        #expect(corpus.trainingText() == Self.expected + "\n" + family)
    }
}
