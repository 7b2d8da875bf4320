import ArcgenNeural
import Foundation
import Testing
@testable import ArcgenModels

/// The shipped models' promises about themselves, checked on the files and not on what they write: they fit the
/// budget, and `models/README.md`, the manifest and every model file give the same recipe, so the set can be rebuilt.
@Suite("Shipped models")
struct ShippedModelsTests {
    /// The checkout's `models/` folder: this file is Tests/ArcgenModelsTests/ShippedModelsTests.swift.
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models")

    /// The project's budget for everything under `models/` but the corpus (checkpoints are never shipped).
    static let budgetBytes = 60_000_000

    /// The guards cache is not shipped: git ignores it, and the first run builds it from the corpus.
    @Test("everything under models/ but the corpus, checkpoints and the guards cache fits in 60 MB")
    func budget() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.models, includingPropertiesForKeys: nil)
        let unshipped: Set = ["corpus", GenerationGuards.cacheFileName], ignored: Set = ["ckpt", "tmp"]
        var bytes = 0
        for file in files where !unshipped.contains(file.lastPathComponent) && !ignored.contains(file.pathExtension) {
            bytes += try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        }
        #expect(bytes > 1_000_000, "no models shipped")
        #expect(bytes <= Self.budgetBytes, "models/ holds \(bytes) bytes")
    }

    /// The arguments of an `arcgen train` command line, `--out` and its folder aside (where the files were written
    /// says nothing about how they were made).
    static func trainArguments(_ line: String) -> [String] {
        var words = line.split(separator: " ").map(String.init)
        if let arcgen = words.firstIndex(of: "arcgen") { words.removeFirst(arcgen + 1) }
        if let out = words.firstIndex(of: "--out"), out + 1 < words.count { words.removeSubrange(out ... out + 1) }
        return words
    }

    @Test("models/README.md's rebuild command is the manifest's recipe, and every model file records it")
    func recipe() throws {
        let manifest = try ModelManifest.load(directory: Self.models.path)
        let readme = try String(contentsOf: Self.models.appendingPathComponent("README.md"), encoding: .utf8)
        let command = try #require(readme.split(separator: "\n").first { $0.hasPrefix("swift run -c release arcgen") })
        let recorded = Self.trainArguments(manifest.recipe.commandLine)
        #expect(recorded.first == "train" && recorded.contains("--seed"))
        #expect(Self.trainArguments(String(command)) == recorded)
        var entries = Array(manifest.tags.values)
        entries += [try #require(manifest.base)]
        #expect(entries.count == 16)
        for entry in entries {
            let model = try LanguageModel.load(path: Self.models.appendingPathComponent(entry.file).path)
            #expect(model.recipe.commandLine == manifest.recipe.commandLine, "\(entry.file)")
            #expect(model.recipe.notes["corpusHash"] == manifest.recipe.corpusHash, "\(entry.file)")
            #expect(model.parameterCount == entry.parameters, "\(entry.file)")
        }
    }
}
