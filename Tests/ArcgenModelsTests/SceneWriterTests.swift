import ArcgenCorpus
import ArcgenNeural
import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenModels

/// The generation contract: what primes a scene, how candidates are ranked, and the figures eval reads from a draw.
@Suite("Scene writer")
struct SceneWriterTests {
    /// A random model over the characters of the pipeline's scenes: enough to test what the writer does with draws.
    static func tinyModel() -> LanguageModel {
        let text = TrainingHeaderTests.scenes.map { $0.trainingText(priming: .words) }.joined()
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let tokenizer = CharTokenizer(learningFrom: text)
        let config = LSTMConfig(vocabularySize: tokenizer.vocabularySize, embedding: 8, hidden: 24, layers: 1)
        var rng = SeededRandom(seed: 5)
        let parameters = ParameterLayout(config).initialParameters(config, rng: &rng)
        return LanguageModel(config: config, tokenizer: tokenizer, parameters: parameters, recipe: TrainingRecipe(
            commandLine: "test", seed: 5, textHash: "0", textBytes: text.utf8.count, arcgenVersion: "test"))
    }

    @Test("only the plan words the word list holds may follow any word: the others would lead to a dead end")
    func freePlanWords() throws {
        let guards = GenerationGuards(words: WordTrie(words: ["la", "casa", "roja"]), source: "la casa roja\n")
        let all = guards.constraints(noCopy: guards.noCopyConstraint(), wordPairs: true, planWords: ["roja", "xyz"])
        var pairs = try #require(all.first { $0 is WordPairConstraint })
        pairs.append(Array("la ".unicodeScalars))
        #expect(pairs.allows(Array("roja ".unicodeScalars)) && !pairs.allows(["x"]))
    }

    @Test("the writer frees its scene's plan words of the word pairs and triples, once, or holds them, as asked")
    func heldPlanWords() throws {
        let guards = GenerationGuards(words: WordTrie(words: ["la", "casa", "roja"]), source: "la casa roja\n")
        var writer = SceneWriter(priming: .words, guards: guards)
        let scene = SceneWriter.Scene(language: "es", tag: "secret", labels: ["HEROINE"], synopsis: "La roja.")
        for freedom in DrawSettings.PlanWordFreedom.allCases {
            writer.draw.freePlanWords = freedom
            var pairs = try #require(writer.constraints(scene, header: "").1.first { $0 is WordPairConstraint })
            pairs.append(Array("la ".unicodeScalars))
            #expect(pairs.allows(Array("roja ".unicodeScalars)) == (freedom != .held))
            #expect(pairs.allows(Array("casa".unicodeScalars)))
            guard freedom != .held else { continue }
            pairs.append(Array("roja. la ".unicodeScalars))
            #expect(pairs.allows(Array("roja ".unicodeScalars)) == (freedom == .free), "once: spent after 'la'")
        }
    }

