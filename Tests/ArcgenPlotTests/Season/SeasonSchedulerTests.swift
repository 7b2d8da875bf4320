import ArcgenSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ArcgenPlot

/// Random valid arcs and the shipped arcs, woven into seasons: the scheduler's promises hold, or the audit says
/// which did not.
@Suite("Season scheduler")
struct SeasonSchedulerTests {
    static let shipped: [String: Arc] = {
        var out: [String: Arc] = [:]
        for id in ["lost-love", "rivalry", "long-lost-relative", "big-wedding"] {
            out[id] = try! Fixtures.loader.load(path: Fixtures.arcsDirectory + "/\(id).json")
        }
        return out
    }()

    /// Every shipped arc, the library a season draws its subplots from (as `arcgen season` does by default).
    static let library: [Arc] = {
        let dir = Fixtures.arcsDirectory
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".json") && !ArcCatalog.reservedFiles.contains($0) }.sorted()
            .compactMap { try? Fixtures.loader.load(path: dir + "/" + $0) }
    }()

    static let tags = ["encounter", "courtship", "scheme", "misunderstanding", "confrontation", "separation", "secret",
        "family"]

    /// A random arc that passes lint: a backbone chain 0 → 1 → … → last (the ending) plus back edges, so every
    /// road to a state passes all earlier backbone states and a secret hidden at i and revealed at j > i is always set
    /// up.
    static func randomArc(_ r: inout SeededRandom, id: String, finale: Bool, secrets: [String]) -> Arc {
        let n = 3 + r.nextInt(below: 7)
        let roles = ["heroine", "galan", "villain", "confidant", "mother"]
        var states: [ArcState] = []
        let secret = secrets[r.nextInt(below: secrets.count)]
        let hideAt = r.nextInt(below: n - 2)
        let revealAt = hideAt + 1 + r.nextInt(below: n - 2 - hideAt)
        for i in 0 ..< n {
            let last = i == n - 1
            var transitions: [Transition] = []
            if !last {
                transitions.append(Transition(to: "\(id)-s\(i + 1)", weight: 1 + Double(r.nextInt(below: 3))))
                if i > 0, r.nextInt(below: 2) == 0 {
                    transitions.append(Transition(to: "\(id)-s\(r.nextInt(below: i + 1))", weight: 1))
                }
            }
            let tag = last ? (finale ? "wedding" : ["reunion", "comeuppance", "proposal"][r.nextInt(below: 3)])
                : (finale && i == n - 2 ? "comeuppance" : tags[r.nextInt(below: tags.count)])
            var cast = [roles[r.nextInt(below: 2)]]
            for x in roles where r.nextInt(below: 3) == 0 && !cast.contains(x) { cast.append(x) }
            if tag == "comeuppance", !cast.contains("villain") { cast.append("villain") }
            let synopsis = cast.map { "{\($0)}" }.joined(separator: " y ")
            states.append(ArcState(
                id: "\(id)-s\(i)", tag: tag, synopsis: Localized(es: synopsis + ".", en: synopsis + "."), roles: cast,
                locations: [Localized(es: "INT. CASA \(i)", en: "INT. HOUSE \(i)")], time: .night,
                tension: r.nextInt(below: 11), cliffhanger: r.nextInt(below: 4) == 0,
                reveals: i == revealAt ? [secret] : [], hides: i == hideAt ? [secret] : [], transitions: transitions))
        }
        return Arc(id: id, title: Localized(es: id, en: id), roles: roles, start: "\(id)-s0",
            endings: ["\(id)-s\(n - 1)"], states: states)
    }

    /// Each arc scene in season order, per strand, must be the strand's plan in order.
    static func checkInvariants(_ season: Season, _ request: SeasonRequest, _ context: String) {
        let all = season.episodes.flatMap(\.scenes)
        #expect(season.episodes.count == request.episodes, "\(context)")
        for e in season.episodes {
            #expect(request.scenesPerEpisode.contains(e.scenes.count),
                "\(context): episode \(e.number) has \(e.scenes.count) scenes")
            #expect(e.scenes.map(\.scene.number) == Array(1 ... e.scenes.count), "\(context)")
        }
        for (a, st) in season.strands.enumerated() {
            #expect(all.filter { $0.strand == a }.map(\.scene.state) == st.states,
                "\(context): arc \(st.arcID) out of order")
            #expect(st.states.count == st.length, "\(context)")
        }
        // Every arc ends on one of its endings; the finale's wedding is the last scene.
        let arcs = Dictionary((request.arcs + request.library + [request.finale]).map { ($0.id, $0) },
            uniquingKeysWith: { a, _ in a })
        for st in season.strands {
            let arc = st.isFinale ? request.finale : arcs[st.arcID]!
            #expect(arc.endings.contains(st.states.last!), "\(context): \(st.label) ends on \(st.states.last!)")
        }
        #expect(season.strands[all.last!.strand].isFinale && all.last!.scene.tag == "wedding", "\(context)")
        // Cliffhangers: every non-final episode ends on one, or the audit reports that episode.
        for e in season.episodes.dropLast() {
            let last = e.scenes.last!.scene
            let ok = last.cliffhanger || last.tension >= request.rules.cliffhangerTension
            let reported = season.violations.contains { $0.kind == .cliffhanger && $0.episode == e.number }
            #expect(ok != reported, "\(context): episode \(e.number) closer \(last.state) tension \(last.tension)")
        }
        // Ledger, recomputed: no revelation before a setup, or it is reported.
        var hidden = Set<String>()
        var early = 0
        for s in all {
            hidden.formUnion(s.scene.hides)
            early += s.scene.reveals.filter { !hidden.contains($0) }.count
        }
        let reportedEarly = season.violations.filter {
            $0.kind == .ledger && $0.message.contains("before any scene")
        }.count
        #expect(early == reportedEarly, "\(context)")
        // Leads: present in ≥ 80% of the episodes, or reported.
        // The A plot's couple, by name, wherever they play.
        let main = season.strands.first { $0.kind == .main }
        for lead in request.rules.leads {
            let name = main?.cast.first { $0.role == lead }?.name
            let present = season.episodes.filter { e in
                e.scenes.contains { $0.scene.cast.contains { name == nil ? $0.role == lead : $0.name == name } }
            }.count
            guard present > 0 else { continue }
            let reported = season.violations.contains { $0.kind == .leadPresence && $0.message.hasPrefix("'\(lead)'") }
            #expect((Double(present) / Double(season.episodes.count) >= request.rules.leadPresence) != reported,
                "\(context): \(lead)")
        }
        // The villain's comeuppance before the wedding, or reported.
        if all.contains(where: { $0.scene.cast.contains { $0.role == "villain" } }) {
            let punished = all.dropLast().contains {
                $0.scene.tag == "comeuppance" && $0.scene.cast.contains { $0.role == "villain" }
            }
            #expect(punished != season.violations.contains { $0.kind == .comeuppance }, "\(context)")
        }
    }

    /// A shipped season's findings: none. (The galán was once allowed under 80% of the episodes, 76–79% in 4 of 10
    /// seasons of 120 episodes; the cut now keeps both of the A couple in most episodes.)
    static func unexpected(_ season: Season) -> [SeasonViolation] { season.violations }

    @Test("random arcs and seeds: sizes, order, endings, finale last; cliffhangers, ledger, contracts hold or reported")
    func randomSeasons() throws {
        var r = SeededRandom(seed: 77)
        var clean = 0
        for trial in 0 ..< 60 {
            let count = 1 + r.nextInt(below: 3)
            let pool = ["alpha", "beta", "gamma"]
            let arcs = (0 ..< count).map { Self.randomArc(&r, id: "arc\($0)", finale: false, secrets: pool) }
            let finale = Self.randomArc(&r, id: "fin", finale: true, secrets: pool)
            let lower = 2 + r.nextInt(below: 5)
            var request = SeasonRequest(arcs: arcs, finale: finale, episodes: 2 + r.nextInt(below: 40),
                                        scenesPerEpisode: lower ... lower + r.nextInt(below: 4), seed: r.next())
            request.rules.attempts = 4
            let season: Season
            do { season = try SeasonScheduler().schedule(request) } catch {
                // Arcs without loops cannot always stretch; the error must say so.
                if case .tooManyEpisodes = error { continue }
                if case .tooFewEpisodes = error { continue }
                if case .noFit = error { continue }
                Issue.record("trial \(trial): \(error)")
                continue
            }
            Self.checkInvariants(season, request, "trial \(trial)")
            if season.violations.isEmpty { clean += 1 }
        }
        #expect(clean > 0)
    }

    @Test("shipped arcs over 20–120 episodes: every rule holds", arguments: [20, 60, 120])
    func shippedSeasons(episodes: Int) throws {
        for seed in [UInt64(1), 2, 3] {
            let s = Self.shipped
            var request = SeasonRequest(arcs: [s["lost-love"]!, s["rivalry"]!, s["long-lost-relative"]!],
                finale: s["big-wedding"]!,
                                        episodes: episodes, seed: seed)
            request.library = Self.library
            let season = try SeasonScheduler().schedule(request)
            Self.checkInvariants(season, request, "\(episodes) episodes, seed \(seed)")
            #expect(Self.unexpected(season).isEmpty, "\(season.violations)")
            // One wedding that marries anyone, the finale's: the story arcs resolve on their other endings, and a
            // subplot's own wedding scene (the substitute bride's veiled vows) marries nobody.
            let marrying = season.episodes.flatMap(\.scenes).filter { sc in
                let arc = Self.library.first { $0.id == season.strands[sc.strand].arcID }
                return arc?.state(sc.scene.state)?.storyEffects.values.contains(.married) ?? false
            }
            #expect(marrying.count == 1 && marrying.allSatisfy { season.strands[$0.strand].isFinale },
                    "\(marrying.map { "\(season.strands[$0.strand].label) \($0.scene.state)" })")
            // The curve climbs: the middle is darker than the opening, and the season resolves below its peak.
            let curve = season.tensionCurve
            let third = curve.count / 3
            let opening = curve.prefix(third).reduce(0, +) / Double(third)
            let middle = curve.dropFirst(third).prefix(third).reduce(0, +) / Double(third)
            #expect(middle > opening, "\(curve)")
            #expect(curve.last! < curve.max()!)
        }
    }

    @Test("the same request gives the same season and the same bytes")
    func reproducible() throws {
        let s = Self.shipped
        let request = SeasonRequest(arcs: [s["lost-love"]!, s["rivalry"]!], finale: s["big-wedding"]!, episodes: 30,
            seed: 9, language: .en)
        let a = try SeasonScheduler().schedule(request)
        let b = try SeasonScheduler().schedule(request)
        #expect(a == b)
        #expect(SeasonRenderer.markdown(a) == SeasonRenderer.markdown(b))
        #expect(SeasonRenderer.json(a) == SeasonRenderer.json(b))
        #expect(SeasonSVG.svg(a) == SeasonSVG.svg(b))
        var other = request
        other.seed = 10
        #expect(try SeasonScheduler().schedule(other) != a)
    }

    @Test("casts: every instance names every role of its arc; the finale keeps the protagonists; overrides apply")
    func cast() throws {
        let s = Self.shipped
        let request = SeasonRequest(arcs: [s["lost-love"]!, s["rivalry"]!, s["long-lost-relative"]!],
            finale: s["big-wedding"]!,
                                    episodes: 12, seed: 4, castOverrides: ["heroine": "Paloma"])
        let season = try SeasonScheduler().schedule(request)
        for st in season.strands {
            #expect(st.cast.map(\.role) == request.arcs.first { $0.id == st.arcID }.map(\.roles) ?? st.cast.map(\.role))
            #expect(Set(st.cast.map(\.name)).count == st.cast.count, "\(st.label): one person per role")
        }
        let main = season.strands.first { $0.kind == .main }!, finale = season.strands.first { $0.isFinale }!
        #expect(main.cast.first { $0.role == "heroine" }?.name == "Paloma")
        #expect(finale.cast.first { $0.role == "heroine" }?.name == "Paloma")
        #expect(finale.cast.first { $0.role == "galan" }?.name == main.cast.first { $0.role == "galan" }?.name)
        // The other named arcs bring their own couples.
        for st in season.strands where st.kind == .story {
            #expect(st.cast.first { $0.role == "heroine" }?.name != "Paloma")
        }
        for scene in season.episodes.flatMap(\.scenes) {
            for m in scene.scene.cast { #expect(season.strands[scene.strand].cast.contains(m)) }
        }
        let outline = season.outline(episode: 3)
        #expect(outline.scenes.count == season.episodes[2].scenes.count)
        for sc in outline.scenes { for m in sc.cast { #expect(outline.cast.contains(m)) } }
        // Everyone's parts add up to every role of every instance.
        #expect(season.people.reduce(0) { $0 + $1.parts.count } == season.strands.reduce(0) { $0 + $1.cast.count })
    }

    @Test("too few episodes: a clear error with the minimum, and the minimum works")
    func tooFew() throws {
        let s = Self.shipped
        var request = SeasonRequest(arcs: [s["lost-love"]!, s["rivalry"]!, s["long-lost-relative"]!],
            finale: s["big-wedding"]!,
                                    episodes: 1, scenesPerEpisode: 4 ... 6, seed: 1)
        var minimum = 0
        do {
            _ = try SeasonScheduler().schedule(request)
            Issue.record("one episode cannot hold four arcs")
        } catch {
            guard case let .tooFewEpisodes(_, m, _, _) = error else { Issue.record("\(error)"); return }
            minimum = m
            #expect(error.description.contains("the minimum is \(m) episodes"))
        }
        request.episodes = minimum
        let season = try SeasonScheduler().schedule(request)
        #expect(season.episodes.count == minimum)
        request.episodes = minimum - 1
        #expect(throws: SeasonError.self) { try SeasonScheduler().schedule(request) }
    }

    @Test("a finale without a wedding ending, no story arc, a repeated arc: refused")
    func badRequests() throws {
        let s = Self.shipped
        #expect(throws: SeasonError.finaleHasNoWedding(arc: "long-lost-relative")) {
            try SeasonScheduler().schedule(SeasonRequest(arcs: [s["lost-love"]!], finale: s["long-lost-relative"]!,
                episodes: 10, seed: 1))
        }
        #expect(throws: SeasonError.noArcs) {
            try SeasonScheduler().schedule(SeasonRequest(arcs: [s["big-wedding"]!], finale: s["big-wedding"]!,
                episodes: 10, seed: 1))
        }
        #expect(throws: SeasonError.duplicateArc("rivalry")) {
            try SeasonScheduler().schedule(SeasonRequest(arcs: [s["rivalry"]!, s["rivalry"]!],
                finale: s["big-wedding"]!, episodes: 10, seed: 1))
        }
    }

    @Test("a secret several arcs name alike is each instance's own: only its own setup lets it be revealed")
    func secretsPerInstance() throws {
        var r = SeededRandom(seed: 5)
        var checked = 0
        for trial in 0 ..< 40 {
            let arcs = (0 ..< 3).map { Self.randomArc(&r, id: "arc\($0)", finale: false, secrets: ["shared"]) }
            let finale = Self.randomArc(&r, id: "fin", finale: true, secrets: ["other"])
            let request = SeasonRequest(arcs: arcs, finale: finale, episodes: 6, scenesPerEpisode: 3 ... 8,
                seed: UInt64(trial))
            guard let season = try? SeasonScheduler().schedule(request) else { continue }
            let all = season.episodes.flatMap(\.scenes)
            // A revelation with no setup before it in its own instance (another arc's setup does not count) is
            // reported, and nothing else is.
            var early = false
            for (k, revealer) in all.enumerated() where revealer.scene.reveals.contains("shared") {
                early = early
                    || !all[..<k].contains { $0.strand == revealer.strand && $0.scene.hides.contains("shared") }
            }
            let reported = season.violations.contains { $0.kind == .ledger }
            #expect(early == reported, "trial \(trial)")
            let keys = Set(season.strands.map { StoryState.key("shared", instance: $0.label) })
            #expect(keys.count == season.strands.count)
            checked += 1
        }
        #expect(checked > 20)
    }

    @Test("the audit reports a season that breaks the rules")
    func auditReports() throws {
        let arc = Self.shipped["lost-love"]!
        func scene(_ state: String, tag: String, tension: Int, roles: [String], hides: [String] = [],
            reveals: [String] = []) -> Season.Scene {
            Season.Scene(strand: 0, arcScene: 1, scene: Outline.Scene(
                number: 1, state: state, tag: tag, location: "INT. X", locations: ["INT. X"], time: .day,
                tension: tension, cliffhanger: false,
                cast: roles.map { Cast.Member(role: $0, name: $0) }, synopsis: "", reveals: reveals, hides: hides))
        }
        let strand = Season.Strand(arcID: "lost-love", title: "", lane: "A", isFinale: false, kind: .main,
                                   label: "lost-love", ordinal: 1, cast: [], window: 1 ... 2, length: 3, planSeed: 0,
                                   states: ["a", "b", "c"], firstEpisode: 1, lastEpisode: 2)
        let episodes = [
            Season.Episode(number: 1, scenes: [scene("a", tag: "revelation", tension: 3, roles: ["villain"],
                reveals: ["x"])]),
            Season.Episode(number: 2, scenes: [scene("b", tag: "secret", tension: 3, roles: ["heroine"], hides: ["x"]),
                                               scene("c", tag: "reunion", tension: 3, roles: ["heroine"])]),
        ]
        let v = SeasonAudit.violations(episodes: episodes, strands: [strand], arcs: [arc], rules: SeasonRules())
        let kinds = Set(v.map(\.kind))
        #expect(kinds == [.ledger, .cliffhanger, .leadPresence, .comeuppance, .finale, .unresolved], "\(v)")
    }

    @Test("arcs check flags an arc where a revelation could come before its setup; the shipped arcs pass")
    func lintLedger() throws {
        let broken = Fixtures.check(Fixtures.tiny.replacingOccurrences(
            of: "\"transitions\": [{\"to\": \"plot\", \"weight\": 2}, {\"to\": \"wed\"}]",
            with: "\"transitions\": [{\"to\": \"plot\", \"weight\": 2}, {\"to\": \"truth\"}]"))
        #expect(broken.diagnostics.contains { $0.severity == .error && $0.message.contains("letter") })
        for id in Self.shipped.keys {
            let report = Fixtures.loader.check(path: Fixtures.arcsDirectory + "/\(id).json")
            #expect(report.errorCount == 0, "\(id)")
        }
    }

    @Test("the SVG draws a bar per episode and the tension curve, and is well-formed XML")
    func svg() throws {
        let s = Self.shipped
        let season = try SeasonScheduler().schedule(SeasonRequest(arcs: [s["lost-love"]!, s["rivalry"]!],
            finale: s["big-wedding"]!, episodes: 15, seed: 2))
        let text = SeasonSVG.svg(season)
        // A bar segment per scene, and a legend swatch per arc named, the finale and the subplots together.
        let swatches = season.strands.filter { $0.kind != .subplot && $0.kind != .lead }.count
            + (season.strands.contains { $0.kind == .subplot } ? 1 : 0)
        #expect(text.components(separatedBy: "<rect x=").count - 1 == season.sceneCount + swatches)
        #expect(text.contains("<polyline"))
        #expect(XMLParser(data: Data(text.utf8)).parse())
    }
}
