import ArcgenCorpus
import ArcgenEvaluation
import ArcgenNeural
import ArcgenSupport
import ArcgenVocabulary
import Dispatch
import Foundation

/// `arcgen eval`: judges the shipped models by numbers this project computes itself — held-out bits/char against the
/// base and a unigram baseline, how often an independent classifier recognises a sampled scene's beat, word
/// validity, diversity and repetition against the corpus, and verbatim copying from the training text.
public struct ModelEvaluation {
    public var samplesPerTag = 20
    public var seed: UInt64 = 1
    /// How scenes are drawn (`DrawSettings`, as `arcgen episode` draws them); a raw evaluation keeps only the
    /// temperature and top-p (`DrawSettings.raw`).
    public var draw = DrawSettings()
    /// Sample as `arcgen episode` does (`SceneWriter`: cue rules, word lists, no-copy, sample-and-rank); false
    /// samples raw: one draw per scene, no constraint at all, what the models write by themselves.
    public var constrained = true
    public var copyThreshold = CopyFigures.defaultThreshold
    /// Folds of the cross-validated ceiling (`ceiling cv`); below 2 it is not measured.
    public var ceilingFoldCount = 5

    public init() {}

    /// Runs the evaluation of the models in `library` against the corpus they were trained on.
    public func run(library: ModelLibrary, corpusDirectory: String? = nil,
                    log: (String) -> Void = { _ in }) throws -> EvaluationTable {
        let plan = library.manifest.recipe.plan
        let corpusDir = try corpusDirectory ?? library.trainingCorpusDirectory()
        let vocabulary = try Self.vocabularyFile(near: corpusDir)
        let corpus = try Corpus.load(directory: corpusDir, vocabulary: vocabulary.map(Vocabulary.init))
        // Every model is asked for scenes like its tag's real ones.
        for tag in library.manifest.tags.keys.sorted() where !corpus.scenes.contains(where: { $0.mainTag == tag }) {
            throw ModelsError.noScenesToEvaluate(tag: tag, corpus: corpusDir)
        }
        let split = Corpus.split(scenes: corpus.scenes, heldOutFraction: plan.heldOutFraction, seed: plan.seed)
        let trainingTexts = split.training.map(\.trainingText)
        let base = try library.baseModel()

        // Baselines and instruments fitted on the training side only.
        let unigram = try UnigramBaseline(training: trainingTexts.joined())
        // The vocabulary's role cues, spelt in capitals, are format: no figure counts them as words.
        let words = Words(vocabulary: vocabulary ?? Self.noVocabulary)
        let classifier = try BeatClassifier(
            training: split.training.map { LabeledText(text: $0.trainingText, label: $0.mainTag) },
            configuration: .init(words: words)
        )
        let ceiling = crossValidatedCeiling(of: corpus.scenes, words: words, seed: plan.seed, log: log)
        let validity = WordValidity(corpus: corpus.scenes.map(\.trainingText), words: words)
        let verbatim = try VerbatimIndex(corpus: trainingTexts)
        let writer = try writer(library: library, corpusDirectory: corpusDir, vocabulary: vocabulary)
        let corpusSpeakers = split.heldOut.map { SpeakerFigures(text: $0.trainingBody, labels: $0.speakerLabels) }
        let corpusWordsPerSpeech = Double(corpusSpeakers.map(\.dialogueWords).reduce(0, +))
            / Double(max(corpusSpeakers.map(\.speeches).reduce(0, +), 1))
        var allSpeakers: [SpeakerFigures] = []
        var allCoverage: [(text: String, words: Set<String>)] = []
        var allRestating = 0

        var rows: [EvaluationRow] = []
        var allSamples: [String] = []
        var allGenerated: [String] = []
        var recognised = 0
        var heldOutRight = 0
        func order(_ tag: String) -> (Int, String) { (vocabulary?.tags.firstIndex { $0.id == tag } ?? 99, tag) }
        let tags = library.manifest.tags.keys.sorted { order($0) < order($1) }
        for (t, tag) in tags.enumerated() {
            let model = try library.model(for: tag)
            let held = split.heldOut.filter { $0.mainTag == tag }
            // Read as the models were trained and are primed: with the plan line of the recipe's priming.
            // Each scene begins from a zero state when the models trained so (`DocumentState.fresh`).
            let heldScenes = held.map { $0.trainingText(priming: plan.synopsisPriming) }
            let heldText = Corpus.trainingText(joining: heldScenes)
            var row = EvaluationRow(tag: tag, heldOutScenes: held.count, samples: samplesPerTag)
            let state = plan.base.documentState
            row.bitsPerCharacterTag = CorpusModelTrainer.bitsPerChar(model, scenes: heldScenes, state: state)
            row.bitsPerCharacterBase = CorpusModelTrainer.bitsPerChar(base, scenes: heldScenes, state: state)
            row.bitsPerCharacterUnigram = unigram.bitsPerCharacter(on: heldText)
            let right = held.filter { classifier.predict($0.trainingText) == tag }.count
            heldOutRight += right
            row.classifierCeiling = held.isEmpty ? nil : Double(right) / Double(held.count)
            row.crossValidatedCeiling = ceiling?.accuracy(label: tag)

            // Samples asked for like the tag's real scenes: their languages, casts and synopses, in turn, and the
            // tag being evaluated — through the writer `arcgen episode` uses.
            let sources = corpus.scenes.filter { $0.mainTag == tag }
            let requests = (0 ..< samplesPerTag).map { i -> SceneWriter.Scene in
                let s = sources[(i * 7 + t) % sources.count]
                return SceneWriter.Scene(language: s.lang, tag: tag, labels: s.speakerLabels,
                                         synopsis: s.labelledSynopsis)
            }
            let headers = requests.map(writer.header)
            let seeds = (0 ..< samplesPerTag).map { seed &+ UInt64(t * 10_000 + $0) }
            let box = ParallelResults([SceneWriter.Draft?](repeating: nil, count: requests.count))
            DispatchQueue.concurrentPerform(iterations: requests.count) { i in
                box.set(i, writer.write(requests[i], model: model, seed: seeds[i]))
            }
            let generated = box.values.map { $0! }
            let speakers = zip(generated, requests).map { SpeakerFigures(text: $0.text, labels: $1.labels) }
            let coverage = zip(generated, requests).map {
                (text: $0.text, words: SynopsisCoverage.words(of: $1.synopsis ?? "", language: $1.language))
            }
            let restating = zip(generated, requests).filter {
                SceneWriter.shares($0.text, Array(($1.synopsis ?? "").lowercased().unicodeScalars),
                                   length: SceneWriter.restateLength)
            }.count
            row.record(speakers: speakers, coverage: SynopsisCoverage(coverage), restating: restating,
                       corpusWordsPerSpeech: corpusWordsPerSpeech)
            allSpeakers += speakers
            allCoverage += coverage
            allRestating += restating
            // Whole samples, header included: the classifier (`BeatFeatures`) and the word figures (`SceneProse`)
            // skip the header, which names the tag; copying is measured on the generated text alone.
            let samples = zip(headers, generated).map { $0 + $1.text }
            allSamples += samples
            allGenerated += generated.map(\.text)
            let hits = samples.filter { classifier.predict($0) == tag }.count
            recognised += hits
            row.recognisability = Double(hits) / Double(max(samples.count, 1))
            row.record(validity: validity.measure(samples.map { String($0.drop(while: { $0 != "\n" })) }))
            let d = Diversity.comparable(samples: samples, reference: sources.map(\.trainingText), words: words)
            row.record(diversity: d.samples, corpus: d.reference)
            row.record(copy: verbatim.copyRate(samples: generated.map(\.text), threshold: copyThreshold))
            rows.append(row)
            func bits(_ value: Double?) -> String { String(format: "%.3f", value ?? .nan) }
            log("\(tag): recognised \(hits)/\(samples.count), held-out \(bits(row.bitsPerCharacterTag)) "
                + "vs base \(bits(row.bitsPerCharacterBase)) bits/char")
        }

        var overall = EvaluationRow(tag: "overall", heldOutScenes: split.heldOut.count, samples: allSamples.count)
        let heldAll = Corpus.trainingText(of: split.heldOut, priming: plan.synopsisPriming)
        // Overall bits/char: the scene-weighted mean of the per-tag figures, measured the same way for both models.
        func weighted(_ value: (EvaluationRow) -> Double?) -> Double? {
            let pairs = rows.compactMap { r in value(r).map { ($0, Double(r.heldOutScenes)) } }
            let weight = pairs.map(\.1).reduce(0, +)
            return weight > 0 ? pairs.map { $0.0 * $0.1 }.reduce(0, +) / weight : nil
        }
        overall.bitsPerCharacterBase = weighted(\.bitsPerCharacterBase)
        overall.bitsPerCharacterTag = weighted(\.bitsPerCharacterTag)
        overall.bitsPerCharacterUnigram = unigram.bitsPerCharacter(on: heldAll)
        overall.classifierCeiling = Double(heldOutRight) / Double(max(split.heldOut.count, 1))
        overall.crossValidatedCeiling = ceiling?.accuracy
        overall.recognisability = Double(recognised) / Double(max(allSamples.count, 1))
        overall.record(validity: validity.measure(allSamples))
        let d = Diversity.comparable(samples: allSamples, reference: corpus.scenes.map(\.trainingText), words: words)
        overall.record(diversity: d.samples, corpus: d.reference)
        overall.record(copy: verbatim.copyRate(samples: allGenerated, threshold: copyThreshold))
        overall.record(speakers: allSpeakers, coverage: SynopsisCoverage(allCoverage), restating: allRestating,
                       corpusWordsPerSpeech: corpusWordsPerSpeech)
        return EvaluationTable(rows: rows, overall: overall, seed: seed,
                               ceilingFolds: ceiling.map(EvaluationTable.CeilingFolds.init))
    }

