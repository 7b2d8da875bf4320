import ArcgenCorpus
import ArcgenModels
import ArcgenNeural
import ArcgenSupport
import Foundation

/// Commands of the LSTM engine: `train`, `sample`, `bench`.
enum EngineCommands {
    static var all: [Command] { [train, sample, bench, modelsList, eval] }

    /// The corpus plan's defaults, which the `--tag-…` and `--held-out` help quotes rather than restates.
    static let corpusDefaults = ModelTrainingPlan()

    static let train = Command(
        name: "train",
        summary: "Train an LSTM on a text (--text), or the base and per-tag models from a corpus (--corpus).",
        synopsis: "--text FILE --out MODEL | --corpus DIR --out DIR [--layers L] [--hidden H] [--embedding E] [--seq S] [--batch B] [--lr X] [--dropout D] [--steps N | --minutes M] [--tokenizer char|bpe] [--seed S] [--resume CHECKPOINT]",
        options: [
            .value("--text", "FILE", "UTF-8 training text; the last 10% is held out for validation."),
            .value("--out", "MODEL", "Where the best model (by validation) goes; the last checkpoint is MODEL.ckpt."),
            .value("--layers", "L", "LSTM layers (default 2)."),
            .value("--hidden", "H", "Units per layer (default 256)."),
            .value("--embedding", "E", "Token embedding size (default 64)."),
            .value("--seq", "S", "Time steps per BPTT window (default 100)."),
            .value("--batch", "B", "Parallel streams per update (default 64)."),
            .value("--lr", "X", "Adam learning rate (default 0.002), cosine-decayed to a tenth."),
            .value("--dropout", "D", "Dropout between layers and before the output (default 0)."),
            .value("--clip", "C", "Global gradient-norm clip (default 5)."),
            .value("--schedule", "S", "Learning-rate schedule: cosine (default, decays to a tenth) or constant."),
            .value("--steps", "N", "Updates to run (default 1000)."),
            .value("--minutes", "M", "Train for this long instead of a number of updates."),
            .value("--tokenizer", "KIND", "char (default) or bpe."),
            .value("--vocab", "N", "BPE vocabulary size (default 384)."),
            .value("--seed", "S", "Seed for weights, data order and dropout (default 1)."),
            .value("--eval-every", "N", "Validate every N updates (default 100)."),
            .value("--checkpoint-every", "N", "Checkpoint every N updates (default 100)."),
            .value("--patience", "N", "Stop after N validations without improvement."),
            .value("--resume", "CHECKPOINT", "Continue a run from its checkpoint (same --text; its shape, "
                + "tokenizer and recipe come from the checkpoint, a larger --steps extends it)."),
            .flag("--half", "Store the model's weights as fp16 (half the file size)."),
            .value("--corpus", "DIR", "Train the base model and one model per tag from a tagged corpus; --out is a folder."),
            .value("--tag-steps", "N", "With --corpus: most updates of each tag's fine-tune "
                   + "(default \(corpusDefaults.fineTune.maxUpdates.map(String.init) ?? "none"))."),
            .value("--tag-lr", "X",
                   "With --corpus: learning rate of the fine-tunes (default \(corpusDefaults.fineTune.learningRate))."),
            .value("--tag-batch", "B",
                   "With --corpus: streams per fine-tune update (default \(corpusDefaults.fineTune.batch))."),
            .value("--held-out", "F",
                   "With --corpus: share of each tag's scenes held out (default \(corpusDefaults.heldOutFraction))."),
            .value("--tags", "LIST", "With --corpus: comma-separated tags to train (default: all)."),
            .flag("--full-precision", "With --corpus: store fp32 weights instead of fp16."),
            synopsisOption(default: corpusDefaults.synopsisPriming),
        ]
    ) { args, console in
        if args.has("--corpus") { return try trainCorpus(args, console) }
        if args.has("--text") == false { throw UsageError("'train' needs --text FILE or --corpus DIR") }
        let textPath = try args.required("--text")
        let out = try args.required("--out")
        // A resume takes its shape, tokenizer and recipe from the checkpoint; flags may only repeat them.
        let resumed = try args.string("--resume").map { try Trainer.checkpointSettings(path: $0) }
        var o = resumed?.options ?? TrainingOptions()
        o.layers = try args.int("--layers", default: o.layers, in: 1 ... 16)!
        o.hidden = try args.int("--hidden", default: o.hidden, in: 1 ... 8192)!
        o.embedding = try args.int("--embedding", default: o.embedding, in: 1 ... 8192)!
        o.steps = try args.int("--seq", default: o.steps, in: 1 ... 10000)!
        o.batch = try args.int("--batch", default: o.batch, in: 1 ... 4096)!
        o.learningRate = Float(try args.double("--lr", default: Double(o.learningRate))!)
        if !(o.learningRate > 0 && o.learningRate < 1) { throw UsageError("--lr must be a positive rate below 1") }
        o.dropout = Float(try args.double("--dropout", default: Double(o.dropout), in: 0 ... 0.95)!)
        o.clip = Float(try args.double("--clip", default: Double(o.clip), in: 0 ... 1e6)!)
        o.schedule = try schedule(args, default: o.schedule)
        if args.has("--steps") && args.has("--minutes") { throw UsageError("give --steps or --minutes, not both") }
        o.maxUpdates = try args.int("--steps", default: resumed == nil ? 1000 : o.maxUpdates, in: 1 ... 100_000_000)
        if let minutes = try args.double("--minutes", in: 0.001 ... 100_000) { o.minutes = minutes; o.maxUpdates = nil }
        if resumed != nil, args.has("--steps") { o.minutes = nil }
        let tokenizer = try args.choice("--tokenizer", ["char", "bpe"], default: o.tokenizer.rawValue)
        o.tokenizer = tokenizer == "bpe" ? .bpe : .char
        o.bpeVocabulary = try args.int("--vocab", default: o.bpeVocabulary, in: 2 ... 65536)!
        o.seed = try SeedOption.value(args, default: o.seed)
        o.evaluateEvery = try args.int("--eval-every", default: o.evaluateEvery, in: 1 ... 100_000_000)!
        o.checkpointEvery = try args.int("--checkpoint-every", default: o.checkpointEvery, in: 1 ... 100_000_000)!
        o.patience = try args.int("--patience", default: o.patience, in: 1 ... 1_000_000)
        do { try o.validate() } catch { throw UsageError("\(error)") }

        let trainer: Trainer
        let text: TrainingText
        if let resume = args.string("--resume"), let resumed {
            try refuseContradictions(of: o, with: resumed.options, checkpoint: resume)
            text = try TrainingText.load(path: textPath, tokenizer: resumed.options.tokenizer,
                                         bpeVocabulary: resumed.options.bpeVocabulary, existing: resumed.tokenizer)
            trainer = try Trainer(resumingFrom: resume, train: text.train, validation: text.validation,
                                  textHash: text.hash,
                                  maxUpdates: args.has("--steps") ? o.maxUpdates : nil,
                                  minutes: args.has("--minutes") ? o.minutes : nil)
            console.log("resuming \(resume) at update \(trainer.update)")
        } else {
            text = try TrainingText.load(path: textPath, tokenizer: o.tokenizer, bpeVocabulary: o.bpeVocabulary)
            let recipe = TrainingRecipe(commandLine: invocation(), seed: o.seed, textHash: text.hash, textBytes: text.bytes,
                                        arcgenVersion: arcgenVersion, notes: ["text": textPath])
            trainer = try Trainer(options: o, tokenizer: text.tokenizer, train: text.train, validation: text.validation, recipe: recipe)
        }
        trainer.modelPath = out
        trainer.checkpointPath = out + ".ckpt"
        trainer.saveHalfPrecision = args.has("--half")
        let c = trainer.config
        console.log("training \(c.layers)×\(c.hidden) LSTM, embedding \(c.embedding), \(c.vocabularySize) \(trainer.options.tokenizer.rawValue) tokens, \(ParameterLayout(c).count) weights; \(text.train.count) training and \(text.validation.count) validation tokens; seed \(trainer.options.seed)")
        try trainer.run { console.log("\($0)") }
        console.log("best validation \(format(trainer.bestValidation ?? .nan, 4)) bits/char; model \(out), checkpoint \(out).ckpt")
        return 0
    }

