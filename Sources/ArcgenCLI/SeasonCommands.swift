import ArcgenEpisode
import ArcgenModels
import ArcgenPlot
import ArcgenSupport
import Dispatch
import Foundation

/// `arcgen season`: resolves the arcs, cast, models and options, asks ArcgenPlot for the season's outline and
/// ArcgenEpisode for its episodes, and reports progress and the genre's rules on stderr.
enum SeasonCommands {
    static var all: [Command] { [season] }

    static let season = Command(
        name: "season",
        summary: "Write a whole season: arcs woven as A/B/C plots into episodes that end on cliffhangers, a finale "
            + "wedding, an escaleta, a chart and every episode's script.",
        synopsis: "--episodes N --arc ID,ID,… [--finale ID] [--subplots all|none|ID,…] [--seed S] [--lang es|en] "
            + "[--cast FILE] [--scenes-per-episode MIN-MAX] [--outline-only] [--temperature T] [--candidates K] "
            + "[--plan-pull X] [--beat-pull X] [--rank scenes|paragraphs] [--top-p P] [--word-pairs on|off] "
            + "[--word-triples on|off] [--free-plan-words on|once|off] [--models DIR] [--arcs-dir DIR] [--strict] "
            + "[--bench] --out DIR",
        options: [
            .value("--episodes", "N", "Episodes in the season (\(SeasonRequest.episodeLimit.lowerBound)–"
                   + "\(SeasonRequest.episodeLimit.upperBound); a telenovela has about 120)."),
            ArcList.option("Arc ids (or files), repeated or comma-separated: the A plot first, then B, C…"),
            .value("--finale", "ID",
                   "The arc that ends the season on its wedding (default: \(SeasonRequest.defaultFinale))."),
            .value("--subplots", "LIST", "Arcs the season may draw subplots from when the named arcs cannot fill it: "
                   + "all (every arc in the arcs folder, the default), none (the named arcs again, with new people), "
                   + "or ids."),
            SeedOption.randomOption(seeding: "Seed for the whole season"),
            LanguageOption.option,
            CastOption.option(
                "JSON object from role to name for the A plot and the finale; its \"arcs\" object names the people "
                    + "of any arc instance (see arcs/README.md)."),
            .value("--scenes-per-episode", "MIN-MAX", "Scenes in each episode (default "
                   + "\(SeasonRequest.defaultScenesPerEpisode.lowerBound)-"
                   + "\(SeasonRequest.defaultScenesPerEpisode.upperBound))."),
            .flag("--outline-only", "Write season.md, season.json and season.svg but no episode scripts."),
            .value("--out", "DIR", "The season's folder; rerunning with the same options resumes it."),
            ModelsLocation.option,
            .flag("--unconstrained", "Sample without the word-list and no-copy constraints."),
            ArcsFolder.optionWithoutOldSpelling,
            .flag("--strict", "Exit with status 1 when the season breaks one of the genre's rules."),
            .flag("--bench", "Time the outline (no files written; --out not needed)."),
        ] + DrawOptions.options
    ) { args, console in
        let episodes = try args.int("--episodes", in: SeasonRequest.episodeLimit)
            ?? { throw UsageError("'season' needs --episodes N") }()
        let list = try ArcList.ids(args, example: "lost-love,rivalry")
        let finaleName = args.string("--finale") ?? SeasonRequest.defaultFinale
        let lang = try LanguageOption.value(args)
        let sizes = try SceneCountOption.value(args, "--scenes-per-episode",
                                               within: SeasonRequest.scenesPerEpisodeLimit, example: "6-9")?.bounds
            ?? SeasonRequest.defaultScenesPerEpisode
        let draw = try DrawOptions.value(args)
        let bench = args.has("--bench")
        let out = bench ? args.string("--out") : try args.required("--out")
        let seed = try SeedOption.valueOrRandom(args, console: console, command: "season",
                                                repeating: "write this season")

        let catalog = ArcsFolder(args).catalog
        var arcs: [Arc] = []
        for name in list { arcs.append(try loadArc(name, catalog)) }
        let finale = try loadArc(finaleName, catalog)
        var castFile: (names: [String: String], arcs: [String: [String: String]]) = ([:], [:])
        if let file = args.string("--cast") {
            let known = try catalog.vocabulary().roleIDs + (arcs + [finale]).flatMap(\.extras).map(\.id)
            castFile = try Cast.loadSeason(path: file, language: lang, knownRoles: known)
        }
        var request = SeasonRequest(arcs: arcs, finale: finale, episodes: episodes, scenesPerEpisode: sizes, seed: seed,
                                    language: lang, castOverrides: castFile.names)
        request.castSections = castFile.arcs
        var libraryNotes: [String] = []
        request.library = try library(args.string("--subplots") ?? "all", catalog: catalog, notes: &libraryNotes)
        if bench {
            try benchmark(console, request: request, quick: false, dialogue: false)
            return 0
        }
        let season = try SeasonScheduler().schedule(request)
        let report = {
            for note in libraryNotes + season.notes { console.log("arcgen season: note: \(note)") }
            for v in season.violations { console.log("arcgen season: warning: \(v)") }
        }

        var parameters = [
            "episodes": String(episodes), "arcs": list.joined(separator: ","), "finale": finaleName,
            "seed": String(seed), "lang": lang.rawValue,
            "scenes-per-episode": "\(sizes.lowerBound)-\(sizes.upperBound)",
        ]
        if let castFile = args.string("--cast") { parameters["cast"] = castFile }
        if let subplots = args.string("--subplots") { parameters["subplots"] = subplots }
        let writer = SeasonWriter(directory: out!, season: season, parameters: parameters)
        try writer.prepare()
        report() // after the lock: a refused run says one line
        console.log("arcgen season: \(season.episodes.count) episodes, \(season.sceneCount) scenes; "
                    + "outline in \(out!)/season.md, season.json, season.svg")
        if !args.has("--outline-only") {
            let modelsDir = ModelsLocation(args).directory
            let library: ModelLibrary
            do { library = try ModelLibrary(directory: modelsDir) } catch {
                throw RuntimeError("\(error); or pass --outline-only for the outline alone")
            }
            // The vocabulary the finale was checked against: cue labels and role words for the models.
            let vocabulary = try catalog.vocabulary(near: try catalog.resolve(finaleName))
            let constrained = !args.has("--unconstrained")
            let guards = constrained
                ? try GenerationGuards.load(library: library, corpusDirectory: EpisodeCommands.corpusDirectory(library),
                                            vocabulary: vocabulary.file)
                : nil
            let generator = EpisodeGenerator(library: library, guards: guards, vocabulary: vocabulary.file)
            try generator.writer.use(draw, library: library)
            let manifestPath = (modelsDir as NSString).appendingPathComponent(ModelManifest.fileName)
            let manifestBytes = FileManager.default.contents(atPath: manifestPath) ?? Data()
            let dialogue = dialogueRecord(draw, models: FNV1a64.hex(FNV1a64.hash(manifestBytes)),
                                          constrained: constrained)
            do {
                try writer.acceptDialogue(dialogue)
            } catch let refusal as SeasonWriterError {
                guard case .differentSeason = refusal, let recorded = try writer.recordedDialogue(),
                      let hint = resumeHint(recorded: recorded, now: dialogue)
                else { throw refusal }
                throw RuntimeError("\(refusal); \(hint)")
            }
            let pending = writer.pendingEpisodes().count
            if pending < season.episodes.count {
                let kept = season.episodes.count - pending
                console.log("arcgen season: resuming: \(kept) episodes already written are kept")
            }
            let render = SeasonWriter.fountain(by: generator, season: season) { episode, scenes in
                let list = scenes.map(String.init).joined(separator: ", ")
                let plural = scenes.count == 1 ? "" : "s"
                console.log("arcgen season: warning: episode \(String(format: "%03d", episode)), scene\(plural) "
                            + "\(list): no dialogue after \(generator.writer.mostDrawn); "
                            + "try a --temperature above 0")
            }
            let result = try writer.writeEpisodes(dialogue: dialogue, render: render) { p in
                let eta = p.secondsLeft.map { ", ETA \(duration($0))" } ?? ""
                console.log("episode \(String(format: "%03d", p.episode)) written (\(p.done)/\(p.total)) "
                            + "\(format(p.seconds, 1)) s\(eta)")
            }
            let writtenPlural = result.written == 1 ? "" : "s"
            console.log("arcgen season: \(result.written) episode\(writtenPlural) written, \(result.kept) kept, "
                        + "in \(out!)/episodes")
        }
        if args.has("--strict"), !season.violations.isEmpty {
            throw RuntimeError("the season breaks \(season.violations.count) of the genre's rules "
                               + "(see \(out!)/season.md)")
        }
        return 0
    }

