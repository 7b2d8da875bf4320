import ArcgenCorpus
import ArcgenNeural

/// Everything that decides the shipped models: the base run, the per-tag fine-tunes, the held-out split. Stored in
/// the manifest, so a rerun with the same plan and corpus skips what is already built and a changed plan retrains.
public struct ModelTrainingPlan: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey {
        case seed, heldOutFraction, trainingShare, base, fineTune, precision, tags, includeSecondaryTags
        case synopsisPriming, tagDifferences
    }

    /// Manifests written before `precision` existed said `halfPrecision`: true for fp16, false for fp32.
    enum OlderKeys: String, CodingKey {
        case halfPrecision
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        seed = try c.decode(UInt64.self, forKey: .seed)
        heldOutFraction = try c.decode(Double.self, forKey: .heldOutFraction)
        // Manifests written before the option existed trained on every training scene.
        trainingShare = try c.decodeIfPresent(Double.self, forKey: .trainingShare) ?? 1
        base = try c.decode(TrainingOptions.self, forKey: .base)
        fineTune = try c.decode(TrainingOptions.self, forKey: .fineTune)
        if let stored = try c.decodeIfPresent(WeightPrecision.self, forKey: .precision) {
            precision = stored
        } else {
            let older = try decoder.container(keyedBy: OlderKeys.self)
            precision = try older.decode(Bool.self, forKey: .halfPrecision) ? .fp16 : .fp32
        }
        tags = try c.decode([String].self, forKey: .tags)
        // Manifests written before the option existed fine-tuned on main-tag scenes only.
        includeSecondaryTags = try c.decodeIfPresent(Bool.self, forKey: .includeSecondaryTags) ?? false
        // Manifests written before the synopses existed trained on headers without one.
        synopsisPriming = try c.decodeIfPresent(SynopsisPriming.self, forKey: .synopsisPriming) ?? .none
        // Manifests written before the option existed stored every tag model whole.
        tagDifferences = try c.decodeIfPresent(WeightPrecision.self, forKey: .tagDifferences)
    }

    public var seed: UInt64 = 1
    /// Share of each (tag, language) group's scenes held out for validation.
    public var heldOutFraction = 0.12
    /// Share of each (tag, language) group's training scenes the models learn from (1: all of them); the held-out
    /// scenes do not change with it, so runs at 0.25, 0.5 and 1 draw a data curve.
    public var trainingShare = 1.0
    /// The base model's run on every training scene.
    public var base: TrainingOptions
    /// Each tag's fine-tune, starting from the base weights (same shape and tokenizer).
    public var fineTune: TrainingOptions
    /// How the model files store their weights (the size budget for all models is 60 MB). int8 costs the shipped
    /// tag models 0.0001 bits/char on average (0.001 at most) against fp16, at 0.53 of the bytes.
    public var precision = WeightPrecision.int8
    /// Store each tag model as its differences from the base, at this precision (nil: whole, at `precision`). A
    /// fine-tune moves its base's weights by little: int4 differences read the held-out scenes as int8 of the whole
    /// does, in about half the bytes (README), which leaves room for a bigger base.
    public var tagDifferences: WeightPrecision?
    /// Tags to train; empty means every tag that has scenes.
    public var tags: [String] = []
    /// Fine-tune each tag also on the training scenes that carry it as a second tag (a family scene that is also a
    /// scheme): more text of the beat, with no effect on the held-out scenes, which are whole scenes by main tag.
    public var includeSecondaryTags = true
    /// How each training scene's header carries its synopsis, and so how generation primes with a state's synopsis.
    public var synopsisPriming = SynopsisPriming.words

    public init() {
        var b = TrainingOptions()
        b.layers = 2
        b.hidden = 256
        b.embedding = 64
        b.steps = 100
        b.batch = 64
        b.learningRate = 2e-3
        b.dropout = 0.2
        b.maxUpdates = 3000
        b.evaluateEvery = 100
        b.checkpointEvery = 100
        b.patience = 6
        base = b
        var f = b
        f.batch = 16
        f.learningRate = 1.5e-4
        // The grown corpus holds out about 29 scenes per tag: validating every 5 updates cost more than training,
        // and the gains flatten well before 200 updates.
        f.maxUpdates = 200
        f.evaluateEvery = 20
        f.checkpointEvery = 50
        f.patience = 5
        fineTune = f
    }

    /// Takes `options` as the base run, and with it what every fine-tune shares with the base besides the shape and
    /// tokenizer that `fineTuneOptions` copies: the window length, dropout and gradient clip, and the plan's seed.
    public mutating func setBase(_ options: TrainingOptions) {
        base = options
        seed = options.seed
        fineTune.steps = options.steps
        fineTune.dropout = options.dropout
        fineTune.clip = options.clip
    }

    /// Refuses a plan whose base run or fine-tunes could not train, naming the option (`TrainingOptions.validate`).
    public func validate() throws {
        if !(trainingShare > 0 && trainingShare <= 1) {
            throw ModelsError.invalidTrainingShare(trainingShare)
        }
        try base.validate()
        try fineTuneOptions(tagIndex: 0).validate()
    }

    /// Options for a tag's fine-tune: the fine-tune settings on the base's shape, with a seed of its own.
    public func fineTuneOptions(tagIndex: Int) -> TrainingOptions {
        var f = fineTune
        f.layers = base.layers
        f.hidden = base.hidden
        f.embedding = base.embedding
        f.tokenizer = base.tokenizer
        f.planReading = base.planReading
        f.planWords = base.planWords
        f.planWidth = base.planWidth
        f.documentState = base.documentState
        f.seed = seed &+ 1000 &+ UInt64(tagIndex)
        return f
    }
}
