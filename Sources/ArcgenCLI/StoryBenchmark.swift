import ArcgenEpisode
import ArcgenModels
import ArcgenNeural
import ArcgenPlot
import Dispatch
import Foundation

/// `arcgen bench` figures for the story side: how long a plan and a whole episode take with the shipped arcs and
/// models. Timed here, never asserted in tests.
enum StoryBenchmark {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    static func run(args: ParsedArguments, console: Console, plan: Bool, episode: Bool) throws {
        let (arc, arcFile) = try PlotCommands.loadArc("lost-love", args)
        let vocabulary = try PlotCommands.catalog(args).vocabulary(near: arcFile).file
        let graph = try ArcGraph(arc: arc)
        if plan {
            var best = Double.infinity
            // 300 scenes go round loops far more often than the arc has variants: the state table, without caps.
            let uncapped = graph.withoutVisitCaps()
            for seed in UInt64(1) ... 20 {
                let planner = PlotPlanner(graph: uncapped)
                best = min(best, try seconds { _ = try planner.plan(scenes: .exactly(300), seed: seed) })
            }
            console.line("plan lost-love 300 scenes ms: \(format(best * 1000, 2))")
            var capped = Double.infinity
            for seed in UInt64(1) ... 20 {
                let planner = PlotPlanner(graph: graph)
                capped = min(capped, try seconds { _ = try planner.plan(scenes: .exactly(14), seed: seed) })
            }
            console.line("plan lost-love 14 scenes with its visit caps ms: \(format(capped * 1000, 2))")
        }
        guard episode else { return }
        let dir = ModelsLocation(args).directory
        guard let library = try? ModelLibrary(directory: dir) else {
            console.line("episode 12 scenes s: n/a (no models in \(dir))")
            return
        }
        var setup = 0.0, generation = 0.0, scenes = 0, characters = 0
        let corpus = try EpisodeCommands.corpusDirectory(library)
        let cold = try seconds { _ = try GenerationGuards.load(corpusDirectory: corpus, vocabulary: vocabulary) }
        // The cache, written if missing.
        let cached = try GenerationGuards.load(library: library, corpusDirectory: corpus, vocabulary: vocabulary)
        // Kept in the cache: the part of a cold build they take.
        var table: WordPairs?
        let pairs = seconds { table = WordPairs(text: cached.source) }
        let triples = seconds { _ = WordTriples(text: cached.source, pairs: table!) }
        for seed in UInt64(1) ... 3 {
            var guards: GenerationGuards?
            setup += try seconds {
                guards = try GenerationGuards.load(library: library, corpusDirectory: corpus, vocabulary: vocabulary)
            }
            let outline = Outline(arc: arc, plan: try PlotPlanner(graph: graph).plan(scenes: .exactly(12), seed: seed),
                                  cast: Cast.defaults(for: arc, language: .es), language: .es)
            let generator = EpisodeGenerator(library: library, guards: guards, vocabulary: vocabulary)
            generation += try seconds {
                let e = try generator.episode(outline: outline, seed: seed)
                scenes += e.scenes.count
                characters += e.script(.fountain).count
            }
        }
        console.line("episode 12 scenes s (mean of 3, guards + generation): \(format((setup + generation) / 3, 2)) "
                     + "(guards \(format(setup / 3, 2)) from \(GenerationGuards.cacheFileName), "
                     + "\(format(cold, 2)) built from the corpus, the word pairs' table \(format(pairs, 2)) and the "
                     + "triples' \(format(triples, 2)) of it; generation \(format(generation / 3, 2)); "
                     + "\(characters / 3) characters)")
    }
}
