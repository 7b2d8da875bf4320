import ArcgenCorpus
import ArcgenNeural

/// Everything that decides the shipped models: the base run, the per-tag fine-tunes, the held-out split. Stored in
/// the manifest, so a rerun with the same plan and corpus skips what is already built and a changed plan retrains.
public struct ModelTrainingPlan: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey {
        case seed, heldOutFraction, base, fineTune, halfPrecision, tags, includeSecondaryTags, synopsisPriming
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        seed = try c.decode(UInt64.self, forKey: .seed)
        heldOutFraction = try c.decode(Double.self, forKey: .heldOutFraction)
        base = try c.decode(TrainingOptions.self, forKey: .base)
        fineTune = try c.decode(TrainingOptions.self, forKey: .fineTune)
        halfPrecision = try c.decode(Bool.self, forKey: .halfPrecision)
        tags = try c.decode([String].self, forKey: .tags)
        // Manifests written before the option existed fine-tuned on main-tag scenes only.
        includeSecondaryTags = try c.decodeIfPresent(Bool.self, forKey: .includeSecondaryTags) ?? false
        // Manifests written before the synopses existed trained on headers without one.
        synopsisPriming = try c.decodeIfPresent(SynopsisPriming.self, forKey: .synopsisPriming) ?? .none
    }

    public var seed: UInt64 = 1
    /// Share of each (tag, language) group's scenes held out for validation.
    public var heldOutFraction = 0.12
    /// The base model's run on every training scene.
    public var base: TrainingOptions
    /// Each tag's fine-tune, starting from the base weights (same shape and tokenizer).
    public var fineTune: TrainingOptions
    /// Store weights as fp16 (the size budget for all models is 60 MB).
    public var halfPrecision = true
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

    /// Options for a tag's fine-tune: the fine-tune settings on the base's shape, with a seed of its own.
    public func fineTuneOptions(tagIndex: Int) -> TrainingOptions {
        var f = fineTune
        f.layers = base.layers
        f.hidden = base.hidden
        f.embedding = base.embedding
        f.tokenizer = base.tokenizer
        f.seed = seed &+ 1000 &+ UInt64(tagIndex)
        return f
    }
}
