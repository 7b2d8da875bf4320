import Foundation
import Testing
@testable import ArcgenCorpus

@Suite("corpus stats")
struct StatisticsTests {
    /// Three scenes small enough to count by hand (see the expectations for the arithmetic).
    static let spanish = """
    INT. ESTACIÓN - NOCHE

    [[tags: encounter]]
    [[lang: es]]
    [[roles: ROSAURA = heroine; EMILIANO = galan]]

    ROSAURA
    Te esperé toda la noche en la estación.

    EMILIANO
    ¿Qué?

    ROSAURA
    No vuelvas a buscarme nunca más, Emiliano.

    EXT. ANDÉN - DÍA

    [[tags: encounter, secret]]
    [[lang: es]]
    [[roles: ROSAURA = heroine; EMILIANO = galan]]

    ROSAURA
    ¡Te esperé toda la noche en la estación!

    EMILIANO
    ¿Qué?
    El tren salió sin ti y sin mí.

    ROSAURA
    Mañana hablaremos con tu padre.

    """

    static let english = """
    INT. DINER - NIGHT

    [[tags: encounter]]
    [[lang: en]]
    [[roles: HOPE = heroine; JAKE = galan]]

    HOPE
    I waited for you all night long.

    JAKE
    Yes.

    """

    static func statistics() throws -> (CorpusStatistics, Corpus) {
        let folder = try TemporaryFolder()
        try folder.write("a.es.fountain", spanish)
        try folder.write("b.en.fountain", english)
        let corpus = try Corpus.load(directory: folder.url.path)
        return (CorpusStatistics(corpus: corpus, tagOrder: ["encounter", "secret"], roleOrder: ["heroine", "galan"]), corpus)
    }

    @Test("short interjections are at most 3 words or 20 characters", arguments: [
        ("¿Qué?", true), ("Yes, ma'am, right now.", true), ("¡Dios mío, qué horror!", true),
        ("Mañana hablaremos con tu padre.", false), ("I waited for you all night long.", false),
    ])
    func short(line: String, isShort: Bool) {
        #expect(DialogueText.isShort(line) == isShort)
    }

    @Test("lines compare without case and punctuation")
    func normalization() {
        #expect(DialogueText.normalized("¡Te esperé toda la NOCHE, en la estación!") == "te esperé toda la noche en la estación")
        #expect(DialogueText.words("Don't go, Jean-Luc.") == ["don't", "go", "jean", "luc"])
    }

    @Test("duplicate-line rate, distinct-1/2 and near-duplicate pairs on a hand-counted corpus")
    func counts() throws {
        let (stats, corpus) = try Self.statistics()
        #expect(stats.scenes == 3 && stats.files == 2 && stats.bytes == corpus.byteCount)
        let all = try #require(stats.dialogue.last)
        #expect(all.lang == "all")
        // 9 dialogue lines; 6 are longer than an interjection; "te esperé toda la noche en la estación" twice.
        #expect(all.lines == 9 && all.countedLines == 6 && all.duplicateLines == 2)
        #expect(abs(all.duplicateRate - 2.0 / 6.0) < 1e-12)
        // 46 words, 35 distinct; 37 within-line pairs, 30 distinct.
        #expect(all.words == 46)
        #expect(abs(all.distinct1 - 35.0 / 46.0) < 1e-12)
        #expect(abs(all.distinct2 - 30.0 / 37.0) < 1e-12)
        let english = try #require(stats.dialogue.first { $0.lang == "en" })
        #expect(english.lines == 2 && english.countedLines == 1 && english.duplicateLines == 0)
        // The two Spanish scenes share 1 of the 2 counted lines of the smaller one: 50%.
        #expect(stats.nearDuplicates.count == 1)
        let pair = try #require(stats.maxOverlap)
        #expect(pair.sharedLines == 1 && pair.overlap == 0.5)
        #expect(pair.first.hasSuffix("a.es.fountain:1") && pair.second.hasSuffix("a.es.fountain:16"))
    }

    @Test("scenes per tag and language, secondary tags, speeches per role, language shares")
    func tables() throws {
        let (stats, corpus) = try Self.statistics()
        #expect(stats.tags.map(\.tag) == ["encounter", "secret"])
        #expect(stats.tags[0].scenes == ["es": 2, "en": 1] && stats.tags[0].secondary == 0)
        #expect(stats.tags[1].scenes.isEmpty && stats.tags[1].secondary == 1)
        let esCharacters = corpus.scenes.filter { $0.lang == "es" }.reduce(0) { $0 + $1.trainingText.count }
        #expect(stats.tags[0].characters["es"] == esCharacters)
        #expect(stats.roles == [
            CorpusStatistics.RoleRow(role: "heroine", speeches: 5, scenes: 3),
            CorpusStatistics.RoleRow(role: "galan", speeches: 3, scenes: 3),
        ])
        #expect(stats.languages.map(\.lang) == ["es", "en"] && stats.languages[0].scenes == 2)
        #expect(abs(stats.languages[0].sceneShare - 2.0 / 3.0) < 1e-12)
        #expect(abs(stats.languages[0].byteShare + stats.languages[1].byteShare - 1) < 1e-12)
        #expect(stats.languages[1].bytes == Self.english.utf8.count)
    }

    @Test("text and JSON reports carry the figures")
    func reports() throws {
        let (stats, _) = try Self.statistics()
        let table = stats.table()
        #expect(table.contains("3 scenes in 2 files"))
        #expect(table.contains("max scene overlap: 50.0% (1 line shared)"))
        #expect(table.contains("near-duplicate scene pairs (sharing more than 20.0% of their lines): 1\n  50.0%  1 line  "))
        let decoded = try JSONDecoder().decode(CorpusStatistics.self, from: Data(try stats.json().utf8))
        #expect(decoded == stats)
    }
}