    static let sample = Command(
        name: "sample",
        summary: "Sample text from a trained model.",
        synopsis: "--model MODEL [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--top-p P] [--seed S]",
        options: [
            .value("--model", "MODEL", "Model file written by 'arcgen train'."),
            .value("--prime", "TEXT", "Text the sample continues (default: a line break)."),
            .value("--length", "N", "Characters to generate (default 500)."),
            .value("--temperature", "T", "Sampling temperature (default 0.8; 0 is greedy)."),
            .value("--top-k", "K", "Sample only among the K most likely tokens."),
            .value("--top-p", "P", "Sample only from the smallest set holding probability P."),
            .value("--repetition-penalty", "R", "Penalise recently used tokens (1 = off)."),
            .value("--stop", "TEXT", "Stop when the sample contains TEXT."),
            .value("--seed", "S", "Seed (default: random, printed on stderr)."),
            .value("--words", "FILE", "Only spell words that occur in FILE (word-list constraint)."),
            .value("--no-copy", "FILE", "Never copy a run of --no-copy-length characters from FILE."),
            .value("--no-copy-length", "K", "Length of the forbidden verbatim run (default 40)."),
            .value("--batch", "N", "Draw N samples at once (seeds S, S+1, …), separated by blank lines."),
        ]
    ) { args, console in
        let modelPath = try args.required("--model")
        var o = SamplingOptions()
        o.maxCharacters = try args.int("--length", default: 500, in: 1 ... 10_000_000)!
        o.temperature = Float(try args.double("--temperature", default: 0.8, in: 0 ... 100)!)
        o.topK = try args.int("--top-k", default: 0, in: 0 ... 1_000_000)!
        o.topP = Float(try args.double("--top-p", default: 1, in: 0.000001 ... 1)!)
        o.repetitionPenalty = Float(try args.double("--repetition-penalty", default: 1, in: 0.01 ... 100)!)
        if let stop = args.string("--stop") { o.stopStrings = [stop] }
        let batch = try args.int("--batch", default: 1, in: 1 ... 1024)!
        let copyLength = try args.int("--no-copy-length", default: 40, in: 2 ... 100_000)!
        let seed = try args.seed() ?? UInt64.random(in: 0 ... UInt64(UInt32.max))
        if !args.has("--seed") { console.log("seed \(seed)") }
        let prime = args.string("--prime") ?? ""
        let model = try LanguageModel.load(path: modelPath)
        var constraints: [any GenerationConstraint] = []
        if let words = args.string("--words") {
            constraints.append(WordListConstraint(trie: WordTrie(words: WordTrie.words(in: try readText(words)))))
        }
        if let source = args.string("--no-copy") {
            constraints.append(NoCopyConstraint(source: normalizedText(try readText(source)), length: copyLength))
        }
        let sampler = TextSampler(model: model)
        let seeds = (0 ..< batch).map { seed &+ UInt64($0) }
        let results = batch == 1
            ? [sampler.generate(prime: prime, options: o, seed: seed, constraints: constraints)]
            : sampler.generate(primes: Array(repeating: prime, count: batch), options: o, seeds: seeds,
                               constraints: Array(repeating: constraints, count: batch))
        console.out(results.map { prime + $0.text }.joined(separator: "\n\n") + "\n")
        let relaxed = results.map(\.relaxedSteps).reduce(0, +)
        if relaxed > 0 { console.log("note: constraints were lifted for \(relaxed) token(s) where they allowed nothing") }
        return 0
    }

