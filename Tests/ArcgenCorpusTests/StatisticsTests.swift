import ArcgenFountain
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
    [[synopsis: Rosaura le reclama a Emiliano que la dejó esperando toda la noche en la estación.]]

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
    [[synopsis: Rosaura le reclama a Emiliano que la dejó esperando toda la noche en la estación.]]

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
    [[synopsis: Hope tells Jake that she waited for him all night at the station, and he has no answer.]]

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
        // A corpus under the sample's size is sampled whole; a small target takes whole scenes until reached.
        #expect(stats.sampledDiversity.scenes == 3 && stats.sampledDiversity.words == all.words)
        #expect(stats.sampledDiversity.distinct2 == all.distinct2 && stats.sampledDiversity.distinct1 == all.distinct1)
        let one = CorpusStatistics.sampledDiversity(scenes: corpus.scenes, targetWords: 1)
        #expect(one.scenes == 1 && one.words > 0 && one.words < all.words)
        let english = try #require(stats.dialogue.first { $0.lang == "en" })
        #expect(english.lines == 2 && english.countedLines == 1 && english.duplicateLines == 0)
        // The two Spanish scenes share 1 of the 2 counted lines of the smaller one: 50%.
        #expect(stats.nearDuplicates.count == 1)
        let pair = try #require(stats.maxOverlap)
        #expect(pair.sharedLines == 1 && pair.overlap == 0.5)
        #expect(pair.first.hasSuffix("a.es.fountain:1") && pair.second.hasSuffix("a.es.fountain:17"))
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

    @Test("synopsis coverage counts scenes left out for errors; speaker turns and length buckets are counted")
    func coverageTurnsLengths() throws {
        let folder = try TemporaryFolder()
        let missing = Self.english.replacingOccurrences(of: "[[synopsis:", with: "[[note:")
        try folder.write("a.es.fountain", Self.spanish)
        try folder.write("b.en.fountain", missing)
        let report = try Corpus.check(directory: folder.url.path, vocabulary: nil)
        #expect(report.errorCount == 1 && report.sceneCount == 3 && report.synopsisCount == 2)
        let stats = CorpusStatistics(report: report)
        #expect(stats.scenes == 2)
        #expect(stats.synopsis == CorpusStatistics.SynopsisRow(scenes: 3, withSynopsis: 2, coverage: 2.0 / 3.0))
        #expect(stats.table().contains("synopsis notes: 2 of 3 scenes (66.7%)"))
        // Each Spanish scene alternates ROSAURA, EMILIANO, ROSAURA… with no action between: all pairs change.
        let pairs = report.corpus.scenes.reduce(0) { $0 + $1.speeches.count - 1 }
        #expect(stats.turns.adjacentPairs == pairs && stats.turns.sameSpeakerPairs == 0)
        #expect(stats.turns.alternationRate == 1)
        #expect(stats.lengths.buckets.reduce(0, +) == 2 && stats.lengths.buckets[0] == 2)
        #expect(stats.lengths.minimum <= stats.lengths.median && stats.lengths.median <= stats.lengths.maximum)
    }

    @Test("speaker turns: a repeat is the same cue again with only dialogue, parentheticals or notes between")
    func speakerTurns() throws {
        let text = """
        INT. X - DÍA

        ANA
        Uno.

        ANA (CONT'D)
        (bajito)
        Dos.

        Luis entra.

        ANA
        Tres.

        LUIS
        Cuatro.

        [[una nota]]

        LUIS
        Cinco.

        """
        let turns = SpeakerTurns(FountainParser.parse(text).elements)
        #expect(turns.adjacentPairs == 3)
        #expect(turns.repeats.map(\.name) == ["ANA", "LUIS"])
        #expect(turns.repeats.map(\.line) == [6, 20] && turns.repeats.map(\.previousLine) == [3, 15])
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
