import Testing
@testable import ArcgenPlot

@Suite("Lint: references, roles, tags, slots")
struct LintReferenceTests {
    static let faults: [SchemaFault] = [
        SchemaFault(name: "transition to an unknown state", old: "{\"to\": \"plot\", \"weight\": 2}",
                    new: "{\"to\": \"plto\", \"weight\": 2}", path: "$.states[0].transitions[0].to",
                    says: "unknown state 'plto'; did you mean 'plot'?"),
        SchemaFault(name: "duplicate state id", old: "\"id\": \"truth\"", new: "\"id\": \"plot\"",
                    path: "$.states[2].id", says: "duplicate state id 'plot' (first at $.states[1])"),
        SchemaFault(name: "unknown start", old: "\"start\": \"meet\"", new: "\"start\": \"meat\"", path: "$.start",
                    says: "did you mean 'meet'?"),
        SchemaFault(name: "unknown ending", old: "\"endings\": [\"wed\"]", new: "\"endings\": [\"wedding\"]",
                    path: "$.endings[0]", says: "unknown ending state 'wedding'"),
        SchemaFault(name: "unknown tag", old: "\"tag\": \"wedding\"", new: "\"tag\": \"weddng\"",
                    path: "$.states[3].tag", says: "did you mean 'wedding'?"),
        SchemaFault(name: "unknown arc role", old: "\"roles\": [\"heroine\", \"galan\", \"villain\"]",
                    new: "\"roles\": [\"heroine\", \"galan\", \"villian\"]", path: "$.roles[2]",
                    says: "did you mean 'villain'?"),
        SchemaFault(name: "state role not in the arc", old: "\"roles\": [\"villain\"]",
                    new: "\"roles\": [\"villain\", \"mother\"]", path: "$.states[1].roles[1]",
                    says: "not among the arc's roles"),
        SchemaFault(name: "unknown role slot", old: "\"es\": \"{villain} falsifica una carta.\"",
                    new: "\"es\": \"{villian} falsifica una carta.\"", path: "$.states[1].synopsis[0].es",
                    says: "did you mean 'villain'?"),
        SchemaFault(name: "unclosed role slot", old: "\"en\": \"{villain} forges a letter.\"",
                    new: "\"en\": \"{villain forges a letter.\"", path: "$.states[1].synopsis[0].en",
                    says: "unclosed role slot"),
        SchemaFault(name: "ending that is not happy", old: "\"endings\": [\"wed\"]",
                    new: "\"endings\": [\"wed\", \"plot\"]", path: "$.endings[1]", says: "ending 'plot' is not happy"),
        SchemaFault(name: "ending marked unhappy", old: "\"tension\": 5\n", new: "\"tension\": 5, \"happy\": false\n",
                    path: "$.endings[0]", says: "its \"happy\" is false"),
        SchemaFault(name: "reveal before its setup",
                    old: "\"transitions\": [{\"to\": \"plot\", \"weight\": 2}, {\"to\": \"wed\"}]",
                    new: "\"transitions\": [{\"to\": \"plot\", \"weight\": 2}, {\"to\": \"wed\"}, {\"to\": \"truth\"}]",
                    path: "$.states[2].reveals[0]",
                    says: "the road meet → truth gets here before any scene hides it"),
        SchemaFault(name: "reveal never set up", old: "\"hides\": [\"letter\"],", new: "",
                    path: "$.states[2].reveals[0]", says: "reveals 'letter'"),
        SchemaFault(name: "extra role shadowing the vocabulary", old: "\"start\": \"meet\"",
                    new: "\"extras\": [{\"id\": \"villain\", \"description\": {\"es\": \"x\", \"en\": \"x\"}}], "
                        + "\"start\": \"meet\"",
                    path: "$.extras[0].id", says: "already a vocabulary role"),
    ]

    @Test("each reference fault is an error at its path", arguments: faults)
    func fault(_ f: SchemaFault) {
        let report = Fixtures.check(Fixtures.tiny(replacing: f.old, with: f.new))
        let d = report.at(f.path)
        #expect(d?.severity == .error, "\(f.name): \(report.diagnostics.map(\.description))")
        #expect(d?.message.contains(f.says) == true, "\(f.name): \(d?.message ?? "nothing at \(f.path)")")
        #expect(report.arc == nil)
    }

