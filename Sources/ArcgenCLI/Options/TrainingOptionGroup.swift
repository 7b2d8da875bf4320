import ArcgenNeural

/// The options of one training run (`TrainingOptions`): shape, window, optimiser, budget, tokenizer, seed and
/// validation. `train --text` and `train --corpus` (for its base model) both read them here, so a flag has one range
/// and one meaning whichever way a model is trained.
enum TrainingOptionGroup {
    /// The plain run's defaults, which the help quotes.
    private static let defaults = TrainingOptions()

    static let options: [OptionSpec] = [
        .value("--layers", "L", "LSTM layers (default \(defaults.layers))."),
        .value("--hidden", "H", "Units per layer (default \(defaults.hidden))."),
        .value("--embedding", "E", "Token embedding size (default \(defaults.embedding))."),
        .value("--seq", "S", "Time steps per BPTT window (default \(defaults.steps))."),
        .value("--batch", "B", "Parallel streams per update (default \(defaults.batch))."),
        .value("--lr", "X", "Adam learning rate (default \(defaults.learningRate)), cosine-decayed to a tenth."),
        .value("--dropout", "D", "Dropout between layers and before the output (default 0)."),
        .value("--clip", "C", "Global gradient-norm clip (default 5)."),
        .value("--schedule", "S", "Learning-rate schedule: cosine (default, decays to a tenth) or constant."),
        .value("--init", "KIND", "Fresh weights: hidden (default; uniform in ±1/√hidden, as PyTorch draws them) or "
               + "fan-in (±1/√(input+hidden), forget-gate bias 1: the models made before December 2026)."),
        .value("--steps", "N", "Updates to run (default \(defaults.maxUpdates.map(String.init) ?? "none"))."),
        .value("--minutes", "M", "Train for this long instead of a number of updates."),
        .value("--tokenizer", "KIND", "char (default) or bpe."),
        .value("--vocab", "N", "BPE vocabulary size (default \(defaults.bpeVocabulary))."),
        SeedOption.option("Seed for weights, data order and dropout (default \(defaults.seed))."),
        .value("--eval-every", "N", "Validate every N updates (default \(defaults.evaluateEvery))."),
        .value("--checkpoint-every", "N", "Checkpoint every N updates (default \(defaults.checkpointEvery))."),
        .value("--patience", "N", "Stop after N validations without improvement."),
        .value("--plan-reading", "R", "Feed the first layer at every step a bag read from the text's plan lines "
               + "(lines beginning \"= \", the scene headers): words (their known words) or continuations (the "
               + "letters that would carry the word being written on into a plan word not yet written). Default: "
               + "none."),
        .value("--plan-words", "N", "At most N known plan words (default \(TrainingOptions.defaultPlanWords); "
               + "implies --plan-reading words when that is not given)."),
        .value("--plan-width", "W", "Width of each vector of the plan input (default "
               + "\(TrainingOptions.defaultPlanWidth); with --plan-reading or --plan-words)."),
    ]

    /// `options` as given, over `base` (the defaults, a corpus plan's base run, or a checkpoint's recorded options).
    /// - Throws: `UsageError` naming the flag for a malformed or out-of-range value, or for both budgets at once.
    static func read(_ args: ParsedArguments, over base: TrainingOptions) throws -> TrainingOptions {
        var o = base
        o.layers = try args.int("--layers", default: o.layers, in: 1 ... 16)
        o.hidden = try args.int("--hidden", default: o.hidden, in: 1 ... 8192)
        o.embedding = try args.int("--embedding", default: o.embedding, in: 1 ... 8192)
        o.steps = try args.int("--seq", default: o.steps, in: 1 ... 10000)
        o.batch = try args.int("--batch", default: o.batch, in: 1 ... 4096)
        o.learningRate = Float(try args.double("--lr", default: Double(o.learningRate)))
        if !(o.learningRate > 0 && o.learningRate < 1) { throw UsageError("--lr must be a positive rate below 1") }
        o.dropout = Float(try args.double("--dropout", default: Double(o.dropout), in: 0 ... 0.95))
        o.clip = Float(try args.double("--clip", default: Double(o.clip), in: 0 ... 1e6))
        // Absent, the schedule stays as it was: nil (cosine) keeps older recipes unchanged.
        if args.has("--schedule") { o.schedule = try args.choice("--schedule", default: LearningRateSchedule.cosine) }
        // Absent, the draw stays as it was: the defaults' `hidden`, or nil (fan-in) in an older checkpoint's recipe.
        if args.has("--init") { o.initialization = try args.choice("--init", default: WeightInitialization.hidden) }
        if args.has("--steps") && args.has("--minutes") { throw UsageError("give --steps or --minutes, not both") }
        if let steps = try args.int("--steps", in: 1 ... 100_000_000) {
            o.maxUpdates = steps
            o.minutes = nil
        }
        if let minutes = try args.double("--minutes", in: 0.001 ... 100_000) {
            o.minutes = minutes
            o.maxUpdates = nil
        }
        o.tokenizer = try args.choice("--tokenizer", default: o.tokenizer)
        o.bpeVocabulary = try args.int("--vocab", default: o.bpeVocabulary, in: 2 ... 65536)
        o.seed = try SeedOption.value(args, default: o.seed)
        o.evaluateEvery = try args.int("--eval-every", default: o.evaluateEvery, in: 1 ... 100_000_000)
        o.checkpointEvery = try args.int("--checkpoint-every", default: o.checkpointEvery, in: 1 ... 100_000_000)
        o.patience = try args.int("--patience", default: o.patience, in: 1 ... 1_000_000)
        try readPlanInput(args, into: &o)
        return o
    }

    /// The plan input's flags over `o`'s (a checkpoint's, when resuming), written one way only: reading words is
    /// `planWords` set and `planReading` nil (as the runs made before `--plan-reading` record it), continuations
    /// are `planReading` set and `planWords` nil, and the width is always spelled out.
    static func readPlanInput(_ args: ParsedArguments, into o: inout TrainingOptions) throws {
        let words = try args.int("--plan-words", in: 1 ... 65536)
        o.planWidth = try args.int("--plan-width", default: o.planWidth, in: 1 ... 1024)
        var reading = o.planInputReading
        if args.has("--plan-reading") { reading = try args.choice("--plan-reading", default: PlanInput.Reading.words) }
        if words != nil && reading == nil { reading = .words }
        switch reading {
        case .words?:
            o.planReading = nil
            o.planWords = words ?? o.planWords ?? TrainingOptions.defaultPlanWords
        case .continuations?:
            if words != nil { throw UsageError("--plan-words counts words; a plan input read as continuations "
                + "reads letters") }
            o.planReading = .continuations
            o.planWords = nil
        case nil:
            if o.planWidth != nil { throw UsageError("--plan-width needs --plan-reading or --plan-words") }
        }
        if reading != nil && o.planWidth == nil { o.planWidth = TrainingOptions.defaultPlanWidth }
    }
}
