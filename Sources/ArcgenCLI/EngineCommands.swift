import ArcgenCorpus
import ArcgenModels
import ArcgenNeural
import ArcgenSupport
import Foundation

/// Commands of the LSTM engine: `train`, `sample`, `bench`.
enum EngineCommands {
    static var all: [Command] { [train, sample, bench, modelsList, modelsStore, modelsScore, eval] }

    /// The corpus plan's defaults, which the `--tag-…` and `--held-out` help quotes rather than restates.
    static let corpusDefaults = ModelTrainingPlan()

    /// `train`'s options, read again by its body to refuse what only --corpus takes when it is given --text.
    static let trainOptions: [OptionSpec] = [
        .value("--text", "FILE", "UTF-8 training text; the last 10% is held out for validation."),
        .value("--out", "MODEL", "Where the best model (by validation) goes; the last checkpoint is MODEL.ckpt."),
    ] + TrainingOptionGroup.options + [
        .value("--resume", "CHECKPOINT", "Continue a run from its checkpoint (same --text; its shape, "
            + "tokenizer and recipe come from the checkpoint, a larger --steps extends it)."),
        .flag("--half", "Store the model's weights as fp16 (half the file size); the same as --precision fp16."),
        .value("--precision", "P", "How model files store their weights: fp32, fp16, int8 or int4 (blocks of 32 "
               + "with a scale each, about a quarter and an eighth of fp32). Default fp32 with --text, int8 with "
               + "--corpus."),
        .value("--corpus", "DIR",
               "Train the base model and one model per tag from a tagged corpus; --out is a folder."),
        .value("--tag-steps", "N", "With --corpus: most updates of each tag's fine-tune "
               + "(default \(corpusDefaults.fineTune.maxUpdates.map(String.init) ?? "none"))."),
        .value("--tag-lr", "X",
               "With --corpus: learning rate of the fine-tunes (default \(corpusDefaults.fineTune.learningRate))."),
        .value("--tag-batch", "B",
               "With --corpus: streams per fine-tune update (default \(corpusDefaults.fineTune.batch))."),
        .value("--tag-differences", "P", "With --corpus: store each tag model as its differences from the base, "
               + "at precision P (int4 keeps what int8 of the whole keeps, in half the bytes; default: whole)."),
        .value("--held-out", "F",
               "With --corpus: share of each tag's scenes held out (default \(corpusDefaults.heldOutFraction))."),
        .value("--training-share", "F", "With --corpus: learn from this share of each tag and language's "
               + "training scenes (default 1); the held-out scenes stay the same, so 0.25, 0.5 and 1 draw a "
               + "data curve."),
        .value("--tags", "LIST", "With --corpus: comma-separated tags to train (default: all)."),
        .flag("--full-precision", "With --corpus: store fp32 weights (the same as --precision fp32)."),
        .value("--scene-state", "S", "With --corpus: the state each training scene begins with: fresh (zero, as "
               + "generation begins a scene) or carried (what the scene before left; the default, as the shipped "
               + "set trained)."),
        synopsisOption(default: corpusDefaults.synopsisPriming),
    ]