    static let bench = Command(
        name: "bench",
        summary: "Measure the engine on this machine: GEMM GF/s, training and sampling chars/s.",
        synopsis: "[--quick] [--only gemm|train|sample|plan|episode|season] [--models DIR]",
        options: [
            .flag("--quick", "Fewer repetitions (rougher figures)."),
            .value("--only", "PART", "Run one part: gemm, train, sample, plan, episode or season (the 120-episode outline, and its dialogue when the models have a manifest)."),
            ModelsLocation.option("Models for the episode figure (default: models, or $ARCGEN_MODELS)."),
            PlotCommands.arcsOption,
        ]
    ) { args, console in
        let quick = args.has("--quick")
        let only = try args.string("--only").map { _ in try args.choice("--only", ["gemm", "train", "sample", "plan", "episode", "season"], default: "") }
        let updates = quick ? 2 : 6
        if only == nil || only == "gemm" {
            console.line("gemm 6400x1024x320 GF/s: \(format(EngineBenchmark.gemm(m: 6400, n: 1024, k: 320, repeats: quick ? 2 : 5), 1))")
            console.line("gemm 64x1024x256 GF/s: \(format(EngineBenchmark.gemm(m: 64, n: 1024, k: 256, repeats: quick ? 5 : 50), 1))")
            console.line("gemm 512x512x512 GF/s: \(format(EngineBenchmark.gemm(m: 512, n: 512, k: 512, repeats: quick ? 2 : 10), 1))")
            // The backward pass's shapes at 2×256, batch 64, seq 100: weight gradients (Aᵀ·dGates) and input gradients (dGates·Wᵀ).
            console.line("gemm weight-grad 256x1024x6400 (Aᵀ) GF/s: \(format(EngineBenchmark.gemm(m: 256, n: 1024, k: 6400, transA: true, repeats: quick ? 2 : 5), 1))")
            console.line("gemm weight-grad 64x1024x6400 (Aᵀ) GF/s: \(format(EngineBenchmark.gemm(m: 64, n: 1024, k: 6400, transA: true, repeats: quick ? 2 : 5), 1))")
            console.line("gemm input-grad 6400x256x1024 (Bᵀ) GF/s: \(format(EngineBenchmark.gemm(m: 6400, n: 256, k: 1024, transB: true, repeats: quick ? 2 : 5), 1))")
            console.line("gemm input-grad 6400x64x1024 (Bᵀ) GF/s: \(format(EngineBenchmark.gemm(m: 6400, n: 64, k: 1024, transB: true, repeats: quick ? 2 : 5), 1))")
        }
        if only == nil || only == "train" {
            console.line("train 2x256 (emb 64, seq 100, batch 64) chars/s: \(format(try EngineBenchmark.training(layers: 2, hidden: 256, updates: updates), 0))")
            console.line("train 1x128 (emb 64, seq 100, batch 64) chars/s: \(format(try EngineBenchmark.training(layers: 1, hidden: 128, updates: updates * 3), 0))")
        }
        if only == nil || only == "sample" {
            console.line("sample 2x256 batch 1 chars/s: \(format(EngineBenchmark.sampling(layers: 2, hidden: 256, characters: quick ? 2000 : 20000), 0))")
        }
        if only == nil || only == "plan" || only == "episode" {
            try StoryBenchmark.run(args: args, console: console, plan: only != "episode", episode: only != "plan")
        }
        if only == "season" { try SeasonCommands.benchmark(console, quick: quick) }
        return 0
    }

