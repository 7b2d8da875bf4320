import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenNeural

/// The plan input: which lines are plan lines, which words a model knows, and a tiny model that can only predict
/// what follows a scene's body from its plan does so with the plan input and not without it.
@Suite("Plan input")
struct PlanInputTests {
    static let plan = PlanInput(words: ["es", "encounter", "heroine", "carta", "boda"], width: 3)

    /// The bag after the last scalar of `text`.
    static func bag(after text: String) -> [String] {
        var bag = PlanBag(plan)
        for s in text.unicodeScalars { _ = bag.read(s) }
        return bag.words.map { plan.words[Int($0)] }
    }

    @Test("plan lines are the lines that begin with the marker; a block of them replaces the bag")
    func bagRules() {
        #expect(Self.bag(after: "= es encounter: HEROINE\n= carta\n\n") == ["es", "encounter", "heroine", "carta"])
        // A word counts once it ends; unknown words and repeats are left out.
        #expect(Self.bag(after: "= carta bod") == ["carta"])
        #expect(Self.bag(after: "= carta boda CARTA perro ") == ["carta", "boda"])
        // The body, the `===` end marker and an `=` inside a line are not plan lines.
        #expect(Self.bag(after: "= boda\n\nHEROINE\nla carta = es\n===\n") == ["boda"])
        // The next block begins afresh; its own header line and plan line are one block.
        #expect(Self.bag(after: "= boda\n\ntexto\n===\n= es\n= carta\n") == ["es", "carta"])
        #expect(Self.bag(after: "texto sin plan\n").isEmpty)
    }

    @Test("read as continuations, the bag is the letters that carry the body's word on into a pending plan word")
    func continuations() {
        let plan = PlanInput(words: PlanInput.letters(of: "= carta boda casa\n".unicodeScalars), width: 3,
                             reading: .continuations)
        #expect(plan.words == ["a", "b", "c", "d", "o", "r", "s", "t"])
        func bag(_ text: String) -> String {
            var bag = PlanBag(plan)
            for s in text.unicodeScalars { _ = bag.read(s) }
            return bag.words.map { plan.words[Int($0)] }.joined()
        }
        let header = "= carta boda casa\n\n"
        #expect(bag(header + "la ") == "bc")                 // a word's start: the plan words' first letters
        #expect(bag(header + "la Ca") == "rs")               // "ca" goes on into carta or casa, case aside
        #expect(bag(header + "la car") == "t")
        #expect(bag(header + "la cx").isEmpty)               // no plan word begins so
        #expect(bag(header + "la carta ") == "bc")           // carta written: casa and boda are left
        #expect(bag(header + "la carta y la boda ") == "c")
        #expect(bag(header + "la carta y la bod") == "a")
        #expect(bag("= carta").isEmpty)                      // inside a plan line the bag is empty
        #expect(bag(header + "la carta\n===\n= boda\n\n") == "b")   // a new block: only its own words
    }

    @Test("read with document starts, each document's bags are those of the document read alone")
    func bagsPerDocument() {
        let plan = PlanInput(words: PlanInput.letters(of: "= carta boda casa\n".unicodeScalars), width: 3,
                             reading: .continuations)
        let documents = ["= carta boda\n\nla carta y la b\n===\n", "= casa\n\nla c\n===\n"]
        let tokenizer = CharTokenizer(learningFrom: documents.joined(separator: "\n"))
        let pieces = tokenizer.symbols.map { Array($0.unicodeScalars) }
        let (tokens, starts) = tokenizer.encode(documents: documents, separator: "\n")
        let joined = PlanBag.bags(of: tokens, pieces: pieces, plan: plan, documentStarts: starts)
        let second = PlanBag.bags(of: tokenizer.encode(documents[1]), pieces: pieces, plan: plan)
        #expect(Array(joined[starts[1]...]) == second)
        // Read as one text, the second document's first character still sees the first one's pending words.
        let once = PlanBag.bags(of: tokens, pieces: pieces, plan: plan)
        #expect(once[starts[1]] != second[0] && once[..<starts[1]] == joined[..<starts[1]])
    }

    @Test("the vocabulary is the words of two plan blocks or more, most frequent first")
    func vocabulary() {
        // Consecutive plan lines are one block: `es` is in four, `boda` and `carta` in two, the rest in one.
        let text = "= es boda carta\n= es HEROINE\nbody boda\n= es carta\nx\n= perro\n= es\ny\n= es boda\n"
        #expect(PlanInput.vocabulary(of: text.unicodeScalars, limit: 10) == ["es", "boda", "carta"])
        #expect(PlanInput.vocabulary(of: text.unicodeScalars, limit: 1) == ["es"])
    }

    @Test("a plan input no training run writes is refused")
    func validation() {
        #expect(throws: NeuralError.self) { try PlanInput(words: [], width: 4).validate() }
        #expect(throws: NeuralError.self) { try PlanInput(words: ["a", "a"], width: 4).validate() }
        #expect(throws: NeuralError.self) { try PlanInput(words: ["a"], width: 0).validate() }
        #expect(throws: NeuralError.self) { try PlanInput(marker: "", words: ["a"], width: 4).validate() }
    }

