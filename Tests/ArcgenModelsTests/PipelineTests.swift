import ArcgenCorpus
import ArcgenEvaluation
import ArcgenNeural
import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenModels

/// The corpus → models pipeline on a tiny corpus written by the test: two tags, both languages.
@Suite("Model pipeline", .serialized)
struct PipelineTests {
    static let vocabulary = """
    {"tags": [{"id": "wedding", "en": "w", "es": "w"}, {"id": "amnesia", "en": "a", "es": "a"},
              {"id": "scheme", "en": "s", "es": "s"}],
     "roles": [{"id": "heroine", "en": "h", "es": "h"}, {"id": "galan", "en": "g", "es": "g"},
               {"id": "priest", "en": "p", "es": "p"}]}
    """

    /// A scene of `tag` in `lang`; the body varies with `n` so scenes are not identical.
    static func scene(_ tag: String, _ lang: String, _ n: Int) -> String {
        let es = lang == "es"
        let line: String
        switch tag {
        case "wedding":
            line = es ? "¡Sí, acepto! Nos casamos hoy en la iglesia, número \(n)."
                : "I do! We marry today in the church, number \(n)."
        default:
            line = es ? "No recuerdo nada, ¿quién soy? Olvidé todo, vez \(n)."
                : "I remember nothing, who am I? I forgot it all, time \(n)."
        }
        return """
        INT. LUGAR \(n) - NOCHE

        [[tags: \(tag)]]
        [[lang: \(lang)]]
        [[roles: ANA = heroine; LUIS = galan]]
        [[synopsis: \(es ? "Ana le pregunta a Luis si de verdad la quiere, y él se lo jura en la noche \(n)."
                         : "Ana asks Luis whether he truly loves her, and he swears it on night \(n).")]]

        ANA
        \(line)

        LUIS
        (pausa)
        \(line) \(line)

        ANA
        \(es ? "¿Me lo juras, Luis?" : "Do you swear it, Luis?")

        """
    }

    static func makeCorpus() throws -> (root: URL, corpus: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-models-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try vocabulary.write(to: root.appendingPathComponent("vocabulary.json"), atomically: true, encoding: .utf8)
        for tag in ["wedding", "amnesia"] {
            for lang in ["es", "en"] {
                let text = (0 ..< 12).map { scene(tag, lang, $0) }.joined(separator: "\n")
                try text.write(to: corpus.appendingPathComponent("\(tag).\(lang).fountain"), atomically: true,
                               encoding: .utf8)
            }
        }
        return (root, corpus.path)
    }

    static func tinyPlan() -> ModelTrainingPlan {
        var p = ModelTrainingPlan()
        p.base.layers = 1
        p.base.hidden = 16
        p.base.embedding = 8
        p.base.steps = 20
        p.base.batch = 4
        p.base.maxUpdates = 30
        p.base.evaluateEvery = 10
        p.base.checkpointEvery = 5
        p.base.patience = nil
        p.fineTune.steps = 20
        p.fineTune.batch = 2
        p.fineTune.maxUpdates = 8
        p.fineTune.evaluateEvery = 4
        p.fineTune.checkpointEvery = 4
        p.fineTune.patience = nil
        p.heldOutFraction = 0.2
        return p
    }

    /// A trainer on the test corpus, with the tiny plan unless told otherwise.
    static func trainer(_ corpus: String, into out: String, plan: ModelTrainingPlan = tinyPlan(),
                        log: @escaping (String) -> Void = { _ in }) -> CorpusModelTrainer {
        CorpusModelTrainer(corpusDirectory: corpus, outputDirectory: out, plan: plan, commandLine: "test", log: log)
    }

