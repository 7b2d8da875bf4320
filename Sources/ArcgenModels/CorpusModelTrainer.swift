import ArcgenCorpus
import ArcgenNeural
import ArcgenSupport
import Foundation

/// Trains the base model on every training scene of the corpus, then one model per beat tag fine-tuned from it on
/// that tag's scenes, and writes them with the manifest.
///
/// Why fine-tune: a tag has a few dozen scenes, and a model trained from scratch on so little only memorises; starting
/// from a base that has learned both languages and the screenplay form, a short fine-tune shifts it towards the beat.
/// Held-out scenes are whole scenes per (tag, language), fixed by the seed, and early stopping watches them.
/// Each model is checkpointed as it trains; a rerun resumes an interrupted model and skips finished ones.
public final class CorpusModelTrainer {
    public let corpusDirectory: String
    public let outputDirectory: String
    public let plan: ModelTrainingPlan
    public let commandLine: String
    let log: (String) -> Void
    /// Tests only: stop (throwing `ModelsError.interrupted`) after this many updates of the first model trained,
    /// as if the process had been killed, leaving its checkpoint behind.
    public var interruptAfterUpdates: Int?

    public init(corpusDirectory: String, outputDirectory: String, plan: ModelTrainingPlan, commandLine: String,
                log: @escaping (String) -> Void = { _ in }) {
        self.corpusDirectory = corpusDirectory
        self.outputDirectory = outputDirectory
        self.plan = plan
        self.commandLine = commandLine
        self.log = log
    }

    /// Scenes' training text, headers written as the plan's `synopsisPriming` says.
    func trainingText(_ scenes: [CorpusScene]) -> String {
        Corpus.trainingText(joining: documents(scenes))
    }

    /// Each scene's training text, headers written as the plan's `synopsisPriming` says: the documents a run that
    /// begins every scene from a zero state reads one by one.
    func documents(_ scenes: [CorpusScene]) -> [String] {
        scenes.map { $0.trainingText(priming: plan.synopsisPriming) }
    }

    /// The minimum scenes a tag needs: one held out per language present, at least one to train on per language.
    public static let minimumScenesPerTag = 4

    /// Shuffles scenes with the plan's seed, so training streams mix languages and situations. From the back: the
    /// order the shipped models were trained in, whose text hash their recipes record.
    static func shuffled(_ scenes: [CorpusScene], seed: UInt64, stream: UInt64) -> [CorpusScene] {
        var rng = SeededRandom.derived(seed: seed, stream: stream)
        var s = scenes
        rng.shuffle(&s, order: .backFirst)
        return s
    }

    /// The corpus, its split and the tokenizer every model shares.
    public struct Prepared {
        public let corpus: Corpus
        public let split: CorpusSplit
        public let tokenizer: any Tokenizer
        public let corpusHash: String
        public let tags: [String]
    }

    public func prepare() throws -> Prepared {
        let vocabulary = Vocabulary.locate(near: URL(fileURLWithPath: corpusDirectory))
            .flatMap { try? Vocabulary.load(from: $0) }
        let corpus = try Corpus.load(directory: corpusDirectory, vocabulary: vocabulary)
        let allText = trainingText(corpus.scenes)
        let split = Corpus.split(scenes: corpus.scenes, heldOutFraction: plan.heldOutFraction, seed: plan.seed)
            .keepingTrainingShare(plan.trainingShare, seed: plan.seed)
        let present = Set(corpus.scenes.map(\.mainTag))
        let order = vocabulary?.tags ?? present.sorted()
        let tags = (plan.tags.isEmpty ? order.filter { present.contains($0) } : plan.tags)
        for tag in tags {
            let n = corpus.scenes.filter { $0.mainTag == tag }.count
            if n < Self.minimumScenesPerTag {
                throw ModelsError.tooFewScenes(tag: tag, scenes: n, need: Self.minimumScenesPerTag)
            }
        }
        let tokenizer: any Tokenizer = plan.base.tokenizer == .bpe
            ? BPETokenizer(learningFrom: trainingText(split.training), vocabularySize: plan.base.bpeVocabulary,
                           alphabetFrom: allText)
            : CharTokenizer(learningFrom: allText)
        return Prepared(corpus: corpus, split: split, tokenizer: tokenizer,
                        corpusHash: FNV1a64.hex(FNV1a64.hash(Array(allText.utf8))), tags: tags)
    }

