import Foundation
import Testing
@testable import ArcgenPlot
import ArcgenVocabulary

@Suite("Cast, outlines and DOT")
struct OutputTests {
    static let files = ShippedArcsTests.files

    @Test("the default cast fills every slot of every shipped arc, in both languages", arguments: files)
    func defaultCast(file: String) throws {
        let arc = try Fixtures.loader.load(path: file)
        for language in Language.allCases {
            let cast = Cast.defaults(for: arc, language: language)
            for role in arc.roles { #expect(cast.names[role] != nil, "\(role) has no default name in \(language)") }
            let plan = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .range(10 ... 16), seed: 11)
            let outline = Outline(arc: arc, plan: plan, cast: cast, language: language)
            let text = OutlineRenderer.text(outline)
            #expect(!text.contains("{") && !text.contains("}"), "\(text)")
            #expect(outline.scenes.count == plan.states.count)
            #expect(outline.scenes.allSatisfy { $0.synopsis.first?.isUppercase == true })
        }
    }

    @Test("the text outline: title, cast, one numbered heading and synopsis per scene")
    func text() throws {
        let arc = try #require(Fixtures.check(Fixtures.tiny).arc)
        let plan = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .exactly(4), seed: 1)
        #expect(plan.ids == ["meet", "plot", "truth", "wed"])
        let cast = Cast.defaults(for: arc, language: .es).overriding(with: ["heroine": "Paloma"])
        let text = OutlineRenderer.text(Outline(arc: arc, plan: plan, cast: cast, language: .es))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "Pequeña (tiny) — 4 escenas · semilla 1")
        #expect(lines[1] == "Reparto: Paloma (heroine), Alejandro (galan), Regina (villain)")
        #expect(lines[3] == "1. EXT. RÍO - DÍA  [encounter · tensión 3]")
        #expect(lines[4] == "   Paloma conoce a Alejandro en el río.")
        #expect(lines[5] == "2. INT. CASA - ALCOBA - NOCHE  [scheme · tensión 7 · gancho · oculta letter]")
    }

    @Test("an arc's cast may give a role an age, which it keeps when a cast file renames it; a bad one is an error")
    func castAges() throws {
        let text = Fixtures.tiny(replacing: "\"start\": \"meet\"", with: """
            "cast": {"heroine": {"es": "Lucía", "en": "Lucia", "gender": "f", "age": 24}}, "start": "meet"
            """)
        let report = Fixtures.check(text)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let arc = try #require(report.arc)
        let plan = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .exactly(4), seed: 1)
        let cast = Cast.defaults(for: arc, language: .es).overriding(with: ["heroine": "Paloma"])
        let outline = Outline(arc: arc, plan: plan, cast: cast, language: .es)
        #expect(outline.cast.first == CastMember(role: "heroine", name: "Paloma", age: 24))
        #expect(outline.scenes[0].cast.map(\.age) == [24, nil])
        #expect(OutlineRenderer.text(outline).split(separator: "\n")[1]
            == "Reparto: Paloma (heroine, 24), Alejandro (galan), Regina (villain)")
        for (bad, says) in [("200", "200 must be a whole number from 0 to 120"), ("24.5", "must be a whole number"),
                            ("\"24\"", "expected a number")] {
            let broken = Fixtures.check(text.replacingOccurrences(of: "\"age\": 24", with: "\"age\": \(bad)"))
            #expect(broken.at("$.cast.heroine.age")?.message.contains(says) == true, "\(broken.diagnostics)")
        }
    }

    @Test("a time jump dates the scenes: younger before it, a title card where the year moves on, never back")
    func timeJump() throws {
        let jump = "\"yearsAfterStart\": "
        let text = Fixtures.tiny(replacing: "\"cliffhanger\": true,", with: "\"cliffhanger\": true, \(jump)5,")
        let arc = try #require(Fixtures.check(text).arc)
        let plan = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .exactly(5), seed: 1)
        #expect(plan.ids == ["meet", "plot", "plot", "truth", "wed"])
        let outline = Outline(arc: arc, plan: plan, cast: Cast.defaults(for: arc, language: .es), language: .es)
        // The revisit is no second jump; the scenes after the jump stay in its year.
        #expect(outline.scenes.map(\.yearsAhead) == [5, 0, 0, 0, 0])
        #expect(outline.scenes.map(\.yearsLater) == [0, 5, 0, 0, 0])
        // The outline says so where the year moves on.
        let marked = OutlineRenderer.text(outline).split(separator: "\n").filter { $0.contains("años después") }
        #expect(marked.count == 1 && marked[0].hasPrefix("2. ") && marked[0].contains("· 5 años después ·"))
        // `arcgen plan` gives each person the age they are first seen at, as an episode's cast list does.
        let agedText = text.replacingOccurrences(of: "\"start\": \"meet\"", with: """
            "cast": {"heroine": {"es": "Lucía", "en": "Lucia", "age": 30}}, "start": "meet"
            """)
        let agedArc = try #require(Fixtures.check(agedText).arc)
        let agedOutline = Outline(arc: agedArc, plan: plan, cast: Cast.defaults(for: agedArc, language: .es),
                                  language: .es)
        #expect(OutlineRenderer.text(agedOutline).split(separator: "\n")[1].hasPrefix("Reparto: Lucía (heroine, 25)"))
        // A season's episodes renumber the scenes and keep them dated.
        #expect(outline.scenes[1].renumbered(9).yearsLater == 5 && outline.scenes[0].renumbered(9).yearsAhead == 5)
        // Time never goes back: a later state that names an earlier year plays in the year it is reached in.
        let reveals = "\"reveals\": [\"letter\"],"
        let back = text.replacingOccurrences(of: reveals, with: reveals + " \(jump)3,")
        let backArc = try #require(Fixtures.check(back).arc)
        let backOutline = Outline(arc: backArc, plan: plan, cast: Cast.defaults(for: arc, language: .es), language: .es)
        #expect(backOutline.scenes.map(\.yearsLater) == [0, 5, 0, 0, 0])
        #expect(Fixtures.check(back).at("$.states[2].yearsAfterStart")?.message.contains("never goes back") == true)
        // Two states that may each come first after the jump both carry it: the road meet → wed jumps at the wedding.
        let married = "\"en\": \"{heroine} and {galan} marry.\"},"
        let both = text.replacingOccurrences(of: married, with: married + " \(jump)5,")
        let short = try PlotPlanner(graph: ArcGraph(arc: try #require(Fixtures.check(both).arc)))
            .plan(scenes: .exactly(2), seed: 1)
        let shortOutline = Outline(arc: try #require(Fixtures.check(both).arc), plan: short,
                                   cast: Cast.defaults(for: arc, language: .es), language: .es)
        #expect(shortOutline.scenes.map(\.yearsLater) == [0, 5] && shortOutline.scenes.map(\.yearsAhead) == [5, 0])
        // A state one road reaches early and another only after a later year is warned of all the same.
        let some = Fixtures.check(text.replacingOccurrences(of: married, with: married + " \(jump)3,"))
        #expect(some.at("$.states[3].yearsAfterStart")?.message.contains("reaches it 5 years after") == true,
                "\(some.diagnostics)")
        for (bad, says) in [("0", "0 must be a whole number from 1 to 100"), ("2.5", "must be a whole number"),
                            ("\"5\"", "expected a number")] {
            let broken = Fixtures.check(text.replacingOccurrences(of: jump + "5", with: jump + bad))
            #expect(broken.at("$.states[1].yearsAfterStart")?.message.contains(says) == true, "\(broken.diagnostics)")
        }
        // The start has nothing before it to be younger; a role may not appear before it is born.
        let calm = "\"tension\": 3,"
        let atStart = Fixtures.check(text.replacingOccurrences(of: calm, with: calm + " \(jump)2,"))
        #expect(atStart.at("$.states[0].yearsAfterStart")?.message.contains("no scene comes before it") == true)
        // Planned anyway, the first scene opens on no title card: the story starts in its year.
        let startArc = try #require(atStart.arc)
        let started = Outline(arc: startArc, plan: plan, cast: Cast.defaults(for: arc, language: .es), language: .es)
        #expect(started.scenes.map(\.yearsLater) == [0, 3, 0, 0, 0] && started.scenes[0].timeJump(.es) == nil)
        let young = Fixtures.check(text.replacingOccurrences(of: "\"start\": \"meet\"", with: """
            "cast": {"heroine": {"es": "Lucía", "en": "Lucia", "age": 4}}, "start": "meet"
            """))
        #expect(young.at("$.states[0].roles[0]")?.message.contains("before they are born") == true)
        #expect(Fixtures.check(text).diagnostics.allSatisfy { $0.severity != .warning })
    }

    @Test("the JSON outline parses and carries every scene")
    func json() throws {
        let arc = try #require(Fixtures.check(Fixtures.tiny).arc)
        let plan = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .exactly(5), seed: 8)
        let text = OutlineRenderer.json(Outline(arc: arc, plan: plan, cast: Cast.defaults(for: arc, language: .en),
                                                language: .en))
        let root = try JSONParser().parse(text)
        #expect(root.node(at: JSONPath.root / "scenes")?.value.arrayValue == nil)
        let scenes = try #require(root.node(at: JSONPath.root / "outline")?.value.arrayValue)
        #expect(scenes.count == 5)
        #expect(scenes.last?.node(at: JSONPath.root / "state")?.value.stringValue == "wed")
        #expect(scenes.first?.node(at: JSONPath.root / "heading")?.value.stringValue == "EXT. RIVER - DAY")
        #expect(scenes.first?.node(at: JSONPath.root / "synopsis")?.value.stringValue
            == "Maria meets Alexander at the river.")
        // Foundation agrees it is JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
    }

    @Test("a cast file: names, per-language names, and misspelt roles refused")
    func castFile() throws {
        let known = Fixtures.vocabulary.roleIDs
        let json = "{\"heroine\": \"Paloma\", \"galan\": {\"es\": \"Mateo\", \"en\": \"Matthew\"}}"
        let text = SourceText(bytes: Array(json.utf8))
        #expect(try Cast.parse(text, path: "cast.json", language: .en, knownRoles: known)
            == ["heroine": "Paloma", "galan": "Matthew"])
        do {
            _ = try Cast.parse(SourceText(bytes: Array("{\n \"heroin\": \"Paloma\"}".utf8)), path: "cast.json",
                               language: .es, knownRoles: known)
            Issue.record("accepted a misspelt role")
        } catch {
            #expect(error.description.hasPrefix("cast.json: 2:2: unknown role 'heroin'; did you mean 'heroine'?"))
        }
        for json in ["[\"Paloma\"]", "{\"heroine\": 3}"] {
            #expect(throws: ArcError.self) {
                try Cast.parse(SourceText(bytes: Array(json.utf8)), path: "c", language: .es, knownRoles: known)
            }
        }
    }

    @Test("DOT: start and endings stand out, every edge is there with its weight", arguments: files)
    func dot(file: String) throws {
        let arc = try Fixtures.loader.load(path: file)
        let dot = DOTWriter.dot(arc)
        #expect(dot.hasPrefix("digraph \"\(arc.id)\" {"))
        #expect(dot.hasSuffix("}\n"))
        let startLine = try #require(dot.split(separator: "\n").first { $0.hasPrefix("  \"\(arc.start)\" [") })
        #expect(startLine.contains("shape=doublecircle") && startLine.contains("#b9e4a8"))
        for e in arc.endings {
            let line = try #require(dot.split(separator: "\n").first { $0.hasPrefix("  \"\(e)\" [") })
            #expect(line.contains("fillcolor=\"gold\"") && line.contains("penwidth=3"))
        }
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(edges.count == arc.states.reduce(0) { $0 + $1.transitions.count })
        #expect(edges.allSatisfy { $0.contains("[label=\"") })
    }

    @Test("DOT strings are escaped")
    func dotEscaping() {
        #expect(DOTWriter.quoted("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"")
        #expect(DOTWriter.weightText(2) == "2" && DOTWriter.weightText(0.5) == "0.5")
    }
}
