import ArcgenSupport
import Foundation

/// What a training run reports after each update, for the progress line.
public struct TrainingProgress: Sendable {
    public var update: Int
    public var totalUpdates: Int?
    public var trainLoss: Double          // nats per token, smoothed
    public var validationBitsPerChar: Double?
    public var bestValidationBitsPerChar: Double?
    public var charsPerSecond: Double
    public var secondsLeft: Double?
    public var learningRate: Float
    public var event: String?             // "checkpoint", "best", "early stop", …
}

extension TrainingProgress: CustomStringConvertible {
    /// The progress line both `train --text` and `train --corpus` print on stderr.
    public var description: String {
        func f(_ x: Double, _ d: Int) -> String { x.isFinite ? String(format: "%.\(d)f", x) : "n/a" }
        var parts = ["update \(update)" + (totalUpdates.map { "/\($0)" } ?? ""), "loss \(f(trainLoss, 3))"]
        if let v = validationBitsPerChar { parts.append("val \(f(v, 3)) bits/char") }
        parts.append("\(f(charsPerSecond, 0)) chars/s")
        parts.append("lr \(f(Double(learningRate), 5))")
        if let s = secondsLeft, s.isFinite { parts.append("ETA \(Int(s.rounded()))s") }
        if let e = event { parts.append("[\(e)]") }
        return parts.joined(separator: "  ")
    }
}

/// Runs training with checkpoints and exact resume.
///
/// Every source of randomness — initial weights, epoch offsets, dropout masks — is one `SeededRandom` whose state
/// is saved with the weights, Adam's moments, the stream position and the carried hidden state. Resuming from any
/// checkpoint therefore replays the same arithmetic and ends with bit-identical weights.
public final class Trainer {
    public let options: TrainingOptions
    public let tokenizer: any Tokenizer
    public let recipe: TrainingRecipe
    public let config: LSTMConfig
    let network: TrainingNetwork
    var streams: TokenStreams
    let validation: [Int32]
    /// The plan bag after each validation token (empty without a plan input).
    let validationPlans: [[Int32]]
    /// The validation tokens that begin a document, read from a zero state (empty unless `documentState` is fresh).
    let validationStarts: [Int]
    public private(set) var parameters: [Float]
    var adam: Adam
    var rng: SeededRandom
    public private(set) var bestParameters: [Float]
    public private(set) var bestValidation: Double?
    var elapsed: Double = 0
    /// Wall-clock seconds of the stretches before this one (validation and checkpoints included), from the
    /// checkpoint this run resumed; 0 for a fresh run.
    public private(set) var earlierWallSeconds: Double = 0
    /// When this stretch began: the trainer's creation, or its resume.
    let stretchStarted = Date()
    /// Wall-clock seconds of the whole run so far, over every stretch a resume joined.
    public var wallSeconds: Double { earlierWallSeconds + Date().timeIntervalSince(stretchStarted) }
    var evaluationsWithoutGain = 0
    let charsPerToken: Double

    /// Where the run writes: the best model so far, and the last checkpoint (nil: keep in memory only).
    public var modelPath: String?
    public var checkpointPath: String?
    /// How the model file stores its weights (checkpoints are always fp32, so a resume is exact).
    public var savePrecision = WeightPrecision.fp32
    /// Validate the starting weights before the first update, so they are the first candidate for the best model
    /// (fine-tunes: the base stays the answer unless the fine-tune beats it).
    public var validateBeforeTraining = false