    /// Scenes whose last line, `x` or `y`, follows from the plan word alone, fourteen characters after it: further
    /// than a 4-step window carries a gradient.
    static func scenes(count: Int, seed: UInt64) -> String {
        var rng = SeededRandom(seed: seed)
        var text = ""
        for _ in 0 ..< count {
            let alfa = rng.nextInt(below: 2) == 0
            let filler = String((0 ..< 12).map { _ in Array("abcd")[rng.nextInt(below: 4)] })
            text += "= " + (alfa ? "alfa" : "beta") + "\n" + filler + "\n" + (alfa ? "x" : "y") + "\n"
        }
        return text
    }

    /// The probability a model gives the right last letter after a fresh scene with each plan.
    static func rightLastLetter(_ model: LanguageModel) -> Double {
        let generator = Generator(model: model)
        var total = 0.0
        for (word, letter) in [("alfa", "x"), ("beta", "y")] {
            let prime = model.tokenizer.encode("= \(word)\nabdcabcdaadc\n")
            let target = Int(model.tokenizer.encode(letter)[0])
            total += Foundation.exp(-generator.nats(of: [Int32(target)], after: prime)[0])
        }
        return total / 2
    }

    @Test("a tiny model reads the plan it needs with the plan input, and cannot without it")
    func planSteers() throws {
        let text = Self.scenes(count: 400, seed: 5)
        let prepared = TrainingText(text: text, hash: "p", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        func train(planWords: Int?) throws -> LanguageModel {
            var o = Fixtures.tinyOptions(updates: 800)
            o.steps = 4
            o.batch = 8
            o.planWords = planWords
            o.planWidth = planWords.map { _ in 4 }
            let trainer = try Trainer(options: o, tokenizer: prepared.tokenizer, train: prepared.train,
                                      validation: prepared.validation, recipe: Fixtures.recipe(text))
            try trainer.run()
            return trainer.bestModel()
        }
        let planned = try train(planWords: 8)
        #expect(planned.config.plan?.words.sorted() == ["alfa", "beta"])
        let plain = try train(planWords: nil)
        let withPlan = Self.rightLastLetter(planned), without = Self.rightLastLetter(plain)
        #expect(withPlan > 0.9, "with the plan input: \(withPlan)")
        #expect(without < 0.7, "without it: \(without)")
    }

    @Test("read as continuations, a tiny model writes the plan's word letter by letter, far from its plan line")
    func continuationsSteer() throws {
        // Twenty words of four letters; each scene's plan line names one, and its last line writes it after a
        // filler of digits longer than the 4-step window.
        var rng = SeededRandom(seed: 9)
        let letters = Array("bcdfghjklmnprstvz")
        let words = (0 ..< 20).map { _ in String((0 ..< 4).map { _ in letters[rng.nextInt(below: letters.count)] }) }
        var text = ""
        for _ in 0 ..< 500 {
            let word = words[rng.nextInt(below: words.count)]
            let filler = String((0 ..< 10).map { _ in Array("0123")[rng.nextInt(below: 4)] })
            text += "= \(word)\n\(filler)\n\(word)\n"
        }
        let prepared = TrainingText(text: text, hash: "c", byteCount: 0, tokenizer: .char, bpeVocabulary: 0)
        func train(_ reading: PlanInput.Reading?) throws -> LanguageModel {
            var o = Fixtures.tinyOptions(updates: 800)
            (o.steps, o.batch) = (4, 8)
            o.planWidth = reading.map { _ in 8 }
            o.planReading = reading
            let trainer = try Trainer(options: o, tokenizer: prepared.tokenizer, train: prepared.train,
                                      validation: prepared.validation, recipe: Fixtures.recipe(text))
            try trainer.run()
            return trainer.bestModel()
        }
        /// The mean probability of the plan word's first letter after the filler (the rest of a word follows from
        /// its first letter in twenty words, with or without the plan).
        func written(_ model: LanguageModel) -> Double {
            let generator = Generator(model: model)
            var total = 0.0
            for word in words.prefix(5) {
                let prime = model.tokenizer.encode("= \(word)\n0123012301\n")
                let nats = generator.nats(of: model.tokenizer.encode(word), after: prime)
                total += Foundation.exp(-nats[0])
            }
            return total / 5
        }
        let followed = written(try train(.continuations)), unaided = written(try train(nil))
        #expect(followed > 0.8, "with the continuations: \(followed)")
        #expect(unaided < 0.4, "without a plan input: \(unaided)")
    }

    @Test("a training text without plan lines is refused for a plan input, saying so")
    func noPlanLines() throws {
        let prepared = TrainingText(text: String(repeating: Fixtures.spanish, count: 8), hash: "p", byteCount: 0,
                                    tokenizer: .char, bpeVocabulary: 0)
        var o = Fixtures.tinyOptions(updates: 1)
        o.planWords = 10
        #expect {
            try Trainer(options: o, tokenizer: prepared.tokenizer, train: prepared.train,
                        validation: prepared.validation, recipe: Fixtures.recipe())
        } throws: { "\($0)".contains("no plan line") }
    }
}