    /// Runs the whole pipeline. Returns the manifest it wrote.
    public func run() throws -> ModelManifest {
        try Folder.create(URL(fileURLWithPath: outputDirectory))
        let p = try prepare()
        let recipe = ModelManifest.Recipe(commandLine: commandLine, seed: plan.seed, corpusHash: p.corpusHash,
                                          corpusDirectory: corpusDirectory, arcgenVersion: arcgenVersion, plan: plan)
        // Keep what an earlier run built with the same settings: the base when its own settings and the corpus are
        // unchanged, the tag models when the fine-tune settings are unchanged too.
        var manifest = ModelManifest(recipe: recipe)
        if let old = try? ModelManifest.load(directory: outputDirectory) {
            let o = old.recipe.plan
            let sameBase = old.recipe.corpusHash == recipe.corpusHash && o.base == plan.base && o.seed == plan.seed
                && o.heldOutFraction == plan.heldOutFraction && o.trainingShare == plan.trainingShare
                && o.precision == plan.precision
                && o.synopsisPriming == plan.synopsisPriming
            if sameBase {
                manifest.base = old.base
                if o.fineTune == plan.fineTune && o.includeSecondaryTags == plan.includeSecondaryTags {
                    manifest.tags = old.tags
                }
            }
        }
        log("corpus: \(p.corpus.scenes.count) scenes (\(p.split.training.count) training, "
            + "\(p.split.heldOut.count) held out), \(p.tokenizer.vocabularySize) tokens; "
            + "tags: \(p.tags.joined(separator: ", "))")

        // The base model.
        let baseFile = "base.lstm"
        let trainScenes = Self.shuffled(p.split.training, seed: plan.seed, stream: 1)
        let heldOutScenes = documents(p.split.heldOut)
        let baseModel: LanguageModel
        if let entry = manifest.base, let m = try? LanguageModel.load(path: path(entry.file)) {
            log("base: kept \(entry.file) (\(format(entry.heldOutBitsPerChar)) bits/char held out)")
            baseModel = m
        } else {
            let trainer = try makeTrainer(name: "base", options: plan.base, documents: documents(trainScenes),
                                          validation: heldOutScenes,
                                          tokenizer: p.tokenizer, initial: nil,
                                          notes: ["corpusHash": p.corpusHash, "scenes": "\(trainScenes.count)"])
            if let plan = trainer.config.plan {
                log("base: \(plan.summary), from the plan lines")
            }
            try runTrainer(trainer, name: "base")
            baseModel = try finish(trainer, file: baseFile)
            let bpc = heldOutBitsPerChar(baseModel, scenes: heldOutScenes, options: plan.base)
            manifest.base = ModelManifest.Entry(file: baseFile, parameters: baseModel.parameterCount,
                                                trainingScenes: trainScenes.count,
                                                heldOutScenes: p.split.heldOut.count, updates: trainer.update,
                                                heldOutBitsPerChar: bpc, baseHeldOutBitsPerChar: nil,
                                                seconds: trainer.wallSeconds)
            try manifest.save(directory: outputDirectory)
            log("base: \(format(bpc)) bits/char on \(p.split.heldOut.count) held-out scenes")
        }

        // One fine-tune per tag.
        for (index, tag) in p.tags.enumerated() {
            let file = "\(tag).lstm"
            if let entry = manifest.tags[tag], (try? LanguageModel.load(path: path(entry.file))) != nil {
                log("\(tag): kept \(entry.file)")
                continue
            }
            let tagged = p.split.training.filter {
                plan.includeSecondaryTags ? $0.tags.contains(tag) : $0.mainTag == tag
            }
            let train = Self.shuffled(tagged, seed: plan.seed, stream: 100 + UInt64(index))
            let held = p.split.heldOut.filter { $0.mainTag == tag }
            let heldScenes = documents(held)
            let options = plan.fineTuneOptions(tagIndex: index)
            let trainer = try makeTrainer(name: tag, options: options, documents: documents(train),
                                          validation: heldScenes, tokenizer: baseModel.tokenizer,
                                          initial: baseModel,
                                          notes: ["corpusHash": p.corpusHash, "tag": tag, "base": baseFile,
                                                  "scenes": "\(train.count)"])
            // The base itself is the first candidate: a fine-tune that never improves on it ships the base's weights.
            trainer.validateBeforeTraining = true
            try runTrainer(trainer, name: tag)
            let model = try finish(trainer, file: file, base: (baseFile, baseModel))
            let tagBits = heldOutBitsPerChar(model, scenes: heldScenes, options: options)
            let baseBits = heldOutBitsPerChar(baseModel, scenes: heldScenes, options: options)
            manifest.tags[tag] = ModelManifest.Entry(file: file, parameters: model.parameterCount,
                                                     trainingScenes: train.count,
                                                     heldOutScenes: held.count, updates: trainer.update,
                                                     heldOutBitsPerChar: tagBits, baseHeldOutBitsPerChar: baseBits,
                                                     seconds: trainer.wallSeconds)
            try manifest.save(directory: outputDirectory)
            log("\(tag): \(format(tagBits)) bits/char held out (base \(format(baseBits)))")
        }
        return manifest
    }