    @Test("the writer primes with exactly the training header of a scene, plan line included, for every priming")
    func headerIsTheTrainingHeader() {
        for scene in TrainingHeaderTests.scenes {
            for priming in SynopsisPriming.allCases {
                let writer = SceneWriter(priming: priming, guards: nil)
                let request = SceneWriter.Scene(language: scene.lang, tag: scene.mainTag, labels: scene.speakerLabels,
                                                synopsis: scene.labelledSynopsis)
                #expect(writer.header(request) == scene.trainingHeader(priming: priming) + "\n\n")
                #expect(scene.trainingText(priming: priming).hasPrefix(writer.header(request)))
            }
        }
        let crowded = TrainingHeaderTests.scenes.last!
        #expect(crowded.labelledSynopsis.hasPrefix("LOST-RELATIVE knocks on HEROINE's door"))
        #expect(crowded.trainingHeader(priming: .words)
                == "= en reunion: LOST-RELATIVE, EXTRA, HEROINE, EXTRA 2\n= LOST-RELATIVE knocks HEROINE door tells "
                + "sister taken family")
        #expect(crowded.trainingHeader(priming: .none) == crowded.trainingHeader)
    }

    @Test("same scene, model and seed: the same draft, alone or among scenes written in parallel")
    func deterministic() throws {
        let model = Self.tinyModel()
        var writer = SceneWriter(priming: .words, guards: nil)
        writer.maxCharacters = 200
        let request = SceneWriter.Scene(language: "es", tag: "wedding", labels: ["HEROINE", "GALAN"],
                                        synopsis: "HEROINE y GALAN se casan en la capilla del puerto")
        let a = writer.write(request, model: model, seed: 9)
        let box = ParallelResults([SceneWriter.Draft?](repeating: nil, count: 3))
        let shared = writer
        DispatchQueue.concurrentPerform(iterations: 3) { i in box.set(i, shared.write(request, model: model, seed: 9)) }
        for d in box.values { #expect(d!.text == a.text && d!.seed == a.seed) }
        #expect(writer.write(request, model: model, seed: 10).text != a.text)
    }

    /// A scene of two roles with a synopsis, and a writer of one batch of 200-character candidates.
    static func smallScene(rankParagraphs: Bool) -> (SceneWriter, SceneWriter.Scene) {
        var writer = SceneWriter(priming: .words, guards: nil)
        writer.maxCharacters = 200
        writer.attempts = 1
        writer.draw.rankParagraphs = rankParagraphs
        return (writer, SceneWriter.Scene(language: "es", tag: "amnesia", labels: ["HEROINE", "GALAN"],
                                          synopsis: "HEROINE no recuerda a GALAN tras el accidente"))
    }

    @Test("the kept draft is the best of its batch by the documented score, and replays alone from its seed")
    func ranking() throws {
        let model = Self.tinyModel()
        var (writer, request) = Self.smallScene(rankParagraphs: false)
        writer.draw.planPull = 1.5
        let kept = writer.write(request, model: model, seed: 21)
        let header = writer.header(request)
        let options = writer.options(temperature: writer.draw.temperature)
        var scores: [SceneWriter.Score] = []
        for k in 0 ..< writer.draw.candidates {
            let seed = SceneWriter.derivedSeed(21, k)
            let (cues, constraints) = writer.constraints(request, header: header)
            let out = SceneSampler(model: model).scenes(headers: [header], seeds: [seed], options: options,
                                                        constraints: [constraints],
                                                        pulls: writer.pull(request).map { [$0] })[0]
            if seed == kept.seed { #expect(out.text == kept.text) }
            scores.append(SceneWriter.score(out, of: request, cues: cues).0)
        }
        // A stream drawn alone gets the bits it got in the batch, so the kept score is one of these exactly.
        #expect(scores.allSatisfy { !(kept.score < $0) })
        #expect(scores.contains { $0.merit == kept.score.merit })
    }

    @Test("a raw draw keeps the temperature and top-p, and drops the pulls, the candidates and the rank")
    func rawDraw() {
        var draw = DrawSettings()
        draw.temperature = 0.7
        draw.topP = 0.8
        draw.beatPull = 2
        draw.candidates = 8
        let raw = draw.raw
        #expect(raw.temperature == 0.7 && raw.topP == 0.8)
        #expect(raw.planPull == 0 && raw.beatPull == 0 && raw.candidates == 1 && !raw.rankParagraphs)
    }

    @Test("ranked by paragraphs, a draft is its batch's one text, and replays from the batch's seed")
    func paragraphRanking() throws {
        let model = Self.tinyModel()
        #expect(SceneWriter(priming: .words, guards: nil).draw.rankParagraphs)      // the default
        let (writer, request) = Self.smallScene(rankParagraphs: true)
        let kept = writer.write(request, model: model, seed: 21)
        #expect(kept.seed == 21 && writer.write(request, model: model, seed: 21).text == kept.text)
        let header = writer.header(request)
        let options = writer.options(temperature: writer.draw.temperature)
        #expect(options.rankParagraphs && options.redrawRefusedCues)
        let n = writer.draw.candidates
        let constraints = (0 ..< n).map { _ in writer.constraints(request, header: header).1 }
        let replay = SceneSampler(model: model).scenes(
            headers: Array(repeating: header, count: n), seeds: (0 ..< n).map { SceneWriter.derivedSeed(21, $0) },
            options: options, constraints: constraints,
            pulls: writer.pull(request).map { Array(repeating: $0, count: n) })
        #expect(replay.allSatisfy { $0.text == kept.text })
    }

    @Test("a looping draw ranks below one that does not, however likely the model finds it")
    func loopsRankLast() {
        let loop = "Un carro de la cara de la cara de la camisa de la cara de la cara de la correa de la cara."
        let plain = "Un carro cruza el vado. Ella se seca la cara y no le contesta."
        #expect(SceneWriter.repeatedTrigramShare(loop) > SceneWriter.loopShare)
        #expect(SceneWriter.repeatedTrigramShare(plain) == 0)
        func score(loops: Bool, likelihood: Double) -> SceneWriter.Score {
            SceneWriter.Score(rolesSpoken: 2, speeches: 3, restates: false, loops: loops, coverage: 0.2,
                              meanLogLikelihood: likelihood)
        }
        #expect(score(loops: true, likelihood: -0.3) < score(loops: false, likelihood: -1.4))
    }

    @Test("speaker figures: own labels, every role, same speaker with and without action between, words")
    func speakerFigures() {
        let text = """
        HEROINE
        ¿Quién eres?

        HEROINE
        Contesta.

        La puerta se abre.

        HEROINE
        (bajito)
        Ya sé quién eres.

        EXTRA
        Nadie.

        """
        let f = SpeakerFigures(text: text, labels: ["HEROINE", "GALAN"])
        #expect(f.speeches == 4 && f.byOwnLabels == 3 && f.adjacentPairs == 3 && f.sameSpeakerPairs == 1)
        #expect(f.dialogueWords == 2 + 1 + 4 + 1)
        #expect(!f.everyLabelSpoke)
        #expect(SpeakerFigures(text: text, labels: ["HEROINE"]).everyLabelSpoke)
    }

    @Test("synopsis coverage: 1× when scenes ignore their synopses, above when each talks of its own")
    func coverage() {
        let words: [Set<String>] = [["barco", "naufragio"], ["caballo", "feria"]]
        let own = SynopsisCoverage([("el barco y el naufragio", words[0]), ("la feria y el caballo", words[1])])
        #expect(own.own == 1 && own.other == 0 && own.ratio == nil)
        let mixed = SynopsisCoverage([("barco caballo", words[0]), ("barco caballo", words[1])])
        #expect(mixed.ratio == 1)
        // A scene with no synopsis words has no own share to count (it had counted as 0), only the others' words.
        let unplanned = SynopsisCoverage([("el barco y el naufragio", words[0]), ("el barco", [])])
        #expect(unplanned.own == 1 && unplanned.other == 0.5)
        #expect(SynopsisCoverage.words(of: "HEROINE pierde el barco en el naufragio", language: "es")
                == ["pierde", "barco", "naufragio"])
        #expect(SceneWriter.shares("…y dijo: pierde el barco en el naufragio, ya.",
                                   Array("HEROINE pierde el barco en el naufragio".lowercased().unicodeScalars),
                                   length: 30))
    }
}