    /// The settings a season's dialogue record keeps besides temperature, models and constraints: each one's key (its
    /// option's name) and what a record without it drew with (a season begun before the setting existed). A setting
    /// at that value is left out of the record, so such a season resumes with its options as they were given.
    static let laterSettings: [(key: String, absent: String)] = [("plan-pull", "0.0"), ("rank", "scenes"),
                                                                 ("top-p", "1.0"), ("beat-pull", "0.0"),
                                                                 ("candidates", "4"), ("word-pairs", "off"),
                                                                 ("word-triples", "off"), ("free-plan-words", "on"),
                                                                 ("rank-gain", "0.0")]

    /// How a season's dialogue is drawn, as its folder records it: a resume must draw the same way.
    static func dialogueRecord(_ draw: DrawSettings, models: String, constrained: Bool) -> [String: String] {
        var dialogue = [
            "temperature": String(draw.temperature), "models": models, "constrained": String(constrained),
            "plan-pull": String(draw.planPull), "rank": DrawOptions.rankName(draw.rankParagraphs),
            "top-p": String(draw.topP), "beat-pull": String(draw.beatPull), "candidates": String(draw.candidates),
            "word-pairs": DrawOptions.onOff(draw.wordPairs && constrained),
            "word-triples": DrawOptions.onOff(draw.wordTriples && draw.wordPairs && constrained),
            // Without the pairs nothing holds the plan words: free, as every season before the setting drew them.
            "free-plan-words": draw.wordPairs && constrained ? draw.freePlanWords.rawValue : "on",
            "rank-gain": String(draw.weighsGain ? draw.rankGain : 0),
        ]
        for setting in laterSettings where dialogue[setting.key] == setting.absent { dialogue[setting.key] = nil }
        return dialogue
    }

