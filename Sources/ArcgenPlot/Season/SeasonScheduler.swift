import ArcgenSupport
import Foundation

/// Weaves several arcs into a season of episodes.
///
/// 1. **Strands.** Each story arc becomes a lane (A, B, C…) with a window of episodes: every lane starts in the first
///    episode, the A plot runs the whole season, later lanes end a little earlier; the finale arc takes the last
///    quarter. A story arc that could end on a wedding is asked to end on one of its other endings when it has any,
///    so that the season has one wedding, the finale's.
///    When the arcs named cannot fill the season, subplots from the library fill it; those the A plot's couple can
///    live become the **A thread** (lanes A2, A3…): the couple's next stories, one after another, so that the
///    protagonists are in most episodes and in one story at a time (`leadThread`).
/// 2. **Lengths.** Each arc gets a share of the season's scenes by lane weight × window, snapped to a length the arc
///    allows (`FeasibleLengths`), and the total is nudged until the episodes can hold it.
/// 3. **Plans.** Each arc's plan is drawn with the exact-length `TensionTiltedPlanner`, from a seed derived from the
///    season's: scene k is pulled toward the season's target curve (`SeasonTension`) where it will play, so calm
///    loops come early, the dark loops in the middle and the resolution last; where the arc alone fills the
///    episodes, it must offer a cliffhanger often enough for step 5. Scene k of an arc is placed at window start +
///    (k + ½)/length × window length (episode units), and `Timeline` says where that lands once cut (the episodes
///    hold a bounded number of scenes, so crowded stretches spread out and sparse ones close up).
/// 4. **Merge.** The scenes of an arc outside the A thread are placed again along its window where the target's
///    tension is nearest theirs (`alignedPositions`, a dynamic time warping with bounded spacing); the scenes are
///    merged by position, keeping each arc's order, the merge reaching a little ahead for a scene that keeps the
///    tension on target; a scene the story state contradicts waits while another can go. Secrets belong to their
///    instance. The finale's last scene (the wedding) is placed last.
/// 5. **Cut.** Dynamic programming over (episode, scenes so far) chooses the episode boundaries: every episode holds
///    a number of scenes within range, its mean tension stays near the target, both of the A couple are in it, and
///    every episode but the last ends on a cliffhanger — either its last scene is one, or the last scene of one of
///    its arcs in the episode is, and that scene is moved to the end (each arc's own order is kept; a move that
///    would put a setup after its revelation is not allowed). An episode with no possible cliffhanger costs a large
///    penalty and is reported.
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
    ///   without a wedding; an arc that cannot be planned; a cast file that misses a role of an instance).
    /// - Complexity: O(attempts × (scenes × (walkers + strands) + episodes × scenes × sizes)).
    public func schedule(_ request: SeasonRequest) throws(SeasonError) -> Season {
        let n = request.episodes
        let sizes = request.scenesPerEpisode
        guard SeasonRequest.episodeLimit.contains(n) else { throw .badEpisodes(n) }
        guard SeasonRequest.scenesPerEpisodeLimit.contains(sizes.lowerBound),
              SeasonRequest.scenesPerEpisodeLimit.contains(sizes.upperBound) else { throw .badScenesPerEpisode(sizes) }
        let story = request.arcs.filter { $0.id != request.finale.id }
        guard !story.isEmpty else { throw .noArcs }
        var seen = Set<String>()
        for a in story where !seen.insert(a.id).inserted { throw .duplicateArc(a.id) }

        var strands = try prepareStrands(story: story, finale: request.finale, episodes: n)
        var targets = Self.targets(strands, episodes: n, sizes: sizes)
        var notes: [String] = []
        try addSubplots(&strands, targets: &targets, request: request, notes: &notes)
        let lengths = try chooseLengths(strands, targets: targets, episodes: n, sizes: sizes)
        Self.placeSubplots(&strands, lengths: lengths, episodes: n)

        var known: [Arc] = story + [request.finale]
        for arc in request.library where !known.contains(where: { $0.id == arc.id }) { known.append(arc) }
        var casting = SeasonCasting(language: request.language, library: known, seed: request.seed)
        let parts = strands.map { SeasonCasting.Part(arc: $0.arc, label: $0.label, kind: $0.kind, window: $0.window) }
        let casts = try casting.cast(parts, overrides: request.castOverrides, sections: request.castSections)
        for i in strands.indices {
            strands[i].cast = casts[i]
            strands[i].ages = casts[i].compactMapValues(casting.age(of:))
        }
        let people = casting.people.map { p in
            Season.Person(name: p.name, parts: p.parts.map { Season.Person.Part(strand: $0.strand, role: $0.role) },
                          relative: p.relative, age: p.age)
        }

        let templates = sceneTemplates(strands, language: request.language)
        let lattices = try Self.lattices(strands, lengths: lengths)
        let facts = Self.facts(strands)
        let timeline = Timeline(strands.indices.flatMap { a in
            (0 ..< lengths[a]).map { Self.position($0, of: lengths[a], strand: strands[a]) }
        }, episodes: n)
        var best: Season?
        var bestKey = (Int.max, Int.max, -Double.infinity)
        // The candidates are drawn a batch at a time, one per core, and judged in order, so the season kept is the
        // one a sequential search keeps (a batch may draw a few candidates past the early stop).
        let attempts = max(1, request.rules.attempts)
        let batch = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var next = 0
        search: while next < attempts {
            let count = min(batch, attempts - next), first = next
            let results = ParallelResults<Result<Season, SeasonError>?>(Array(repeating: nil, count: count))
            DispatchQueue.concurrentPerform(iterations: count) { [strands, notes] k in
                results.set(k, Result { () throws(SeasonError) -> Season in
                    try draw(request, strands: strands, lengths: lengths, people: people, notes: notes,
                             templates: templates, facts: facts, lattices: lattices, timeline: timeline,
                             attempt: first + k)
                })
            }
            next += count
            for result in results.values {
                let season = try result!.get()
                // Fewest violations; then a season that resolves (its last episode calmer than its peak); then shape.
                let curve = season.tensionCurve
                let resolves = curve.count < 2 || curve.last! < curve.max()!
                let key = (season.violations.count, resolves ? 0 : 1, season.shape)
                if key.0 < bestKey.0
                    || (key.0 == bestKey.0 && (key.1 < bestKey.1 || (key.1 == bestKey.1 && key.2 > bestKey.2))) {
                    best = season
                    bestKey = key
                }
                if key.0 == 0 && key.1 == 0 && key.2 >= Self.goodShape { break search }
            }
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
        var kind: Season.Kind = .story
        var label: String = ""
        var ordinal = 1
        /// Role → name, once cast.
        var cast: [String: String] = [:]
        /// Role → the age the season gives its person, where an arc gives one (`SeasonCasting.Person.age`).
        var ages: [String: Int] = [:]

        /// Its people, names and ages, as a plan's scenes and the season's report give them.
        var people: Cast { Cast(names: cast, ages: ages) }
    }

    /// An arc as a season plays it: its visit caps kept (a state at most as many visits as it has variants), and, for a
    /// story arc that could end on a wedding, its other endings when it has any (the season has one wedding, the
    /// finale's).
    static func strandGraph(_ arc: Arc, finale: Bool) throws(SeasonError) -> (Arc, ArcGraph, FeasibleLengths) {
        if finale {
            var ending = arc
            ending.endings = arc.endings.filter { arc.state($0)?.tag == HappyBeats.wedding }
            guard !ending.endings.isEmpty, let g = try? ArcGraph(arc: ending) else {
                throw .finaleHasNoWedding(arc: arc.id)
            }
            let f = FeasibleLengths(graph: g)
            guard !f.isEmpty else { throw .finaleHasNoWedding(arc: arc.id) }
            return (ending, g, f)
        }
        let others = arc.endings.filter { arc.state($0)?.tag != HappyBeats.wedding }
        if !others.isEmpty, others.count < arc.endings.count {
            var restricted = arc
            restricted.endings = others
            if let g = try? ArcGraph(arc: restricted) {
                let f = FeasibleLengths(graph: g)
                if !f.isEmpty { return (restricted, g, f) }
            }
        }
        let g: ArcGraph
        do { g = try ArcGraph(arc: arc) } catch { throw .unplannable(arc: arc.id, reason: error.description) }
        let f = FeasibleLengths(graph: g)
        guard !f.isEmpty else {
            let within = f.period == nil ? " within \(f.prefix.count) scenes, the longest plan arcgen makes" : ""
            throw .unplannable(arc: arc.id, reason: "no road from its start reaches an ending\(within)")
        }
        return (arc, g, f)
    }

    func prepareStrands(story: [Arc], finale: Arc, episodes n: Int) throws(SeasonError) -> [Strand] {
        var out: [Strand] = []
        let k = story.count
        let lanes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init)
        let span = min(n, max(1, Int((Double(n) * Self.finaleShare).rounded())))
        for (j, arc) in story.enumerated() {
            let shift = Int((Double(j) * Double(n) * Self.laneStagger / Double(k)).rounded())
            // The story arcs resolve before the last episode(s), which belong to the finale's desenlace.
            let reserve = n >= 4 ? max(1, Int((Double(n) * 0.04).rounded())) : 0
            // Every story arc starts in the first episode: an arc alone in the opening episodes must end each of them
            // on a cliffhanger itself and so cannot stay calm (measured: the opening third 0.4 higher).
            let start = 1
            var end = max(start, n - reserve - shift)
            // The A plot's protagonists carry the finale: their first story ends where it begins, so that nobody
            // is the heroine of two running arcs.
            if j == 0, n >= 4 { end = min(end, max(start, n - span)) }
            let (played, g, f) = try Self.strandGraph(arc, finale: false)
            let weight = Self.laneWeights[min(j, Self.laneWeights.count - 1)]
            out.append(Strand(arc: played, graph: g, feasible: f, lane: j < lanes.count ? lanes[j] : "Z\(j)",
                              isFinale: false, window: start ... end, weight: weight, kind: j == 0 ? .main : .story,
                              label: arc.id))
        }
        let (ending, g, f) = try Self.strandGraph(finale, finale: true)
        out.append(Strand(arc: ending, graph: g, feasible: f, lane: "F", isFinale: true, window: (n - span + 1) ... n,
                          weight: Self.finaleWeight, kind: .finale, label: finale.id))
        return out
    }

    /// The longest plan a strand allows, or nil when its loops have no caps.
    static func longest(_ s: Strand) -> Int? {
        guard !s.feasible.isUnbounded else { return nil }
        return s.feasible.prefix.lastIndex(of: true).map { $0 + 1 }
    }

    /// Each strand's share of the season's scenes (lane weight × window), at most the longest plan it allows.
    static func targets(_ strands: [Strand], episodes n: Int, sizes: ClosedRange<Int>) -> [Double] {
        let total = Double(n) * Double(sizes.lowerBound + sizes.upperBound) / 2
        let shares = strands.map { $0.weight * Double($0.window.count) }
        let sum = shares.reduce(0, +)
        return zip(strands, shares).map { s, share in
            let t = max(1, total * share / sum)
            return longest(s).map { min(t, Double($0)) } ?? t
        }
    }

    /// Subplots: when the arcs named cannot fill the season within their visit caps, further instances drawn from
    /// the library (every arc besides those named and the finale, in an order drawn from the seed, each used once
    /// before any is used again) fill it, each with its own people. With no other arc in the library, the named arcs
    /// themselves are played again by new people.
    func addSubplots(_ strands: inout [Strand], targets: inout [Double], request: SeasonRequest,
                     notes: inout [String]) throws(SeasonError) {
        let n = request.episodes
        let total = Double(n) * Double(request.scenesPerEpisode.lowerBound + request.scenesPerEpisode.upperBound) / 2
        var deficit = total - targets.reduce(0, +)
        guard deficit >= 1 else { return }
        let named = Set(strands.map(\.arc.id))
        var pool = request.library.filter { !named.contains($0.id) }.sorted { $0.id < $1.id }
        if pool.isEmpty { pool = request.arcs.filter { $0.id != request.finale.id } }
        var random = SeededRandom.derived(seed: request.seed, stream: 0x5B_0000)
        random.shuffle(&pool)
        // Each arc's graph and lengths, worked out in parallel, then taken in the pool's order.
        let graphs = ParallelResults<Result<(Arc, ArcGraph, FeasibleLengths), SeasonError>?>(
            Array(repeating: nil, count: pool.count))
        DispatchQueue.concurrentPerform(iterations: pool.count) { [pool] k in
            graphs.set(k, Result { () throws(SeasonError) in try Self.strandGraph(pool[k], finale: false) })
        }
        var prepared: [String: (Arc, ArcGraph, FeasibleLengths)] = [:]
        var usable: [Arc] = []
        for (arc, result) in zip(pool, graphs.values) {
            switch result! {
            case let .success(graph):
                prepared[arc.id] = graph
                usable.append(arc)
            case let .failure(error):
                notes.append("subplot '\(arc.id)' is left out: \(error.description)")
            }
        }
        guard !usable.isEmpty else { return }
        var ordinals: [String: Int] = [:]
        for s in strands { ordinals[s.arc.id, default: 0] += 1 }
        var number = 0
        var skipped = 0
        var next = 0
        // Arcs passed over because their shortest plan is longer than what was left: (shortest, scenes left).
        var tooLong: [String: (Int, Int)] = [:]
        while deficit >= 1, skipped < usable.count {
            let arc = usable[next % usable.count]
            next += 1
            let (played, g, f) = prepared[arc.id]!
            var probe = Strand(arc: played, graph: g, feasible: f, lane: "", isFinale: false, window: 1 ... n,
                               weight: 1)
            let top = Self.longest(probe) ?? max(16, (1 ... Self.cap(probe)).first(where: f.contains) ?? 16)
            let shortest = (1 ... max(1, top)).first(where: f.contains) ?? top
            // The last subplot takes what is left, when its arc can be told that short.
            guard Double(shortest) <= deficit + Double(request.scenesPerEpisode.upperBound) else {
                skipped += 1
                tooLong[arc.id] = (shortest, Int(deficit))
                continue
            }
            skipped = 0
            number += 1
            ordinals[arc.id, default: 0] += 1
            let k = ordinals[arc.id]!
            probe.lane = "S\(number)"
            probe.kind = .subplot
            probe.ordinal = k
            probe.label = k == 1 ? arc.id : "\(arc.id)#\(k)"
            let length = min(Double(top), max(Double(shortest), deficit))
            strands.insert(probe, at: strands.count - 1)
            targets.insert(length, at: targets.count - 1)
            deficit -= length
        }
        if deficit >= 1 {
            notes.append("no subplot of the library is short enough for the last \(Int(deficit)) scenes; "
                + "the other arcs are stretched within their caps instead")
        }
        // Nothing is dropped silently: the library's arcs the season does not play, and why.
        for arc in usable where ordinals[arc.id] == nil {
            if let (shortest, left) = tooLong[arc.id] {
                notes.append("subplot '\(arc.id)' does not fit: its shortest plan is \(shortest) scenes, and only "
                    + "\(left) were left to fill")
            } else {
                notes.append("subplot '\(arc.id)' is not played: the arcs before it filled the season")
            }
        }
    }

    /// Lays the subplots across the season as the genre's stages lay its threads: each one opens during the prólogo
    /// and the desarrollo (the first `subplotOpenings` of the season, one after another), darkens through the etapa
    /// oscura with the A plot, and resolves in the culminante and the desenlace (between `subplotEndings` of the
    /// season), so that every thread is tied before the wedding. The openings and the endings are interleaved in
    /// two different orders, so that subplots that open together do not all close together.
    static func placeSubplots(_ strands: inout [Strand], lengths: [Int], episodes n: Int) {
        var subplots = strands.indices.filter { strands[$0].kind == .subplot }
        let thread = leadThread(&strands, subplots: subplots, lengths: lengths)
        subplots.removeAll(where: thread.contains)
        for (k, i) in subplots.enumerated() { strands[i].lane = "S\(k + 1)" }
        let m = subplots.count
        guard m > 0 else { return }
        let reserve = n >= 4 ? max(1, Int((Double(n) * 0.04).rounded())) : 0
        let span = Double(max(1, n - reserve))
        // A stride coprime with m gives the endings another order than the openings.
        var stride = max(1, Int((Double(m) * 0.618).rounded()))
        while gcd(stride, m) != 1 { stride += 1 }
        for (k, i) in subplots.enumerated() {
            let open = Double(k) / Double(m)
            let close = Double((k * stride) % m) / Double(max(1, m - 1))
            let first = 1 + Int(open * subplotOpenings * span)
            let lo: Double = subplotEndings.lowerBound, hi: Double = subplotEndings.upperBound
            let end: Double = (lo + close * (hi - lo)) * span
            let last: Int = Int(end.rounded())
            let shortest: Int = first + lengths[i] / 4
            strands[i].window = first ... min(n, max(shortest, last))
        }
    }

    /// Scenes per episode the A couple's thread aims at: with two and a half of their scenes in an episode, the
    /// heroine is in at least 80% of the episodes (a lead is in about two thirds of an arc's states; at 2.0 she was
    /// in 77–79% of some seasons).
    static let leadDensity = 2.4
    /// How much longer, per scene, the A plot's own window is than its successors' in the A thread (measured on
    /// seeds 1–4 at 60 and 120 episodes: 2 → tension correlation 0.73–0.80, 5 → 0.71–0.84; 8 loses the
    /// galán).
    static let mainWindowWeight = 5.0

    /// The A plot's couple goes on from their first story to the next (the genre's protagonists meet one obstacle
    /// after another): subplots whose arcs can be theirs become the A thread (lanes A2, A3…), played one after
    /// another by the same couple, and the A plot's window shrinks to its own share, so the couple is in most
    /// episodes and in one story at a time. An arc can be theirs when it has a heroine and a galán and neither can
    /// be arrested or buried in it (they could not carry the finale; mourned or lost, they still play in their own
    /// story), and when they have not played it yet (no synopsis twice with the same names).
    /// - Returns: the strands of the thread, the A plot first.
    static func leadThread(_ strands: inout [Strand], subplots: [Int], lengths: [Int]) -> [Int] {
        guard let a = strands.firstIndex(where: { $0.kind == .main }) else { return [] }
        let end = strands[a].window.upperBound
        var thread = [a]
        var total = lengths[a]
        var arcs: Set<String> = [strands[a].arc.id]
        for i in subplots where Double(total) < leadDensity * Double(end) && !arcs.contains(strands[i].arc.id) {
            let fates = SeasonCasting.fates(of: strands[i].arc)
            let couple = GenreRoles.couple
            guard couple.allSatisfy(strands[i].arc.roles.contains),
                  couple.allSatisfy({ (fates[$0] ?? []).isDisjoint(with: [.dead, .arrested]) })
            else { continue }
            thread.append(i)
            total += lengths[i]
            arcs.insert(strands[i].arc.id)
        }
        guard thread.count > 1 else { return [] }
        // The calmer stories first and the darker ones later, as the season darkens (`SeasonTension`).
        func meanTension(_ i: Int) -> Double {
            let t = strands[i].arc.states.map { Double($0.tension) }
            return t.reduce(0, +) / Double(max(1, t.count))
        }
        thread = [a] + thread.dropFirst().sorted { (meanTension($0), $0) < (meanTension($1), $1) }
        // Consecutive windows, each as long as its share of the thread's scenes, the A plot's counting
        // `mainWindowWeight` times, so the opening stays calm rather than racing through the first story.
        let weights = thread.map { Double(lengths[$0]) * ($0 == a ? mainWindowWeight : 1) }
        let sum = weights.reduce(0, +)
        var start = 1, done = 0.0
        for (k, i) in thread.enumerated() {
            done += weights[k]
            let share = Int((done / sum * Double(end)).rounded())
            let last = k == thread.count - 1 ? end : min(end, max(start, share))
            strands[i].window = start ... last
            start = min(end, last + 1)
            if i != a {
                strands[i].kind = .lead
                strands[i].lane = "A\(k + 1)"
            }
        }
        return thread
    }

    /// The share of the season over which subplots open.
    static let subplotOpenings = 0.4
    /// The shares of the season between which subplots resolve.
    static let subplotEndings = 0.7 ... 1.0

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The longest plan the planner accepts for a strand.
    static func cap(_ s: Strand) -> Int {
        min(PlotPlanner.maxScenes, PlotPlanner.maxTableEntries / max(1, s.graph.stateCount))
    }

    func chooseLengths(_ strands: [Strand], targets: [Double], episodes n: Int,
                       sizes: ClosedRange<Int>) throws(SeasonError) -> [Int] {
        let minimums = strands.map { s in (1 ... Self.cap(s)).first(where: s.feasible.contains) ?? Int.max }
        if let bad = minimums.firstIndex(of: Int.max) {
            throw .unplannable(arc: strands[bad].arc.id, reason: "no plan of at most \(Self.cap(strands[bad])) scenes")
        }
        let minimumScenes = minimums.reduce(0, +)
        guard minimumScenes <= n * sizes.upperBound else {
            let minimum = (minimumScenes + sizes.upperBound - 1) / sizes.upperBound
            throw .tooFewEpisodes(episodes: n, minimum: minimum, minimumScenes: minimumScenes, perEpisode: sizes)
        }
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
            if let longest = (minimums[i] ... max(minimums[i], top)).last(where: s.feasible.contains),
               !near.contains(longest) {
                near.append(longest)
            }
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
            let longest = zip(strands, candidates).map { s, c in
                s.feasible.isUnbounded ? Int.max / 64 : (c.max() ?? 0)
            }.reduce(0, +)
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

    // MARK: One candidate season

    struct Item {
        var strand: Int
        /// 0-based position in the strand's plan.
        var index: Int
        var position: Double
        /// The scene and its beat, shared rather than copied: merging and cutting move items hundreds of thousands
        /// of times a season, and a copied scene retains and releases a dozen strings each time.
        private let payload: Payload
        var scene: Outline.Scene { payload.scene }
        /// The scene as the story state sees it (people by name, effects, instance-scoped secrets).
        var beat: StoryState.Beat { payload.beat }

        init(strand: Int, index: Int, position: Double, scene: Outline.Scene, beat: StoryState.Beat) {
            self.strand = strand
            self.index = index
            self.position = position
            payload = Payload(scene: scene, beat: beat)
        }

        final class Payload {
            let scene: Outline.Scene
            let beat: StoryState.Beat
            init(scene: Outline.Scene, beat: StoryState.Beat) {
                self.scene = scene
                self.beat = beat
            }
        }
    }

    /// What a strand's scenes need beyond the outline: per state, the story-state beat (people, effects, secrets).
    struct StateFacts {
        var beat: StoryState.Beat
        /// Tension of visit 1, 2, … (a revisit plays its variant's, which never falls).
        var tensions: [Double]
    }

    /// Each strand's states as outline scenes with its own cast's names filled in (location still to choose), one per
    /// variant (`templates[strand][state][visit − 1]`), made once per season rather than once per scene and attempt.
    /// Visit k plays variant k at its own tension: the season keeps the visit caps, so a loop escalates.
    func sceneTemplates(_ strands: [Strand], language: Language) -> [[[Outline.Scene]]] {
        // Instances of one arc share its synopses: each is parsed once.
        var parsed: [String: SynopsisTemplate] = [:]
        return strands.map { s in
            let cast = s.people
            return s.arc.states.map { st in
                (1 ... max(1, st.variants.count)).map { visit in
                    let text = st.variant(forVisit: visit).synopsis[language]
                    let template = parsed[text] ?? Outline.Scene.template(text)
                    parsed[text] = template
                    return Outline.Scene(state: st, visit: visit, number: 0, location: "", cast: cast,
                                         language: language, template: template)
                }
            }
        }
    }

    /// Per strand and state, its story-state beat and its tension per visit.
    static func facts(_ strands: [Strand]) -> [[StateFacts]] {
        strands.enumerated().map { a, s in
            s.arc.states.map { st in
                let effects = st.storyEffects.sorted { $0.key < $1.key }.compactMap { role, effect in
                    s.cast[role].map { (name: $0, effect: effect) }
                }
                let beat = StoryState.Beat(
                    strand: a, present: st.roles.compactMap { s.cast[$0] }, effects: effects,
                    hides: st.hides.map { StoryState.key($0, instance: s.label) },
                    reveals: st.reveals.map { StoryState.key($0, instance: s.label) })
                let tensions = (1 ... max(1, st.variants.count)).map { Double(st.variant(forVisit: $0).tension) }
                return StateFacts(beat: beat, tensions: tensions)
            }
        }
    }

    /// A plan's scenes from the templates; the location of each is drawn as `Outline` draws it (stream 3 of the
    /// plan's seed), so a strand's scenes are those `arcgen plan` would print for the same plan. A revisit plays the
    /// state's next variant (an arc without caps, written with single synopses, repeats its one variant).
    static func scenes(of plan: Plan, templates: [[Outline.Scene]]) -> [Outline.Scene] {
        var random = SeededRandom.derived(seed: plan.seed, stream: 3)
        var visits = [Int](repeating: 0, count: templates.count)
        return Outline.Scene.dated(plan.states.enumerated().map { i, state in
            let variants = templates[state]
            var scene = variants[visits[state] % variants.count]
            visits[state] += 1
            scene.number = i + 1
            let places = scene.locations
            scene.location = places.isEmpty ? "" : places[random.nextInt(below: places.count)]
            return scene
        })
    }

    /// Per strand with binding caps, its roads of its chosen length, built once for every candidate season.
    /// - Throws: `SeasonError.unplannable` for the first strand (in order) whose roads cannot be built.
    static func lattices(_ strands: [Strand], lengths: [Int]) throws(SeasonError) -> [WalkerLattice?] {
        let results = ParallelResults<Result<WalkerLattice?, SeasonError>?>(Array(repeating: nil, count: strands.count))
        DispatchQueue.concurrentPerform(iterations: strands.count) { a in
            let s = strands[a]
            guard s.graph.hasBindingCaps else { results.set(a, .success(nil)); return }
            do throws(PlanError) {
                let lattice = try WalkerLattice(graph: s.graph, scenes: lengths[a], walkerLimit: PlotPlanner.maxWalkers)
                results.set(a, .success(lattice))
            } catch {
                results.set(a, .failure(.unplannable(arc: s.arc.id, reason: error.description)))
            }
        }
        return try results.values.map { result throws(SeasonError) in try result!.get() }
    }

    func draw(_ request: SeasonRequest, strands: [Strand], lengths: [Int], people: [Season.Person], notes: [String],
              templates: [[[Outline.Scene]]], facts: [[StateFacts]], lattices: [WalkerLattice?], timeline: Timeline,
              attempt: Int) throws(SeasonError) -> Season {
        var plans: [[Outline.Scene]] = []
        var beats: [[StoryState.Beat]] = []
        var seeds: [UInt64] = []
        let cliffhangers = templates.map { $0.map { Self.isCliffhanger($0[0], request.rules) } }
        let watched = Self.soloSteps(strands, lengths: lengths)
        for (a, s) in strands.enumerated() {
            var r = SeededRandom.derived(seed: request.seed, stream: 0x5EA5_0000 &+ UInt64(attempt) &* 131 &+ UInt64(a))
            // Scene k is pulled toward the season's target in the episode where the cut will play it.
            let targets = (0 ..< lengths[a]).map { k in
                let played = timeline.at(Self.position(k, of: lengths[a], strand: s))
                return SeasonTension.target(played / Double(request.episodes))
            }
            let planner = TensionTiltedPlanner(graph: s.graph, tensions: facts[a].map { $0.tensions[0] },
                                               strength: request.rules.tensionTilt)
            let seed = r.next()
            let plan: Plan
            do {
                if s.graph.hasBindingCaps {
                    plan = try planner.planHonouringCaps(targets: targets, seed: seed,
                                                         tensionOfVisit: facts[a].map(\.tensions), lattice: lattices[a])
                } else {
                    // Where the arc alone fills the episodes, a cliffhanger at least every (max − min + 1) scenes
                    // lets the cut end each of them on one.
                    plan = try planner.plan(targets: targets, seed: seed, cliffhangers: cliffhangers[a],
                                            watched: watched[a], gap: request.scenesPerEpisode.count)
                }
            } catch {
                throw .unplannable(arc: s.arc.id, reason: error.description)
            }
            plans.append(Self.scenes(of: plan, templates: templates[a]))
            beats.append(plan.states.map { facts[a][$0].beat })
            seeds.append(seed)
        }
        let positions = strands.indices.map { a in
            Self.alignedPositions(plans[a].map { Double($0.tension) }, strand: strands[a], episodes: request.episodes,
                                  timeline: timeline).map { timeline.at($0) }
        }
        let merged = merge(strands: strands, plans: plans, beats: beats, positions: positions,
                           episodes: request.episodes)
        let mainStrand = strands.first { $0.kind == .main } ?? strands[0]
        let leads = GenreRoles.couple.compactMap { mainStrand.cast[$0] }
        let slices = cut(merged, episodes: request.episodes, sizes: request.scenesPerEpisode, rules: request.rules,
                         leads: leads)
        var episodes: [Season.Episode] = []
        var first = [Int](repeating: Int.max, count: strands.count)
        var last = [Int](repeating: 0, count: strands.count)
        var replay: [[StoryState.Beat]] = []
        for (e, slice) in slices.enumerated() {
            let scenes = slice.enumerated().map { k, item in
                Season.Scene(strand: item.strand, arcScene: item.index + 1, scene: item.scene.renumbered(k + 1))
            }
            for s in scenes {
                first[s.strand] = min(first[s.strand], e + 1)
                last[s.strand] = max(last[s.strand], e + 1)
            }
            episodes.append(Season.Episode(number: e + 1, scenes: scenes))
            replay.append(slice.map(\.beat))
        }
        let seasonStrands = strands.enumerated().map { a, s in
            Season.Strand(arcID: s.arc.id, title: s.arc.title[request.language], lane: s.lane, isFinale: s.isFinale,
                          kind: s.kind, label: s.label, ordinal: s.ordinal,
                          cast: s.arc.roles.map(s.people.member),
                          window: s.window, length: lengths[a], planSeed: seeds[a], states: plans[a].map(\.state),
                          firstEpisode: first[a] == Int.max ? 0 : first[a], lastEpisode: last[a])
        }
        var violations = SeasonAudit.violations(episodes: episodes, strands: seasonStrands,
                                                arcs: strands.map(\.arc), rules: request.rules)
        let (story, contradictions) = SeasonAudit.story(episodes: episodes, beats: replay, strands: seasonStrands)
        violations += contradictions
        let curve = episodes.map(\.tension)
        let main = seasonStrands.first { $0.kind == .main } ?? seasonStrands[0]
        return Season(title: strands[0].arc.title[request.language], language: request.language, seed: request.seed,
                      scenesPerEpisode: request.scenesPerEpisode, rules: request.rules, strands: seasonStrands,
                      cast: main.cast, episodes: episodes, violations: violations, people: people, notes: notes,
                      story: story, timeless: Season.timeless(people), attempt: attempt,
                      shape: SeasonTension.correlation(curve, SeasonTension.targetCurve(episodes: curve.count)))
    }

    /// Where scene k (0-based) of a strand's `length`-scene plan sits in the season, in episode units from 0: spread
    /// evenly over the strand's window; the finale's last scene (the wedding) after everything.
    static func position(_ k: Int, of length: Int, strand s: Strand) -> Double {
        if s.isFinale && k == length - 1 { return .infinity }
        return Double(s.window.lowerBound - 1) + (Double(k) + 0.5) / Double(length) * Double(s.window.count)
    }

    /// Where a position falls in the episodes once cut: the cut gives every episode a number of scenes within range,
    /// so where the strands crowd (every arc opens in the first episodes) the scenes spread over more episodes than
    /// their positions say, and where few are under way they close up (measured at 120 episodes: the A plot placed
    /// over episodes 1–30 played in 1–18, the finale placed from 91 began at 106). Scene i of the t placed, in
    /// order of position, lands near episode units n·(i + ½)/t; between them, linearly.
    struct Timeline {
        let sorted: [Double]
        let episodes: Double

        /// - Parameter positions: every scene's even position; infinite ones (the wedding) are left out.
        init(_ positions: [Double], episodes n: Int) {
            sorted = positions.filter(\.isFinite).sorted()
            episodes = Double(n)
        }

        /// The position `p` in episode units as the cut will realise it (infinite stays infinite).
        func at(_ p: Double) -> Double {
            guard p.isFinite, sorted.count >= 2 else { return p }
            let t = Double(sorted.count)
            // The last index whose position is at most p.
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] <= p { lo = mid + 1 } else { hi = mid }
            }
            let i = lo - 1
            if i < 0 { return max(0, p / max(sorted[0], 1e-9) * 0.5 / t * episodes) }
            if i >= sorted.count - 1 {
                let rest = (p - sorted[i]) / max(1e-9, episodes - sorted[i])
                return min(episodes, (Double(i) + 0.5 + 0.5 * rest) / t * episodes)
            }
            let span = sorted[i + 1] - sorted[i]
            let f = span > 0 ? (p - sorted[i]) / span : 0
            return (Double(i) + 0.5 + f) / t * episodes
        }
    }

    /// How far (in episodes) past the earliest scene under way the merge may reach for one that keeps the episode's
    /// tension nearer the target (measured, seeds 1–10 at 60 and 120 episodes: 0.5 adds 0.01 to the correlation; 1
    /// adds no more and keeps the galán off screen more often).
    static let balanceReach = 0.5
    /// Cost, in scenes off the episode's natural boundary, of a tension unit between an episode's mean and the target
    /// (shifted to the season's own mean, as the correlation ignores the level). Large: the boundaries are chosen for
    /// the curve, the natural ones only break ties (mean correlation of 120-episode seasons, seeds 1–10, with the
    /// timeline and the alignment: 160 → 0.89, 640 → 0.91, 1280 → 0.91 and the best minimum at 60 episodes).
    static let cutTensionWeight = 1280.0
    /// Cost of an episode without one of the A couple: a lead is in 80% of the episodes (at 0, with the tension cost,
    /// the galán was in 75% of the episodes of 120-episode seasons on average, under 80% in all 20; at 600, 85%).
    static let leadAbsencePenalty = 600

    /// Grid points per scene of even spacing on which `alignedPositions` places scenes.
    static let alignmentResolution = 4
    /// How much closer or further apart than even spacing two consecutive scenes of a strand may be placed.
    static let alignmentSpacing = 0.5 ... 2.0

    /// Where a strand's scenes sit in the season (episode units from 0), aligned to the season's target: the scenes
    /// keep their order, the first and the last stay within half a spacing of the window's ends, each gap between
    /// consecutive scenes stays within `alignmentSpacing` of even spacing, and within those bounds the placement
    /// minimises the summed squared distance between each scene's tension and the target where it falls (a dynamic
    /// time warping of the plan onto the target curve). Spread evenly instead (`position`), a story's dark loops
    /// fall wherever its length puts them: a subplot's climax lands in the desenlace and a calm opening in the
    /// climb. The finale's last scene stays last; the A thread keeps even spacing (its couple must be in most
    /// episodes; warped, the galán was in 72% of some 120-episode seasons).
    /// - Complexity: O(length² × resolution × gaps), about 11,000 steps for an arc of 20 scenes.
    static func alignedPositions(_ tensions: [Double], strand s: Strand, episodes n: Int,
                                 timeline: Timeline) -> [Double] {
        let length = tensions.count
        let warped = s.isFinale ? length - 1 : length
        let even = { (0 ..< length).map { position($0, of: length, strand: s) } }
        guard warped >= 2, !s.kind.isLeadThread else { return even() }
        let r = alignmentResolution
        let slots = r * length
        let start = Double(s.window.lowerBound - 1), width = Double(s.window.count)
        func place(_ j: Int) -> Double { start + (Double(j) + 0.5) / Double(slots) * width }
        let target = (0 ..< slots).map { SeasonTension.target(timeline.at(place($0)) / Double(n)) }
        let gaps = Int((alignmentSpacing.lowerBound * Double(r)).rounded()) ...
            Int((alignmentSpacing.upperBound * Double(r)).rounded())
        // Even spacing puts scene k at slot r·k + r/2; the first and the last may move by half a spacing.
        let first = 0 ..< r, last = (r * (warped - 1)) ..< (s.isFinale ? r * (length - 1) : slots)
        let unreachable = Double.infinity
        var cost = [Double](repeating: unreachable, count: warped * slots) // (scenes, slots)
        var from = [Int](repeating: -1, count: warped * slots)
        for j in first { cost[j] = (tensions[0] - target[j]) * (tensions[0] - target[j]) }
        for k in 1 ..< warped {
            let here = tensions[k]
            for j in 0 ..< slots {
                var best = unreachable, arg = -1
                for g in gaps where j - g >= 0 {
                    let c = cost[(k - 1) * slots + j - g]
                    if c < best { best = c; arg = j - g }
                }
                guard arg >= 0 else { continue }
                cost[k * slots + j] = best + (here - target[j]) * (here - target[j])
                from[k * slots + j] = arg
            }
        }
        var end = -1
        for j in last where cost[(warped - 1) * slots + j] < unreachable {
            if end < 0 || cost[(warped - 1) * slots + j] < cost[(warped - 1) * slots + end] { end = j }
        }
        guard end >= 0 else { return even() }
        var chosen = [Int](repeating: 0, count: warped)
        var j = end
        for k in stride(from: warped - 1, through: 0, by: -1) {
            chosen[k] = j
            j = from[k * slots + j]
        }
        var out = chosen.map(place)
        if s.isFinale { out.append(.infinity) }
        return out
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
                return !strands.indices.contains { b in
                    b != a && strands[b].window.lowerBound + 1 <= e && e <= strands[b].window.upperBound
                }
            }
        }
    }

    /// Merges the strands' scenes by position, keeping each strand's order. A scene the story state contradicts waits
    /// while any other can go (someone mourned in one story waits in the others until the return). Secrets belong to
    /// one instance (`StoryState.key`), so its own order already sets each up before its revelation.
    func merge(strands: [Strand], plans: [[Outline.Scene]], beats: [[StoryState.Beat]],
               positions: [[Double]], episodes: Int) -> [Item] {
        let queues = strands.indices.map { a in
            plans[a].enumerated().map { k, scene in
                Item(strand: a, index: k, position: positions[a][k], scene: scene, beat: beats[a][k])
            }
        }
        let finale = strands.firstIndex(where: \.isFinale)
        var heads = [Int](repeating: 0, count: queues.count)
        var remaining = queues.reduce(0) { $0 + $1.count }
        var out: [Item] = []
        out.reserveCapacity(remaining)
        var state = StoryState()
        var refused = [Bool](repeating: false, count: queues.count)
        let run = max(1, remaining / max(1, episodes)) // an episode's worth of scenes
        let shift = Self.levelShift(queues.joined().map(\.scene.tension), episodes: episodes)
        // The finale's last scene (the wedding) waits for everything else.
        func waits(_ a: Int) -> Bool { a == finale && heads[a] == queues[a].count - 1 && remaining > 1 }
        while remaining > 0 {
            var pick = -1, fallback = -1
            for a in queues.indices where heads[a] < queues[a].count && !waits(a) {
                let item = queues[a][heads[a]]
                if fallback < 0 || item.position < queues[fallback][heads[fallback]].position { fallback = a }
                if refused[a] { continue }
                if pick < 0 || item.position < queues[pick][heads[pick]].position { pick = a }
            }
            // Among the heads placed within `balanceReach` of the earliest, the one that brings the last episode's
            // worth of scenes nearest the target goes first. The A thread is never moved (the leads stay on screen
            // in every episode), and no strand is opened early (one couple's stories follow one another).
            if pick >= 0, !strands[pick].kind.isLeadThread {
                let earliest = queues[pick][heads[pick]].position
                let recent = out.suffix(run)
                let sum = recent.reduce(0.0) { $0 + Double($1.scene.tension) }
                var bestScore = Double.infinity
                for a in queues.indices where heads[a] < queues[a].count && !refused[a] && !waits(a) {
                    let item = queues[a][heads[a]]
                    guard a == pick || heads[a] > 0, item.position <= earliest + Self.balanceReach,
                          item.position.isFinite, !strands[a].kind.isLeadThread
                    else { continue }
                    let goal = SeasonTension.target(item.position / Double(episodes)) + shift
                    let score = abs((sum + Double(item.scene.tension)) / Double(recent.count + 1) - goal)
                    if score < bestScore - 1e-9
                        || (abs(score - bestScore) <= 1e-9 && item.position < queues[pick][heads[pick]].position) {
                        bestScore = score
                        pick = a
                    }
                }
            }
            if pick >= 0, state.contradiction(queues[pick][heads[pick]].beat) != nil {
                refused[pick] = true // try the others first; the audit reports what cannot wait
                continue
            }
            // A deadlock of the story state is placed anyway and reported by the audit.
            let a = pick >= 0 ? pick : fallback
            let item = queues[a][heads[a]]
            heads[a] += 1
            remaining -= 1
            state.apply(item.beat)
            for i in refused.indices { refused[i] = false }
            out.append(item)
        }
        return out
    }

    /// How far the season's scenes sit above the target on average: the merge and the cut steer the shape, not the
    /// level (the correlation ignores it, and the arcs' tensions are what they are).
    static func levelShift(_ tensions: [Int], episodes n: Int) -> Double {
        let mean = Double(tensions.reduce(0, +)) / Double(max(1, tensions.count))
        return mean - SeasonTension.targetCurve(episodes: n).reduce(0, +) / Double(max(1, n))
    }

    /// Whether a scene may end an episode.
    static func isCliffhanger(_ scene: Outline.Scene, _ rules: SeasonRules) -> Bool {
        scene.cliffhanger || scene.tension >= rules.cliffhangerTension
    }

    /// Splits the merged scenes into episodes (see the type's documentation, step 5).
    func cut(_ items: [Item], episodes n: Int, sizes: ClosedRange<Int>, rules: SeasonRules,
             leads: [String]) -> [[Item]] {
        let t = items.count
        // nextOfStrand[c]: the index of the next scene of c's strand, or t: c is its strand's last in a slice ending
        // at j exactly when nextOfStrand[c] ≥ j (a slice's few scenes are scanned, not every strand).
        var nextOfStrand = [Int](repeating: t, count: t) // (scenes)
        var lastSeen: [Int: Int] = [:]
        for (c, item) in items.enumerated() {
            if let previous = lastSeen[item.strand] { nextOfStrand[previous] = c }
            lastSeen[item.strand] = c
        }
        let cliff = items.map { Self.isCliffhanger($0.scene, rules) }
        let tension = items.map(\.scene.tension)
        let hidesOf = items.map(\.beat.hides)
        let revealsOf = items.map(\.beat.reveals)
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
                    for c in i ..< j where cliff[c] && nextOfStrand[c] >= j {
                        let hides = hidesOf[c]
                        if !hides.isEmpty,
                           (c + 1 ..< j).contains(where: { m in revealsOf[m].contains(where: hides.contains) }) {
                            continue
                        }
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
        var prefix = [0.0]
        for x in tension { prefix.append(prefix.last! + Double(x)) }
        // onScreen[l][j]: scenes among the first j in which lead l is present.
        let onScreen = leads.map { name in
            items.reduce(into: [0]) { $0.append($0.last! + ($1.beat.present.contains(name) ? 1 : 0)) }
        }
        let targetCurve = SeasonTension.targetCurve(episodes: n)
        let shift = Self.levelShift(tension, episodes: n)
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
                        let mean = (prefix[j] - prefix[i]) / Double(size)
                        c += Int((Self.cutTensionWeight * abs(mean - targetCurve[e - 1] - shift)).rounded())
                        for counts in onScreen where counts[j] == counts[i] { c += Self.leadAbsencePenalty }
                        if closer[j * widths + size - sizes.lowerBound] < 0 { c += Self.noCliffhangerPenalty }
                    }
                    if c < cost[row + j] {
                        cost[row + j] = c
                        parent[row + j] = i
                    }
                }
            }
        }
        // The lengths were chosen so that n × sizes holds t; should the table still find nothing, fall back to even
        // cuts.
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
        Self.pullCliffhangers(&out, sizes: sizes, rules: rules)
        return out
    }

    /// An episode that has no scene to end on a hook (the openings of many subplots at once) borrows one from the next
    /// three episodes: the first cliffhanger there that is the next scene of its arc instance (so every instance
    /// keeps its order) and reveals only secrets already set up (so none comes out before its setup). A full episode
    /// first hands its last scene to the next one (adjacent: every order is kept); so does one whose plain borrowing
    /// would leave the hook's episode too small (then that episode loses the hook and gains the handed scene). The
    /// move is made only when every episode it touches keeps a size within `sizes`, so no scene is lost and no
    /// episode grows or shrinks out of range.
    static func pullCliffhangers(_ out: inout [[Item]], sizes: ClosedRange<Int>, rules: SeasonRules) {
        let n = out.count
        var hidden = Set<String>()  // secrets set up in the episodes before e
        for e in 0 ..< max(0, n - 1) {
            defer { for item in out[e] { hidden.formUnion(item.beat.hides) } }
            guard let last = out[e].last, !isCliffhanger(last.scene, rules) else { continue }
            let full = out[e].count >= sizes.upperBound
            borrow: for handOff in full ? [true] : [false, true] {
                // Secrets set up before the hook: the handed scene comes after it.
                let kept = handOff ? out[e].dropLast() : out[e][...]
                let setUp = kept.reduce(into: hidden) { $0.formUnion($1.beat.hides) }
                // Strands the hook would jump over: it must be the next scene of its own.
                var passed: Set<Int> = handOff ? [last.strand] : []
                for d in e + 1 ..< min(n, e + 4) {
                    for (k, item) in out[d].enumerated() {
                        defer { passed.insert(item.strand) }
                        let finalScene = d == n - 1 && k == out[d].count - 1
                        guard isCliffhanger(item.scene, rules), item.beat.reveals.allSatisfy(setUp.contains),
                              !passed.contains(item.strand), !finalScene else { continue }
                        // Sizes after the move: the hook leaves d; a handing e gives its last scene to e + 1.
                        var change = [e: handOff ? 0 : 1, d: -1]
                        if handOff { change[e + 1, default: 0] += 1 }
                        guard change.allSatisfy({ sizes.contains(out[$0.key].count + $0.value) }) else { continue }
                        let hook = out[d].remove(at: k)
                        if handOff { out[e + 1].insert(out[e].removeLast(), at: 0) }
                        out[e].append(hook)
                        break borrow
                    }
                }
            }
        }
    }

}

extension Season.Kind {
    /// The A couple's own stories (the A plot and the A thread): their scenes keep even spacing, so the leads are on
    /// screen in most episodes.
    var isLeadThread: Bool { self == .main || self == .lead }
}
