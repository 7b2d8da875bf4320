import Testing
@testable import ArcgenPlot

/// One fault of the arc format: how to break the tiny arc, and what the lint must say where.
struct SchemaFault: CustomTestStringConvertible, Sendable {
    let name: String
    let old: String
    let new: String
    let path: String
    let says: String
    var testDescription: String { name }
}

@Suite("Lint: schema faults, each at its JSON path")
struct LintSchemaTests {
    @Test("the tiny fixture is clean: only a note on the lengths its visit caps allow")
    func clean() {
        let report = Fixtures.check(Fixtures.tiny)
        #expect(report.diagnostics.map(\.severity) == [.note], "\(report.diagnostics)")
        #expect(report.diagnostics.first?.message.contains("plans 2, 4–5 scenes (without them: 2, 4–∞)") == true)
        #expect(report.arc?.states.count == 4)
    }

    static let faults: [SchemaFault] = [
        SchemaFault(name: "wrong type", old: "\"tension\": 3,", new: "\"tension\": \"high\",",
                    path: "$.states[0].tension", says: "expected a number, found a string"),
        SchemaFault(name: "tension out of range", old: "\"tension\": 3,", new: "\"tension\": 11,",
                    path: "$.states[0].tension", says: "whole number from 0 to 10"),
        SchemaFault(name: "fractional tension", old: "\"tension\": 3,", new: "\"tension\": 2.5,",
                    path: "$.states[0].tension", says: "whole number"),
        SchemaFault(name: "missing required key", old: "\"time\": \"dusk\",", new: "", path: "$.states[2]",
                    says: "missing required key \"time\""),
        SchemaFault(name: "unknown key with did-you-mean", old: "\"tag\": \"scheme\"", new: "\"tagg\": \"scheme\"",
                    path: "$.states[1].tagg", says: "did you mean 'tag'?"),
        SchemaFault(name: "unknown top-level key", old: "\"start\": \"meet\"",
                    new: "\"start\": \"meet\", \"endigns\": []", path: "$.endigns", says: "did you mean 'endings'?"),
        SchemaFault(name: "duplicate key", old: "\"time\": \"night\",", new: "\"time\": \"night\", \"time\": \"day\",",
                    path: "$.states[1].time", says: "duplicate key"),
        SchemaFault(name: "bad id", old: "\"id\": \"plot\"", new: "\"id\": \"Plot Twist\"", path: "$.states[1].id",
                    says: "not a valid id"),
        SchemaFault(name: "unknown time of day", old: "\"time\": \"dusk\"", new: "\"time\": \"evening\"",
                    path: "$.states[2].time", says: "unknown time of day"),
        SchemaFault(name: "weight zero", old: "{\"to\": \"plot\", \"weight\": 2}",
                    new: "{\"to\": \"plot\", \"weight\": 0}", path: "$.states[0].transitions[0].weight",
                    says: "must be greater than 0"),
        SchemaFault(name: "negative weight", old: "{\"to\": \"truth\", \"weight\": 1}",
                    new: "{\"to\": \"truth\", \"weight\": -1}", path: "$.states[1].transitions[1].weight",
                    says: "must be greater than 0"),
        SchemaFault(name: "non-finite weight", old: "{\"to\": \"plot\", \"weight\": 2}",
                    new: "{\"to\": \"plot\", \"weight\": 1e999}", path: "$.states[0].transitions[0].weight",
                    says: "too large to be a finite number"),
        SchemaFault(name: "weight of the wrong type", old: "{\"to\": \"plot\", \"weight\": 2}",
                    new: "{\"to\": \"plot\", \"weight\": \"2\"}", path: "$.states[0].transitions[0].weight",
                    says: "expected a number"),
        SchemaFault(name: "empty synopsis", old: "\"en\": \"{villain} forges a letter.\"", new: "\"en\": \"   \"",
                    path: "$.states[1].synopsis[0].en", says: "empty text"),
        SchemaFault(name: "location without INT./EXT.", old: "{\"es\": \"INT. IGLESIA\", \"en\": \"INT. CHURCH\"}",
                    new: "{\"es\": \"INT. IGLESIA\", \"en\": \"Church\"}", path: "$.states[3].locations[0].en",
                    says: "must start like a scene heading"),
        SchemaFault(name: "no locations", old: "\"locations\": [{\"es\": \"INT. IGLESIA\", \"en\": \"INT. CHURCH\"}]",
                    new: "\"locations\": []", path: "$.states[3].locations", says: "needs at least 1"),
        SchemaFault(name: "missing language", old: "\"title\": {\"es\": \"Pequeña\", \"en\": \"Tiny\"}",
                    new: "\"title\": {\"es\": \"Pequeña\"}", path: "$.title", says: "missing required key \"en\""),
        SchemaFault(name: "duplicate role in a list", old: "\"roles\": [\"heroine\", \"galan\", \"villain\"]",
                    new: "\"roles\": [\"heroine\", \"galan\", \"villain\", \"galan\"]", path: "$.roles[3]",
                    says: "duplicate 'galan' (also at $.roles[1])"),
        SchemaFault(name: "missing $schema", old: "\"$schema\": \"./arc.schema.json\",", new: "", path: "$",
                    says: "missing required key \"$schema\""),
        SchemaFault(name: "states not an array", old: "\"endings\": [\"wed\"],", new: "\"endings\": \"wed\",",
                    path: "$.endings", says: "expected an array, found a string"),
        SchemaFault(name: "cliffhanger not a boolean", old: "\"cliffhanger\": true", new: "\"cliffhanger\": \"yes\"",
                    path: "$.states[1].cliffhanger", says: "expected true or false"),
    ]

