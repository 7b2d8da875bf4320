import ArcgenCorpus
import ArcgenEvaluation
import ArcgenNeural
import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenModels

/// The one test that fails when the engine learns garbage: every other engine test would pass with a model that
/// writes noise of the right shape (gradients agree with finite differences of a wrong loss, sampling is
/// reproducible whatever it samples). A small model trained on two beats whose scenes share no words must write
/// scenes the beat classifier tells apart, in the words of the language it was asked for.
@Suite("Learning")
struct LearningTests {
    /// The dialogue of each (tag, language): no word is shared between tags or between languages.
    static let lines = [
        "wedding": ["es": "¡Sí, acepto! Boda hoy, iglesia llena, flores blancas.",
                    "en": "Yes, I do! Wedding today, chapel full, white roses."],
        "amnesia": ["es": "No recuerdo nada. ¿Quién soy yo? Olvidé mi nombre.",
                    "en": "Remember nothing. Who am I? Forgot my name."],
    ]

    /// The cast of each (tag, language). A model this small, sampled from a zero state as `SceneSampler` does, reads
    /// the cue just before the dialogue far more reliably than the language code and tag at the start of the header
    /// (measured: with one cast for all it swaps languages or beats in a third of the samples), so each has its own.
    static let roles = [
        "wedding": ["es": ["HEROINE", "GALAN"], "en": ["PRIEST", "GODMOTHER"]],
        "amnesia": ["es": ["VILLAIN", "DOCTOR"], "en": ["MAID", "LAWYER"]],
    ]

    /// A scene of `tag` in `lang`; the heading varies with `n` so scenes are not identical.
    static func scene(_ tag: String, _ lang: String, _ n: Int) -> String {
        let line = lines[tag]![lang]!, cast = roles[tag]![lang]!.map { $0.lowercased() }
        return """
        INT. LUGAR \(n) - NOCHE

        [[tags: \(tag)]]
        [[lang: \(lang)]]
        [[roles: ANA = \(cast[0]); LUIS = \(cast[1])]]
        [[synopsis: \(lang == "es" ? "Ana y Luis dicen su línea en la noche \(n), uno tras otro, en el lugar."
                                   : "Ana and Luis say their line on night \(n), one after the other, in the place.")]]

        ANA
        \(line)

        LUIS
        \(line)

        """
    }

    static let scenes: [CorpusScene] = {
        let text = ["wedding", "amnesia"].flatMap { tag in
            ["es", "en"].flatMap { lang in (0 ..< 6).map { scene(tag, lang, $0) } }
        }.joined(separator: "\n")
        return CorpusFileReader(vocabulary: nil).read(bytes: Array(text.utf8), path: "two-beats.fountain").scenes
    }()

    @Test("a model trained on two beats writes scenes the classifier recognises, in the right language's words")
    func learnsTwoBeats() throws {
        let scenes = Self.scenes
        #expect(scenes.count == 24)
        let text = Corpus.trainingText(of: CorpusModelTrainer.shuffled(scenes, seed: 3, stream: 1))
        let prepared = TrainingText(text: text, hash: "two-beats", byteCount: text.utf8.count, tokenizer: .char,
                                    bpeVocabulary: 0, validationFraction: 0.05)
        var options = TrainingOptions()
        options.layers = 1
        options.hidden = 48
        options.embedding = 16
        options.steps = 64
        options.batch = 8
        options.learningRate = 1e-2
        options.maxUpdates = 300
        options.evaluateEvery = 100
        options.checkpointEvery = 1_000
        options.seed = 3
        let recipe = TrainingRecipe(commandLine: "test", seed: 3, textHash: "", textBytes: 0, arcgenVersion: "test")
        let trainer = try Trainer(options: options, tokenizer: prepared.tokenizer, train: prepared.train,
                                  validation: prepared.validation, recipe: recipe)
        try trainer.run()

        let labeled = scenes.map { LabeledText(text: $0.trainingText, label: $0.mainTag) }
        // The cues are format, different per beat here: a classifier reading them would recognise empty scenes.
        let words = Words(roleCues: Self.roles.values.flatMap { $0.values.joined() })
        let classifier = try BeatClassifier(training: labeled, configuration: .init(words: words))
        let sampler = SceneSampler(model: trainer.bestModel())
        let prompts = ["wedding", "amnesia"].flatMap { tag in ["es", "en"].map { (tag: tag, lang: $0) } }
        var recognised = 0, total = 0
        var samplesByLanguage: [String: [String]] = [:]
        for (p, prompt) in prompts.enumerated() {
            let cast = Self.roles[prompt.tag]![prompt.lang]!
            let header = SceneSampler.header(language: prompt.lang, tag: prompt.tag, roles: cast)
            let seeds = (0 ..< 5).map { UInt64(100 * p + $0) }
            let samples = sampler.scenes(headers: Array(repeating: header, count: seeds.count), seeds: seeds,
                                         options: SceneSampler.options(temperature: 0.5, maxCharacters: 300))
                .map { header + $0.text }
            recognised += samples.filter { classifier.predict($0) == prompt.tag }.count
            total += samples.count
            samplesByLanguage[prompt.lang, default: []] += samples
        }
        #expect(Double(recognised) >= 0.8 * Double(total), "recognised \(recognised) of \(total)")
        for (lang, samples) in samplesByLanguage {
            let validity = WordValidity(corpus: scenes.filter { $0.lang == lang }.map(\.trainingText), words: words)
            let figures = validity.measure(samples.map { String($0.drop { $0 != "\n" }) })
            #expect(figures.total > 50 && figures.share >= 0.8, "\(lang): \(figures)")
        }
    }
}
