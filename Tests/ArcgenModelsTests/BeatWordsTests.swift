import ArcgenCorpus
import Foundation
import Testing
@testable import ArcgenModels
@testable import ArcgenNeural

/// The words that mark a beat: chosen for being typical of its scenes, not merely frequent, in each language.
@Suite("Beat words")
struct BeatWordsTests {
    /// Scenes of two beats: "anillo" in every proposal, "ataúd" in every false death, "la" and "casa" everywhere.
    static let scenes: [BeatWords.Scene] = (0 ..< 6).flatMap { i -> [BeatWords.Scene] in
        [
            .init(language: "es", tag: "proposal", body: """
                {heroine} mira la casa. Saca el anillo y sonríe, pero que nervios. La Dra. Salas aplaude.

                GALAN
                (pausa)
                ¿Te casas conmigo? Mira a Mateo, que llega. Pero que bonito. Ay, Dra. Salas.

                ===
                """ + (i < 2 ? "\nUna cajita roja en la mesa." : "")),
            .init(language: "es", tag: "false-death", body: """
                La casa en silencio. El ataúd en la sala, y la viuda reza.

                HEROINE
                No está muerto. Mateo lo vio ayer.

                ===
                """),
            .init(language: "en", tag: "proposal",
                  body: "He kneels in the house, and the ring. A ring in a box.\n\n===\n"),
            .init(language: "en", tag: "false-death", body: "A coffin in the house. Nobody speaks.\n\n===\n"),
        ]
    }

    @Test("a beat keeps its typical words, in its own language; common words, rare props, names and slots are out")
    func typicalWords() {
        let beats = BeatWords.build(Self.scenes, perBeat: 30, minScenes: 3)
        let proposal = beats.words(tag: "proposal", language: "es")
        let death = beats.words(tag: "false-death", language: "es")
        #expect(proposal.contains("anillo") && proposal.contains("casas") && proposal.contains("conmigo"))
        #expect(death.contains("ataúd") && death.contains("muerto") && death.contains("viuda"))
        #expect(!proposal.contains("ataúd") && !death.contains("anillo"))
        // A word of both beats ranks below the beat's own ("casa", once a scene in each; "la" is too short).
        let common = [proposal.firstIndex(of: "casa") ?? .max, death.firstIndex(of: "casa") ?? .max]
        #expect(common[0] > proposal.firstIndex(of: "anillo")! && common[1] > death.firstIndex(of: "ataúd")!)
        #expect(!proposal.contains("la") && !death.contains("la"))
        // In two scenes only ("cajita"), a name capitalised inside a sentence ("Mateo"), a role slot or cue
        // ("heroine", "galan"): never a beat's word.
        // Nor a function word ("pero", "que", however typical), a parenthetical's direction ("pausa"), or a name
        // after a title's period ("Dra. Salas").
        for word in ["cajita", "mateo", "heroine", "galan", "pero", "que", "pausa", "salas"] {
            #expect(!proposal.contains(word) && !death.contains(word), "\(word)")
        }
        #expect(beats.words(tag: "proposal", language: "en").contains("ring"))
        #expect(!beats.words(tag: "proposal", language: "en").contains("anillo"))
        #expect(!beats.words(tag: "proposal", language: "en").contains("the"))
        #expect(beats.words(tag: "wedding", language: "es").isEmpty)
        // The most typical first, and at most perBeat.
        let two = BeatWords.build(Self.scenes, perBeat: 2, minScenes: 3)
        #expect(two.words(tag: "proposal", language: "es") == Array(proposal.prefix(2)))
    }

    @Test("the guards cache keeps the beat words: read back as built")
    func cacheRoundTrip() throws {
        let beats = BeatWords.build(Self.scenes, perBeat: 30, minScenes: 3)
        let cache = GuardsCache(key: 7, source: "texto", wordsByLanguage: [("es", ["anillo", "casa"])],
                                beatWords: beats)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("beat-\(UUID().uuidString).cache")
        defer { try? FileManager.default.removeItem(at: url) }
        try cache.encoded().write(to: url)
        let read = try #require(GuardsCache.read(url, key: 7))
        #expect(read == cache && !read.beatWords.words(tag: "proposal", language: "es").isEmpty)
    }

    @Test("the writer pulls towards its scene's beat words only with a beat pull, and never counts them in the rank")
    func writerPull() {
        let beats = BeatWords(words: ["es": ["proposal": ["anillo"], "wedding": ["altar"]]])
        let guards = GenerationGuards(words: WordTrie(words: ["anillo"]), source: "", beatWords: beats)
        var writer = SceneWriter(priming: .words, guards: guards)
        let scene = SceneWriter.Scene(language: "es", tag: "proposal", labels: ["HEROINE"], synopsis: "Pide su mano")
        #expect(writer.draw.beatPull == 0 && writer.pull(scene)?.sidePending.isEmpty == true)
        writer.draw.beatPull = 0.5
        let pull = writer.pull(scene)
        #expect(pull?.sidePending == [Array("anillo".unicodeScalars)] && pull?.sideStrength == 0.5)
        #expect(pull?.wordCount == SynopsisCoverage.words(of: "Pide su mano", language: "es").count)
        writer.draw.planPull = 0
        #expect(writer.pull(scene)?.wordCount == 0 && writer.pull(scene)?.sidePending.count == 1)
        writer.draw.beatPull = 0
        #expect(writer.pull(scene) == nil)
    }
}
