import Foundation
import Testing
@testable import ArcgenPlot

/// Runs scripts/validate-arcs.sh, which checks the shipped arcs with a real JSON Schema validator
/// (check-jsonschema) and renders their graphs with Graphviz, installing both if needed. Off by default because it
/// needs the network the first time; CI turns it on with ARCGEN_EXTERNAL_CHECKS=1.
@Suite("External tools agree (ARCGEN_EXTERNAL_CHECKS=1)")
struct ExternalToolsTests {
    static let enabled = ProcessInfo.processInfo.environment["ARCGEN_EXTERNAL_CHECKS"] == "1"

    @Test("check-jsonschema accepts every arc and rejects a broken one; dot renders every graph", .enabled(if: enabled))
    func validate() throws {
        let dots = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dots, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dots) }
        for file in ShippedArcsTests.files {
            let arc = try Fixtures.loader.load(path: file)
            try DOTWriter.dot(arc).write(to: dots.appendingPathComponent("\(arc.id).dot"), atomically: true,
                                         encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Fixtures.root + "/scripts/validate-arcs.sh"]
        var environment = ProcessInfo.processInfo.environment
        environment["ARCGEN_DOT_DIR"] = dots.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("schema OK") && text.contains("graphviz OK"), "\(text)")
    }
}
