import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenNeural

@Suite("Training")
struct TrainingTests {
    static let pattern = String(repeating: "hola mundo, adiós luna. ", count: 60)

    @Test("a tiny model overfits a short repeated string")
    func overfit() throws {
        let model = try Fixtures.tinyModel(text: Self.pattern, updates: 300)
        #expect((model.metrics["validationBitsPerChar"] ?? 9) < 0.6)
        // Greedy decoding from a prime continues the memorised string.
        var o = SamplingOptions()
        o.temperature = 0
        o.maxCharacters = 24
        let out = TextSampler(model: model).generate(prime: "hola mundo, ", options: o, seed: 1)
        #expect(out.text == "adiós luna. hola mundo, ")
    }

    @Test("validation loss falls as training goes on")
    func lossFalls() throws {
        let prepared = TrainingText(text: Self.pattern, hash: "h", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        let trainer = try Trainer(options: Fixtures.tinyOptions(updates: 100), tokenizer: prepared.tokenizer,
                                  train: prepared.train, validation: prepared.validation, recipe: Fixtures.recipe())
        let before = trainer.validate()
        try trainer.run()
        #expect(trainer.validate() < before * 0.5)
    }

    @Test("a run killed after a checkpoint and resumed ends bit-identical to an uninterrupted run")
    func exactResume() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prepared = TrainingText(text: Self.pattern + Fixtures.spanish, hash: "h", byteCount: 0, tokenizer: .char,
                                    bpeVocabulary: 0)
        var options = Fixtures.tinyOptions(updates: 40)
        options.dropout = 0.2        // dropout masks come from the RNG: resume must restore it exactly
        options.checkpointEvery = 7
        options.evaluateEvery = 5

        let straight = try Trainer(options: options, tokenizer: prepared.tokenizer, train: prepared.train,
                                   validation: prepared.validation, recipe: Fixtures.recipe())
        try straight.run()

        let ckpt = dir.appendingPathComponent("run.ckpt").path
        let first = try Trainer(options: options, tokenizer: prepared.tokenizer, train: prepared.train,
                                validation: prepared.validation, recipe: Fixtures.recipe())
        first.checkpointPath = ckpt
        try first.run(stopAfter: 17)                 // "killed" at update 17; last checkpoint at 14
        let resumed = try Trainer(resumingFrom: ckpt, train: prepared.train, validation: prepared.validation,
                                  textHash: Fixtures.recipe().textHash)
        #expect(resumed.update == 14)
        // The wall time of the first stretch, up to its last checkpoint, carries over: a run's time is every stretch.
        #expect(resumed.earlierWallSeconds > 0 && resumed.earlierWallSeconds <= first.wallSeconds)
        #expect(resumed.wallSeconds >= resumed.earlierWallSeconds)
        try resumed.run()
        #expect(resumed.parameters == straight.parameters)
        #expect(resumed.bestParameters == straight.bestParameters)
        #expect(resumed.bestValidation == straight.bestValidation)
    }

    @Test("the streams mark the rows whose token begins a document, across windows and epochs")
    func documentStartRows() throws {
        let tokens = (0 ..< 41).map { Int32($0) }
        let starts = [0, 3, 12, 20, 27, 39]
        var streams = try TokenStreams(tokens: tokens, documentStarts: starts, batch: 2, steps: 4, what: "t")
        var rng = SeededRandom(seed: 4)
        for _ in 0 ..< 12 {
            let w = streams.next(rng: &rng)
            let expected = w.inputs.indices.filter { starts.contains(Int(w.inputs[$0])) }
            #expect(w.documentStarts == expected)
        }
        var plain = try TokenStreams(tokens: tokens, batch: 2, steps: 4, what: "t")
        #expect(plain.next(rng: &rng).documentStarts.isEmpty)
    }

