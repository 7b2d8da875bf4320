import Foundation
import Testing
@testable import ArcgenCLI

@Suite("corpus commands")
struct CorpusCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let vocabulary = root.appendingPathComponent("arcs/vocabulary.json").path

    static let scene = """
    INT. MERCADO - DÍA

    [[tags: encounter]]
    [[lang: es]]
    [[roles: ROSAURA = heroine; EMILIANO = galan]]
    [[synopsis: La camioneta de Emiliano derriba las flores de Rosaura, y ella le reclama el trabajo perdido.]]

    ROSAURA
    Un accidente son tres días de trabajo tirados en el charco.

    EMILIANO
    Dígame cuánto es y se lo pago, Rosaura.

    """

    /// Runs `arcgen corpus …` on a folder holding `files`.
    func run(_ arguments: [String], files: [String: String]) throws -> (Int32, String, String, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let captured = CapturedConsole()
        let args = arguments.map { $0 == "DIR" ? folder.path : $0 } + ["--vocabulary", Self.vocabulary]
        let status = CommandLineTool().run(args, console: captured.console)
        return (status, captured.stdout, captured.stderr, folder.path)
    }

    @Test("check: a clean corpus exits 0 with a summary on stderr")
    func clean() throws {
        let (status, out, err, _) = try run(["corpus", "check", "DIR"], files: ["a.fountain": Self.scene])
        #expect(status == 0 && out.isEmpty)
        #expect(err == "1 good scene(s) in 1 file(s): 0 error(s), 0 warning(s)\n")
    }

    @Test("check: errors print as file:line and exit 1")
    func errors() throws {
        let broken = Self.scene.replacingOccurrences(of: "galan]]", with: "galn]]")
        let (status, out, err, folder) = try run(["corpus", "check", "DIR"], files: ["a.fountain": broken])
        #expect(status == 1)
        #expect(out.isEmpty && err.hasPrefix("\(folder)/a.fountain:5: error: unknown role 'galn' for EMILIANO; "
            + "did you mean 'galan'?"))
        #expect(err.contains("1 error(s)"))
    }

    @Test("check: a folder without *.fountain files is a failure, not a clean corpus")
    func empty() throws {
        let (status, _, err, _) = try run(["corpus", "check", "DIR"], files: ["notes.txt": "hola"])
        #expect(status == 1 && err.contains("no scenes found"))
    }

    @Test("stats: text and JSON")
    func stats() throws {
        let (status, out, _, _) = try run(["corpus", "stats", "DIR"], files: ["a.fountain": Self.scene])
        #expect(status == 0 && out.contains("1 scenes in 1 files") && out.contains("encounter"))
        let (jsonStatus, json, _, _) = try run(["corpus", "stats", "DIR", "--format", "json"],
                                               files: ["a.fountain": Self.scene])
        #expect(jsonStatus == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["scenes"] as? Int == 1)
    }

    @Test("text: the training text of a tag on stdout")
    func text() throws {
        let (status, out, _, _) = try run(["corpus", "text", "DIR", "--tag", "encounter"],
                                          files: ["a.fountain": Self.scene])
        #expect(status == 0)
        #expect(out.hasPrefix("= es encounter: HEROINE, GALAN\n\nHEROINE\n")
                && out.hasSuffix("se lo pago, {heroine}.\n\n===\n"))
    }

    @Test("a corpus without a good scene fails check and stats by name; text of no scene is refused, not empty")
    func nothingToRead() throws {
        let headless = ["a.fountain": "Nada que ver aquí.\n"]
        let (checkStatus, _, checkErr, _) = try run(["corpus", "check", "DIR"], files: headless)
        #expect(checkStatus == 1 && checkErr.contains("no scenes found"))
        let (statsStatus, _, statsErr, _) = try run(["corpus", "stats", "DIR"], files: headless)
        #expect(statsStatus == 1 && statsErr.contains("no scenes found") && !statsErr.contains("0 error(s)"))
        let (textStatus, out, textErr, _) = try run(["corpus", "text", "DIR", "--tag", "wedding"],
                                                    files: ["a.fountain": Self.scene])
        #expect(textStatus == 64 && out.isEmpty && textErr.contains("no scenes whose main tag is wedding"))
    }

    static let failureCases: [([String], Int32)] = [
        (["corpus", "check"], 64),
        (["corpus", "check", "DIR", "DIR"], 64),
        (["corpus", "stats", "DIR", "--format", "xml"], 64),
        (["corpus", "text", "DIR", "--tag", "encuentro"], 64),
        // A side of a split that was never asked for: the held-out part of nothing held out.
        (["corpus", "text", "DIR", "--part", "held-out"], 64),
        (["corpus", "text", "DIR", "--seed", "2"], 64),
        (["corpus", "check", "/nonexistent/folder"], 1),
    ]

    @Test("usage mistakes exit 64; a missing folder or a broken corpus for stats exits 1",
          arguments: 0 ..< failureCases.count)
    func failures(index: Int) throws {
        let (arguments, expected) = Self.failureCases[index]
        let (status, _, err, _) = try run(arguments, files: ["a.fountain": Self.scene])
        #expect(status == expected)
        #expect(!err.isEmpty)
        let (brokenStatus, _, brokenErr, _) = try run(["corpus", "stats", "DIR"],
                                                      files: ["a.fountain": "INT. X - DÍA\n\nNada.\n"])
        #expect(brokenStatus == 1 && brokenErr.contains("arcgen corpus check"))
    }
}
