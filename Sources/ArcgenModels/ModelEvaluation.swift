import ArcgenCorpus
import ArcgenEvaluation
import ArcgenNeural
import ArcgenSupport
import Foundation

/// `arcgen eval`: judges the shipped models by numbers this project computes itself — held-out bits/char against the
/// base and a unigram baseline, how often an independent classifier recognises a sampled scene's beat, word
/// validity, diversity and repetition against the corpus, and verbatim copying from the training text.
public struct ModelEvaluation {
    public var samplesPerTag = 20
    public var seed: UInt64 = 1
    public var temperature: Float = 0.8
    /// Sample with the word-list and no-copy constraints the episode generator uses.
    public var constrained = false
    public var copyThreshold = CopyFigures.defaultThreshold
    /// Folds of the cross-validated ceiling (`ceiling cv`); below 2 it is not measured.
    public var ceilingFoldCount = 5

    public init() {}

    /// Runs the evaluation of the models in `library` against the corpus they were trained on.
    public func run(library: ModelLibrary, corpusDirectory: String? = nil, log: (String) -> Void = { _ in }) throws -> EvaluationTable {
        let plan = library.manifest.recipe.plan
        let corpusDir = try corpusDirectory ?? library.trainingCorpusDirectory()
        let vocabulary = Vocabulary.locate(near: URL(fileURLWithPath: corpusDir)).flatMap { try? Vocabulary.load(from: $0) }
        let corpus = try Corpus.load(directory: corpusDir, vocabulary: vocabulary)
        let split = Corpus.split(scenes: corpus.scenes, heldOutFraction: plan.heldOutFraction, seed: plan.seed)
        let trainingTexts = split.training.map(\.trainingText)
        let base = try library.baseModel()

        // Baselines and instruments fitted on the training side only.
        let unigram = try UnigramBaseline(training: trainingTexts.joined())
        let classifier = try BeatClassifier(training: split.training.map { LabeledText(text: $0.trainingText, label: $0.mainTag) })
        let ceiling = crossValidatedCeiling(of: corpus.scenes, seed: plan.seed, log: log)
        let validity = WordValidity(corpus: corpus.scenes.map(\.trainingText))
        let verbatim = try VerbatimIndex(corpus: trainingTexts)
        let noCopySource = trainingTexts.joined(separator: "\n")
        let trie = WordTrie(words: corpus.scenes.flatMap { WordTrie.words(in: $0.trainingBody) })

        var rows: [EvaluationRow] = []
        var allSamples: [String] = []
        var allGenerated: [String] = []
        var recognised = 0
        var heldOutRight = 0
        let tags = library.manifest.tags.keys.sorted { (vocabulary?.tags.firstIndex(of: $0) ?? 99, $0) < (vocabulary?.tags.firstIndex(of: $1) ?? 99, $1) }
        for (t, tag) in tags.enumerated() {
            let model = try library.model(for: tag)
            let held = split.heldOut.filter { $0.mainTag == tag }
            let heldText = Corpus.trainingText(of: held)
            var row = EvaluationRow(tag: tag, heldOutScenes: held.count, samples: samplesPerTag)
            row.bitsPerCharacterTag = CorpusModelTrainer.bitsPerChar(model, text: heldText)
            row.bitsPerCharacterBase = CorpusModelTrainer.bitsPerChar(base, text: heldText)
            row.bitsPerCharacterUnigram = unigram.bitsPerCharacter(on: heldText)
            let right = held.filter { classifier.predict($0.trainingText) == tag }.count
            heldOutRight += right
            row.classifierCeiling = held.isEmpty ? nil : Double(right) / Double(held.count)
            row.crossValidatedCeiling = ceiling?.accuracy(label: tag)

            // Samples primed like the tag's real scenes: their languages and casts, in turn, and the tag being
            // evaluated (the same header as those scenes' training text).
            let sources = corpus.scenes.filter { $0.mainTag == tag }
            let headers = (0 ..< samplesPerTag).map { i -> String in
                let s = sources[(i * 7 + t) % sources.count]
                return SceneSampler.header(language: s.lang, tag: tag, roles: s.speakerLabels)
            }
            let seeds = (0 ..< samplesPerTag).map { seed &+ UInt64(t * 10_000 + $0) }
            let constraints: [[any GenerationConstraint]]? = constrained
                ? Array(repeating: [WordListConstraint(trie: trie), NoCopyConstraint(source: noCopySource, length: copyThreshold)], count: samplesPerTag)
                : nil
            let generated = SceneSampler(model: model).scenes(headers: headers, seeds: seeds,
                                                              options: SceneSampler.options(temperature: temperature),
                                                              constraints: constraints)
            // Whole samples, header included: the classifier (`BeatFeatures`) and the word figures (`SceneProse`)
            // skip the header, which names the tag; copying is measured on the generated text alone.
            let samples = zip(headers, generated).map { $0 + $1.text }
            allSamples += samples
            allGenerated += generated.map(\.text)
            let hits = samples.filter { classifier.predict($0) == tag }.count
            recognised += hits
            row.recognisability = Double(hits) / Double(max(samples.count, 1))
            row.record(validity: validity.measure(samples.map { String($0.drop(while: { $0 != "\n" })) }))
            let d = Diversity.comparable(samples: samples, reference: sources.map(\.trainingText))
            row.record(diversity: d.samples, corpus: d.reference)
            row.record(copy: verbatim.copyRate(samples: generated.map(\.text), threshold: copyThreshold))
            rows.append(row)
            log("\(tag): recognised \(hits)/\(samples.count), held-out \(String(format: "%.3f", row.bitsPerCharacterTag ?? .nan)) vs base \(String(format: "%.3f", row.bitsPerCharacterBase ?? .nan)) bits/char")
        }

        var overall = EvaluationRow(tag: "overall", heldOutScenes: split.heldOut.count, samples: allSamples.count)
        let heldAll = Corpus.trainingText(of: split.heldOut)
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
        let d = Diversity.comparable(samples: allSamples, reference: corpus.scenes.map(\.trainingText))
        overall.record(diversity: d.samples, corpus: d.reference)
        overall.record(copy: verbatim.copyRate(samples: allGenerated, threshold: copyThreshold))
        return EvaluationTable(rows: rows, overall: overall, seed: seed, ceilingFolds: ceiling.map(EvaluationTable.CeilingFolds.init))
    }

    /// The ceiling measured on every corpus scene rather than the few held out: stratified `ceilingFoldCount`-fold
    /// cross-validation of the same classifier on the same texts (training text, header included, which the
    /// classifier skips), balanced on tag and language as the split is. Five fits on four fifths of the corpus, a
    /// second or two. `nil` when the corpus has fewer scenes than folds, or (with a log line) when some fold's
    /// training side cannot fit a classifier.
    func crossValidatedCeiling(of scenes: [CorpusScene], seed: UInt64, log: (String) -> Void) -> CrossValidation? {
        guard ceilingFoldCount >= 2, scenes.count >= ceilingFoldCount else { return nil }
        do {
            return try CrossValidation(
                examples: scenes.map { LabeledText(text: $0.trainingText, label: $0.mainTag) },
                strata: scenes.map { $0.mainTag + " " + $0.lang }, folds: ceilingFoldCount, seed: seed
            ) { (training) throws(EvaluationError) in try BeatClassifier(training: training) }
        } catch {
            log("cross-validated ceiling not measured: \(error)")
            return nil
        }
    }
}