    @Test("a run that begins each document afresh validates each from a zero state, and only then")
    func freshDocuments() throws {
        let documents = [Self.pattern, Fixtures.spanish, Self.pattern, Fixtures.english]
        let tokenizer = CharTokenizer(learningFrom: documents.joined(separator: "\n"))
        let train = tokenizer.encode(documents: documents, separator: "\n")
        #expect(train.tokens == tokenizer.encode(documents.joined(separator: "\n")))
        #expect(train.starts.count == 4 && train.starts[0] == 0)
        for (i, s) in train.starts.enumerated().dropFirst() {
            #expect(tokenizer.decode(train.tokens[s ..< s + 8]) == String(documents[i].prefix(8)))
        }
        func trained(_ state: TrainingOptions.DocumentState?) throws -> Trainer {
            var options = Fixtures.tinyOptions(updates: 30)
            options.documentState = state
            let t = try Trainer(options: options, tokenizer: tokenizer, train: train.tokens,
                                validation: train.tokens, recipe: Fixtures.recipe(), trainStarts: train.starts,
                                validationStarts: train.starts)
            try t.run()
            return t
        }
        let carried = try trained(nil), fresh = try trained(.fresh)
        #expect(try trained(.carried).parameters == carried.parameters)
        // Training read the starts (other weights), and validation reads each document from a zero state.
        #expect(fresh.parameters != carried.parameters)
        func heldOut(_ parameters: [Float], starts: [Int]) -> Double? {
            HeldOut.bitsPerCharacter(network: TrainingNetwork(config: fresh.config, maxSteps: 16, maxBatch: 4),
                                     parameters: parameters, tokens: train.tokens, plans: [],
                                     scalarCounts: tokenizer.scalarCounts, documentStarts: starts)
        }
        #expect(fresh.validate() == heldOut(fresh.parameters, starts: train.starts))
        #expect(fresh.validate() != heldOut(fresh.parameters, starts: []))
        #expect(carried.validate() == heldOut(carried.parameters, starts: []))
    }

