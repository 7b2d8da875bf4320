import ArcgenSupport
import Foundation
import Testing

@testable import ArcgenPlot

/// Seasons woven from arc instances with their own people: the story state replays clean, no beat is told twice, the
/// visit caps hold, and a cast file must name every role of an instance it names.
@Suite("Season instances and story state")
struct SeasonInstancesTests {
    static func request(episodes: Int, seed: UInt64, arcs: [String] = ["lost-love", "rivalry", "long-lost-relative"])
        -> SeasonRequest {
        let s = SeasonSchedulerTests.shipped
        let all = Dictionary(SeasonSchedulerTests.library.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var r = SeasonRequest(arcs: arcs.map { s[$0] ?? all[$0]! }, finale: s["big-wedding"]!, episodes: episodes,
                              seed: seed)
        r.library = SeasonSchedulerTests.library
        return r
    }

    static var arcsByID: [String: Arc] {
        Dictionary(SeasonSchedulerTests.library.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("the story state replays every generated season with no contradiction (seeds 1–10)", arguments: [60, 120])
    func replay(episodes: Int) throws {
        for seed in UInt64(1) ... 10 {
            let season = try SeasonScheduler().schedule(Self.request(episodes: episodes, seed: seed))
            let beats = SeasonAudit.beats(season, arcs: Self.arcsByID)
            let (state, found) = SeasonAudit.story(episodes: season.episodes, beats: beats, strands: season.strands)
            #expect(found.isEmpty, "seed \(seed): \(found)")
            #expect(!season.violations.contains { $0.kind == .story })
            // The finale married its couple, and only once.
            let finale = season.strands.first { $0.isFinale }!
            for role in ["heroine", "galan"] {
                let name = finale.cast.first { $0.role == role }!.name
                #expect(state.people[name]?.bond == .married, "\(name)")
            }
            #expect(season.strands.count > 4, "subplots fill the season")
        }
    }

    @Test("no synopsis twice in an episode, none within 10 episodes, and every state within its visit cap")
    func noRepeats() throws {
        for seed in UInt64(4) ... 5 {
            let season = try SeasonScheduler().schedule(Self.request(episodes: 120, seed: seed))
            var last: [String: Int] = [:]
            for e in season.episodes {
                let synopses = e.scenes.map(\.scene.synopsis)
                #expect(Set(synopses).count == synopses.count, "episode \(e.number)")
                for t in synopses {
                    if let before = last[t] { #expect(e.number - before > 10, "'\(t)' in \(before) and \(e.number)") }
                    last[t] = e.number
                }
            }
            let all = season.episodes.flatMap(\.scenes).map(\.scene.synopsis)
            #expect(Double(Set(all).count) >= 0.95 * Double(all.count))
            for st in season.strands {
                let arc = Self.arcsByID[st.arcID]!
                var visits: [String: Int] = [:]
                for id in st.states { visits[id, default: 0] += 1 }
                for (id, count) in visits {
                    if let cap = arc.state(id)?.visitCap { #expect(count <= cap,
                        "\(st.label): \(id) \(count) > \(cap)") }
                }
            }
        }
    }

    @Test("sixty episodes with three arcs and the finale: no synopsis twice")
    func sixty() throws {
        let season = try SeasonScheduler().schedule(Self.request(episodes: 60, seed: 7,
                                                                 arcs: ["amnesia", "revenge", "evil-twin"]))
        let all = season.episodes.flatMap(\.scenes).map(\.scene.synopsis)
        #expect(Set(all).count == all.count)
        #expect(SeasonSchedulerTests.unexpected(season).isEmpty, "\(season.violations)")
    }

    @Test("the story state finds what a season must not do, naming the scene")
    func contradictions() {
        var state = StoryState()
        let arrest = StoryState.Beat(strand: 0, present: ["Regina"], effects: [("Regina", .arrested)], hides: [],
                                     reveals: [])
        #expect(state.contradiction(arrest) == nil)
        state.apply(arrest)
        #expect(state.contradiction(arrest)?.contains("arrested twice") == true)
        let elsewhere = StoryState.Beat(strand: 1, present: ["Regina"], effects: [], hides: [], reveals: [])
        #expect(state.contradiction(elsewhere)?.contains("in prison") == true)
        let drown = StoryState.Beat(strand: 2, present: [], effects: [("Lucía", .presumedDead)], hides: [],
                                    reveals: [])
        state.apply(drown)
        let seen = StoryState.Beat(strand: 3, present: ["Lucía"], effects: [], hides: [], reveals: [])
        #expect(state.contradiction(seen)?.contains("mourned as dead") == true)
        let back = StoryState.Beat(strand: 2, present: ["Lucía"], effects: [("Lucía", .returned)], hides: [],
            reveals: [])
        #expect(state.contradiction(back) == nil)
        let wed = StoryState.Beat(strand: 4, present: ["Ana", "Beto"], effects: [("Ana", .married), ("Beto", .married)],
                                  hides: [], reveals: [])
        state.apply(wed)
        #expect(state.contradiction(wed)?.contains("married twice") == true)
        let twice = StoryState.Beat(strand: 4, present: ["Ana", "Ana"], effects: [], hides: [], reveals: [])
        #expect(state.contradiction(twice)?.contains("two roles") == true)
        let early = StoryState.Beat(strand: 4, present: [], effects: [], hides: [], reveals: ["letter"])
        #expect(state.contradiction(early)?.contains("before any scene sets it up") == true)
    }

    @Test("a person is one age all season, the age the first arc that casts them gives their role")
    func onePersonOneAge() throws {
        let season = try SeasonScheduler().schedule(Self.request(episodes: 60, seed: 4))
        let members = season.strands.flatMap(\.cast) + season.episodes.flatMap { $0.scenes.flatMap(\.scene.cast) }
        let ages = Dictionary(grouping: members, by: \.name).mapValues { Set($0.map(\.age)) }
        #expect(ages.values.allSatisfy { $0.count == 1 }, "\(ages.filter { $0.value.count > 1 })")
        let main = try #require(season.strands.first { $0.kind == .main })
        let heroine = try #require(main.cast.first { $0.role == "heroine" })
        let declared = Self.arcsByID[main.arcID]?.cast.first { $0.role == "heroine" }?.age
        #expect(heroine.age != nil && heroine.age == declared)
        // The cast list says so.
        for p in season.people { #expect(ages[p.name] == [p.age], "\(p.name)") }
        let line = "- **\(heroine.name)** (\(declared ?? 0)):"
        #expect(SeasonRenderer.markdown(season).contains(line))
    }

    @Test("a season dates each arc instance alone, as an outline of it would; people of two instances are timeless")
    func timeJumps() throws {
        let season = try SeasonScheduler().schedule(Self.request(episodes: 60, seed: 4))
        let placed = season.episodes.flatMap(\.scenes)
        var jumps = 0
        for a in season.strands.indices {
            let scenes = placed.filter { $0.strand == a }.sorted { $0.arcScene < $1.arcScene }.map(\.scene)
            #expect(scenes == Outline.Scene.dated(scenes), "\(season.strands[a].label)")
            jumps += scenes.filter { $0.yearsLater > 0 }.count
        }
        // `lost-love` and `long-lost-relative` jump, and the season's outline marks where.
        #expect(jumps >= 2)
        let marked = SeasonRenderer.markdown(season).split(separator: "\n")
            .filter { ($0.components(separatedBy: "** [").dropFirst().last ?? "").contains(" años después") }
        #expect(marked.count == jumps)
        let shared = Set(season.people.filter { Set($0.parts.map(\.strand)).count > 1 }.map(\.name))
        for e in season.episodes.indices { #expect(season.outline(episode: e + 1).timeless == shared) }
    }

    @Test("an episode of a season knows each scene's own arc instance: its cast, not the merged episode's")
    func sceneArcCasts() throws {
        let season = try SeasonScheduler().schedule(Self.request(episodes: 60, seed: 4))
        var woven = 0
        for e in season.episodes {
            let outline = season.outline(episode: e.number)
            for placed in e.scenes {
                #expect(outline.arcCast(of: placed.scene) == season.strands[placed.strand].cast)
            }
            if Set(e.scenes.map(\.strand)).count > 1 { woven += 1 }
        }
        #expect(woven > 0)
    }

    @Test("a cast file's section must name every role of its arc; unknown instances and roles are refused")
    func castSections() throws {
        var r = Self.request(episodes: 30, seed: 2)
        let roles = SeasonSchedulerTests.shipped["rivalry"]!.roles
        var names = Dictionary(roles.map { ($0, "Persona \($0)") }, uniquingKeysWith: { a, _ in a })
        names["baker"] = nil
        r.castSections = ["rivalry": names]
        #expect(throws: SeasonError.castMissingRole(arc: "rivalry", label: "rivalry", role: "baker")) {
            try SeasonScheduler().schedule(r)
        }
        let message = SeasonError.castMissingRole(arc: "rivalry", label: "rivalry", role: "baker").description
        #expect(message.contains("'rivalry'") && message.contains("'baker'"))
        names["baker"] = "doña Tina"
        r.castSections = ["rivalry": names]
        let season = try SeasonScheduler().schedule(r)
        let b = season.strands.first { $0.label == "rivalry" }!
        #expect(b.cast.first { $0.role == "baker" }?.name == "doña Tina")
        r.castSections = ["rivalri": names]
        #expect(throws: SeasonError.self) { try SeasonScheduler().schedule(r) }
        // A cast file in JSON: the "arcs" object.
        let json = "{\"heroine\": \"Paloma\", \"arcs\": {\"rivalry\": {\"heroine\": \"Inés\"}}}"
        let text = SourceText(bytes: Array(json.utf8))
        let parsed = try Cast.parseSeason(text, path: "cast.json", language: .es, knownRoles: ["heroine"])
        #expect(parsed.names == ["heroine": "Paloma"] && parsed.arcs == ["rivalry": ["heroine": "Inés"]])
    }

    @Test("a season too short for a named arc says so and gives the minimum")
    func namedArcDoesNotFit() throws {
        var r = Self.request(episodes: 1, seed: 1)
        r.scenesPerEpisode = 3 ... 4
        #expect(throws: SeasonError.self) { try SeasonScheduler().schedule(r) }
        do { _ = try SeasonScheduler().schedule(r) } catch {
            #expect(error.description.contains("the minimum is"), "\(error)")
        }
    }

    @Test("nothing is dropped silently: every library arc is played or named in a note", arguments: [20, 40, 120])
    func noSilentDrop(episodes: Int) throws {
        let season = try SeasonScheduler().schedule(Self.request(episodes: episodes, seed: 2))
        let played = Set(season.strands.map(\.arcID))
        guard season.strands.contains(where: { $0.kind == .subplot || $0.kind == .lead }) else { return }
        for arc in SeasonSchedulerTests.library where !played.contains(arc.id) {
            #expect(season.notes.contains { $0.contains("'\(arc.id)'") }, "\(arc.id): \(season.notes)")
        }
    }
}