    /// `train --corpus DIR --out DIR`: the base model, then a fine-tune per tag, and the manifest.
    static func trainCorpus(_ args: ParsedArguments, _ console: Console) throws -> Int32 {
        if args.has("--text") || args.has("--resume") {
            throw UsageError("--corpus trains from a corpus folder and resumes by itself; it takes neither --text nor --resume")
        }
        let corpus = try args.required("--corpus")
        let out = try args.required("--out")
        var plan = ModelTrainingPlan()
        var b = plan.base
        b.layers = try args.int("--layers", default: b.layers, in: 1 ... 16)!
        b.hidden = try args.int("--hidden", default: b.hidden, in: 1 ... 8192)!
        b.embedding = try args.int("--embedding", default: b.embedding, in: 1 ... 8192)!
        b.steps = try args.int("--seq", default: b.steps, in: 1 ... 10000)!
        b.batch = try args.int("--batch", default: b.batch, in: 1 ... 4096)!
        b.learningRate = Float(try args.double("--lr", default: Double(b.learningRate), in: 1e-7 ... 0.999)!)
        b.dropout = Float(try args.double("--dropout", default: Double(b.dropout), in: 0 ... 0.95)!)
        b.clip = Float(try args.double("--clip", default: Double(b.clip), in: 0 ... 1e6)!)
        b.schedule = try schedule(args, default: b.schedule)
        if args.has("--steps") && args.has("--minutes") { throw UsageError("give --steps or --minutes, not both") }
        b.maxUpdates = try args.int("--steps", default: b.maxUpdates, in: 1 ... 100_000_000)
        if let minutes = try args.double("--minutes", in: 0.001 ... 100_000) { b.minutes = minutes; b.maxUpdates = nil }
        b.tokenizer = try args.choice("--tokenizer", ["char", "bpe"], default: b.tokenizer.rawValue) == "bpe" ? .bpe : .char
        b.bpeVocabulary = try args.int("--vocab", default: b.bpeVocabulary, in: 2 ... 65536)!
        b.evaluateEvery = try args.int("--eval-every", default: b.evaluateEvery, in: 1 ... 100_000_000)!
        b.checkpointEvery = try args.int("--checkpoint-every", default: b.checkpointEvery, in: 1 ... 100_000_000)!
        b.patience = try args.int("--patience", default: b.patience, in: 1 ... 1_000_000)
        plan.seed = try SeedOption.value(args, default: plan.seed)
        b.seed = plan.seed
        plan.base = b
        plan.fineTune.maxUpdates = try args.int("--tag-steps", default: plan.fineTune.maxUpdates, in: 1 ... 100_000_000)
        plan.fineTune.learningRate = Float(try args.double("--tag-lr", default: Double(plan.fineTune.learningRate), in: 1e-7 ... 0.999)!)
        plan.fineTune.batch = try args.int("--tag-batch", default: plan.fineTune.batch, in: 1 ... 4096)!
        plan.fineTune.steps = b.steps
        plan.fineTune.dropout = b.dropout
        plan.fineTune.clip = b.clip
        plan.heldOutFraction = try args.double("--held-out", default: plan.heldOutFraction, in: 0.01 ... 0.5)!
        plan.tags = args.string("--tags").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        plan.halfPrecision = !args.has("--full-precision")
        plan.synopsisPriming = try synopsisPriming(args, default: plan.synopsisPriming)
        do { try plan.base.validate(); try plan.fineTuneOptions(tagIndex: 0).validate() } catch { throw UsageError("\(error)") }
        let trainer = CorpusModelTrainer(corpusDirectory: corpus, outputDirectory: out, plan: plan, commandLine: invocation()) { console.log($0) }
        let manifest = try trainer.run()
        console.log("wrote \(manifest.tags.count) tag models and the base to \(out); see 'arcgen models list --models \(out)'")
        return 0
    }