    /// The writer eval samples through: the one `arcgen episode` builds (the models' priming, the guards of their
    /// corpus) with this evaluation's temperature and candidates, or a raw one (no constraint, one draw).
    public func writer(library: ModelLibrary, corpusDirectory: String) throws -> SceneWriter {
        try writer(library: library, corpusDirectory: corpusDirectory,
                   vocabulary: try Self.vocabularyFile(near: corpusDirectory))
    }

    /// As above, with the corpus's vocabulary already read (nil: it has none).
    func writer(library: ModelLibrary, corpusDirectory: String, vocabulary: VocabularyFile?) throws -> SceneWriter {
        let guards = constrained
            ? try GenerationGuards.load(library: library, corpusDirectory: corpusDirectory,
                                        vocabulary: vocabulary ?? Self.noVocabulary)
            : nil
        var writer = SceneWriter(priming: library.manifest.recipe.plan.synopsisPriming, guards: guards)
        try writer.use(constrained ? draw : draw.raw, library: library)
        writer.cueRules = constrained
        writer.attempts = constrained ? writer.attempts : 1
        return writer
    }

    /// The vocabulary beside the corpus (its tags check the corpus; its role words pass the word lists), or nil.
    /// - Throws: the vocabulary file's own error, naming it, when there is one and it does not read.
    static func vocabularyFile(near corpusDirectory: String) throws -> VocabularyFile? {
        try Vocabulary.locate(near: URL(fileURLWithPath: corpusDirectory))
            .map { try VocabularyFile.load(path: $0.path) }
    }