    /// A fresh run (or a fine-tune when `initialParameters` is given).
    /// - Parameters:
    ///   - plan: the plan input of the model a fine-tune starts from, or of a resumed run (nil: as `options` ask,
    ///     its words learned from `train`).
    ///   - trainStarts, validationStarts: the tokens that begin a document of each text, where the state starts
    ///     from zero when `options.documentState` is `fresh` (ignored otherwise).
    public init(options: TrainingOptions, tokenizer: any Tokenizer, train: [Int32], validation: [Int32],
                recipe: TrainingRecipe, initialParameters: [Float]? = nil, plan: PlanInput? = nil,
                trainStarts: [Int] = [], validationStarts: [Int] = []) throws {
        try options.validate()
        self.options = options
        self.tokenizer = tokenizer
        self.recipe = recipe
        let plan = try plan ?? options.planInput(learningFrom: train, tokenizer: tokenizer)
        config = LSTMConfig(vocabularySize: tokenizer.vocabularySize, embedding: options.embedding,
                            hidden: options.hidden, layers: options.layers, plan: plan)
        // Before anything is built from it: a checkpoint's plan may be damaged.
        try plan?.validate()
        try Self.checkMemory(config: config, options: options)
        let pieces = tokenizer.symbols.map { Array($0.unicodeScalars) }
        let fresh = options.documentState == .fresh
        func bags(_ tokens: [Int32], starts: [Int]) -> [[Int32]] {
            plan.map { PlanBag.bags(of: tokens, pieces: pieces, plan: $0, documentStarts: fresh ? starts : []) } ?? []
        }
        streams = try TokenStreams(tokens: train, plans: bags(train, starts: trainStarts),
                                   documentStarts: fresh ? trainStarts : [], batch: options.batch,
                                   steps: options.steps, what: "the training text")
        self.validationStarts = fresh ? validationStarts : []
        try config.validate()
        network = TrainingNetwork(config: config, maxSteps: options.steps, maxBatch: options.batch)
        guard validation.count >= 2 else {
            throw NeuralError.textTooShort(have: validation.count, need: 2, what: "the validation text")
        }
        self.validation = validation
        validationPlans = bags(validation, starts: validationStarts)
        rng = SeededRandom(seed: options.seed)
        let layout = ParameterLayout(config)
        if let initialParameters {
            guard initialParameters.count == layout.count else {
                throw NeuralError.incompatibleCheckpoint(
                    "the starting model has \(initialParameters.count) weights, this shape needs \(layout.count)")
            }
            parameters = initialParameters
        } else {
            parameters = layout.initialParameters(config, rng: &rng, scheme: options.initialization ?? .fanIn)
        }
        adam = Adam(parameterCount: layout.count)
        bestParameters = parameters
        let counts = tokenizer.scalarCounts
        charsPerToken = Double(train.reduce(0) { $0 + counts[Int($1)] }) / Double(max(train.count, 1))
    }

    public var update: Int { adam.step }

    /// Refuses a shape whose training would not fit in the machine's memory, before allocating any of it: the
    /// network's buffers, and the weights ten times over (weights, best weights, gradients, Adam's two moments,
    /// and the checkpoint's copies while it is written).
    /// - Throws: `NeuralError.notEnoughMemory` with both figures.
    public static func checkMemory(config: LSTMConfig, options: TrainingOptions,
                                   available: UInt64 = ProcessInfo.processInfo.physicalMemory) throws {
        let floats = TrainingNetwork.floatCount(config: config, maxSteps: options.steps, maxBatch: options.batch)
            + 10 * ParameterLayout(config).count
        let needed = UInt64(floats) * UInt64(MemoryLayout<Float>.size)
        guard needed <= available else {
            let what = "a \(config.layers)×\(config.hidden) LSTM (embedding \(config.embedding), "
                + "batch \(options.batch), sequence \(options.steps))"
            throw NeuralError.notEnoughMemory(what: what, needed: needed, available: available)
        }
    }

    // MARK: Checkpoints

    struct CheckpointHeader: Codable {
        var options: TrainingOptions
        var tokenizer: TokenizerSpec
        var recipe: TrainingRecipe
        var config: LSTMConfig
        var rngState: [UInt64]
        var position: TokenStreams.Position
        var adamStep: Int
        var bestValidation: Double?
        var elapsedSeconds: Double
        var evaluationsWithoutGain: Int
        /// Checkpoints from before the field: nil, read as their training seconds.
        var wallSeconds: Double?
    }

