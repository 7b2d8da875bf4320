import ArcgenEpisode
import ArcgenModels
import ArcgenPlot
import ArcgenScript
import ArcgenSupport
import Foundation

/// `arcgen episode`: resolves the arc, cast, models and options, asks ArcgenEpisode for the episode, and writes it.
enum EpisodeCommands {
    static var all: [Command] { [episode] }

    static let episode = Command(
        name: "episode",
        summary: "Write a whole episode: the arc planned scene by scene, each scene's dialogue from its beat's model.",
        synopsis: "--arc ID | --arc-file PATH [--scenes N|MIN-MAX] [--seed S] [--lang es|en] [--cast FILE] "
            + "[--format fountain|markdown|json] [--out FILE] [--temperature T] [--candidates K] [--explain]",
        options: [
            .value("--arc", "ID", "The arc's id (or a path to its file)."),
            .value("--arc-file", "PATH", "An arc file anywhere."),
            .value("--scenes", "N|MIN-MAX", "Scenes in the episode (default: a length between 10 and 14 that the arc allows)."),
            SeedOption.randomOption(seeding: "Seed for the plan and every scene"),
            PlotCommands.langOption,
            CastOption.option,
            .value("--format", "F", "fountain (default), markdown or json."),
            .value("--out", "FILE", "Write the episode here (atomically) instead of stdout."),
            .value("--temperature", "T", "Sampling temperature of the scene models (default 0.8, chosen by arcgen eval)."),
            .flag("--explain", "Show each scene's state, tag, model file and seed (stderr, and notes in the script)."),
            ModelsLocation.option,
            .flag("--unconstrained", "Sample without the word-list and no-copy constraints (for comparison)."),
            .value("--candidates", "K", "Candidates drawn and ranked per scene (default 4; see README, "
                   + "'How a scene is written')."),
            PlotCommands.arcsOption,
        ]
    ) { args, console in
        let name = try PlotCommands.arcName(args)
        var requested: SceneCount?
        if let text = args.string("--scenes") {
            guard let s = SceneCount(parsing: text), s.bounds.lowerBound >= 1, s.bounds.upperBound <= 500 else {
                throw UsageError("--scenes needs a whole number N from 1 to 500 or a range MIN-MAX, e.g. 12 or 10-14; got '\(text)'")
            }
            requested = s
        }
        let lang = try PlotCommands.language(args)
        guard let format = ScriptFormat(name: try args.choice("--format", ["fountain", "markdown", "md", "json"], default: "fountain")) else {
            throw UsageError("--format must be fountain, markdown or json")
        }
        let defaultTemperature = Double(EpisodeGenerator.defaultTemperature)
        let temperature = Float(try args.double("--temperature", default: defaultTemperature, in: 0 ... 5)!)
        let seed = try SeedOption.valueOrRandom(args, console: console, command: "episode",
                                                repeating: "write this episode")

        let (arc, file) = try PlotCommands.loadArc(name, args)
        let vocabulary = try PlotCommands.catalog(args).vocabulary(near: file)
        let cast = Cast.defaults(for: arc, language: lang)
            .overriding(with: try CastOption.overrides(args, language: lang, arcs: [arc]) { vocabulary })
        let graph = try ArcGraph(arc: arc)
        let planner = PlotPlanner(graph: graph)
        let plan: Plan
        if let requested {
            plan = try planner.plan(scenes: requested, seed: seed)
        } else {
            // A length that suits an episode: 10–14 scenes when the arc allows it, else the nearest it allows.
            let feasible = FeasibleLengths(graph: graph)
            let preferred = feasible.lengths(in: 10 ... 14)
            let fallback = feasible.lengths(in: 1 ... 60).min { abs($0 - 12) < abs($1 - 12) }
            guard !preferred.isEmpty || fallback != nil else { throw RuntimeError("\(file): the arc has no ending reachable in 1–60 scenes; check it with 'arcgen arcs check'") }
            plan = try planner.plan(scenes: preferred.isEmpty ? .exactly(fallback!) : .range(10 ... 14), seed: seed)
        }
        let outline = Outline(arc: arc, plan: plan, cast: cast, language: lang)

        let modelsDir = ModelsLocation(args).directory
        let library = try ModelLibrary(directory: modelsDir)
        let guards = args.has("--unconstrained") ? nil
            : try GenerationGuards.load(library: library, corpusDirectory: corpusDirectory(library),
                                        vocabulary: vocabulary.file)
        let generator = EpisodeGenerator(library: library, guards: guards, vocabulary: vocabulary.file)
        generator.temperature = temperature
        generator.candidates = try args.int("--candidates", default: generator.candidates, in: 1 ... 64)!
        let episode = try generator.episode(outline: outline, seed: seed)
        if args.has("--explain") {
            for s in episode.scenes {
                console.log("scene \(s.number): state \(s.stateID), tag \(s.tag), model \(s.modelFile ?? "?"), seed \(s.modelSeed.map(String.init) ?? "?")")
            }
        }
        for number in episode.scenesWithoutSpeech {
            let tag = episode.scenes.first { $0.number == number }?.tag ?? "?"
            let draws = generator.attempts * generator.candidates
            console.log("arcgen episode: warning: scene \(number) (\(tag)) has no dialogue after \(draws) "
                        + "draws; try another --seed or a --temperature above 0, "
                        + "or check the \(tag) model with 'arcgen eval'")
        }
        let text = episode.script(format, explain: args.has("--explain"))
        if let out = args.string("--out") {
            try AtomicFile.write(text, to: URL(fileURLWithPath: out))
        } else {
            console.out(text)
        }
        return 0
    }

    /// The corpus the models were trained on, which the constraints read (`ModelLibrary.trainingCorpusDirectory`).
    static func corpusDirectory(_ library: ModelLibrary) throws -> String {
        try library.trainingCorpusDirectory(advice: "put it at \(library.directory)/corpus, or pass --unconstrained "
                                            + "to write without the word-list and no-copy constraints it gives")
    }
}
