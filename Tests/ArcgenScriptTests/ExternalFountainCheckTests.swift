import ArcgenFountain
import ArcgenScript
import Foundation
import Testing

/// Runs scripts/check-fountain.sh, which has screenplain (an independent Fountain reader, from PyPI) convert our
/// output to Final Draft XML and compares its paragraphs with what the episode says. Off by default because it
/// needs the network the first time; CI turns it on with ARCGEN_EXTERNAL_CHECKS=1.
@Suite("screenplain reads our Fountain (ARCGEN_EXTERNAL_CHECKS=1)")
struct ExternalFountainCheckTests {
    static let enabled = ProcessInfo.processInfo.environment["ARCGEN_EXTERNAL_CHECKS"] == "1"

    /// The Spanish sample plus a scene of things that need forcing: all-caps and markup-like action, a name that
    /// upper-cases to a scene heading, a delivery opening a dialogue line, a lower-case English transition.
    static let episode: Episode = {
        var e = Fixtures.spanish
        e.scenes.append(ScriptScene(
            number: 3,
            heading: SceneHeading(interiorExterior: "", location: "Sueño de María Fernanda", time: "NOCHE"),
            stateID: "dream", tag: "secret", synopsis: "Un sueño.", tension: 4,
            elements: [
                .action("TODOS GRITAN\nY salen corriendo."),
                .action("# no es una sección\n= ni una sinopsis"),
                .dialogue(Speech(speaker: "Int. Guardia", role: "extra", text: "(pausa) ¡Alto ahí!")),
                .dialogue(Speech(speaker: "Ñoño", role: "child", extensions: ["V.O."], text: "¿Mamá?")),
                .transition("dissolve to:"),
            ]))
        return e
    }()

    @Test("screenplain finds every heading, cue, delivery, line of dialogue, transition and action",
          .enabled(if: enabled), .timeLimit(.minutes(5)))
    func screenplain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-fountain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (name, episode, explain) in [("es", Self.episode, true), ("en", Fixtures.english, false)] {
            let file = dir.appendingPathComponent("\(name).fountain")
            try FountainScriptWriter(explain: explain, pageBreaks: explain).write(episode)
                .write(to: file, atomically: true, encoding: .utf8)
            let sidecar = try JSONSerialization.data(withJSONObject: FountainExpectations.of(episode),
                                                     options: [.sortedKeys])
            try sidecar.write(to: dir.appendingPathComponent("\(name).expected.json"))
            files.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Fixtures.root + "/scripts/check-fountain.sh"] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("fountain OK: 2 files"), "\(text)")
        #expect(text.contains("es.fountain: 3 headings, 7 characters"), "\(text)")
    }
}
