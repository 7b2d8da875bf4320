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
            + "[--format \(ScriptFormatOption.synopsis)] [--out FILE] [--temperature T] [--candidates K] "
            + "[--plan-pull X] [--beat-pull X] [--rank scenes|paragraphs] [--top-p P] [--word-pairs on|off] "
            + "[--word-triples on|off] [--free-plan-words on|once|off] [--explain]",
        options: [
            .value("--arc", "ID", "The arc's id (or a path to its file)."),
            .value("--arc-file", "PATH", "An arc file anywhere."),
            .value("--scenes", "N|MIN-MAX", "Scenes in the episode (default: a length between "
                   + "\(PlotPlanner.episodeScenes.lowerBound) and \(PlotPlanner.episodeScenes.upperBound) "
                   + "that the arc allows)."),
            SeedOption.randomOption(seeding: "Seed for the plan and every scene"),
            LanguageOption.option,
            CastOption.option,
            ScriptFormatOption.option,
            .value("--out", "FILE", "Write the episode here (atomically) instead of stdout."),
            .flag("--explain", "Show each scene's state, tag, model file and seed (stderr, and notes in the script)."),
            ModelsLocation.option,
            .flag("--unconstrained", "Sample without the word-list and no-copy constraints (for comparison)."),
            ArcsFolder.option,
        ] + DrawOptions.options
    ) { args, console in
        let name = try PlotCommands.arcName(args)
        let requested = try SceneCountOption.value(args, "--scenes", within: 1 ... maxScenes)
        let lang = try LanguageOption.value(args)
        let format = try ScriptFormatOption.value(args)
        let draw = try DrawOptions.value(args)
        let seed = try SeedOption.valueOrRandom(args, console: console, command: "episode",
                                                repeating: "write this episode")

        let (arc, file) = try PlotCommands.loadArc(name, args)
        let vocabulary = try PlotCommands.catalog(args).vocabulary(near: file)
        let cast = try CastOption.cast(args, for: arc, language: lang) { vocabulary }
        let planner = PlotPlanner(graph: try ArcGraph(arc: arc))
        guard let scenes = requested ?? planner.episodeLength() else {
            throw RuntimeError("\(file): the arc has no ending reachable in 1–\(PlotPlanner.longestEpisode) scenes; "
                + "check it with 'arcgen arcs check'")
        }
        let plan = try planner.plan(scenes: scenes, seed: seed)
        let outline = Outline(arc: arc, plan: plan, cast: cast, language: lang)

        let modelsDir = ModelsLocation(args).directory
        let library = try ModelLibrary(directory: modelsDir)
        let guards = args.has("--unconstrained") ? nil
            : try GenerationGuards.load(library: library, corpusDirectory: corpusDirectory(library),
                                        vocabulary: vocabulary.file)
        let generator = EpisodeGenerator(library: library, guards: guards, vocabulary: vocabulary.file)
        try generator.writer.use(draw, library: library)
        let episode = try generator.episode(outline: outline, seed: seed)
        if args.has("--explain") {
            for s in episode.scenes {
                console.log("scene \(s.number): state \(s.stateID), tag \(s.tag), model \(s.modelFile ?? "?"), "
                    + "seed \(s.modelSeed.map(String.init) ?? "?")")
            }
        }
        for number in episode.scenesWithoutSpeech {
            let tag = episode.scenes.first { $0.number == number }?.tag ?? "?"
            console.log("arcgen episode: warning: scene \(number) (\(tag)) has no dialogue after "
                        + "\(generator.writer.mostDrawn); try another --seed or a --temperature above 0, "
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

    /// The longest episode `--scenes` asks for.
    static let maxScenes = 500

    /// The corpus the models were trained on, which the constraints read (`ModelLibrary.trainingCorpusDirectory`).
    static func corpusDirectory(_ library: ModelLibrary) throws -> String {
        try library.trainingCorpusDirectory(advice: "put it at \(library.bundledCorpusDirectory), or pass "
            + "--unconstrained to write without the word-list and no-copy constraints it gives")
    }
}
