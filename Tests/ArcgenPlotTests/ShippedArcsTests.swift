import Foundation
import Testing
@testable import ArcgenPlot

@Suite("Shipped arcs and the shipped schema")
struct ShippedArcsTests {
    static let catalog = ArcCatalog(directory: Fixtures.arcsDirectory)
    static let files = (try? catalog.arcFiles()) ?? []
    static let shippedIDs = ["amnesia", "big-wedding", "evil-twin", "false-death", "forbidden-love", "forged-will",
                             "hidden-pregnancy", "kidnapped-child", "long-lost-relative", "lost-love", "revenge",
                             "rigged-trial", "rivalry", "secret-father", "substitute-bride", "villain-redemption"]

    func load(_ file: String) throws -> Arc { try Fixtures.loader.load(path: file) }

    @Test("the shipped arcs are there, and the loader skips the vocabulary and the schema")
    func present() {
        #expect(Self.files.map { ArcLoader.stem(of: $0) } == Self.shippedIDs)
    }

    @Test("every shipped arc passes check with no errors; the only warning is for models not trained yet",
          arguments: files)
    func clean(file: String) {
        let loader = ArcLoader(vocabulary: Fixtures.vocabulary, models: ModelInventory(directory: "models", tags: []))
        let report = loader.check(path: file)
        #expect(report.errors.isEmpty, "\(report.errors.map(\.description))")
        #expect(report.warnings.count == 1 && report.warnings[0].message.contains("no trained model yet"),
                "\(report.warnings.map(\.description))")
        let all = ArcLoader(vocabulary: Fixtures.vocabulary,
                            models: ModelInventory(directory: "models", tags: Set(Fixtures.vocabulary.tagIDs)))
        // With every model trained, only the note on the lengths the visit caps allow: --strict passes.
        let notes = all.check(path: file).diagnostics
        #expect(notes.count == 1 && notes[0].severity == .note
            && notes[0].message.contains("with its visit caps the arc plans"), "\(notes)")
    }

    @Test("every state on a loop has at least two variants, and plans of 10, 12 and 14 scenes never repeat a synopsis",
          arguments: files)
    func noRepeats(file: String) throws {
        let arc = try load(file)
        let graph = try ArcGraph(arc: arc)
        for (s, st) in arc.states.enumerated() where graph.onLoop[s] {
            #expect(st.variants.count >= 2 && st.visitCap != nil, "\(st.id)")
        }
        for language in Language.allCases {
            let cast = Cast.defaults(for: arc, language: language)
            for scenes in [10, 12, 14] {
                for seed in UInt64(1) ... 10 {
                    let plan = try PlotPlanner(graph: graph).plan(scenes: .exactly(scenes), seed: seed)
                    let synopses = Outline(arc: arc, plan: plan, cast: cast, language: language).scenes.map(\.synopsis)
                    #expect(Set(synopses).count == synopses.count, "\(arc.id) \(scenes) scenes, seed \(seed)")
                }
            }
        }
    }

    @Test("every shipped arc is a real graph: 8+ states, branches, a loop, several roads to an ending",
          arguments: files)
    func shape(file: String) throws {
        let arc = try load(file)
        let graph = try ArcGraph(arc: arc)
        #expect(arc.states.count >= 8 && arc.states.count <= 20)
        #expect(arc.states.filter { $0.transitions.count > 1 }.count >= 3, "branches")
        let digraph = Digraph(count: graph.stateCount,
                              successors: (0 ..< graph.stateCount).map { graph.edges(from: $0).map(\.to) })
        let (component, count) = digraph.stronglyConnectedComponents()
        #expect(count < graph.stateCount, "at least one loop")
        _ = component
        // Count distinct roads of up to 25 scenes: many.
        var roads = 0
        for n in 1 ... 25 where FeasibleLengths(graph: graph).contains(n) { roads += 1 }
        #expect(roads >= 10)
        let plans = try Set((0 ..< 30).map {
            try PlotPlanner(graph: graph).plan(scenes: .range(10 ... 14), seed: UInt64($0)).ids
        })
        #expect(plans.count > 10, "different seeds take different roads")
        for st in arc.states {
            #expect(st.locations.count >= 1 && st.synopsis.es.count > 40 && st.synopsis.en.count > 40, "\(st.id)")
        }
        #expect(arc.states.contains { $0.cliffhanger } && arc.states.contains { !$0.hides.isEmpty })
    }

    @Test("the arcs use the genre's devices between them")
    func devices() throws {
        let tags = Set(try Self.files.flatMap { try load($0).states.map(\.tag) })
        for device in ["encounter", "courtship", "scheme", "misunderstanding", "separation", "false-death", "amnesia",
                       "revelation", "reunion", "comeuppance", "wedding", "proposal", "family"] {
            #expect(tags.contains(device), "no arc has a \(device) beat")
        }
    }

    @Test("big-wedding ends only on weddings")
    func bigWedding() throws {
        let arc = try load(Fixtures.arcsDirectory + "/big-wedding.json")
        #expect(!arc.endings.isEmpty)
        #expect(arc.endings.allSatisfy { arc.state($0)?.tag == "wedding" })
    }

    @Test("Spanish synopses are written in Spanish (accents, ¿¡ where asked)")
    func spanish() throws {
        let text = try Self.files.flatMap { try load($0).states.map(\.synopsis.es) }.joined(separator: " ")
        #expect(["¡", "á", "é", "ó", "ñ"].allSatisfy { text.contains($0) })
    }

    /// The schema's `$defs` (and the top level) as parsed JSON.
    static func schema() throws -> JSONNode {
        let text = try SourceFile.read(Fixtures.arcsDirectory + "/arc.schema.json")
        return try JSONParser().parse(text.bytes)
    }

    @Test("the JSON Schema and the Swift checks agree on every object's keys",
          arguments: ArcSchema.allShapes.map(\.name))
    func schemaKeys(shape name: String) throws {
        let shape = try #require(ArcSchema.allShapes.first { $0.name == name })
        let root = try Self.schema()
        let def = name == "arc" ? root : try #require(root.node(at: JSONPath.root / "$defs" / name))
        let properties = try #require(def.node(at: JSONPath.root / "properties")?.value.objectValue).map(\.key)
        let required = try #require(def.node(at: JSONPath.root / "required")?.value.arrayValue)
            .compactMap(\.value.stringValue)
        #expect(Set(properties) == Set(shape.allKeys))
        #expect(Set(required) == Set(shape.required))
        guard case .bool(false)? = def.node(at: JSONPath.root / "additionalProperties")?.value else {
            Issue.record("\(name) must forbid unknown keys")
            return
        }
    }

    @Test("the schema's tag list is the vocabulary's; it lists no roles of its own; times match")
    func schemaEnums() throws {
        let root = try Self.schema()
        let tags = try #require(root.node(at: JSONPath.root / "$defs" / "tag" / "enum")?.value.arrayValue)
            .compactMap(\.value.stringValue)
        #expect(tags == Fixtures.vocabulary.tagIDs)
        // A new role is one edit to vocabulary.json: the schema accepts any role id and the lint checks it.
        #expect(root.node(at: JSONPath.root / "$defs" / "role" / "enum") == nil)
        #expect(root.node(at: JSONPath.root / "$defs" / "role" / "anyOf") == nil)
        let timePath = JSONPath.root / "$defs" / "state" / "properties" / "time" / "enum"
        let times = try #require(root.node(at: timePath)?.value.arrayValue).compactMap(\.value.stringValue)
        #expect(times == TimeOfDay.allCases.map(\.rawValue))
        #expect(root.node(at: JSONPath.root / "$schema")?.value.stringValue
            == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test("every shipped arc names the schema")
    func namesSchema() throws {
        for file in Self.files {
            let root = try JSONParser().parse(try SourceFile.read(file).bytes)
            #expect(root.node(at: JSONPath.root / "$schema")?.value.stringValue == ArcSchema.schemaReference)
        }
    }

    @Test("arcs resolve by id, by path, and misspellings get a suggestion")
    func resolve() throws {
        #expect(try Self.catalog.resolve("rivalry") == Fixtures.arcsDirectory + "/rivalry.json")
        let rivalry = Fixtures.arcsDirectory + "/rivalry.json"
        #expect(try Self.catalog.resolve(rivalry) == rivalry)
        do {
            _ = try Self.catalog.resolve("rivalyr")
            Issue.record("found a missing arc")
        } catch {
            #expect(error.description.contains("did you mean 'rivalry'?"))
        }
    }
}