    func runTrainer(_ trainer: Trainer, name: String) throws {
        if let stop = interruptAfterUpdates {
            try trainer.run(stopAfter: stop) { self.log("\(name): " + "\($0)") }
            throw ModelsError.interrupted(name: name, update: trainer.update)
        }
        try trainer.run { self.log("\(name): " + "\($0)") }
    }

    func path(_ file: String) -> String { (outputDirectory as NSString).appendingPathComponent(file) }

    /// A trainer for one model on scenes' training texts, resuming from its checkpoint when one was left by an
    /// interrupted run.
    func makeTrainer(name: String, options: TrainingOptions, documents: [String], validation: [String],
                     tokenizer: any Tokenizer, initial: LanguageModel?, notes: [String: String]) throws -> Trainer {
        let text = Corpus.trainingText(joining: documents)
        let train = tokenizer.encode(documents: documents, separator: Corpus.sceneSeparator)
        let held = tokenizer.encode(documents: validation, separator: Corpus.sceneSeparator)
        let hash = FNV1a64.hex(FNV1a64.hash(Array(text.utf8)))
        let checkpoint = path("\(name).lstm.ckpt")
        if FileManager.default.fileExists(atPath: checkpoint),
           let resumed = try? Trainer(resumingFrom: checkpoint, train: train.tokens, validation: held.tokens,
                                      textHash: hash, trainStarts: train.starts, validationStarts: held.starts),
           resumed.options == options {
            log("\(name): resuming from \(checkpoint) at update \(resumed.update)")
            resumed.checkpointPath = checkpoint
            return resumed
        }
        var n = notes
        n["corpus"] = corpusDirectory
        let recipe = TrainingRecipe(commandLine: commandLine, seed: options.seed, textHash: hash,
                                    textBytes: text.utf8.count,
                                    arcgenVersion: arcgenVersion, notes: n)
        let trainer = try Trainer(options: options, tokenizer: tokenizer, train: train.tokens, validation: held.tokens,
                                  recipe: recipe, initialParameters: initial?.parameters, plan: initial?.config.plan,
                                  trainStarts: train.starts, validationStarts: held.starts)
        trainer.checkpointPath = checkpoint
        return trainer
    }

    /// Saves the best weights, drops the checkpoint, and returns the model as it was written (fp16 when planned; as
    /// differences from `base` when the plan stores tags so).
    func finish(_ trainer: Trainer, file: String, base: (file: String, model: LanguageModel)? = nil) throws
        -> LanguageModel {
        if let base, let precision = plan.tagDifferences {
            try trainer.bestModel().save(to: path(file), precision: precision, differenceFrom: base)
        } else {
            try trainer.bestModel().save(to: path(file), precision: plan.precision)
        }
        try? FileManager.default.removeItem(atPath: path(file) + ".ckpt")
        return try LanguageModel.load(path: path(file))
    }

    /// Held-out bits per character of a model on scenes' training texts, read as `options` trained it, with a
    /// network shaped for its windows.
    public func heldOutBitsPerChar(_ model: LanguageModel, scenes: [String], options: TrainingOptions) -> Double {
        Self.bitsPerChar(model, scenes: scenes, state: options.documentState, steps: options.steps,
                         batch: options.batch)
    }

    /// Held-out bits per character of scenes' training texts read as parallel streams, each scene from a zero
    /// state when `state` is fresh (as generation reads it), else the state running on from the scene before.
    public static func bitsPerChar(_ model: LanguageModel, scenes: [String], state: TrainingOptions.DocumentState?,
                                   steps: Int = 100, batch: Int = 16) -> Double {
        let (tokens, starts) = model.tokenizer.encode(documents: scenes, separator: Corpus.sceneSeparator)
        let network = TrainingNetwork(config: model.config, maxSteps: steps, maxBatch: batch)
        let pieces = model.tokenizer.symbols.map { Array($0.unicodeScalars) }
        let resets = state == .fresh ? starts : []
        let plans = model.config.plan.map {
            PlanBag.bags(of: tokens, pieces: pieces, plan: $0, documentStarts: resets)
        } ?? []
        return HeldOut.bitsPerCharacter(network: network, parameters: model.parameters, tokens: tokens, plans: plans,
                                        scalarCounts: model.tokenizer.scalarCounts, documentStarts: resets) ?? .nan
    }
}

func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "n/a" }
