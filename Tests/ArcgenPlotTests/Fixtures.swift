import ArcgenSupport
import Foundation
@testable import ArcgenPlot

/// Shared test material: the repository's folders, the real vocabulary, and a small valid arc written as text that
/// each lint test breaks in one place.
enum Fixtures {
    /// The repository root, found from this file's path (Tests/ArcgenPlotTests/Fixtures.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let arcsDirectory = root + "/arcs"

    static let vocabulary: Vocabulary = {
        do { return try Vocabulary.load(path: arcsDirectory + "/vocabulary.json") } catch { fatalError("\(error)") }
    }()

    static let loader = ArcLoader(vocabulary: vocabulary)

    /// Lints arc text in memory.
    static func check(_ text: String, file: String = "arcs/tiny.json") -> ArcReport {
        loader.check(SourceText(bytes: Array(text.utf8)), file: file)
    }

    /// A valid arc: meet → (plot → truth | wed), plot hides a secret that truth reveals, one loop (plot ↔ truth
    /// is not a loop; meet → plot → plot is) whose state has two synopsis variants, the second tenser (so plot is
    /// visited at most twice and plans have 2, 4 or 5 scenes), and a wedding ending.
    static let tiny = """
    {
      "$schema": "./arc.schema.json",
      "id": "tiny",
      "title": {"es": "Pequeña", "en": "Tiny"},
      "roles": ["heroine", "galan", "villain"],
      "start": "meet",
      "endings": ["wed"],
      "states": [
        {
          "id": "meet",
          "tag": "encounter",
          "synopsis": {"es": "{heroine} conoce a {galan} en el río.", "en": "{heroine} meets {galan} at the river."},
          "roles": ["heroine", "galan"],
          "locations": [{"es": "EXT. RÍO", "en": "EXT. RIVER"}],
          "time": "day",
          "tension": 3,
          "transitions": [{"to": "plot", "weight": 2}, {"to": "wed"}]
        },
        {
          "id": "plot",
          "tag": "scheme",
          "synopsis": [
            {"es": "{villain} falsifica una carta.", "en": "{villain} forges a letter."},
            {"es": "{villain} quema la carta verdadera.", "en": "{villain} burns the real letter.", "tension": 8}
          ],
          "roles": ["villain"],
          "locations": [{"es": "INT. CASA - ALCOBA", "en": "INT. HOUSE - BEDROOM"}],
          "time": "night",
          "tension": 7,
          "cliffhanger": true,
          "hides": ["letter"],
          "transitions": [{"to": "plot", "weight": 0.5}, {"to": "truth", "weight": 1}]
        },
        {
          "id": "truth",
          "tag": "revelation",
          "synopsis": {"es": "{galan} descubre la carta falsa.", "en": "{galan} finds out the letter was forged."},
          "roles": ["galan", "heroine"],
          "locations": [{"es": "INT. HACIENDA - SALA", "en": "INT. HACIENDA - LIVING ROOM"}],
          "time": "dusk",
          "tension": 8,
          "reveals": ["letter"],
          "transitions": [{"to": "wed"}]
        },
        {
          "id": "wed",
          "tag": "wedding",
          "synopsis": {"es": "{heroine} y {galan} se casan.", "en": "{heroine} and {galan} marry."},
          "roles": ["heroine", "galan"],
          "locations": [{"es": "INT. IGLESIA", "en": "INT. CHURCH"}],
          "time": "day",
          "tension": 5
        }
      ]
    }
    """

    /// `tiny` with `old` replaced by `new` (which must occur exactly once, so a fixture cannot silently miss).
    static func tiny(replacing old: String, with new: String) -> String {
        let parts = tiny.components(separatedBy: old)
        precondition(parts.count == 2, "'\(old)' must occur once in the tiny fixture, found \(parts.count - 1)")
        return parts.joined(separator: new)
    }

    /// A state object as JSON text, for generated arcs.
    static func stateJSON(_ id: String, tag: String = "courtship", transitions: [(String, Double)],
                          extra: String = "") -> String {
        let ts = transitions.map { "{\"to\": \"\($0.0)\", \"weight\": \($0.1)}" }.joined(separator: ", ")
        return """
        {"id": "\(id)", "tag": "\(tag)", "synopsis": {"es": "{heroine} en \(id).", "en": "{heroine} in \(id)."}, \
        "roles": ["heroine"], "locations": [{"es": "INT. CASA", "en": "INT. HOUSE"}], "time": "day", \
        "tension": 4\(extra), "transitions": [\(ts)]}
        """
    }

    /// An arc file's text from state objects.
    static func arcJSON(id: String = "generated", start: String, endings: [String], states: [String]) -> String {
        """
        {"$schema": "./arc.schema.json", "id": "\(id)", "title": {"es": "G", "en": "G"}, "roles": ["heroine"], \
        "start": "\(start)", "endings": [\(endings.map { "\"\($0)\"" }.joined(separator: ", "))], "states": [
        \(states.joined(separator: ",\n"))
        ]}
        """
    }

    /// A random graph for property tests: `n` states, each with 0–3 edges of random weight, some endings.
    static func randomGraph(_ random: inout SeededRandom, states n: Int) -> ArcGraph {
        var edges: [(from: Int, to: Int, weight: Double)] = []
        for s in 0 ..< n {
            for _ in 0 ..< random.nextInt(below: 4) {
                edges.append((s, random.nextInt(below: n), 0.1 + random.nextDouble() * 5))
            }
        }
        var endings = (0 ..< n).filter { _ in random.nextInt(below: 4) == 0 }
        if endings.isEmpty { endings = [random.nextInt(below: n)] }
        return try! ArcGraph(arcID: "random", ids: (0 ..< n).map { "s\($0)" }, start: 0, endings: endings, edges: edges)
    }

    /// The line (1-based) of the first occurrence of `needle` in `text`.
    static func line(of needle: String, in text: String) -> Int {
        let before = text.components(separatedBy: needle)[0]
        return before.filter { $0 == "\n" }.count + 1
    }
}

extension ArcReport {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// The first finding at `path`.
    func at(_ path: String) -> Diagnostic? { diagnostics.first { $0.path?.description == path } }
}