    /// The checkpoint's bytes: weights, best weights, Adam moments, carried state, and the header with the rest.
    public func checkpointBytes() -> [UInt8] {
        let header = CheckpointHeader(options: options, tokenizer: tokenizer.spec, recipe: recipe, config: config,
                                      rngState: rng.stateWords, position: streams.position, adamStep: adam.step,
                                      bestValidation: bestValidation, elapsedSeconds: elapsed,
                                      evaluationsWithoutGain: evaluationsWithoutGain, wallSeconds: wallSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try! encoder.encode(header)
        return ContainerFile.encode(.init(kind: .checkpoint, precision: .fp32, header: json,
                                          tensors: [parameters, bestParameters, adam.m, adam.v, network.carriedState]))
    }

    /// What a checkpoint was made with: its options (shape, recipe, budget) and its tokenizer. A resume takes these
    /// from the checkpoint, never from the command line, so the text is tokenized as it was first.
    /// - Throws: `NeuralError.badModelFile` for an unreadable file or a model file given as a checkpoint.
    public static func checkpointSettings(path: String) throws -> (options: TrainingOptions, tokenizer: any Tokenizer) {
        let h = try checkpointHeader(ContainerFile.read(path: path), path: path)
        return (h.options, try h.tokenizer.makeTokenizer())
    }

    static func checkpointHeader(_ c: ContainerFile.Contents, path: String) throws -> CheckpointHeader {
        guard c.kind == .checkpoint else {
            throw NeuralError.badModelFile(
                path: path, reason: "this is a model, not a checkpoint; resume from the .ckpt file written next to it")
        }
        do { return try JSONDecoder().decode(CheckpointHeader.self, from: c.header) } catch {
            throw NeuralError.badModelFile(path: path, reason: "unreadable checkpoint header: \(error)")
        }
    }

    /// The model in a model file, or the best weights a checkpoint holds (to measure a run stopped before its end).
    /// - Throws: `NeuralError.badModelFile` for an unreadable file or a checkpoint whose tensors do not fit its shape.
    public static func model(inModelOrCheckpoint path: String) throws -> LanguageModel {
        let c = try ContainerFile.read(path: path)
        guard c.kind == .checkpoint else { return try LanguageModel.decode(c, path: path) }
        let h = try checkpointHeader(c, path: path)
        do { try h.config.validate() } catch {
            throw NeuralError.badModelFile(path: path, reason: "invalid network shape: \(error)")
        }
        guard c.tensors.count == 5, c.tensors[1].count == ParameterLayout(h.config).count else {
            throw NeuralError.badModelFile(path: path, reason: "checkpoint tensors do not match its network shape")
        }
        let tokenizer: any Tokenizer
        do { tokenizer = try h.tokenizer.makeTokenizer() } catch {
            throw NeuralError.badModelFile(path: path, reason: "invalid tokenizer: \(error)")
        }
        guard tokenizer.vocabularySize == h.config.vocabularySize else {
            throw NeuralError.badModelFile(path: path, reason: "its tokenizer does not match its network")
        }
        guard let best = h.bestValidation else {
            throw NeuralError.badModelFile(path: path, reason: "the run had not validated yet when this checkpoint "
                + "was written, so it holds no best weights; resume it past its first validation (--eval-every)")
        }
        // `updates` is the run's: the best weights may come from an earlier validation.
        let metrics = ["updates": Double(h.adamStep), "validationBitsPerChar": best]
        return LanguageModel(config: h.config, tokenizer: tokenizer, parameters: c.tensors[1], recipe: h.recipe,
                             metrics: metrics)
    }

    /// Restores a run from a checkpoint. The training text must be the one the checkpoint was made from, tokenized
    /// by the checkpoint's tokenizer (`checkpointSettings`).
    /// - Parameters:
    ///   - maxUpdates, minutes: a larger budget than the checkpoint's extends the run (nil: keep the checkpoint's).
    /// - Throws: `NeuralError.badModelFile` for an unreadable file, `.incompatibleCheckpoint` for another text or a
    ///   smaller budget.
    public convenience init(resumingFrom path: String, train: [Int32], validation: [Int32], textHash: String,
                            maxUpdates: Int? = nil, minutes: Double? = nil, trainStarts: [Int] = [],
                            validationStarts: [Int] = []) throws {
        let c = try ContainerFile.read(path: path)
        let h = try Self.checkpointHeader(c, path: path)
        guard h.recipe.textHash == textHash else {
            throw NeuralError.incompatibleCheckpoint(
                "\(path) was trained on text with hash \(h.recipe.textHash), but this text hashes to \(textHash); "
                    + "resume with the same --text")
        }
        var options = h.options
        /// A resumed run's new budget: it may only extend a budget the run already counts in the same unit.
        func extended<T: Comparable>(_ recorded: T?, to requested: T?, unit: String, flag: String,
                                     otherwise: String) throws -> T? {
            guard let requested else { return recorded }
            guard let recorded, requested >= recorded else {
                let budget = recorded.map { "\($0) \(unit)" } ?? otherwise
                throw NeuralError.incompatibleCheckpoint(
                    "\(path) runs \(budget); \(flag) may only extend a run that counts \(unit)")
            }
            return requested
        }
        options.maxUpdates = try extended(options.maxUpdates, to: maxUpdates, unit: "updates", flag: "--steps",
                                          otherwise: "by minutes")
        options.minutes = try extended(options.minutes, to: minutes, unit: "minutes", flag: "--minutes",
                                       otherwise: "a number of updates")
        let tokenizer = try h.tokenizer.makeTokenizer()
        let inVocabulary = { (t: Int32) in t >= 0 && Int(t) < tokenizer.vocabularySize }
        guard train.allSatisfy(inVocabulary), validation.allSatisfy(inVocabulary) else {
            throw NeuralError.incompatibleCheckpoint("the text was tokenized with another tokenizer than \(path)'s; "
                + "tokenize it with the checkpoint's")
        }
        try self.init(options: options, tokenizer: tokenizer, train: train, validation: validation, recipe: h.recipe,
                      plan: h.config.plan, trainStarts: trainStarts, validationStarts: validationStarts)
        let n = ParameterLayout(config).count
        guard c.tensors.count == 5, c.tensors[0].count == n, c.tensors[1].count == n, c.tensors[2].count == n,
              c.tensors[3].count == n, c.tensors[4].count == config.layers * 2 * options.batch * config.hidden else {
            throw NeuralError.badModelFile(path: path, reason: "checkpoint tensors do not match its network shape")
        }
        parameters = c.tensors[0]
        bestParameters = c.tensors[1]
        adam.m = c.tensors[2]
        adam.v = c.tensors[3]
        adam.step = h.adamStep
        network.carriedState = c.tensors[4]
        rng = SeededRandom(stateWords: h.rngState)
        streams.position = h.position
        bestValidation = h.bestValidation
        elapsed = h.elapsedSeconds
        earlierWallSeconds = h.wallSeconds ?? h.elapsedSeconds
        evaluationsWithoutGain = h.evaluationsWithoutGain
    }

    func saveCheckpoint() throws {
        guard let checkpointPath else { return }
        try AtomicFile.write(Data(checkpointBytes()), to: URL(fileURLWithPath: checkpointPath))
    }

    /// The best model so far as a `LanguageModel`.
    public func bestModel() -> LanguageModel {
        var metrics: [String: Double] = ["updates": Double(adam.step)]
        if let bestValidation { metrics["validationBitsPerChar"] = bestValidation }
        return LanguageModel(config: config, tokenizer: tokenizer, parameters: bestParameters, recipe: recipe,
                             metrics: metrics)
    }

    /// Validation bits per character of the current weights.
    public func validate() -> Double {
        HeldOut.bitsPerCharacter(network: network, parameters: parameters, tokens: validation, plans: validationPlans,
                                 scalarCounts: tokenizer.scalarCounts, documentStarts: validationStarts) ?? .nan
    }

    // MARK: The loop

    /// Trains until the update budget, the time budget or patience runs out (or `stopAfter` updates in this call,
    /// used by tests to simulate a kill). Writes the best model and the checkpoint as it goes.
    public func run(stopAfter: Int? = nil, progress: (TrainingProgress) -> Void = { _ in }) throws {
        var gradients = [Float](repeating: 0, count: parameters.count)
        var smoothed: Double?
        var doneHere = 0
        var windowStart = Date()
        var tokensSinceReport = 0
        if validateBeforeTraining && adam.step == 0 && bestValidation == nil {
            let v = validate()
            if v.isFinite { bestValidation = v; bestParameters = parameters }
        }
        while true {
            if let total = options.maxUpdates, adam.step >= total { break }
            if let minutes = options.minutes, elapsed >= minutes * 60 { break }
            if let stopAfter, doneHere >= stopAfter { return }
            let started = Date()
            let window = streams.next(rng: &rng)
            if window.newEpoch { network.resetState() }
            for i in gradients.indices { gradients[i] = 0 }
            let nats = network.forward(parameters: parameters, inputs: window.inputs, targets: window.targets,
                                       plans: window.plans, documentStarts: window.documentStarts,
                                       steps: options.steps, batch: options.batch, dropout: options.dropout, rng: &rng)
            network.backward(parameters: parameters, gradients: &gradients)
            clipGlobalNorm(&gradients, maxNorm: options.clip)
            let rate = (options.schedule ?? .cosine).rate(base: options.learningRate, progress: progressFraction)
            adam.update(parameters: &parameters, gradients: gradients, rate: rate)
            elapsed += Date().timeIntervalSince(started)
            doneHere += 1
            tokensSinceReport += options.steps * options.batch
            let loss = nats / Double(options.steps * options.batch)
            smoothed = smoothed.map { 0.95 * $0 + 0.05 * loss } ?? loss

            var event: String?
            var validationNow: Double?
            let finished = (options.maxUpdates.map { adam.step >= $0 } ?? false)
                || (options.minutes.map { elapsed >= $0 * 60 } ?? false)
            if adam.step % options.evaluateEvery == 0 || finished {
                let v = validate()
                validationNow = v
                if v.isFinite && (bestValidation.map { v < $0 } ?? true) {
                    bestValidation = v
                    bestParameters = parameters
                    evaluationsWithoutGain = 0
                    if let modelPath { try bestModel().save(to: modelPath, precision: savePrecision) }
                    event = "best"
                } else {
                    evaluationsWithoutGain += 1
                }
            }
            let patienceOver = options.patience.map { evaluationsWithoutGain >= $0 } ?? false
            if adam.step % options.checkpointEvery == 0 || finished || patienceOver {
                try saveCheckpoint()
                event = event.map { $0 + ", checkpoint" } ?? "checkpoint"
            }
            let seconds = Date().timeIntervalSince(windowStart)
            let rateNow = seconds > 0 ? Double(tokensSinceReport) * charsPerToken / seconds : 0
            if validationNow != nil || adam.step % 10 == 0 || finished {
                let left: Double? = options.maxUpdates.map {
                    Double($0 - adam.step) * elapsed / Double(max(adam.step, 1))
                } ?? options.minutes.map { max(0, $0 * 60 - elapsed) }
                progress(TrainingProgress(update: adam.step, totalUpdates: options.maxUpdates,
                                          trainLoss: smoothed ?? loss, validationBitsPerChar: validationNow,
                                          bestValidationBitsPerChar: bestValidation, charsPerSecond: rateNow,
                                          secondsLeft: left, learningRate: rate, event: event))
                windowStart = Date()
                tokensSinceReport = 0
            }
            if patienceOver {
                progress(TrainingProgress(update: adam.step, totalUpdates: options.maxUpdates,
                                          trainLoss: smoothed ?? loss, validationBitsPerChar: nil,
                                          bestValidationBitsPerChar: bestValidation, charsPerSecond: 0,
                                          secondsLeft: 0, learningRate: rate, event: "early stop"))
                break
            }
        }
        if bestValidation == nil || doneHere == 0, let modelPath {
            try bestModel().save(to: modelPath, precision: savePrecision)
        }
        // A resumed run that was already complete still leaves its checkpoint where it was asked for.
        if doneHere == 0 { try saveCheckpoint() }
    }

    var progressFraction: Double {
        if let total = options.maxUpdates { return Double(adam.step) / Double(total) }
        if let minutes = options.minutes { return elapsed / (minutes * 60) }
        return 0
    }
}