    /// How the episodes of a folder that recorded `recorded` were drawn, where `now` differs: the options that draw
    /// so, and other models (no option gives those back); nil when nothing differs.
    static func resumeHint(recorded: [String: String], now: [String: String]) -> String? {
        var options: [String] = []
        if let t = recorded["temperature"], t != now["temperature"] { options.append("--temperature \(t)") }
        for setting in laterSettings where recorded[setting.key] != now[setting.key] {
            options.append("--\(setting.key) \(recorded[setting.key] ?? setting.absent)")
        }
        if recorded["constrained"] == "false" && now["constrained"] != "false" { options.append("--unconstrained") }
        var ways = options.isEmpty ? [] : ["with " + options.joined(separator: " ")]
        if recorded["constrained"] == "true" && now["constrained"] == "false" { ways.append("with the constraints") }
        if recorded["models"] != now["models"] { ways.append("by other models (another --models, or retrained)") }
        return ways.isEmpty ? nil : "its episodes were drawn " + ways.joined(separator: " and ")
    }

    /// The arcs `--subplots` lets the season draw from: every arc in the folder that loads cleanly (`all`; an arc with
    /// errors is left out and named on stderr), none, or the listed ids.
    static func library(_ value: String, catalog: ArcCatalog, notes: inout [String]) throws -> [Arc] {
        switch value {
        case "none": return []
        case "all":
            var out: [Arc] = []
            for file in try catalog.arcFiles() {
                do {
                    out.append(try ArcLoader(vocabulary: try catalog.vocabulary(near: file)).load(path: file))
                } catch {
                    notes.append("\(file) is left out of the subplots: \(error)")
                }
            }
            return out
        default:
            let ids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !ids.isEmpty else { throw UsageError("--subplots needs all, none or a list of arc ids") }
            return try ids.map { try loadArc($0, catalog) }
        }
    }

    static func loadArc(_ name: String, _ catalog: ArcCatalog) throws -> Arc {
        try ArcsFolder.loadArc(name, from: catalog).0
    }

    /// The fastest of a few outline runs, after one warm-up.
    static func timeOutline(_ request: SeasonRequest, repeats: Int = 5) throws -> (Double, Season) {
        var season = try SeasonScheduler().schedule(request)
        var best = Double.infinity
        for _ in 0 ..< repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            season = try SeasonScheduler().schedule(request)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return (best, season)
    }

    /// `arcgen bench --only season`: the outline of `request` (by default 120 episodes of the shipped arcs), and with
    /// `dialogue` and models present, the episodes' dialogue into a temporary folder. `season --bench` is this with
    /// the season's own options and no dialogue. `arcs` and `models` are the folders `bench` was given.
    static func benchmark(
        _ console: Console, request: SeasonRequest? = nil, quick: Bool, dialogue: Bool = true,
        arcs: ArcsFolder = ArcsFolder(), models: ModelsLocation = ModelsLocation()
    ) throws {
        let request = try request ?? {
            let catalog = arcs.catalog
            let arcs = try ["lost-love", "rivalry", "long-lost-relative"].map { try loadArc($0, catalog) }
            let finale = try loadArc(SeasonRequest.defaultFinale, catalog)
            var request = SeasonRequest(arcs: arcs, finale: finale, episodes: 120, seed: 1)
            request.library = try catalog.arcFiles().map {
                try ArcLoader(vocabulary: try catalog.vocabulary(near: $0)).load(path: $0)
            }
            return request
        }()
        let (seconds, season) = try timeOutline(request, repeats: quick ? 2 : 5)
        let shape = "\(season.sceneCount) scenes, \(season.strands.count) arc instances"
        console.line("season outline \(request.episodes) episodes (\(shape)) seconds: \(format(seconds, 4))")
        guard dialogue else { return }
        let modelsDir = models.directory
        guard let library = try? ModelLibrary(directory: modelsDir) else {
            console.line("season dialogue: skipped (no \(modelsDir)/manifest.json)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-bench-season-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = SeasonWriter(directory: dir, season: season, parameters: ["bench": "1"])
        try writer.prepare()
        let vocabulary = try arcs.catalog.vocabulary().file
        let guards = try? GenerationGuards.load(library: library,
                                                corpusDirectory: EpisodeCommands.corpusDirectory(library),
                                                vocabulary: vocabulary)
        let generator = EpisodeGenerator(library: library, guards: guards, vocabulary: vocabulary)
        let t0 = DispatchTime.now().uptimeNanoseconds
        try writer.writeEpisodes(dialogue: [:], limit: quick ? 12 : nil,
                                 render: SeasonWriter.fountain(by: generator, season: season))
        let t = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        console.line("season dialogue \(quick ? 12 : season.episodes.count) episodes seconds: \(format(t, 1))")
    }
}
