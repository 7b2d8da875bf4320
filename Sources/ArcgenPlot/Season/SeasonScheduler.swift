import ArcgenSupport
import Foundation

/// Weaves several arcs into a season of episodes.
///
/// 1. **Strands.** Each story arc becomes a lane (A, B, C…) with a window of episodes: every lane starts in the first
///    episode, the A plot runs the whole season, later lanes end a little earlier; the finale arc takes the last quarter. A
///    story arc that could end on a wedding is asked to end on one of its other endings when it has any, so that the
///    season has one wedding, the finale's.
/// 2. **Lengths.** Each arc gets a share of the season's scenes by lane weight × window, snapped to a length the arc
///    allows (`FeasibleLengths`), and the total is nudged until the episodes can hold it.
/// 3. **Plans.** Each arc's plan is drawn with the exact-length `TensionTiltedPlanner`, from a seed derived from the
///    season's: scene k is pulled toward the season's target curve (`SeasonTension`) at the position step 4 will
///    give it, so calm loops come early, the dark loops in the middle and the resolution last; where the arc alone
///    fills the episodes, it must offer a cliffhanger often enough for step 5.
/// 4. **Merge.** Scene k of an arc sits at position window start + (k + ½)/length × window length (episode units);
///    the scenes are merged by position, keeping each arc's order. A scene that reveals a secret several arcs share
///    waits until every scene hiding it has been placed. The finale's last scene (the wedding) is placed last.
/// 5. **Cut.** Dynamic programming over (episode, scenes so far) chooses the episode boundaries: every episode holds
///    a number of scenes within range, boundaries stay near the positions' natural ones, and every episode but the
///    last ends on a cliffhanger — either its last scene is one, or the last scene of one of its arcs in the episode
///    is, and that scene is moved to the end (each arc's own order is kept; a move that would put a setup after
///    its revelation is not allowed). An episode with no possible cliffhanger costs a large penalty and is reported.
/// 6. **Choice.** Steps 3–5 run for several derived seeds; the season with the fewest rule violations, then one
///    whose finale is calmer than its peak, then the curve that correlates best with the target, is kept.
///
/// Everything random comes from `SeededRandom` streams derived from the request's seed: the same request gives the
/// same season, byte for byte.
public struct SeasonScheduler: Sendable {
    /// Scene weight per episode of the A, B, C… lanes; later lanes get the last value.
    public static let laneWeights: [Double] = [3, 2, 1.5, 1.25, 1]
    public static let finaleWeight = 2.5
    /// Share of the season given to the finale arc.
    public static let finaleShare = 0.25
    /// How far (as a share of the season) each further lane ends earlier.
    public static let laneStagger = 0.1
    static let noCliffhangerPenalty = 100_000
    /// A candidate season without violations that resolves and correlates this well with the target curve ends the
    /// search early.
    static let goodShape = 0.85

    public init() {}

    /// - Throws: `SeasonError` when the request cannot be scheduled (too few episodes, with the minimum; a finale
    ///   without a wedding; an arc that cannot be planned).
    /// - Complexity: O(attempts × (scenes × (edges + arcs) + episodes × scenes × sizes)).
    public func schedule(_ request: SeasonRequest) throws(SeasonError) -> Season {
        let n = request.episodes
        let sizes = request.scenesPerEpisode
        guard (1 ... 1000).contains(n) else { throw .badEpisodes(n) }
        guard SeasonRequest.scenesPerEpisodeLimit.contains(sizes.lowerBound),
              SeasonRequest.scenesPerEpisodeLimit.contains(sizes.upperBound) else { throw .badScenesPerEpisode(sizes) }
        let story = request.arcs.filter { $0.id != request.finale.id }
        guard !story.isEmpty else { throw .noArcs }
        var seen = Set<String>()
        for a in story where !seen.insert(a.id).inserted { throw .duplicateArc(a.id) }

        let strands = try prepareStrands(story: story, finale: request.finale, episodes: n)
        let lengths = try chooseLengths(strands, episodes: n, sizes: sizes)
        let cast = Self.cast(for: story + [request.finale], language: request.language, overrides: request.castOverrides)

        let templates = sceneTemplates(strands, cast: cast, language: request.language)
        var best: Season?
        var bestKey = (Int.max, Int.max, -Double.infinity)
        for attempt in 0 ..< max(1, request.rules.attempts) {
            let season = try draw(request, strands: strands, lengths: lengths, cast: cast, templates: templates, attempt: attempt)
            // Fewest violations; then a season that resolves (its last episode calmer than its peak); then shape.
            let curve = season.tensionCurve
            let resolves = curve.count < 2 || curve.last! < curve.max()!
            let key = (season.violations.count, resolves ? 0 : 1, season.shape)
            if key.0 < bestKey.0 || (key.0 == bestKey.0 && (key.1 < bestKey.1 || (key.1 == bestKey.1 && key.2 > bestKey.2))) {
                best = season
                bestKey = key
            }
            if key.0 == 0 && key.1 == 0 && key.2 >= Self.goodShape { break }
        }
        return best!
    }