    @Test("trains a base and one model per tag, and the manifest says so")
    func pipeline() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("models").path
        let manifest = try Self.trainer(corpus, into: out).run()
        #expect(Set(manifest.tags.keys) == ["wedding", "amnesia"])
        #expect(manifest.base?.file == "base.lstm")
        #expect(manifest.tags["wedding"]?.file == "wedding.lstm")
        // 12 scenes per (tag, language), 20% held out → about 2 per group, so ~4 per tag and ~8 in all.
        #expect(manifest.tags["wedding"]!.heldOutScenes + manifest.tags["wedding"]!.trainingScenes == 24)
        #expect(manifest.base!.heldOutScenes == manifest.tags.values.map(\.heldOutScenes).reduce(0, +))
        #expect(manifest.base!.updates == 30)
        let reloaded = try ModelManifest.load(directory: out)
        #expect(reloaded == manifest)
        // No checkpoints left behind; every listed file loads; models record their recipe.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".ckpt") }.isEmpty)
        let library = try ModelLibrary(directory: out)
        let wedding = try library.model(for: "wedding")
        #expect(wedding.recipe.notes["tag"] == "wedding" && wedding.recipe.notes["base"] == "base.lstm")
        #expect(wedding.recipe.commandLine == "test")
        #expect(library.table().contains("wedding.lstm"))
    }

    @Test("tag models stored as int4 differences: smaller files, read back through the base, kept by a rerun")
    func tagDifferences() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        var plan = Self.tinyPlan()
        plan.tagDifferences = .int4
        let out = root.appendingPathComponent("models").path
        let manifest = try Self.trainer(corpus, into: out, plan: plan).run()
        func size(_ file: String) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: out + "/" + file)[.size] as? Int ?? 0
        }
        let library = try ModelLibrary(directory: out)
        let base = try library.baseModel()
        for tag in ["wedding", "amnesia"] {
            #expect(try size("\(tag).lstm") < size("base.lstm"))
            let model = try library.model(for: tag)
            #expect(model.storedAsDifferencesFrom?.file == "base.lstm" && base.storedAsDifferencesFrom == nil)
            // The manifest's figure was measured on the model as stored, and a fine-tune never ships much worse
            // than its base (four bits of a difference move a weight by a fraction of what the fine-tune did).
            let entry = try #require(manifest.tags[tag])
            #expect(entry.heldOutBitsPerChar <= entry.baseHeldOutBitsPerChar! + 0.01)
        }
        // A fresh library loading them in parallel (the base read once, under its lock) gets the same weights.
        let tags = ["wedding", "amnesia", "wedding"]
        let parallel = try ModelLibrary(directory: out).models(for: tags)
        #expect(try parallel.map(\.parameters) == tags.map { try library.model(for: $0).parameters })
        // The plan records the choice; a rerun of the same plan keeps every file, and the old plans read without it.
        #expect(try ModelManifest.load(directory: out).recipe.plan.tagDifferences == .int4)
        var logged: [String] = []
        _ = try Self.trainer(corpus, into: out, plan: plan, log: { logged.append($0) }).run()
        #expect(logged.contains { $0.contains("wedding: kept") } && logged.contains { $0.contains("base: kept") })
        let old = try JSONEncoder().encode(Self.tinyPlan())
        #expect(!String(decoding: old, as: UTF8.self).contains("tagDifferences"))
        #expect(try JSONDecoder().decode(ModelTrainingPlan.self, from: old).tagDifferences == nil)
    }

    @Test("a fine-tune starts from the base weights")
    func fineTuneStartsFromBase() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        var plan = Self.tinyPlan()
        plan.fineTune.maxUpdates = 1
        plan.fineTune.learningRate = 1e-4
        plan.precision = .fp32
        let out = root.appendingPathComponent("models").path
        _ = try Self.trainer(corpus, into: out, plan: plan).run()
        let library = try ModelLibrary(directory: out)
        let base = try library.baseModel().parameters, tuned = try library.model(for: "amnesia").parameters
        // The tag model is the base itself or the base after one Adam step (which moves a weight by about the
        // learning rate at most): either way, it started from the base.
        let moved = zip(base, tuned).map { abs($0 - $1) }.max()!
        #expect(moved < 2e-4)
        // Had the fine-tune drawn fresh weights, it would sit next to the initialisation its own seed gives.
        let config = try library.baseModel().config
        for index in 0 ..< 2 {
            var rng = SeededRandom(seed: plan.fineTuneOptions(tagIndex: index).seed)
            let fresh = ParameterLayout(config).initialParameters(config, rng: &rng)
            #expect(zip(tuned, fresh).map { abs($0 - $1) }.max()! > 0.1)
        }
    }

    @Test("a run killed mid-training resumes and ends with the same files as an uninterrupted run")
    func resume() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let straight = root.appendingPathComponent("a").path, interrupted = root.appendingPathComponent("b").path
        _ = try Self.trainer(corpus, into: straight).run()
        let first = Self.trainer(corpus, into: interrupted)
        first.interruptAfterUpdates = 12        // base checkpoints every 5: resumes from update 10
        #expect(throws: ModelsError.self) { _ = try first.run() }
        #expect(FileManager.default.fileExists(atPath: interrupted + "/base.lstm.ckpt"))
        var resumedLog: [String] = []
        _ = try Self.trainer(corpus, into: interrupted) { resumedLog.append($0) }.run()
        #expect(resumedLog.contains { $0.contains("resuming") && $0.contains("update 10") })
        for file in ["base.lstm", "wedding.lstm", "amnesia.lstm"] {
            let a = FileManager.default.contents(atPath: straight + "/" + file)
            let b = FileManager.default.contents(atPath: interrupted + "/" + file)
            #expect(a != nil && a == b, "\(file) differs")
        }
        // Running again with everything built trains nothing.
        var again: [String] = []
        _ = try Self.trainer(corpus, into: straight) { again.append($0) }.run()
        #expect(again.filter { $0.contains("kept") }.count == 3)
    }

    @Test("fine-tunes can also learn from scenes that carry the tag second")
    func secondaryTags() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let both = (0 ..< 6).map { Self.scene("amnesia", $0 % 2 == 0 ? "es" : "en", 100 + $0) }.joined(separator: "\n")
            .replacingOccurrences(of: "[[tags: amnesia]]", with: "[[tags: amnesia, wedding]]")
        try both.write(toFile: corpus + "/both.fountain", atomically: true, encoding: .utf8)
        var plan = Self.tinyPlan()
        plan.fineTune.maxUpdates = 1
        plan.includeSecondaryTags = false
        let mainOnly = try Self.trainer(corpus, into: root.appendingPathComponent("a").path, plan: plan).run()
        plan.includeSecondaryTags = true
        let withSecondary = try Self.trainer(corpus, into: root.appendingPathComponent("b").path, plan: plan).run()
        let extra = withSecondary.tags["wedding"]!.trainingScenes - mainOnly.tags["wedding"]!.trainingScenes
        #expect(extra > 0 && extra <= 6)        // the both-tagged scenes that the split left on the training side
        #expect(withSecondary.tags["wedding"]!.heldOutScenes == mainOnly.tags["wedding"]!.heldOutScenes)
    }

    @Test("scenes begun from a zero state: recorded, inherited by the fine-tunes, measured so; carried retrains")
    func freshScenes() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        var plan = Self.tinyPlan()
        plan.fineTune.maxUpdates = 1
        plan.base.documentState = .fresh
        #expect(plan.fineTuneOptions(tagIndex: 1).documentState == .fresh)
        let out = root.appendingPathComponent("models").path
        let manifest = try Self.trainer(corpus, into: out, plan: plan).run()
        let library = try ModelLibrary(directory: out)
        #expect(library.manifest.recipe.plan.base.documentState == .fresh)
        // The manifest's held-out figure reads each held-out scene from a zero state, as generation reads one.
        let scenes = try Corpus.load(directory: corpus).scenes
        let held = Corpus.split(scenes: scenes, heldOutFraction: plan.heldOutFraction, seed: plan.seed).heldOut
            .map { $0.trainingText(priming: plan.synopsisPriming) }
        func bits(_ state: TrainingOptions.DocumentState?) throws -> Double {
            CorpusModelTrainer.bitsPerChar(try library.baseModel(), scenes: held, state: state,
                                           steps: plan.base.steps, batch: plan.base.batch)
        }
        #expect(try manifest.base!.heldOutBitsPerChar == bits(.fresh))
        #expect(try bits(.fresh) != bits(nil))
        let freshBase = try library.baseModel().parameters
        plan.base.documentState = .carried
        var again: [String] = []
        _ = try Self.trainer(corpus, into: out, plan: plan) { again.append($0) }.run()
        #expect(again.contains { $0.hasPrefix("base:") } && !again.contains { $0.hasPrefix("base: kept") })
        // The starts reached training: the same seed, text and steps learn other weights.
        #expect(try ModelLibrary(directory: out).baseModel().parameters != freshBase)
    }

    /// A training share learns from part of the training scenes and is validated on the same held-out ones.
    @Test("a training share: fewer training scenes, the same held-out ones; another share retrains")
    func trainingShare() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        var plan = Self.tinyPlan()
        plan.fineTune.maxUpdates = 1
        let full = try Self.trainer(corpus, into: root.appendingPathComponent("a").path, plan: plan).run()
        plan.trainingShare = 0.5
        let halfFolder = root.appendingPathComponent("b").path
        let half = try Self.trainer(corpus, into: halfFolder, plan: plan).run()
        #expect(half.base!.trainingScenes < full.base!.trainingScenes)
        #expect(half.base!.trainingScenes >= full.base!.trainingScenes / 2 - 2)
        #expect(half.base!.heldOutScenes == full.base!.heldOutScenes)
        #expect(half.recipe.plan.trainingShare == 0.5)
        plan.trainingShare = 0.25
        var again: [String] = []
        _ = try Self.trainer(corpus, into: halfFolder, plan: plan) { again.append($0) }.run()
        #expect(again.contains { $0.hasPrefix("base:") } && !again.contains { $0.hasPrefix("base: kept") })
        plan.trainingShare = 0
        #expect(throws: ModelsError.invalidTrainingShare(0)) { try plan.validate() }
    }

    @Test("a tag with too few scenes is a clear error")
    func tooFewScenes() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        try (Self.scene("scheme", "es", 1) + "\n" + Self.scene("scheme", "en", 2))
            .write(toFile: corpus + "/scheme.fountain", atomically: true, encoding: .utf8)
        #expect {
            _ = try Self.trainer(corpus, into: root.appendingPathComponent("m").path).run()
        } throws: { "\($0)".contains("tag 'scheme' has 2 scene(s)") }
    }

    @Test("a missing or corrupt model named in the manifest is an error naming the file")
    func brokenLibrary() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("models").path
        _ = try Self.trainer(corpus, into: out).run()
        try FileManager.default.removeItem(atPath: out + "/wedding.lstm")
        var bytes = [UInt8](FileManager.default.contents(atPath: out + "/amnesia.lstm")!)
        bytes[bytes.count / 2] ^= 0x10
        #expect(FileManager.default.createFile(atPath: out + "/amnesia.lstm", contents: Data(bytes)))
        let library = try ModelLibrary(directory: out)
        #expect { _ = try library.model(for: "wedding") } throws: {
            "\($0)".contains("wedding.lstm") && "\($0)".contains("'wedding'")
        }
        #expect { _ = try library.model(for: "amnesia") } throws: {
            "\($0)".contains("amnesia.lstm") && "\($0)".contains("checksum")
        }
        #expect { _ = try library.model(for: "scheme") } throws: { "\($0)".contains("no model for tag 'scheme'") }
        #expect { _ = try ModelLibrary(directory: root.path) } throws: { "\($0)".contains("manifest.json") }
    }

    @Test("eval produces a row per tag and an overall row")
    func evaluation() throws {
        let (root, corpus) = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("models").path
        _ = try Self.trainer(corpus, into: out).run()
        var e = ModelEvaluation()
        e.samplesPerTag = 3
        let table = try e.run(library: ModelLibrary(directory: out))
        #expect(table.rows.map(\.tag).sorted() == ["amnesia", "wedding"])
        #expect(table.overall.samples == 6)
        #expect(table.rows.allSatisfy {
            $0.bitsPerCharacterTag != nil && $0.bitsPerCharacterBase != nil && $0.recognisability != nil
        })
        // The two tags are lexically disjoint: the classifier must recognise real held-out scenes of both.
        #expect(table.overall.classifierCeiling == 1)
        // And so must the cross-validated ceiling, measured on all 48 scenes in five folds.
        #expect(table.overall.crossValidatedCeiling == 1)
        #expect(table.rows.allSatisfy { $0.crossValidatedCeiling == 1 })
        #expect(table.ceilingFolds == EvaluationTable.CeilingFolds(scenes: 48, accuracies: [1, 1, 1, 1, 1]))
        // Held-out scenes are read as the models were trained: with the recipe's plan line in each header.
        let library = try ModelLibrary(directory: out)
        let plan = library.manifest.recipe.plan
        let scenes = try Corpus.load(directory: corpus).scenes
        let held = Corpus.split(scenes: scenes, heldOutFraction: plan.heldOutFraction, seed: plan.seed).heldOut
            .filter { $0.mainTag == "wedding" }
        let primed = Corpus.trainingText(of: held, priming: plan.synopsisPriming)
        #expect(plan.synopsisPriming != .none && primed != Corpus.trainingText(of: held))
        let wedding = try #require(table.rows.first { $0.tag == "wedding" })
        let primedScenes = held.map { $0.trainingText(priming: plan.synopsisPriming) }
        #expect(wedding.bitsPerCharacterTag == CorpusModelTrainer.bitsPerChar(
            try library.model(for: "wedding"), scenes: primedScenes, state: plan.base.documentState))
    }
}
