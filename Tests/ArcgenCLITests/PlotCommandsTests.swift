import Foundation
import Testing
@testable import ArcgenCLI

@Suite("arcs and plan commands")
final class PlotCommandsTests {
    /// This test's folders live under one scratch folder, removed when the test ends (Swift Testing makes a suite
    /// instance per test, and a class's `deinit` runs after it, passed or failed).
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-cli-\(UUID())").path

    deinit { try? FileManager.default.removeItem(atPath: scratch) }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let arcs = root + "/arcs"

    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CommandLineTool().run(args, console: captured.console)
        return (status, captured.stdout, captured.stderr)
    }

    /// A folder with the vocabulary and one arc file of the given text.
    func folder(with arc: String, name: String = "broken.json") throws -> String {
        let dir = scratch + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.arcs + "/vocabulary.json", toPath: dir + "/vocabulary.json")
        try arc.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return dir
    }

    @Test("arcs list shows the four arcs with their titles")
    func list() {
        let r = run(["arcs", "list", "--arcs", Self.arcs, "--lang", "en"])
        #expect(r.status == 0)
        for title in ["The Big Wedding", "The Lost Daughter", "Lost Love", "Rivals"] { #expect(r.out.contains(title)) }
        #expect(!r.out.contains("vocabulary"))
    }

    @Test("arcs check: warnings exit 0, --strict makes them fail")
    func check() {
        let r = run(["arcs", "check", "--arcs", Self.arcs, "--models", "/nonexistent-models"])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.err.contains("warning: $.states[0].tag: "
            + "no trained model yet in /nonexistent-models/") && r.out.isEmpty)
        let arcFiles = (try? FileManager.default.contentsOfDirectory(atPath: Self.arcs))?
            .filter { $0.hasSuffix(".json") && $0 != "vocabulary.json" && !$0.hasSuffix(".schema.json") }.count ?? 0
        #expect(arcFiles >= 4 && r.err.contains("checked \(arcFiles) arc files: 0 errors, \(arcFiles) warnings"))
        let caps = "note: $.states: with its visit caps the arc plans 8–21 scenes (without them: 8–∞)"
        #expect(r.err.contains(caps))
        #expect(run(["arcs", "check", "--strict", "--arcs", Self.arcs, "--models", "/nonexistent-models"]).status == 1)
        #expect(run(["arcs", "check", Self.arcs + "/rivalry.json", "--arcs", Self.arcs]).status == 0)
    }

    @Test("arcs check: errors exit 1 with compiler-style lines")
    func checkErrors() throws {
        let text = try String(contentsOfFile: Self.arcs + "/lost-love.json", encoding: .utf8)
            .replacingOccurrences(of: "{\"to\": \"reunion\", \"weight\": 2},",
                                  with: "{\"to\": \"reunon\", \"weight\": 2},")
            .replacingOccurrences(of: "\"id\": \"lost-love\"", with: "\"id\": \"broken\"")
        let dir = try folder(with: text)
        let r = run(["arcs", "check", "--arcs", dir])
        #expect(r.status == 1)
        let line = try #require(r.err.split(separator: "\n").first { $0.contains("error:") })
        #expect(line.hasPrefix(dir + "/broken.json:"))
        let expected = ": error: $.states[12].transitions[0].to: unknown state 'reunon'; did you mean 'reunion'?"
        #expect(line.contains(expected), "\(line)")
        // The same file with the arc refused by plan, show and graph.
        #expect(run(["plan", "--arc", "broken", "--arcs", dir, "--scenes", "10", "--seed", "1"]).status == 1)
        #expect(run(["arcs", "graph", "broken", "--arcs", dir]).err.contains("run `arcgen arcs check"))
    }

    @Test("two files with one id are an error")
    func duplicateIDs() throws {
        let text = try String(contentsOfFile: Self.arcs + "/rivalry.json", encoding: .utf8)
        let dir = try folder(with: text, name: "rivalry.json")
        try text.write(toFile: dir + "/copy.json", atomically: true, encoding: .utf8)
        let r = run(["arcs", "check", "--arcs", dir])
        #expect(r.status == 1)
        #expect(r.err.contains("arc id 'rivalry' is also used by"))
    }

    @Test("arcs show and arcs graph")
    func showAndGraph() {
        let show = run(["arcs", "show", "big-wedding", "--arcs", Self.arcs])
        #expect(show.status == 0)
        #expect(show.out.contains("start: engagement-party") && show.out.contains("endings: the-big-wedding"))
        #expect(show.out.contains("→ jilted 67%, fraud-exposed 33%"))
        let graph = run(["arcs", "graph", Self.arcs + "/lost-love.json"])
        #expect(graph.status == 0 && graph.out.hasPrefix("digraph \"lost-love\""))
        #expect(run(["arcs", "show", "lost-lov", "--arcs", Self.arcs]).err.contains("did you mean 'lost-love'?"))
        #expect(run(["arcs", "show", "--arcs", Self.arcs]).status == 64)
    }

    @Test("plan: text and JSON, reproducible with a seed")
    func plan() throws {
        let args = ["plan", "--arc", "lost-love", "--arcs", Self.arcs, "--scenes", "12", "--seed", "42"]
        let a = run(args), b = run(args)
        #expect(a.status == 0 && a.err.isEmpty, "\(a.err)")
        #expect(a.out == b.out)
        #expect(a.out.hasPrefix("Amor perdido (lost-love) — 12 escenas · semilla 42"))
        #expect(a.out.contains("\n12. "))
        let json = run(args + ["--format", "json", "--lang", "en"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["outline"] as? [Any])?.count == 12)
        #expect(object["seed"] as? Int == 42)
        let path = run(["plan", "--arc-file", Self.arcs + "/rivalry.json", "--scenes", "9-12", "--seed", "3"])
        #expect(path.status == 0, "\(path.err)")
    }

    @Test("plan without a seed prints the one it drew")
    func randomSeed() throws {
        let r = run(["plan", "--arc", "rivalry", "--arcs", Self.arcs, "--scenes", "10"])
        #expect(r.status == 0)
        let seed = try #require(r.err.split(separator: " ").dropFirst(3).first.map(String.init))
        let again = run(["plan", "--arc", "rivalry", "--arcs", Self.arcs, "--scenes", "10", "--seed", seed])
        #expect(again.out == r.out)
    }

    @Test("plan with a cast file")
    func cast() throws {
        let dir = try folder(with: "{\"heroine\": \"Paloma\", \"baker\": {\"es\": \"Chelo\", \"en\": \"Shelly\"}}",
                             name: "cast.cast")
        let plan = ["plan", "--arc", "rivalry", "--arcs", Self.arcs, "--scenes", "16", "--seed", "5", "--cast"]
        let r = run(plan + [dir + "/cast.cast"])
        #expect(r.status == 0, "\(r.err)")
        // The renamed roles keep the ages the arc gives them.
        #expect(r.out.contains("Paloma (heroine, 27)") && r.out.contains("Chelo (baker, 67)"), "\(r.out)")
        let bad = try folder(with: "{\"heroin\": \"Paloma\"}", name: "bad.cast")
        #expect(run(plan + [bad + "/bad.cast"]).err.contains("did you mean 'heroine'?"))
    }

    @Test("impossible lengths are a failure that lists the possible ones")
    func infeasible() {
        let r = run(["plan", "--arc", "big-wedding", "--arcs", Self.arcs, "--scenes", "3", "--seed", "1"])
        #expect(r.status == 1)
        #expect(r.err.contains("possible lengths: 7–19"), "the lengths its visit caps allow: \(r.err)")
    }

    @Test("usage mistakes exit 64", arguments: [
        ["plan", "--scenes", "10"],
        ["plan", "--arc", "rivalry", "--arc-file", "x.json", "--scenes", "10"],
        ["plan", "--arc", "rivalry"],
        ["plan", "--arc", "rivalry", "--scenes", "ten"],
        ["plan", "--arc", "rivalry", "--scenes", "12-10"],
        ["plan", "--arc", "rivalry", "--scenes", "0"],
        ["plan", "--arc", "rivalry", "--scenes", "999999"],
        ["plan", "--arc", "rivalry", "--scenes", "10", "--lang", "fr"],
        ["plan", "--arc", "rivalry", "--scenes", "10", "--format", "xml"],
        ["plan", "--arc", "rivalry", "--scenes", "10", "--seed", "-1"],
        ["arcs", "graph"],
        ["arcs", "list", "extra"],
    ])
    func usage(args: [String]) {
        let r = run(args + ["--arcs", Self.arcs])
        #expect(r.status == 64, "\(args): \(r.err)")
        #expect(r.out.isEmpty)
    }
}