    static let modelsList = Command(
        name: "models list",
        summary: "Show the model manifest: each tag's model, its size and held-out bits/char against the base; "
            + "exit 1 when a model listed is missing, corrupt or another tag's.",
        synopsis: "[--models DIR]",
        options: [ModelsLocation.option]
    ) { args, console in
        let dir = ModelsLocation(args).directory
        let library = try ModelLibrary(directory: dir)
        console.out(library.table())
        let problems = library.problems()
        for p in problems { console.log("arcgen models list: \(p)") }
        return problems.isEmpty ? 0 : 1
    }

    static let eval = Command(
        name: "eval",
        summary: "Judge the models: held-out bits/char, beat recognisability, word validity, diversity, copying.",
        synopsis: "[--models DIR] [--samples N] [--seed S] [--temperature T] [--raw] [--candidates K] "
            + "[--format text|markdown|json]",
        options: [
            ModelsLocation.option,
            .value("--corpus", "DIR", "The corpus the models were trained on (default: the one in the manifest)."),
            .value("--samples", "N", "Scenes sampled from each tag model (default 20)."),
            SeedOption.option("Seed of the samples (default \(SeedOption.fixedDefault))."),
            .value("--temperature", "T", "Sampling temperature (default 0.8)."),
            .flag("--raw", "Sample raw: one draw per scene and no constraint, what the models write by themselves "
                  + "(by default scenes are drawn exactly as 'arcgen episode' draws them)."),
            .value("--candidates", "K", "Candidates ranked per scene (default 4), as in 'arcgen episode'."),
            .flag("--constrained", "The default, kept for scripts that pass it: sample as 'arcgen episode' does."),
            .value("--format", "F", "text (default), markdown or json."),
        ]
    ) { args, console in
        let dir = ModelsLocation(args).directory
        var e = ModelEvaluation()
        e.samplesPerTag = try args.int("--samples", default: 20, in: 1 ... 10_000)!
        e.seed = try SeedOption.value(args)
        e.temperature = Float(try args.double("--temperature", default: 0.8, in: 0 ... 10)!)
        if args.has("--raw") && args.has("--constrained") { throw UsageError("give --raw or --constrained, not both") }
        e.constrained = !args.has("--raw")
        e.candidates = try args.int("--candidates", default: e.candidates, in: 1 ... 64)!
        let format = try args.choice("--format", ["text", "markdown", "json"], default: "text")
        let table = try e.run(library: try ModelLibrary(directory: dir), corpusDirectory: args.string("--corpus")) { console.log($0) }
        switch format {
        case "markdown": console.out(table.markdown())
        case "json": console.out(String(decoding: try table.jsonData(), as: UTF8.self) + "\n")
        default: console.out(table.plainText())
        }
        return 0
    }

    // MARK: Helpers