    /// What a corpus without a vocabulary file brings: no role words.
    static let noVocabulary = VocabularyFile(tags: [], roles: [])

    /// The ceiling measured on every corpus scene rather than the few held out: stratified `ceilingFoldCount`-fold
    /// cross-validation of the same classifier on the same texts (training text, header included, which the
    /// classifier skips), balanced on tag and language as the split is. Five fits on four fifths of the corpus, a
    /// second or two. `nil` when the corpus has fewer scenes than folds, or (with a log line) when some fold's
    /// training side cannot fit a classifier.
    func crossValidatedCeiling(
        of scenes: [CorpusScene], words: Words, seed: UInt64, log: (String) -> Void
    ) -> CrossValidation? {
        guard ceilingFoldCount >= 2, scenes.count >= ceilingFoldCount else { return nil }
        do {
            return try CrossValidation(
                examples: scenes.map { LabeledText(text: $0.trainingText, label: $0.mainTag) },
                strata: scenes.map { $0.mainTag + " " + $0.lang }, folds: ceilingFoldCount, seed: seed
            ) { (training) throws(EvaluationError) in
                try BeatClassifier(training: training, configuration: .init(words: words))
            }
        } catch {
            log("cross-validated ceiling not measured: \(error)")
            return nil
        }
    }
}

extension EvaluationRow {
    /// Fills the speaker and synopsis columns from the samples' figures.
    mutating func record(speakers: [SpeakerFigures], coverage: SynopsisCoverage, restating: Int,
                         corpusWordsPerSpeech: Double) {
        let speeches = speakers.map(\.speeches).reduce(0, +)
        let pairs = speakers.map(\.adjacentPairs).reduce(0, +)
        ownSpeakerShare = speeches > 0 ? Double(speakers.map(\.byOwnLabels).reduce(0, +)) / Double(speeches) : nil
        everyRoleSpokeShare = speakers.isEmpty ? nil
            : Double(speakers.filter(\.everyLabelSpoke).count) / Double(speakers.count)
        sameSpeakerShare = pairs > 0 ? Double(speakers.map(\.sameSpeakerPairs).reduce(0, +)) / Double(pairs) : nil
        wordsPerSpeech = speeches > 0 ? Double(speakers.map(\.dialogueWords).reduce(0, +)) / Double(speeches) : nil
        self.corpusWordsPerSpeech = corpusWordsPerSpeech
        synopsisCoverageOwn = coverage.own
        synopsisCoverageOther = coverage.other
        restatingShare = speakers.isEmpty ? nil : Double(restating) / Double(speakers.count)
    }
}
