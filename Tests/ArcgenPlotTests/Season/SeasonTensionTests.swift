import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenPlot

/// The season's tension curve follows the genre's shape by construction: the target curve, the tilted planner that
/// pulls each arc's plan toward it, and the shipped arcs' seasons measured against it.
@Suite("Season tension")
struct SeasonTensionTests {
    @Test("the target climbs from the development to a peak at 85%, then resolves")
    func target() {
        let xs = stride(from: 0.0, through: 1.0, by: 0.01).map { $0 }
        let ys = xs.map(SeasonTension.target)
        for (x, pair) in zip(xs.dropFirst(), zip(ys, ys.dropFirst())) {
            if x <= SeasonTension.peakAt {
                #expect(pair.1 >= pair.0, "x \(x)")
            } else {
                #expect(pair.1 < pair.0, "x \(x)")
            }
        }
        #expect(SeasonTension.target(0) < SeasonTension.target(0.5)
                && SeasonTension.target(0.5) < SeasonTension.target(0.85))
        #expect(SeasonTension.target(1) < SeasonTension.target(0.85) - 2)
        let stats = SeasonTension.stats(SeasonTension.targetCurve(episodes: 60))
        #expect(abs(stats.correlation - 1) < 1e-9)
        #expect(stats.thirds[1] > stats.thirds[0] && stats.finale < stats.peak)
        #expect(SeasonTension.stats(SeasonTension.targetCurve(episodes: 60).reversed()).correlation < 0)
    }

    /// A random graph: a backbone 0 → … → last (the ending) with random tensions and back edges.
    static func randomGraph(_ r: inout SeededRandom) -> (ArcGraph, [Double], [Bool]) {
        let n = 4 + r.nextInt(below: 8)
        var edges: [(from: Int, to: Int, weight: Double)] = []
        for i in 0 ..< n - 1 {
            edges.append((i, i + 1, 1 + Double(r.nextInt(below: 3))))
            if r.nextInt(below: 2) == 0 { edges.append((i, r.nextInt(below: i + 1), 1)) }
            if r.nextInt(below: 3) == 0 { edges.append((i, i, 1)) }
        }
        let graph = try! ArcGraph(arcID: "g", ids: (0 ..< n).map { "s\($0)" }, start: 0, endings: [n - 1], edges: edges)
        return (graph, (0 ..< n).map { _ in Double(r.nextInt(below: 11)) },
                (0 ..< n).map { _ in r.nextInt(below: 3) == 0 })
    }

    @Test("tilted plans: exact length, real edges, an ending last; a high target draws tenser plans; the watch holds")
    func tiltedPlanner() throws {
        var r = SeededRandom(seed: 11)
        var compared = 0, tenser = 0, watchedPlans = 0
        for trial in 0 ..< 80 {
            let (graph, tensions, cliffs) = Self.randomGraph(&r)
            let length = 20 + r.nextInt(below: 40)
            guard FeasibleLengths(graph: graph).contains(length) else { continue }
            let planner = TensionTiltedPlanner(graph: graph, tensions: tensions, strength: 0.5)
            func check(_ p: Plan) {
                #expect(p.states.count == length && p.states.first == graph.start && graph.isEnding[p.states.last!],
                        "trial \(trial)")
                for (a, b) in zip(p.states, p.states.dropFirst()) {
                    #expect(graph.edges(from: a).contains { $0.to == b }, "trial \(trial)")
                }
            }
            func mean(_ p: Plan) -> Double { p.states.map { tensions[$0] }.reduce(0, +) / Double(length) }
            var high = 0.0, low = 0.0
            for k in 0 ..< 8 {
                let h = try planner.plan(targets: Array(repeating: 10, count: length), seed: UInt64(k))
                let l = try planner.plan(targets: Array(repeating: 0, count: length), seed: UInt64(k))
                check(h); check(l)
                high += mean(h); low += mean(l)
            }
            compared += 1
            if high > low { tenser += 1 }
            #expect(high >= low - 1e-9, "trial \(trial)")
            // The watch: in the watched steps, no 3 scenes in a row without a cliffhanger, whenever a plan can do it.
            let watched = (0 ..< length).map { $0 < length / 2 }
            let p = try planner.plan(targets: Array(repeating: 0, count: length), seed: 5, cliffhangers: cliffs,
                                     watched: watched, gap: 3)
            check(p)
            var run = 0, longest = 0
            for (i, s) in p.states.enumerated() where watched[i] {
                run = cliffs[s] ? 0 : run + 1
                longest = max(longest, run)
            }
            let table = planner.logWeights(targets: Array(repeating: 0, count: length),
                                           watch: .init(cliffhangers: cliffs, watched: watched, gap: 3))
            let startRun = cliffs[graph.start] ? 0 : 1
            if startRun < 3, table[startRun * graph.stateCount + graph.start] > -.infinity {
                #expect(longest < 3, "trial \(trial): \(p.ids)")
                watchedPlans += 1
            }
        }
        #expect(compared > 20 && tenser > compared / 2 && watchedPlans > 5, "\(compared) \(tenser) \(watchedPlans)")
    }

    @Test("strength 0 draws the same plans as PlotPlanner's distribution allows (same support, same seed stream)")
    func untilted() throws {
        let arc = SeasonSchedulerTests.shipped["lost-love"]!
        let graph = try ArcGraph(arc: arc).withoutVisitCaps() // the season plans without caps
        let planner = TensionTiltedPlanner(graph: graph, tensions: arc.states.map { Double($0.tension) }, strength: 0)
        for seed in UInt64(0) ..< 20 {
            let a = try planner.plan(targets: Array(repeating: 5, count: 30), seed: seed)
            let b = try PlotPlanner(graph: graph).plan(scenes: .exactly(30), seed: seed)
            #expect(a.states.count == b.states.count && graph.isEnding[a.states.last!])
        }
    }

    static let arcSets: [[String]] = [
        ["lost-love", "rivalry", "long-lost-relative"], ["lost-love", "rivalry"], ["rivalry", "long-lost-relative"],
        ["long-lost-relative", "lost-love", "rivalry"],
    ]

    @Test("shipped arcs: the curve climbs through the middle, peaks late, resolves, and follows the target",
          arguments: [60, 120])
    func shippedCurve(episodes: Int) throws {
        for ids in Self.arcSets {
            for seed in UInt64(1) ... 4 {
                let s = SeasonSchedulerTests.shipped
                var request = SeasonRequest(arcs: ids.map { s[$0]! }, finale: s["big-wedding"]!, episodes: episodes,
                                            seed: seed)
                request.library = SeasonSchedulerTests.library
                let season = try SeasonScheduler().schedule(request)
                let context = "\(ids) \(episodes) episodes seed \(seed)"
                #expect(SeasonSchedulerTests.unexpected(season).isEmpty, "\(context): \(season.violations)")
                let st = season.tensionStats
                // Measured (seeds 1–4): the three arcs ≥ 0.85 (0.3 before the tilt), two arcs ≥ 0.33.
                // Correlation (the issue's target, 0.85): 0.853–0.893 over these sets, seeds and lengths, since
                // the scenes are placed where they will play (`Timeline`), aligned to the target and cut for it;
                // 0.69–0.80 before.
                let full = ids.count == 3
                #expect(st.thirds[1] - st.thirds[0] >= (full ? 0.6 : 0.25), "\(context): \(st)")
                #expect(Double(st.peakEpisode) >= 0.6 * Double(episodes) && st.peakEpisode < episodes,
                        "\(context): \(st)")
                #expect(st.finale < st.peak - 0.5, "\(context): \(st)")
                #expect(st.correlation >= 0.85, "\(context): \(st)")
                let wedding = season.episodes.last!.scenes.last!.scene
                #expect(wedding.tag == "wedding" && Double(wedding.tension) < st.peak, "\(context)")
                #expect(season.shape == st.correlation)
            }
        }
    }

    @Test("season.md, season.json and season.svg report the curve against the target")
    func reported() throws {
        let s = SeasonSchedulerTests.shipped
        let season = try SeasonScheduler().schedule(SeasonRequest(arcs: [s["lost-love"]!, s["rivalry"]!],
            finale: s["big-wedding"]!,
                                                                  episodes: 30, seed: 3, language: .en))
        let st = season.tensionStats
        #expect(SeasonRenderer.markdown(season).contains("correlation \(String(format: "%.2f", st.correlation))"))
        let json = try JSONSerialization.jsonObject(with: Data(SeasonRenderer.json(season).utf8)) as? [String: Any]
        let tension = json?["tension"] as? [String: Any]
        #expect((tension?["target"] as? [Any])?.count == 30)
        #expect(abs(((tension?["correlation"] as? NSNumber)?.doubleValue ?? -9) - st.correlation) < 1e-3)
        #expect((tension?["peakEpisode"] as? NSNumber)?.intValue == st.peakEpisode)
        let svg = SeasonSVG.svg(season)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("stroke-dasharray"))
    }
}

