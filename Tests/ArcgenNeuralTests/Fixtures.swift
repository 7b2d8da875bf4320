import ArcgenSupport
import Foundation
@testable import ArcgenNeural

/// Small, fast pieces shared by the engine tests: texts, tiny training runs, temporary folders.
enum Fixtures {
    static let spanish = "—¿Dónde está mi hija? —preguntó Doña Inés, entre lágrimas.\n"
        + "¡Jamás te lo perdonaré, Ramón! La niña creció en la vecindad, sin saber quién era.\n"
        + "“Señorita”, dijo él, “usted no sabe con quién habla.”\n"
    static let english = "Isabel slapped him. \"You lied to me for twenty years!\"\n"
        + "He said nothing; the rain kept falling on the hacienda.\n"

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func recipe(_ text: String = "", seed: UInt64 = 1) -> TrainingRecipe {
        TrainingRecipe(commandLine: "test", seed: seed, textHash: FNV1a64.hex(FNV1a64.hash(Array(text.utf8))),
                       textBytes: text.utf8.count, arcgenVersion: "test")
    }

    /// A tiny options set that trains in well under a second in a debug build.
    static func tinyOptions(updates: Int, seed: UInt64 = 1) -> TrainingOptions {
        var o = TrainingOptions()
        o.layers = 1
        o.hidden = 24
        o.embedding = 8
        o.steps = 16
        o.batch = 4
        o.learningRate = 1e-2
        o.maxUpdates = updates
        o.evaluateEvery = 25
        o.checkpointEvery = 25
        o.seed = seed
        // A 24-unit network: ±1/√hidden is ±0.2 there, and 200 updates of it learn these fixtures less surely than
        // the fan-in draw the tests' thresholds were set with. The default is measured at real sizes
        // (models/NOTEBOOK.md).
        o.initialization = .fanIn
        return o
    }

    /// Trains a tiny character model on `text` and returns it.
    static func tinyModel(text: String, updates: Int = 150, seed: UInt64 = 1) throws -> LanguageModel {
        let prepared = TrainingText(text: text, hash: "t", byteCount: text.utf8.count, tokenizer: .char,
                                    bpeVocabulary: 0, validationFraction: 0.1)
        let trainer = try Trainer(options: tinyOptions(updates: updates, seed: seed), tokenizer: prepared.tokenizer,
                                  train: prepared.train, validation: prepared.validation,
                                  recipe: recipe(text, seed: seed))
        try trainer.run()
        return trainer.bestModel()
    }
}