    // MARK: Strands and lengths

    struct Strand {
        var arc: Arc
        var graph: ArcGraph
        var feasible: FeasibleLengths
        var lane: String
        var isFinale: Bool
        var window: ClosedRange<Int>
        var weight: Double
    }

    func prepareStrands(story: [Arc], finale: Arc, episodes n: Int) throws(SeasonError) -> [Strand] {
        var out: [Strand] = []
        let k = story.count
        let lanes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init)
        for (j, arc) in story.enumerated() {
            let shift = Int((Double(j) * Double(n) * Self.laneStagger / Double(k)).rounded())
            // The story arcs resolve before the last episode(s), which belong to the finale's desenlace.
            let reserve = n >= 4 ? max(1, Int((Double(n) * 0.04).rounded())) : 0
            // Every story arc starts in the first episode: an arc alone in the opening episodes must end each of them
            // on a cliffhanger itself and so cannot stay calm (measured: the opening third 0.4 higher).
            let start = 1
            let end = max(start, n - reserve - shift)
            // One wedding per season: the finale's. Prefer the arc's other endings when they can be reached.
            let others = arc.endings.filter { arc.state($0)?.tag != "wedding" }
            var chosen: (Arc, ArcGraph, FeasibleLengths)?
            if !others.isEmpty, others.count < arc.endings.count {
                var restricted = arc
                restricted.endings = others
                if let g = try? ArcGraph(arc: restricted).withoutVisitCaps() {
                    let f = FeasibleLengths(graph: g)
                    if !f.isEmpty { chosen = (restricted, g, f) }
                }
            }
            if chosen == nil {
                let g: ArcGraph
                do { g = try ArcGraph(arc: arc).withoutVisitCaps() } catch { throw .unplannable(arc: arc.id, reason: error.description) }
                let f = FeasibleLengths(graph: g)
                guard !f.isEmpty else {
                    let within = f.period == nil ? " within \(f.prefix.count) scenes, "
                        + "the longest plan arcgen makes" : ""
                    throw .unplannable(arc: arc.id, reason: "no road from its start reaches an ending\(within)")
                }
                chosen = (arc, g, f)
            }
            let weight = Self.laneWeights[min(j, Self.laneWeights.count - 1)]
            out.append(Strand(arc: chosen!.0, graph: chosen!.1, feasible: chosen!.2, lane: j < lanes.count ? lanes[j] : "Z\(j)",
                              isFinale: false, window: start ... end, weight: weight))
        }
        var ending = finale
        ending.endings = finale.endings.filter { finale.state($0)?.tag == "wedding" }
        guard !ending.endings.isEmpty, let g = try? ArcGraph(arc: ending).withoutVisitCaps() else { throw .finaleHasNoWedding(arc: finale.id) }
        let f = FeasibleLengths(graph: g)
        guard !f.isEmpty else { throw .finaleHasNoWedding(arc: finale.id) }
        let span = min(n, max(1, Int((Double(n) * Self.finaleShare).rounded())))
        out.append(Strand(arc: ending, graph: g, feasible: f, lane: "F", isFinale: true, window: (n - span + 1) ... n, weight: Self.finaleWeight))
        return out
    }

    /// The longest plan the planner accepts for a strand.
    static func cap(_ s: Strand) -> Int { min(PlotPlanner.maxScenes, PlotPlanner.maxTableEntries / max(1, s.graph.stateCount)) }

    func chooseLengths(_ strands: [Strand], episodes n: Int, sizes: ClosedRange<Int>) throws(SeasonError) -> [Int] {
        let minimums = strands.map { s in (1 ... Self.cap(s)).first(where: s.feasible.contains) ?? Int.max }
        if let bad = minimums.firstIndex(of: Int.max) {
            throw .unplannable(arc: strands[bad].arc.id, reason: "no plan of at most \(Self.cap(strands[bad])) scenes")
        }
        let minimumScenes = minimums.reduce(0, +)
        guard minimumScenes <= n * sizes.upperBound else {
            let minimum = (minimumScenes + sizes.upperBound - 1) / sizes.upperBound
            throw .tooFewEpisodes(episodes: n, minimum: minimum, minimumScenes: minimumScenes, perEpisode: sizes)
        }
        let total = Double(n) * Double(sizes.lowerBound + sizes.upperBound) / 2
        let shares = strands.map { $0.weight * Double($0.window.count) }
        let sum = shares.reduce(0, +)
        let targets = shares.map { max(1, total * $0 / sum) }
        // Candidates per strand: the feasible lengths nearest its target (and its shortest and longest, so that a
        // fit is found whenever one exists among them), at most the season's capacity.
        let capacity = n * sizes.upperBound
        var candidates: [[Int]] = []
        for (i, s) in strands.enumerated() {
            let top = min(Self.cap(s), capacity)
            var near: [Int] = []
            let t = Int(targets[i].rounded())
            var d = 0
            while near.count < 48, t - d >= minimums[i] || t + d <= top {
                if t - d >= minimums[i], t - d <= top, s.feasible.contains(t - d) { near.append(t - d) }
                if d > 0, t + d <= top, t + d >= minimums[i], s.feasible.contains(t + d) { near.append(t + d) }
                d += 1
            }
            if let longest = (minimums[i] ... max(minimums[i], top)).last(where: s.feasible.contains), !near.contains(longest) { near.append(longest) }
            if !near.contains(minimums[i]) { near.append(minimums[i]) }
            candidates.append(near)
        }
        // Knapsack over (strand, total so far): the least summed relative distance to the targets.
        let width = capacity + 1
        var cost = [Double](repeating: .infinity, count: (strands.count + 1) * width) // (strands + 1, total + 1)
        var choice = [Int](repeating: -1, count: (strands.count + 1) * width)
        cost[0] = 0
        for a in 0 ..< strands.count {
            for t in 0 ..< width where cost[a * width + t] < .infinity {
                for l in candidates[a] where t + l < width {
                    let c = cost[a * width + t] + abs(Double(l) - targets[a]) / targets[a]
                    let k = (a + 1) * width + t + l
                    if c < cost[k] { cost[k] = c; choice[k] = l }
                }
            }
        }
        let row = strands.count * width
        var bestTotal = -1
        for t in max(0, n * sizes.lowerBound) ... capacity where cost[row + t] < .infinity {
            if bestTotal < 0 || cost[row + t] < cost[row + bestTotal] { bestTotal = t }
        }
        guard bestTotal >= 0 else {
            let longest = zip(strands, candidates).map { s, c in s.feasible.isUnbounded ? Int.max / 64 : (c.max() ?? 0) }.reduce(0, +)
            if longest < n * sizes.lowerBound {
                throw .tooManyEpisodes(episodes: n, maximum: max(1, longest / sizes.lowerBound), perEpisode: sizes)
            }
            throw .noFit(episodes: n, perEpisode: sizes)
        }
        var lengths = [Int](repeating: 0, count: strands.count)
        var t = bestTotal
        for a in stride(from: strands.count, to: 0, by: -1) {
            let l = choice[a * width + t]
            lengths[a - 1] = l
            t -= l
        }
        return lengths
    }

    /// One cast for the whole season: every arc's roles, one name each (the first arc declaring an extra names it).
    public static func cast(for arcs: [Arc], language: Language, overrides: [String: String]) -> [Cast.Member] {
        var roles: [String] = []
        var extras: [ExtraRole] = []
        var defaultNames: [String: Localized] = [:]
        for arc in arcs {
            defaultNames.merge(arc.defaultNames) { first, _ in first }
            for r in arc.roles where !roles.contains(r) { roles.append(r) }
            for e in arc.extras where !extras.contains(where: { $0.id == e.id }) { extras.append(e) }
        }
        let merged = Arc(id: "season", title: Localized(es: "", en: ""), roles: roles, extras: extras, start: "",
                         endings: [], states: [],
                         defaultNames: defaultNames)
        let cast = Cast.defaults(for: merged, language: language).overriding(with: overrides)
        return roles.map { Cast.Member(role: $0, name: cast.name(for: $0)) }
    }

    // MARK: One candidate season

    struct Item {
        var strand: Int
        /// 0-based position in the strand's plan.
        var index: Int
        var position: Double
        var scene: Outline.Scene
    }

    /// Each strand's states as outline scenes with the cast's names filled in (location still to choose), one per
    /// variant (`templates[strand][state][visit − 1]`), made once per season rather than once per scene and attempt.
    /// Every visit plays at the state's own tension: the season goes round loops more often than arcs have variants
    /// (see `scenes(of:templates:)`), so it cannot escalate visit by visit, and its tension planner aims with the
    /// states' tensions.
    func sceneTemplates(_ strands: [Strand], cast: [Cast.Member], language: Language) -> [[[Outline.Scene]]] {
        let castValue = Cast(names: Dictionary(cast.map { ($0.role, $0.name) }, uniquingKeysWith: { a, _ in a }))
        return strands.map { s in
            s.arc.states.map { st in
                (1 ... max(1, st.variants.count)).map { visit in
                    let t = Outline.Scene(state: st, visit: visit, number: 0, location: "", cast: castValue,
                                          language: language)
                    return Outline.Scene(number: 0, state: t.state, tag: t.tag, location: "", locations: t.locations,
                                         time: t.time, tension: st.tension, cliffhanger: t.cliffhanger, cast: t.cast,
                                         synopsis: t.synopsis, reveals: t.reveals, hides: t.hides)
                }
            }
        }
    }

    /// A plan's scenes from the templates; the location of each is drawn as `Outline` draws it (stream 3 of the
    /// plan's seed), so a strand's scenes are those `arcgen plan` would print for the same plan. A revisit plays the
    /// state's next variant; a season that goes round a loop more often than it has variants starts them over
    /// (the season plans without visit caps, see `ArcGraph.withoutVisitCaps`).
    static func scenes(of plan: Plan, templates: [[Outline.Scene]]) -> [Outline.Scene] {
        var random = SeededRandom.derived(seed: plan.seed, stream: 3)
        var visits = [Int](repeating: 0, count: templates.count)
        return plan.states.enumerated().map { i, state in
            let variants = templates[state]
            let t = variants[visits[state] % variants.count]
            visits[state] += 1
            let location = t.locations.isEmpty ? "" : t.locations[random.nextInt(below: t.locations.count)]
            return Outline.Scene(number: i + 1, state: t.state, tag: t.tag, location: location, locations: t.locations, time: t.time,
                                 tension: t.tension, cliffhanger: t.cliffhanger, cast: t.cast, synopsis: t.synopsis, reveals: t.reveals, hides: t.hides)
        }
    }

    func draw(_ request: SeasonRequest, strands: [Strand], lengths: [Int], cast: [Cast.Member], templates: [[[Outline.Scene]]], attempt: Int) throws(SeasonError) -> Season {
        var plans: [[Outline.Scene]] = []
        var seeds: [UInt64] = []
        let cliffhangers = templates.map { $0.map { Self.isCliffhanger($0[0], request.rules) } }
        let watched = Self.soloSteps(strands, lengths: lengths)
        for (a, s) in strands.enumerated() {
            var r = SeededRandom.derived(seed: request.seed, stream: 0x5EA5_0000 &+ UInt64(attempt) &* 131 &+ UInt64(a))
            // Scene k is pulled toward the season's target at the position `merge` will give it.
            let targets = (0 ..< lengths[a]).map { k in
                SeasonTension.target(Self.position(k, of: lengths[a], strand: s) / Double(request.episodes))
            }
            let planner = TensionTiltedPlanner(graph: s.graph, tensions: templates[a].map { Double($0[0].tension) }, strength: request.rules.tensionTilt)
            // Where the arc alone fills the episodes, a cliffhanger at least every (max − min + 1) scenes lets the cut
            // end each of them on one.
            let seed = r.next()
            let plan: Plan
            do {
                plan = try planner.plan(targets: targets, seed: seed, cliffhangers: cliffhangers[a], watched: watched[a],
                                        gap: request.scenesPerEpisode.count)
            } catch {
                throw .unplannable(arc: s.arc.id, reason: error.description)
            }
            plans.append(Self.scenes(of: plan, templates: templates[a]))
            seeds.append(seed)
        }
        let merged = merge(strands: strands, plans: plans)
        let slices = cut(merged, episodes: request.episodes, sizes: request.scenesPerEpisode, rules: request.rules)
        var episodes: [Season.Episode] = []
        var first = [Int](repeating: Int.max, count: strands.count)
        var last = [Int](repeating: 0, count: strands.count)
        for (e, slice) in slices.enumerated() {
            let scenes = slice.enumerated().map { k, item in
                Season.Scene(strand: item.strand, arcScene: item.index + 1, scene: item.scene.renumbered(k + 1))
            }
            for s in scenes {
                first[s.strand] = min(first[s.strand], e + 1)
                last[s.strand] = max(last[s.strand], e + 1)
            }
            episodes.append(Season.Episode(number: e + 1, scenes: scenes))
        }
        let seasonStrands = strands.enumerated().map { a, s in
            Season.Strand(arcID: s.arc.id, title: s.arc.title[request.language], lane: s.lane, isFinale: s.isFinale, window: s.window,
                          length: lengths[a], planSeed: seeds[a], states: plans[a].map(\.state),
                          firstEpisode: first[a] == Int.max ? 0 : first[a], lastEpisode: last[a])
        }
        let violations = SeasonAudit.violations(episodes: episodes, strands: seasonStrands, arcs: strands.map(\.arc), rules: request.rules)
        let curve = episodes.map(\.tension)
        return Season(title: strands[0].arc.title[request.language], language: request.language, seed: request.seed,
                      scenesPerEpisode: request.scenesPerEpisode, rules: request.rules, strands: seasonStrands, cast: cast,
                      episodes: episodes, violations: violations, attempt: attempt, shape: SeasonTension.correlation(curve, SeasonTension.targetCurve(episodes: curve.count)))
    }

    /// Where scene k (0-based) of a strand's `length`-scene plan sits in the season, in episode units from 0: spread
    /// evenly over the strand's window; the finale's last scene (the wedding) after everything.
    static func position(_ k: Int, of length: Int, strand s: Strand) -> Double {
        if s.isFinale && k == length - 1 { return .infinity }
        return Double(s.window.lowerBound - 1) + (Double(k) + 0.5) / Double(length) * Double(s.window.count)
    }

    /// Per strand and plan step, whether the scene falls where no other strand is under way (its window has not
    /// begun at least an episode before, or has ended), so that the strand alone must give those episodes their
    /// cliffhangers.
    static func soloSteps(_ strands: [Strand], lengths: [Int]) -> [[Bool]] {
        strands.enumerated().map { a, s in
            (0 ..< lengths[a]).map { k in
                let p = position(k, of: lengths[a], strand: s)
                guard p.isFinite else { return false }
                let e = Int(p.rounded(.down)) + 1
                return !strands.indices.contains { b in b != a && strands[b].window.lowerBound + 1 <= e && e <= strands[b].window.upperBound }
            }
        }
    }

    /// Merges the strands' scenes by position, keeping each strand's order; a revelation of a secret that several
    /// strands share waits for every scene that hides it.
    func merge(strands: [Strand], plans: [[Outline.Scene]]) -> [Item] {
        var queues: [[Item]] = []
        var owners: [String: Set<Int>] = [:]
        for (a, s) in strands.enumerated() {
            queues.append(plans[a].enumerated().map { k, scene in
                Item(strand: a, index: k, position: Self.position(k, of: plans[a].count, strand: s), scene: scene)
            })
            for scene in plans[a] { for secret in scene.hides + scene.reveals { owners[secret, default: []].insert(a) } }
        }
        // pending[secret][a]: scenes of strand a still to place that hide a secret several strands share.
        var pending: [String: [Int]] = [:]
        for (a, q) in queues.enumerated() {
            for item in q { for secret in item.scene.hides where owners[secret]!.count > 1 { pending[secret, default: Array(repeating: 0, count: queues.count)][a] += 1 } }
        }
        let finale = strands.firstIndex(where: \.isFinale)
        var heads = [Int](repeating: 0, count: queues.count)
        var remaining = queues.reduce(0) { $0 + $1.count }
        var out: [Item] = []
        out.reserveCapacity(remaining)
        while remaining > 0 {
            var pick = -1, fallback = -1
            for a in queues.indices where heads[a] < queues[a].count {
                // The finale's last scene (the wedding) waits for everything else.
                if a == finale, heads[a] == queues[a].count - 1, remaining > 1 { continue }
                let item = queues[a][heads[a]]
                if fallback < 0 || item.position < queues[fallback][heads[fallback]].position { fallback = a }
                let blocked = item.scene.reveals.contains { secret in
                    guard let counts = pending[secret] else { return false }
                    return counts.indices.contains { $0 != a && counts[$0] > 0 }
                }
                if !blocked, pick < 0 || item.position < queues[pick][heads[pick]].position { pick = a }
            }
            let a = pick >= 0 ? pick : fallback // a deadlock of shared secrets is placed anyway and reported by the audit
            let item = queues[a][heads[a]]
            heads[a] += 1
            remaining -= 1
            for secret in item.scene.hides where pending[secret] != nil { pending[secret]![a] -= 1 }
            out.append(item)
        }
        return out
    }

    /// Whether a scene may end an episode.
    static func isCliffhanger(_ scene: Outline.Scene, _ rules: SeasonRules) -> Bool {
        scene.cliffhanger || scene.tension >= rules.cliffhangerTension
    }

    /// Splits the merged scenes into episodes (see the type's documentation, step 5).
    func cut(_ items: [Item], episodes n: Int, sizes: ClosedRange<Int>, rules: SeasonRules) -> [[Item]] {
        let t = items.count
        let strandCount = (items.map(\.strand).max() ?? 0) + 1
        // lastOf[a * t + j]: the last index ≤ j of strand a, or −1.
        var lastOf = [Int](repeating: -1, count: strandCount * t) // (strands, scenes)
        for a in 0 ..< strandCount {
            var l = -1
            for j in 0 ..< t {
                if items[j].strand == a { l = j }
                lastOf[a * t + j] = l
            }
        }
        let cliff = items.map { Self.isCliffhanger($0.scene, rules) }
        let tension = items.map(\.scene.tension)
        let hidesOf = items.map(\.scene.hides)
        let revealsOf = items.map(\.scene.reveals)
        let widths = sizes.count
        // closer[j * widths + (size − lower)]: the scene to end the slice (j − size) ..< j with, or −1.
        var closer = [Int](repeating: -1, count: (t + 1) * widths) // (scenes + 1, sizes)
        for j in 1 ... max(1, t) where j <= t {
            for size in sizes where size <= j {
                let i = j - size
                var best = -1
                if cliff[j - 1] {
                    best = j - 1
                } else {
                    for a in 0 ..< strandCount {
                        let c = lastOf[a * t + j - 1]
                        guard c >= i, cliff[c] else { continue }
                        let hides = hidesOf[c]
                        if !hides.isEmpty, (c + 1 ..< j).contains(where: { m in revealsOf[m].contains(where: hides.contains) }) { continue }
                        if best < 0 || tension[c] > tension[best] || (tension[c] == tension[best] && c > best) {
                            best = c
                        }
                    }
                }
                closer[j * widths + size - sizes.lowerBound] = best
            }
        }
        // ideal[e]: scenes whose position falls before the end of episode e.
        var ideal = [Int](repeating: 0, count: n + 1)
        for item in items where item.position < Double(n) { ideal[max(1, Int(item.position.rounded(.down)) + 1)] += 1 }
        for e in stride(from: 1, through: n, by: 1) where e > 1 { ideal[e] += ideal[e - 1] }
        let unreachable = Int.max / 4
        var cost = [Int](repeating: unreachable, count: (n + 1) * (t + 1)) // (episodes + 1, scenes + 1)
        var parent = [Int](repeating: -1, count: (n + 1) * (t + 1))
        cost[0] = 0
        for e in 1 ... n {
            let row = e * (t + 1), previous = (e - 1) * (t + 1)
            for j in 0 ... t {
                for size in sizes where size <= j {
                    let i = j - size
                    let before = cost[previous + i]
                    guard before < unreachable else { continue }
                    var c = before
                    if e < n {
                        c += abs(j - ideal[e])
                        if closer[j * widths + size - sizes.lowerBound] < 0 { c += Self.noCliffhangerPenalty }
                    }
                    if c < cost[row + j] {
                        cost[row + j] = c
                        parent[row + j] = i
                    }
                }
            }
        }
        // The lengths were chosen so that n × sizes holds t; should the table still find nothing, fall back to even cuts.
        guard cost[n * (t + 1) + t] < unreachable else {
            return (0 ..< n).map { e in Array(items[(e * t / n) ..< ((e + 1) * t / n)]) }
        }
        var bounds = [t]
        var j = t
        for e in stride(from: n, to: 0, by: -1) {
            j = parent[e * (t + 1) + j]
            bounds.append(j)
        }
        bounds.reverse()
        var out: [[Item]] = []
        for e in 0 ..< n {
            let i = bounds[e], j = bounds[e + 1]
            var slice = Array(items[i ..< j])
            if e < n - 1, j > i {
                let c = closer[j * widths + (j - i) - sizes.lowerBound]
                if c >= 0, c != j - 1 {
                    let moved = slice.remove(at: c - i)
                    slice.append(moved)
                }
            }
            out.append(slice)
        }
        return out
    }
}