    @Test("a fresh run killed after a checkpoint and resumed with its starts ends bit-identical")
    func exactFreshResume() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let documents = [Self.pattern, Fixtures.spanish, Fixtures.english, Self.pattern]
        let tokenizer = CharTokenizer(learningFrom: documents.joined(separator: "\n"))
        let train = tokenizer.encode(documents: documents, separator: "\n")
        var options = Fixtures.tinyOptions(updates: 30)
        options.documentState = .fresh
        options.dropout = 0.2
        options.checkpointEvery = 7
        options.evaluateEvery = 5
        func trainer() throws -> Trainer {
            try Trainer(options: options, tokenizer: tokenizer, train: train.tokens, validation: train.tokens,
                        recipe: Fixtures.recipe(), trainStarts: train.starts, validationStarts: train.starts)
        }
        let straight = try trainer()
        try straight.run()
        let first = try trainer()
        first.checkpointPath = dir.appendingPathComponent("run.ckpt").path
        try first.run(stopAfter: 17)
        let resumed = try Trainer(resumingFrom: first.checkpointPath!, train: train.tokens, validation: train.tokens,
                                  textHash: Fixtures.recipe().textHash, trainStarts: train.starts,
                                  validationStarts: train.starts)
        try resumed.run()
        #expect(resumed.parameters == straight.parameters && resumed.bestValidation == straight.bestValidation)
    }

    @Test("a checkpoint reads as the model of its best weights; a model file reads as itself")
    func checkpointAsModel() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prepared = TrainingText(text: Self.pattern, hash: "h", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        var options = Fixtures.tinyOptions(updates: 12)
        options.evaluateEvery = 5
        options.checkpointEvery = 7
        let t = try Trainer(options: options, tokenizer: prepared.tokenizer, train: prepared.train,
                            validation: prepared.validation, recipe: Fixtures.recipe())
        t.checkpointPath = dir.appendingPathComponent("a.ckpt").path
        try t.run(stopAfter: 8)             // the checkpoint of update 7 holds the best weights of update 5
        let fromCheckpoint = try Trainer.model(inModelOrCheckpoint: t.checkpointPath!)
        #expect(fromCheckpoint.parameters == t.bestParameters && fromCheckpoint.parameters != t.parameters)
        #expect(fromCheckpoint.metrics["updates"] == 7 && fromCheckpoint.metrics["validationBitsPerChar"] != nil)
        let file = dir.appendingPathComponent("a.lstm").path
        try t.bestModel().save(to: file)
        #expect(try Trainer.model(inModelOrCheckpoint: file).parameters == t.bestParameters)
        #expect(throws: NeuralError.self) { _ = try Trainer.model(inModelOrCheckpoint: dir.path + "/none.ckpt") }
        // A checkpoint written before the first validation holds no best weights: refused, not read as them.
        options.checkpointEvery = 3
        let early = try Trainer(options: options, tokenizer: prepared.tokenizer, train: prepared.train,
                                validation: prepared.validation, recipe: Fixtures.recipe())
        early.checkpointPath = dir.appendingPathComponent("early.ckpt").path
        try early.run(stopAfter: 4)
        #expect(throws: NeuralError.self) { _ = try Trainer.model(inModelOrCheckpoint: early.checkpointPath!) }
    }

    @Test("resuming on another text is refused")
    func resumeOtherText() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prepared = TrainingText(text: Self.pattern, hash: "h", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        let t = try Trainer(options: Fixtures.tinyOptions(updates: 5), tokenizer: prepared.tokenizer,
                            train: prepared.train, validation: prepared.validation, recipe: Fixtures.recipe())
        t.checkpointPath = dir.appendingPathComponent("a.ckpt").path
        try t.run()
        #expect(throws: NeuralError.self) {
            _ = try Trainer(resumingFrom: t.checkpointPath!, train: prepared.train, validation: prepared.validation,
                            textHash: "0000")
        }
    }

    @Test("too little text names the minimum")
    func tooShort() {
        let prepared = TrainingText(text: "hola", hash: "h", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        #expect {
            _ = try Trainer(options: Fixtures.tinyOptions(updates: 5), tokenizer: prepared.tokenizer,
                            train: prepared.train, validation: prepared.validation, recipe: Fixtures.recipe())
        } throws: { error in
            "\(error)".contains("need at least 69")      // 4 streams × (16 + 1) + 1
        }
    }

    @Test("nonsense hyperparameters are refused with the option's name",
          arguments: ["--layers", "--seq", "--lr", "--dropout", "--batch"])
    func badOptions(name: String) {
        var o = TrainingOptions()
        switch name {
        case "--layers": o.layers = 0
        case "--seq": o.steps = 0
        case "--lr": o.learningRate = -1
        case "--dropout": o.dropout = 1
        default: o.batch = 0
        }
        #expect { try o.validate() } throws: { "\($0)".contains(name) }
    }

    @Test("fine-tuning starts from the given weights")
    func fineTuneStart() throws {
        let prepared = TrainingText(text: Self.pattern, hash: "h", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        let base = try Trainer(options: Fixtures.tinyOptions(updates: 3), tokenizer: prepared.tokenizer,
                               train: prepared.train, validation: prepared.validation, recipe: Fixtures.recipe())
        let start = base.parameters.map { $0 + 0.01 }
        let tuned = try Trainer(options: Fixtures.tinyOptions(updates: 3, seed: 9), tokenizer: prepared.tokenizer,
                                train: prepared.train, validation: prepared.validation, recipe: Fixtures.recipe(),
                                initialParameters: start)
        #expect(tuned.parameters == start)
    }
}

@Suite("Fine-tune safety")
struct FineTuneSafetyTests {
    @Test("with validation before training, a fine-tune that only gets worse keeps its starting weights")
    func keepsStart() throws {
        let text = String(repeating: "hola mundo, adiós luna. ", count: 60)
        let prepared = TrainingText(text: text, hash: "h", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        let base = try Trainer(options: Fixtures.tinyOptions(updates: 200), tokenizer: prepared.tokenizer,
                               train: prepared.train, validation: prepared.validation, recipe: Fixtures.recipe())
        try base.run()
        // Fine-tune on different text at a rate that can only hurt the held-out loss on the original text.
        let other = prepared.tokenizer.encode(String(repeating: "adiós adiós hola luna mundo, ", count: 60))
        var o = Fixtures.tinyOptions(updates: 10, seed: 3)
        o.learningRate = 0.5
        o.evaluateEvery = 5
        let tuned = try Trainer(options: o, tokenizer: prepared.tokenizer, train: other,
                                validation: prepared.validation, recipe: Fixtures.recipe(),
                                initialParameters: base.bestParameters)
        tuned.validateBeforeTraining = true
        try tuned.run()
        #expect(tuned.bestParameters == base.bestParameters)
        #expect(tuned.parameters != base.bestParameters)
    }
}
