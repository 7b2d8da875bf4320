import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenPlot

@Suite("Hostile arc files: errors, never crashes or hangs")
struct HostileInputTests {
    func temporaryFile(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-hostile-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test("wrong types everywhere")
    func wrongTypes() {
        let texts = [
            "[]", "42", "null", "\"arc\"",
            "{\"$schema\": 1, \"id\": [], \"title\": \"t\", \"roles\": {}, \"start\": 3, \"endings\": [1, null], "
                + "\"states\": {}}",
            "{\"$schema\": \"./arc.schema.json\", \"id\": \"x\", \"title\": {\"es\": 1, \"en\": []}, "
                + "\"roles\": [\"heroine\"], \"start\": \"a\", \"endings\": [\"a\"], \"states\": [1, \"a\", null, [], "
                + "{\"id\": 5, \"tag\": {}, \"synopsis\": [], \"roles\": \"heroine\", \"locations\": {}, \"time\": 1, "
                + "\"tension\": true, \"transitions\": [1, {\"to\": 2, \"weight\": \"heavy\"}], \"reveals\": \"x\", "
                + "\"hides\": [1]}]}",
        ]
        for text in texts {
            let report = Fixtures.check(text)
            #expect(report.errorCount > 0, "\(text)")
            #expect(report.arc == nil)
            #expect(report.diagnostics.allSatisfy { $0.position != nil })
        }
        #expect(Fixtures.check("[]").errors.first?.description
            == "arcs/tiny.json:1:1: error: $: expected an object (arc), found an array")
    }

    @Test("huge numbers")
    func hugeNumbers() throws {
        let digits = String(repeating: "9", count: 5000)
        var text = Fixtures.tiny(replacing: "\"tension\": 3,", with: "\"tension\": \(digits),")
        text = text.replacingOccurrences(of: "{\"to\": \"plot\", \"weight\": 2}",
                                         with: "{\"to\": \"plot\", \"weight\": 1e400}")
        text = text.replacingOccurrences(of: "{\"to\": \"truth\", \"weight\": 1}",
                                         with: "{\"to\": \"truth\", \"weight\": 1e-400}")
        let report = Fixtures.check(text)
        #expect(report.at("$.states[0].tension")?.message.contains("whole number from 0 to 10") == true)
        #expect(report.at("$.states[0].tension")!.message.count < 200, "a 5000-digit literal is cut in the message")
        #expect(report.at("$.states[0].transitions[0].weight")?.message.contains("finite") == true)
        #expect(report.at("$.states[1].transitions[1].weight")?.message.contains("greater than 0") == true,
                "1e-400 rounds to 0")
        // Valid but extreme weights are accepted and planned.
        let extreme = Fixtures.tiny(replacing: "{\"to\": \"plot\", \"weight\": 2}",
                                    with: "{\"to\": \"plot\", \"weight\": 1.7e308}")
        let arc = Fixtures.check(extreme).arc
        #expect(arc != nil)
        #expect((try? PlotPlanner(graph: ArcGraph(arc: arc!)).plan(scenes: .exactly(5), seed: 1).states.count) == 5)
        // Shown, its shares do not overflow: two weights near the largest Double once made `arcs show` trap.
        let both = extreme.replacingOccurrences(of: "1.7e308}, {\"to\": \"wed\"}",
                                                with: "1.7e308}, {\"to\": \"wed\", \"weight\": 1.7e308}")
        let shown = ArcDescription.text(try #require(Fixtures.check(both).arc), file: "tiny.json")
        #expect(shown.contains("plot 50%, wed 50%"), "\(shown)")
    }