/// Where a season's scenes are placed before the cut: where they will land once cut, and aligned to the target.
@Suite("Season placement")
struct SeasonPlacementTests {
    @Test("the timeline puts the i-th of t placed scenes at n·(i + ½)/t episodes, monotonically")
    func timeline() {
        let timeline = SeasonScheduler.Timeline([0.5, 0.6, 0.7, 10, 20, .infinity], episodes: 10)
        #expect(abs(timeline.at(0.5) - 1) < 1e-9)
        #expect(abs(timeline.at(0.7) - 5) < 1e-9)
        #expect(abs(timeline.at(20) - 9) < 1e-9)
        #expect(timeline.at(.infinity) == .infinity)
        let mapped = stride(from: 0.0, through: 25, by: 0.05).map(timeline.at)
        #expect(zip(mapped, mapped.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(mapped.allSatisfy { (0 ... 10).contains($0) })
    }

    @Test("aligned positions keep order, window and spacing, and fit the target at least as well as even ones")
    func aligned() throws {
        let arc = try #require(SeasonSchedulerTests.shipped["rivalry"])
        let (played, graph, feasible) = try SeasonScheduler.strandGraph(arc, finale: false)
        var strand = SeasonScheduler.Strand(arc: played, graph: graph, feasible: feasible, lane: "S1", isFinale: false,
                                            window: 11 ... 60, weight: 1, kind: .subplot)
        let tensions: [Double] = [4, 9, 9, 5, 5, 6, 9, 5, 8, 6]
        let n = 60, length = tensions.count
        let timeline = SeasonScheduler.Timeline([], episodes: n)
        let even = (0 ..< length).map { SeasonScheduler.position($0, of: length, strand: strand) }
        let aligned = SeasonScheduler.alignedPositions(tensions, strand: strand, episodes: n, timeline: timeline)
        let spacing = Double(strand.window.count) / Double(length)
        #expect(aligned.count == length)
        #expect(abs(aligned.first! - even.first!) < spacing / 2 && abs(aligned.last! - even.last!) < spacing / 2)
        for (a, b) in zip(aligned, aligned.dropFirst()) {
            #expect(b - a >= SeasonScheduler.alignmentSpacing.lowerBound * spacing - 1e-9)
            #expect(b - a <= SeasonScheduler.alignmentSpacing.upperBound * spacing + 1e-9)
        }
        func misfit(_ ps: [Double]) -> Double {
            zip(tensions, ps).reduce(0) { $0 + pow($1.0 - SeasonTension.target($1.1 / Double(n)), 2) }
        }
        #expect(misfit(aligned) < misfit(even))
        // The A couple's own stories keep even spacing.
        strand.kind = .lead
        #expect(SeasonScheduler.alignedPositions(tensions, strand: strand, episodes: n, timeline: timeline) == even)
    }
}