    static let train = Command(
        name: "train",
        summary: "Train an LSTM on a text (--text), or the base and per-tag models from a corpus (--corpus).",
        synopsis: "--text FILE --out MODEL | --corpus DIR --out DIR [--layers L] [--hidden H] [--embedding E] "
            + "[--seq S] [--batch B] [--lr X] [--dropout D] [--steps N | --minutes M] [--tokenizer char|bpe] "
            + "[--seed S] [--resume CHECKPOINT]",
        options: trainOptions
    ) { args, console in
        if args.has("--corpus") { return try trainCorpus(args, console) }
        if args.has("--text") == false { throw UsageError("'train' needs --text FILE or --corpus DIR") }
        // What only a corpus has (scenes, tags, a split, fine-tunes) is refused, not dropped, with --text.
        let corpusOnly = trainOptions.filter { $0.help.hasPrefix("With --corpus:") }.map(\.name)
        for name in corpusOnly + ["--synopsis"] where args.has(name) {
            throw UsageError("\(name) needs --corpus: a --text file has no scenes")
        }
        let textPath = try args.required("--text")
        let out = try args.required("--out")
        // A resume takes its shape, tokenizer and recipe from the checkpoint; flags may only repeat them.
        let resumed = try args.string("--resume").map { try Trainer.checkpointSettings(path: $0) }
        let o = try TrainingOptionGroup.read(args, over: resumed?.options ?? TrainingOptions())
        do { try o.validate() } catch { throw UsageError("\(error)") }

        let trainer: Trainer
        let text: TrainingText
        if let resume = args.string("--resume"), let resumed {
            try refuseContradictions(of: o, with: resumed.options, checkpoint: resume)
            if resumed.options.documentState == .fresh {
                throw UsageError("\(resume) begins each scene from a zero state: resume it with train --corpus")
            }
            text = try TrainingText.load(path: textPath, tokenizer: resumed.options.tokenizer,
                                         bpeVocabulary: resumed.options.bpeVocabulary, existing: resumed.tokenizer)
            trainer = try Trainer(resumingFrom: resume, train: text.train, validation: text.validation,
                                  textHash: text.hash,
                                  maxUpdates: args.has("--steps") ? o.maxUpdates : nil,
                                  minutes: args.has("--minutes") ? o.minutes : nil)
            console.log("resuming \(resume) at update \(trainer.update)")
        } else {
            text = try TrainingText.load(path: textPath, tokenizer: o.tokenizer, bpeVocabulary: o.bpeVocabulary)
            let recipe = TrainingRecipe(commandLine: invocation(), seed: o.seed, textHash: text.hash,
                                        textBytes: text.bytes,
                                        arcgenVersion: arcgenVersion, notes: ["text": textPath])
            trainer = try Trainer(options: o, tokenizer: text.tokenizer, train: text.train,
                                  validation: text.validation, recipe: recipe)
        }
        trainer.modelPath = out
        trainer.checkpointPath = out + ".ckpt"
        if args.has("--half") && args.has("--precision") { throw UsageError("give --precision or --half, not both") }
        trainer.savePrecision = args.has("--half") ? .fp16 : try args.choice("--precision", default: .fp32)
        let c = trainer.config
        let planned = c.plan.map { ", " + $0.summary } ?? ""
        console.log("training \(c.layers)×\(c.hidden) LSTM, embedding \(c.embedding)\(planned), \(c.vocabularySize) "
            + "\(trainer.options.tokenizer.rawValue) tokens, \(ParameterLayout(c).count) weights; "
            + "\(text.train.count) training and \(text.validation.count) validation tokens; "
            + "seed \(trainer.options.seed)")
        try trainer.run { console.log("\($0)") }
        let best = format(trainer.bestValidation ?? .nan, 4)
        console.log("best validation \(best) bits/char; model \(out), checkpoint \(out).ckpt")
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
            SeedOption.randomOption(seeding: "Seed"),
            .value("--words", "FILE", "Only spell words that occur in FILE (word-list constraint)."),
            .value("--no-copy", "FILE", "Never copy a run of --no-copy-length characters from FILE."),
            .value("--no-copy-length", "K", "Length of the forbidden verbatim run (default 40)."),
            .value("--batch", "N", "Draw N samples at once (seeds S, S+1, …), separated by blank lines."),
        ]
    ) { args, console in
        let modelPath = try args.required("--model")
        var o = SamplingOptions()
        o.maxCharacters = try args.int("--length", default: o.maxCharacters, in: 1 ... 10_000_000)
        o.temperature = Float(try args.double("--temperature", default: Double(o.temperature), in: 0 ... 100))
        o.topK = try args.int("--top-k", default: o.topK, in: 0 ... 1_000_000)
        o.topP = Float(try args.double("--top-p", default: Double(o.topP), in: 0.000001 ... 1))
        o.repetitionPenalty = Float(try args.double("--repetition-penalty", default: Double(o.repetitionPenalty),
                                                    in: 0.01 ... 100))
        if let stop = args.string("--stop") { o.stopStrings = [stop] }
        let batch = try args.int("--batch", default: 1, in: 1 ... 1024)
        let copyLength = try args.int("--no-copy-length", default: 40, in: 2 ... 100_000)
        let seed = try SeedOption.valueOrRandom(args, console: console, command: "sample",
                                                repeating: "draw this sample")
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
        if relaxed > 0 {
            console.log("note: constraints were lifted for \(relaxed) token(s) where they allowed nothing")
        }
        return 0
    }

    static let bench = Command(
        name: "bench",
        summary: "Measure the engine on this machine: GEMM GF/s, training and sampling chars/s.",
        synopsis: "[--quick] [--only gemm|train|sample|plan|episode|season] [--models DIR]",
        options: [
            .flag("--quick", "Fewer repetitions (rougher figures)."),
            .value("--only", "PART", "Run one part: gemm, train, sample, plan, episode or season (the 120-episode "
                   + "outline, and its dialogue when the models have a manifest)."),
            ModelsLocation.option("Models for the episode figure (default: models, or $ARCGEN_MODELS)."),
            ArcsFolder.option,
        ]
    ) { args, console in
        let quick = args.has("--quick")
        let parts = ["gemm", "train", "sample", "plan", "episode", "season"]
        let only = try args.string("--only").map { _ in try args.choice("--only", parts, default: "") }
        let updates = quick ? 2 : 6
        if only == nil || only == "gemm" {
            /// One GEMM figure: `label GF/s: x`.
            func gemm(_ label: String, _ m: Int, _ n: Int, _ k: Int, transA: Bool = false, transB: Bool = false,
                      repeats: Int) {
                let gflops = EngineBenchmark.gemm(m: m, n: n, k: k, transA: transA, transB: transB, repeats: repeats)
                console.line("gemm \(label) GF/s: \(format(gflops, 1))")
            }
            gemm("6400x1024x320", 6400, 1024, 320, repeats: quick ? 2 : 5)
            gemm("64x1024x256", 64, 1024, 256, repeats: quick ? 5 : 50)
            gemm("512x512x512", 512, 512, 512, repeats: quick ? 2 : 10)
            // The backward pass's shapes at 2×256, batch 64, seq 100: weight gradients (Aᵀ·dGates) and input
            // gradients (dGates·Wᵀ).
            gemm("weight-grad 256x1024x6400 (Aᵀ)", 256, 1024, 6400, transA: true, repeats: quick ? 2 : 5)
            gemm("weight-grad 64x1024x6400 (Aᵀ)", 64, 1024, 6400, transA: true, repeats: quick ? 2 : 5)
            gemm("input-grad 6400x256x1024 (Bᵀ)", 6400, 256, 1024, transB: true, repeats: quick ? 2 : 5)
            gemm("input-grad 6400x64x1024 (Bᵀ)", 6400, 64, 1024, transB: true, repeats: quick ? 2 : 5)
        }
        if only == nil || only == "train" {
            let big = try EngineBenchmark.training(layers: 2, hidden: 256, updates: updates)
            console.line("train 2x256 (emb 64, seq 100, batch 64) chars/s: \(format(big, 0))")
            let small = try EngineBenchmark.training(layers: 1, hidden: 128, updates: updates * 3)
            console.line("train 1x128 (emb 64, seq 100, batch 64) chars/s: \(format(small, 0))")
        }
        if only == nil || only == "sample" {
            // 2×256 as before; 3×384 is the shipped shape (114 characters), four streams a scene's candidates.
            let shapes = [(2, 256, 96, 1), (2, 256, 96, 4), (3, 384, 114, 1), (3, 384, 114, 4)]
            for (layers, hidden, vocabulary, streams) in shapes {
                let rate = EngineBenchmark.sampling(layers: layers, hidden: hidden, vocabulary: vocabulary,
                                                    characters: quick ? 2000 : 20000, streams: streams)
                console.line("sample \(layers)x\(hidden) batch \(streams) chars/s: \(format(rate, 0))")
            }
        }
        if only == nil || only == "plan" || only == "episode" {
            try StoryBenchmark.run(args: args, console: console, plan: only != "episode", episode: only != "plan")
        }
        if only == "season" {
            try SeasonCommands.benchmark(console, quick: quick, arcs: ArcsFolder(args), models: ModelsLocation(args))
        }
        return 0
    }

    /// `train --corpus DIR --out DIR`: the base model, then a fine-tune per tag, and the manifest.
    static func trainCorpus(_ args: ParsedArguments, _ console: Console) throws -> Int32 {
        if args.has("--text") || args.has("--resume") {
            throw UsageError("--corpus trains from a corpus folder and resumes by itself; it takes neither --text "
                + "nor --resume")
        }
        let corpus = try args.required("--corpus")
        let out = try args.required("--out")
        var plan = ModelTrainingPlan()
        plan.setBase(try TrainingOptionGroup.read(args, over: plan.base))
        plan.fineTune.maxUpdates = try args.int("--tag-steps", default: plan.fineTune.maxUpdates,
                                                in: 1 ... 100_000_000)
        plan.fineTune.learningRate = Float(try args.double("--tag-lr", default: Double(plan.fineTune.learningRate),
                                                           in: 1e-7 ... 0.999))
        plan.fineTune.batch = try args.int("--tag-batch", default: plan.fineTune.batch, in: 1 ... 4096)
        if args.has("--tag-differences") {
            plan.tagDifferences = try args.choice("--tag-differences", default: WeightPrecision.int4)
        }
        plan.heldOutFraction = try args.double("--held-out", default: plan.heldOutFraction, in: 0.01 ... 0.5)
        plan.trainingShare = try args.double("--training-share", default: plan.trainingShare, in: 0.01 ... 1)
        plan.tags = args.string("--tags").map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        } ?? []
        let precisionFlags = ["--precision", "--full-precision", "--half"].filter(args.has)
        if precisionFlags.count > 1 {
            throw UsageError("give only one of \(precisionFlags.joined(separator: ", "))")
        }
        plan.precision = args.has("--full-precision") ? .fp32
            : args.has("--half") ? .fp16 : try args.choice("--precision", default: plan.precision)
        plan.synopsisPriming = try args.choice("--synopsis", default: plan.synopsisPriming)
        // `carried` is stored as nil, as runs made before the option record it, so the two compare equal.
        let state = try args.choice("--scene-state", default: TrainingOptions.DocumentState.carried)
        plan.base.documentState = state == .carried ? nil : state
        do { try plan.validate() } catch { throw UsageError("\(error)") }
        let trainer = CorpusModelTrainer(corpusDirectory: corpus, outputDirectory: out, plan: plan,
                                         commandLine: invocation()) { console.log($0) }
        let manifest = try trainer.run()
        console.log("wrote \(manifest.tags.count) tag models and the base to \(out); "
            + "see 'arcgen models list --models \(out)'")
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

    static let modelsStore = Command(
        name: "models store",
        summary: "Copy a model set into a new folder with its weights stored at another precision (int8 takes about "
            + "half the bytes of fp16), to compare the copy before keeping it.",
        synopsis: "--precision fp32|fp16|int8|int4 --out DIR [--tags LIST] [--differences] [--models DIR]",
        options: [
            .value("--precision", "P", "fp32, fp16, int8 or int4 (blocks of 32 weights with an fp16 scale each)."),
            .value("--out", "DIR", "A new or empty folder for the copy; an existing model set is never overwritten."),
            .list("--tags", "LIST", "Comma-separated tags (or base) to store at --precision; the others are copied "
                  + "as they are (default: every tag, not the base)."),
            .flag("--differences", "Store those tag models as their differences from the copy's base (a fine-tune "
                  + "moves its base's weights by little: int4 differences keep what int8 keeps); loading adds the "
                  + "base back, so the set's files stay together."),
            ModelsLocation.option,
        ]
    ) { args, console in
        let library = try ModelLibrary(directory: ModelsLocation(args).directory)
        let precision: WeightPrecision = try args.choice("--precision", default: .int8)
        guard args.has("--precision") else { throw UsageError("--precision is required (fp32, fp16, int8 or int4)") }
        let out = try args.required("--out")
        let tags = args.has("--tags") ? Set(args.list("--tags")) : nil
        let known = Set(library.manifest.tags.keys).union(["base"])
        for tag in (tags ?? []).sorted() where !known.contains(tag) {
            let hint = Suggestions.closest(to: tag, in: known.sorted()).map { " (did you mean \($0)?)" } ?? ""
            throw UsageError("--tags \(tag) is neither a tag of the model set nor base\(hint)")
        }
        let sizes = try library.store(precision: precision, tags: tags, differences: args.has("--differences"),
                                      into: out)
        let total = sizes.values.reduce(0, +)
        console.log("wrote \(sizes.count) model files (\(format(Double(total) / 1_000_000, 1)) MB) and the manifest "
            + "to \(out)")
        return 0
    }

    static let modelsScore = Command(
        name: "models score",
        summary: "Held-out bits/char of one model file or training checkpoint (its best weights) on the scene bodies, "
            + "each read after its own header as generation primes it: the figure that compares models trained "
            + "with different plan lines.",
        synopsis: "--model FILE [--synopsis none|words|whole] [--tag TAG] [--others-plans] [--corpus DIR] "
            + "[--models DIR]",
        options: [
            .value("--model", "FILE", "A .lstm model or a .ckpt checkpoint (its best weights so far)."),
            .value("--synopsis", "HOW", "The plan line the model was trained with: none, words or whole (default: "
                   + "the model set's, else \(ModelTrainingPlan().synopsisPriming.rawValue))."),
            .value("--tag", "TAG", "Only the held-out scenes whose main beat is TAG (default: all of them)."),
            .flag("--others-plans", "Also read each scene after another scene's plan line: the gap is what the "
                  + "plan line tells the model."),
            .value("--corpus", "DIR", "The corpus the model was trained on (default: the model set's)."),
            ModelsLocation.option("The model set whose corpus and held-out fraction to use (default: models, if any)."),
        ]
    ) { args, console in
        let model = try Trainer.model(inModelOrCheckpoint: try args.required("--model"))
        // The held-out scenes are the training run's: the set's split (its seed and held-out fraction; a tag model's
        // own seed is its fine-tune's), or without a set the model's seed and the default fraction.
        let location = ModelsLocation(args)
        let library = location.given == nil ? try? ModelLibrary(directory: location.directory)
            : try ModelLibrary(directory: location.directory)
        var plan = ModelTrainingPlan()
        plan.seed = model.recipe.seed
        if let library { plan = library.manifest.recipe.plan }
        let priming = try args.choice("--synopsis", default: plan.synopsisPriming)
        guard let corpus = try args.string("--corpus") ?? library?.trainingCorpusDirectory() else {
            throw UsageError("no model set at \(location.directory) to take the corpus from; pass --corpus")
        }
        let prepared = try CorpusModelTrainer(corpusDirectory: corpus, outputDirectory: "", plan: plan,
                                              commandLine: "").prepare()
        var scenes = prepared.split.heldOut
        if let tag = args.string("--tag") {
            guard prepared.tags.contains(tag) else {
                throw UsageError("--tag \(tag): no such beat in \(corpus); its beats: "
                    + prepared.tags.joined(separator: ", "))
            }
            scenes = scenes.filter { $0.mainTag == tag }
        }
        guard !scenes.isEmpty else { throw RuntimeError("\(corpus): no held-out scenes to read") }
        let started = Date()
        let own = SceneBodyBits(model, scenes: scenes, priming: priming)
        let updates = model.metrics["updates"].map { ", \(Int($0)) updates" } ?? ""
        console.log("\(scenes.count) held-out scenes (seed \(plan.seed), held-out fraction \(plan.heldOutFraction)), "
            + "\(own.characters) body characters, headers with --synopsis \(priming.rawValue); "
            + "\(format(Date().timeIntervalSince(started), 1)) s")
        let opening = "first \(SceneBodyBits.opening) tokens of each body"
        let planWords = "the plan's own words in the body, \(own.planWordCharacters) characters"
        console.out("\(args.string("--model")!)\(updates): \(format(own.bits, 3)) bits/char on the scene bodies "
            + "(\(opening): \(format(own.openingBits, 3)); \(planWords): \(format(own.planWordBits, 3)))\n")
        if args.has("--others-plans") {
            let other = SceneBodyBits(model, scenes: scenes, priming: priming, othersPlans: true)
            console.out("after another scene's plan line: \(format(other.bits, 3)) (\(format(other.openingBits, 3)); "
                + "\(format(other.planWordBits, 3))); the plan line is worth \(format(other.bits - own.bits, 4)) "
                + "(\(format(other.openingBits - own.openingBits, 4)); "
                + "\(format(other.planWordBits - own.planWordBits, 4)))\n")
        }
        return 0
    }

    static let eval = Command(
        name: "eval",
        summary: "Judge the models: held-out bits/char, beat recognisability, word validity, diversity, copying.",
        synopsis: "[--models DIR] [--samples N] [--seed S] [--temperature T] [--raw] [--candidates K] [--plan-pull X] "
            + "[--beat-pull X] [--rank scenes|paragraphs] [--top-p P] [--word-pairs on|off] [--word-triples on|off] "
            + "[--free-plan-words on|once|off] [--format text|markdown|json]",
        options: [
            ModelsLocation.option,
            .value("--corpus", "DIR", "The corpus the models were trained on (default: the one in the manifest)."),
            .value("--samples", "N", "Scenes sampled from each tag model (default 20)."),
            SeedOption.option("Seed of the samples (default \(ModelEvaluation().seed))."),
            .flag("--raw", "Sample raw: one draw per scene and no constraint, what the models write by themselves "
                  + "(by default scenes are drawn exactly as 'arcgen episode' draws them)."),
            .flag("--constrained", "The default, kept for scripts that pass it: sample as 'arcgen episode' does."),
            .value("--format", "F", "text (default), markdown or json."),
        ] + DrawOptions.options
    ) { args, console in
        let dir = ModelsLocation(args).directory
        var e = ModelEvaluation()
        e.samplesPerTag = try args.int("--samples", default: e.samplesPerTag, in: 1 ... 10_000)
        e.seed = try SeedOption.value(args, default: e.seed)
        if args.has("--raw") && args.has("--constrained") { throw UsageError("give --raw or --constrained, not both") }
        for option in ["--plan-pull", "--beat-pull", "--word-pairs", "--word-triples", "--free-plan-words"]
            where args.has("--raw") && args.has(option) {
            throw UsageError("\(option) steers the constrained draw; a --raw draw takes none")
        }
        for option in ["--rank", "--candidates"] where args.has("--raw") && args.has(option) {
            throw UsageError("\(option) ranks candidates; a --raw draw has one")
        }
        e.constrained = !args.has("--raw")
        e.draw = try DrawOptions.value(args)
        let format = try args.choice("--format", ["text", "markdown", "json"], default: "text")
        let table = try e.run(library: try ModelLibrary(directory: dir), corpusDirectory: args.string("--corpus")) {
            console.log($0)
        }
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
            ("--init", (given.initialization ?? .fanIn).rawValue, (recorded.initialization ?? .fanIn).rawValue),
            ("--plan-reading", given.planInputReading?.rawValue ?? "none",
             recorded.planInputReading?.rawValue ?? "none"),
            ("--plan-words", given.planWords.map(String.init) ?? "none", recorded.planWords.map(String.init) ?? "none"),
            ("--plan-width", "\(given.planWidth ?? TrainingOptions.defaultPlanWidth)",
             "\(recorded.planWidth ?? TrainingOptions.defaultPlanWidth)"),
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

/// How scenes are drawn (`DrawSettings`): one spelling, range and help text of each option for `episode`, `season`
/// and `eval`, and one reading of them.
enum DrawOptions {
    static let options: [OptionSpec] = [
        .value("--temperature", "T", "Sampling temperature of the scene models (default "
               + "\(DrawSettings.defaultTemperature), chosen by measurement: see the README; 0 is greedy)."),
        .value("--candidates", "K", "Candidates drawn and ranked per scene (default \(DrawSettings.defaultCandidates); "
               + "see the README, 'How a scene is written')."),
        .value("--plan-pull", "X", "How strongly the synopsis's words pull on the scene: once a word begins like one "
               + "of them not yet written, X is added to the logits of the letters that carry it on (default "
               + "\(DrawSettings.defaultPlanPull); 0 is off)."),
        .value("--beat-pull", "X", "How strongly the words that mark the scene's beat in the corpus ('anillo', "
               + "'arrodilla' in a proposal: 'arcgen corpus stats' lists them) pull on the scene, as --plan-pull does "
               + "for the synopsis's (default \(DrawSettings.defaultBeatPull); 0 is off)."),
        .value("--rank", "scenes|paragraphs", "Rank the candidates paragraph by paragraph, keeping the best of their "
               + "paragraphs of the first one's kind each time, or as whole scenes (default "
               + "\(rankName(DrawSettings.defaultRankParagraphs)); see the README)."),
        .value("--rank-gain", "W", "Ranking paragraphs, add W times the tag model's gain over the base (how much "
               + "likelier it finds the paragraph, per token) to each candidate's score (default "
               + "\(DrawSettings.defaultRankGain); 0 is off; see the README, 'How a scene is written')."),
        .value("--top-p", "P", "Draw each letter from the smallest set of likeliest ones holding probability P "
               + "(default \(DrawSettings.defaultTopP); 1 is off)."),
        .value("--word-pairs", "on|off", "Write two words side by side only if they stand so somewhere in the corpus "
               + "(default \(onOff(DrawSettings.defaultWordPairs)); see the README, 'How a scene is written')."),
        .value("--word-triples", "on|off", "With the word pairs, write three words side by side only if they stand so "
               + "in the corpus, where it follows the first two with more than one word (default "
               + "\(onOff(DrawSettings.defaultWordTriples)); off with --word-pairs off)."),
        .value("--free-plan-words", "on|once|off", "on: the synopsis's words follow any word, free of the word pairs "
               + "and triples; once: so once in a scene for each rule, then held, and the word after a break of the "
               + "pairs held to them; off: held as the other words are (default "
               + "\(DrawSettings.defaultFreePlanWords.rawValue); see models/NOTEBOOK.md, readings 34–37)."),
    ]

    /// The settings `args` ask for, the defaults elsewhere. `--beat-pull` and `--word-pairs on` are refused with
    /// `--unconstrained`: the beat's words and the word pairs come with the guards, which an unconstrained draw does
    /// not load; `--word-triples on` and `--free-plan-words off` or `once` without the pairs too.
    static func value(_ args: ParsedArguments) throws -> DrawSettings {
        if args.has("--beat-pull") && args.has("--unconstrained") {
            throw UsageError("--beat-pull pulls towards the corpus's beat words, which --unconstrained leaves out: "
                             + "give one of the two")
        }
        var draw = DrawSettings()
        draw.temperature = Float(try args.double("--temperature", default: Double(draw.temperature), in: 0 ... 10))
        draw.candidates = try args.int("--candidates", default: draw.candidates, in: 1 ... 64)
        draw.planPull = Float(try args.double("--plan-pull", default: Double(draw.planPull), in: 0 ... 10))
        draw.beatPull = Float(try args.double("--beat-pull", default: Double(draw.beatPull), in: 0 ... 10))
        let rank = try args.choice("--rank", ["scenes", "paragraphs"], default: rankName(draw.rankParagraphs))
        draw.rankParagraphs = rank == "paragraphs"
        draw.rankGain = Float(try args.double("--rank-gain", default: Double(draw.rankGain), in: 0 ... 100))
        if draw.rankGain != 0 && !draw.rankParagraphs {
            throw UsageError("--rank-gain weighs the paragraphs of a rank by paragraphs; --rank scenes has none")
        }
        if draw.rankGain != 0 && draw.candidates < 2 {
            throw UsageError("--rank-gain weighs candidates against each other; --candidates 1 draws one")
        }
        draw.topP = Float(try args.double("--top-p", default: Double(draw.topP), in: 0.01 ... 1))
        draw.wordPairs = try args.choice("--word-pairs", ["on", "off"], default: onOff(draw.wordPairs)) == "on"
        if draw.wordPairs && args.has("--word-pairs") && args.has("--unconstrained") {
            throw UsageError("--word-pairs on holds the draw to the corpus's word pairs, which --unconstrained leaves "
                             + "out: give one of the two")
        }
        if args.has("--unconstrained") { draw.wordPairs = false }     // the pairs come with the guards
        draw.wordTriples = try args.choice("--word-triples", ["on", "off"], default: onOff(draw.wordTriples)) == "on"
        /// Refuses `asked`, which needs the word pairs the draw leaves out.
        func needsPairs(_ asked: String) -> UsageError {
            let leaving = args.has("--unconstrained") ? "--unconstrained" : "--word-pairs off"
            return UsageError("\(asked) the word pairs, which \(leaving) leaves out: give one of the two")
        }
        if draw.wordTriples && args.has("--word-triples") && !draw.wordPairs {
            throw needsPairs("--word-triples on stands behind")
        }
        draw.wordTriples = draw.wordTriples && draw.wordPairs
        draw.freePlanWords = try args.choice("--free-plan-words", default: draw.freePlanWords)
        if draw.freePlanWords != .free && args.has("--free-plan-words") && !draw.wordPairs {
            throw needsPairs("--free-plan-words \(draw.freePlanWords.rawValue) holds the synopsis's words to")
        }
        if !draw.wordPairs { draw.freePlanWords = .free }     // nothing holds them
        return draw
    }

    static func rankName(_ paragraphs: Bool) -> String { paragraphs ? "paragraphs" : "scenes" }
    static func onOff(_ on: Bool) -> String { on ? "on" : "off" }
}

/// `--synopsis none|words|whole`: how a scene's synopsis goes into its training header (`SynopsisPriming`). One
/// option for `train --corpus` and `corpus text`, so the text written is the text trained on.
func synopsisOption(default value: SynopsisPriming) -> OptionSpec {
    .value("--synopsis", "HOW", "The synopsis in each training header: "
           + SynopsisPriming.allCases.map(\.rawValue).joined(separator: ", ")
           + " (default \(value.rawValue)): its content words, the whole of it, or none.")
}