    @Test("a secret with an invalid id is named once, by the decoder, and not again as a secret '' of its own")
    func invalidSecretID() {
        let report = Fixtures.check(Fixtures.tiny(replacing: "\"reveals\": [\"letter\"]",
                                                  with: "\"reveals\": [\"Letter\"]"))
        #expect(report.errors.count == 1 && report.errors.first?.path?.description == "$.states[2].reveals[0]",
                "\(report.errors)")
        #expect(!report.diagnostics.contains { $0.message.contains("''") }, "\(report.diagnostics)")
    }

    @Test("deep nesting is refused with a clear error")
    func deepNesting() {
        let text = "{\"$schema\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            + "}"
        let report = Fixtures.check(text)
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.message.contains("nesting deeper than 512 levels") == true)
        #expect(report.errors.first?.position?.column == 524,
                "the top-level object is level 1, so the 512th '[' is one too many")
    }

    @Test("a 50 MB file is refused without being read")
    func hugeFile() throws {
        let path = temporaryFile("huge.json")
        FileManager.default.createFile(atPath: path, contents: Data("{\"id\": \"".utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 50 * 1024 * 1024) // sparse: instant, and reading it all would be slow
        try handle.close()
        var report: ArcReport?
        report = Fixtures.loader.check(path: path)
        #expect(report?.errors.first?.message.contains("over the limit of 10485760 bytes") == true,
                "\(report?.diagnostics ?? [])")
        #expect(throws: ArcError.self) { try Fixtures.loader.load(path: path) }
    }

    @Test("bytes that are not UTF-8 are named by offset and line")
    func notUTF8() throws {
        let path = temporaryFile("latin1.json")
        var bytes = Array("{\n  \"id\": \"amor".utf8)
        let offset = bytes.count
        bytes += [0xED] + Array("o\"\n}".utf8) // "í" in Latin-1
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let report = Fixtures.loader.check(path: path)
        let d = try #require(report.errors.first)
        #expect(d.message.contains("invalid UTF-8 at byte offset \(offset)"))
        #expect(d.position?.line == 2)
        #expect(d.description.hasPrefix(path + ":2:"))
    }

    @Test("a missing file and a folder are errors, not crashes")
    func notFiles() {
        let missing = Fixtures.loader.check(path: "/nonexistent/arc.json")
        #expect(missing.errors.first?.message.contains("no such file") == true)
        #expect(Fixtures.loader.check(path: NSTemporaryDirectory()).errors.first?.message.contains("folder") == true)
    }

    @Test("a megabyte-long id and 200 errors stay readable")
    func longStrings() {
        let long = String(repeating: "x", count: 1_000_000)
        let text = Fixtures.tiny(replacing: "{\"to\": \"plot\", \"weight\": 2}",
                                 with: "{\"to\": \"\(long)\", \"weight\": 2}")
        let report = Fixtures.check(text)
        #expect(report.errorCount >= 1)
        #expect(report.diagnostics.allSatisfy { $0.description.count < 600 })
    }

    /// A chain of `n` states with a loop every ten, valid except where told.
    static func bigArc(states n: Int, brokenTargets: Bool = false) -> String {
        var states: [String] = []
        for i in 0 ..< n {
            let next = i + 1 < n ? "s\(i + 1)" : "s\(i)"
            var transitions = [(brokenTargets ? "t\(i + 1)" : next, 2.0)]
            if i % 10 == 9 { transitions.append(("s\(i - 5)", 1)) }
            if i % 10 == 5 { transitions.append(("s\(n - 1)", 0.5)) }
            let tag = i == n - 1 ? "wedding" : "courtship"
            states.append(Fixtures.stateJSON("s\(i)", tag: tag, transitions: i == n - 1 ? [] : transitions))
        }
        return Fixtures.arcJSON(id: "big", start: "s0", endings: ["s\(n - 1)"], states: states)
    }

    @Test("10,000 states lint and plan")
    func tenThousandStates() throws {
        let text = Self.bigArc(states: 10_000)
        var root: JSONNode?
        root = try? JSONParser().parse(Array(text.utf8))
        var decoder = ArcDecoder()
        var decoded: Arc?
        decoded = decoder.decode(root!)
        var list = DiagnosticList()
        ArcLinter(vocabulary: Fixtures.vocabulary).lint(decoded!, into: &list)
        var report: ArcReport?
        report = Fixtures.check(text, file: "big.json")
        let arc = try #require(report?.arc, "\(report?.diagnostics.prefix(3) ?? [])")
        var small: Plan?
        small = try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .range(250 ... 300), seed: 5)
        #expect(small.map { 250 ... 300 ~= $0.states.count } == true)
    }

    @Test("10,000 states with every transition broken: a capped report")
    func tenThousandErrors() {
        var report: ArcReport?
        report = Fixtures.check(Self.bigArc(states: 10_000, brokenTargets: true), file: "big.json")
        #expect(report!.errorCount > 10_000)
        #expect(report!.diagnostics.count == DiagnosticList.defaultLimit)
    }

    @Test("the table limit is an error, not an allocation of gigabytes")
    func tableLimit() throws {
        let arc = try #require(Fixtures.check(Self.bigArc(states: 10_000), file: "big.json").arc)
        #expect(throws: PlanError.self) {
            try PlotPlanner(graph: ArcGraph(arc: arc)).plan(scenes: .exactly(5000), seed: 1)
        }
    }

    @Test("many distinct secrets do not slow the ledger down")
    func manySecrets() {
        var states: [String] = []
        let n = 3000
        for i in 0 ..< n {
            let extra = i == 0 ? "" : ", \"hides\": [\"h\(i)\"], \"reveals\": [\"h\(i - 1)\"]"
            states.append(Fixtures.stateJSON("s\(i)", tag: i == n - 1 ? "wedding" : "secret",
                                             transitions: i == n - 1 ? [] : [("s\(i + 1)", 1)], extra: extra))
        }
        var report: ArcReport?
        report = Fixtures.check(Fixtures.arcJSON(id: "secrets", start: "s0", endings: ["s\(n - 1)"], states: states),
                                file: "secrets.json")
        // s1 reveals h0, which nobody hides: one error; every other reveal is set up by its predecessor.
        #expect(report!.errors.count == 1, "\(report!.errors.prefix(3))")
        #expect(report!.errors.first?.path?.description == "$.states[1].reveals[0]")
    }
}