    @Test("each schema fault is an error at its path", arguments: faults)
    func fault(_ f: SchemaFault) {
        let report = Fixtures.check(Fixtures.tiny(replacing: f.old, with: f.new))
        let d = report.at(f.path)
        #expect(d?.severity == .error, "\(f.name): \(report.diagnostics.map(\.description))")
        #expect(d?.message.contains(f.says) == true, "\(f.name): \(d?.message ?? "nothing at \(f.path)")")
        #expect(report.arc == nil)
    }

    @Test("a message names file, line and column of the offending key")
    func position() throws {
        let text = Fixtures.tiny(replacing: "\"tag\": \"scheme\"", with: "\"tagg\": \"scheme\"")
        let report = Fixtures.check(text, file: "arcs/tiny.json")
        let d = try #require(report.at("$.states[1].tagg"))
        let line = Fixtures.line(of: "\"tagg\"", in: text)
        #expect(d.position?.line == line)
        #expect(d.position?.column == 7)
        #expect(d.description.hasPrefix("arcs/tiny.json:\(line):7: error: $.states[1].tagg: unknown key 'tagg'"))
    }

    @Test("every problem is reported at once, not just the first")
    func allAtOnce() {
        var text = Fixtures.tiny(replacing: "\"tension\": 3,", with: "\"tension\": \"x\",")
        text = text.replacingOccurrences(of: "\"time\": \"night\"", with: "\"time\": 4")
        text = text.replacingOccurrences(of: "{\"to\": \"wed\"}]", with: "{\"to\": \"wedd\"}]")
        let paths = Set(Fixtures.check(text).errors.compactMap { $0.path?.description })
        #expect(paths.isSuperset(of: ["$.states[0].tension", "$.states[1].time", "$.states[0].transitions[1].to"]),
                "\(paths)")
    }

    @Test("malformed JSON is one error with line and column")
    func syntax() throws {
        let text = Fixtures.tiny(replacing: "\"time\": \"dusk\",", with: "\"time\": \"dusk\"")
        let report = Fixtures.check(text)
        #expect(report.errors.count == 1)
        let d = try #require(report.errors.first)
        #expect(d.path == nil)
        #expect(d.position?.line == Fixtures.line(of: "\"time\": \"dusk\"", in: text) + 1)
        #expect(d.message.contains("missing ','"))
    }

    @Test("the arc id should match the file name")
    func idMatchesFile() {
        let report = Fixtures.check(Fixtures.tiny, file: "arcs/other.json")
        #expect(report.at("$.id")?.severity == .warning)
        #expect(report.arc != nil)
    }
}