    /// Refuses, naming the flag, any option of a resume that differs from what the checkpoint was trained with;
    /// only a larger budget (`--steps`, `--minutes` of the same kind) may extend the run.
    static func refuseContradictions(of given: TrainingOptions, with recorded: TrainingOptions,
                                     checkpoint: String) throws {
        let settings: [(flag: String, given: String, recorded: String)] = [
            ("--layers", "\(given.layers)", "\(recorded.layers)"),
            ("--hidden", "\(given.hidden)", "\(recorded.hidden)"),
            ("--embedding", "\(given.embedding)", "\(recorded.embedding)"),
            ("--seq", "\(given.steps)", "\(recorded.steps)"),
            ("--batch", "\(given.batch)", "\(recorded.batch)"),
            ("--lr", "\(given.learningRate)", "\(recorded.learningRate)"),
            ("--dropout", "\(given.dropout)", "\(recorded.dropout)"), ("--clip", "\(given.clip)", "\(recorded.clip)"),
            ("--tokenizer", given.tokenizer.rawValue, recorded.tokenizer.rawValue),
            ("--vocab", "\(given.bpeVocabulary)", "\(recorded.bpeVocabulary)"),
            ("--seed", "\(given.seed)", "\(recorded.seed)"),
            ("--eval-every", "\(given.evaluateEvery)", "\(recorded.evaluateEvery)"),
            ("--checkpoint-every", "\(given.checkpointEvery)", "\(recorded.checkpointEvery)"),
            ("--patience", given.patience.map(String.init) ?? "none", recorded.patience.map(String.init) ?? "none"),
            ("--schedule", (given.schedule ?? .cosine).rawValue, (recorded.schedule ?? .cosine).rawValue),
        ]
        if let s = settings.first(where: { $0.given != $0.recorded }) {
            throw UsageError("\(s.flag) \(s.given) contradicts \(checkpoint), which was trained with "
                             + "\(s.flag) \(s.recorded); drop \(s.flag) to resume it as it was made")
        }
        if let steps = given.maxUpdates {
            guard let before = recorded.maxUpdates else {
                throw UsageError("--steps: \(checkpoint) trains for \(recorded.minutes ?? 0) minutes; "
                    + "give --minutes to extend it")
            }
            guard steps >= before else {
                throw UsageError("--steps \(steps) is below the \(before) updates of \(checkpoint); give \(before) "
                    + "or more to extend it")
            }
        }
        if let minutes = given.minutes {
            guard let before = recorded.minutes else {
                throw UsageError("--minutes: \(checkpoint) trains for \(recorded.maxUpdates ?? 0) updates; "
                    + "give --steps to extend it")
            }
            guard minutes >= before else {
                throw UsageError("--minutes \(minutes) is below the \(before) minutes of \(checkpoint); "
                    + "give \(before) or more")
            }
        }
    }

    static func invocation() -> String {
        (["arcgen"] + CommandLine.arguments.dropFirst()).map { a in
            a.contains(where: { " \"'$".contains($0) }) ? "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'" : a
        }.joined(separator: " ")
    }
}

/// Reads a UTF-8 text file, naming the file and byte offset on failure.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw RuntimeError("\(path): cannot read the file (does it exist?)")
    }
    return try UTF8Text.decode([UInt8](data), path: path)
}

func format(_ x: Double, _ decimals: Int) -> String {
    guard x.isFinite else { return "n/a" }
    return String(format: "%.\(decimals)f", x)
}

func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
    if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
    return "\(s)s"
}

/// `--synopsis none|words|whole`: how a scene's synopsis goes into its training header (`SynopsisPriming`). One
/// option for `train --corpus` and `corpus text`, so the text written is the text trained on.
func synopsisOption(default value: SynopsisPriming) -> OptionSpec {
    .value("--synopsis", "HOW", "The synopsis in each training header: "
           + SynopsisPriming.allCases.map(\.rawValue).joined(separator: ", ")
           + " (default \(value.rawValue)): its content words, the whole of it, or none.")
}

func synopsisPriming(_ args: ParsedArguments, default value: SynopsisPriming) throws -> SynopsisPriming {
    let raw = try args.choice("--synopsis", SynopsisPriming.allCases.map(\.rawValue), default: value.rawValue)
    return SynopsisPriming(rawValue: raw)!
}

/// `--schedule cosine|constant`; nil (the cosine default) when the flag is absent, so recipes without it stay as
/// they were.
func schedule(_ args: ParsedArguments, default value: LearningRateSchedule?) throws -> LearningRateSchedule? {
    guard args.has("--schedule") else { return value }
    let raw = try args.choice("--schedule", LearningRateSchedule.allCases.map(\.rawValue), default: "cosine")
    return LearningRateSchedule(rawValue: raw)
}