    @Test("an ending on a sad beat is fine when marked happy")
    func explicitHappy() {
        var text = Fixtures.tiny(replacing: "\"endings\": [\"wed\"]", with: "\"endings\": [\"wed\", \"plot\"]")
        text = text.replacingOccurrences(of: "\"hides\": [\"letter\"],",
                                         with: "\"hides\": [\"letter\"], \"happy\": true,")
        let report = Fixtures.check(text)
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    @Test("extras are roles the arc may use, with their own default names")
    func extras() throws {
        var text = Fixtures.tiny(
            replacing: "\"start\": \"meet\"",
            with: "\"extras\": [{\"id\": \"baker\", \"description\": {\"es\": \"La panadera\", \"en\": \"The baker\"}, "
                + "\"name\": {\"es\": \"Remedios\", \"en\": \"Remy\"}}], \"start\": \"meet\"")
        text = text.replacingOccurrences(of: "\"roles\": [\"heroine\", \"galan\", \"villain\"]",
                                         with: "\"roles\": [\"heroine\", \"galan\", \"villain\", \"baker\"]")
        text = text.replacingOccurrences(of: "\"roles\": [\"villain\"]", with: "\"roles\": [\"villain\", \"baker\"]")
        let report = Fixtures.check(text)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let arc = try #require(report.arc)
        #expect(Cast.defaults(for: arc, language: .en).name(for: "baker") == "Remy")
        // Declared in extras but missing from $.roles: an error that says where to add it.
        let missing = Fixtures.check(text.replacingOccurrences(of: "\"villain\", \"baker\"]", with: "\"villain\"]"))
        #expect(missing.at("$.extras[0].id")?.message.contains("not listed in $.roles") == true)
        // Named in the cast block too: one name is used (the cast block's), and the other is a warning.
        let twice = Fixtures.check(text.replacingOccurrences(
            of: "\"start\": \"meet\"",
            with: "\"cast\": {\"baker\": {\"es\": \"Tina\", \"en\": \"Tina\"}}, \"start\": \"meet\""))
        #expect(twice.at("$.extras[0].name")?.message.contains("cast block names 'baker' too") == true)
        #expect(Cast.defaults(for: try #require(twice.arc), language: .en).name(for: "baker") == "Tina")
    }

    @Test("warnings: unused role, synopses naming different roles, a secret never revealed, duplicate edge")
    func warnings() {
        var text = Fixtures.tiny(replacing: "\"roles\": [\"heroine\", \"galan\", \"villain\"]",
                                 with: "\"roles\": [\"heroine\", \"galan\", \"villain\", \"priest\"]")
        text = text.replacingOccurrences(of: "\"en\": \"{heroine} and {galan} marry.\"",
                                         with: "\"en\": \"{heroine} marries.\"")
        text = text.replacingOccurrences(of: "\"hides\": [\"letter\"]", with: "\"hides\": [\"letter\", \"twin\"]")
        text = text.replacingOccurrences(of: "{\"to\": \"wed\"}]", with: "{\"to\": \"wed\"}, {\"to\": \"wed\"}]")
        let report = Fixtures.check(text)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.at("$.roles[3]")?.message.contains("appears in no state") == true)
        #expect(report.at("$.states[3].synopsis")?.message.contains("only Spanish names {galan}") == true)
        #expect(report.at("$.states[1].hides[1]")?.message.contains("no scene reveals it") == true)
        #expect(report.diagnostics.contains {
            $0.severity == .warning && $0.message.contains("a second transition to 'wed'")
        })
        #expect(report.arc != nil, "warnings do not refuse the arc")
    }

    @Test("a tag without a trained model is a warning naming the models folder")
    func models() {
        let loader = ArcLoader(vocabulary: Fixtures.vocabulary,
                               models: ModelInventory(directory: "models", tags: ["encounter", "scheme", "revelation"]))
        let report = loader.check(SourceText(bytes: Array(Fixtures.tiny.utf8)), file: "arcs/tiny.json")
        #expect(report.errors.isEmpty)
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.message.contains("no trained model yet in models/ for tag wedding") == true)
        let all = ArcLoader(vocabulary: Fixtures.vocabulary,
                            models: ModelInventory(directory: "models",
                                                   tags: ["encounter", "scheme", "revelation", "wedding"]))
        #expect(all.check(SourceText(bytes: Array(Fixtures.tiny.utf8)), file: "arcs/tiny.json").warnings.isEmpty)
    }
}
