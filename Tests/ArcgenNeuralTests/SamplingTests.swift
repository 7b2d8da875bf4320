import ArcgenSupport
import Testing
@testable import ArcgenNeural

@Suite("Sampling")
struct SamplingTests {
    static let text = String(repeating: Fixtures.spanish + Fixtures.english, count: 6)
    static let model: LanguageModel = try! Fixtures.tinyModel(text: text, updates: 120)
    /// A model that has memorised one sentence, so that unconstrained greedy decoding copies it.
    static let parrot = String(repeating: "hola mundo, adiós luna. ", count: 60)
    static let parrotModel: LanguageModel = try! Fixtures.tinyModel(text: parrot, updates: 300)

    func options(_ n: Int = 200) -> SamplingOptions { var o = SamplingOptions(); o.maxCharacters = n; return o }

    @Test("same seed, same bytes; another seed, other bytes")
    func seeds() {
        let s = TextSampler(model: Self.model)
        #expect(s.generate(prime: "La", options: options(), seed: 1)
            == s.generate(prime: "La", options: options(), seed: 1))
        #expect(s.generate(prime: "La", options: options(), seed: 1).text
            != s.generate(prime: "La", options: options(), seed: 2).text)
    }

    @Test("batched sampling is reproducible and each stream has its own seed")
    func batched() {
        let s = TextSampler(model: Self.model)
        let a = s.generate(primes: ["¿", "The"], options: options(120), seeds: [5, 6], constraints: [[], []])
        let b = s.generate(primes: ["¿", "The"], options: options(120), seeds: [5, 6], constraints: [[], []])
        #expect(a == b)
        #expect(a[0].text != a[1].text)
        #expect(a.allSatisfy { $0.text.unicodeScalars.count == 120 })
    }

    @Test("a stream drawn in a batch, of a few or of many, gets the bits it gets alone")
    func batchedEqualsAlone() {
        let s = TextSampler(model: Self.model)
        let primes = ["¿", "The", "La", "Es", "No"]
        let seeds: [UInt64] = [5, 6, 7, 8, 9]
        let together = s.generate(primes: primes, options: options(90), seeds: seeds,
                                  constraints: primes.map { _ in [] })
        for i in primes.indices {
            #expect(together[i] == s.generate(prime: primes[i], options: options(90), seed: seeds[i]))
        }
        // A batch larger than a scene's candidates, all with one prime (fed once and copied): every stream still
        // writes what it writes alone.
        let many = 11
        let seedsOfMany = (0 ..< UInt64(many)).map { $0 + 20 }
        let large = s.generate(primes: Array(repeating: "La", count: many), options: options(60), seeds: seedsOfMany,
                               constraints: Array(repeating: [], count: many))
        #expect(large.count == many && large.allSatisfy { $0.text.unicodeScalars.count == 60 })
        #expect(Set(large.map(\.text)).count > 1)
        for (i, seed) in seedsOfMany.enumerated() {
            #expect(large[i] == s.generate(prime: "La", options: options(60), seed: seed), "stream \(i)")
        }
    }

    @Test("top-k 1 is greedy")
    func topOne() {
        var k1 = options(60); k1.topK = 1; k1.temperature = 1
        var greedy = options(60); greedy.temperature = 0
        let s = TextSampler(model: Self.model)
        #expect(s.generate(prime: "He", options: k1, seed: 3).text
            == s.generate(prime: "He", options: greedy, seed: 99).text)
    }

    @Test("top-p and top-k keep only the best tokens")
    func processors() {
        var l: [Float] = [2, 1, 0, -1]
        TopKProcessor(2).process(&l, recent: [])
        #expect(l == [2, 1, -.infinity, -.infinity])
        var p: [Float] = [3, 0, 0, 0]        // p(0) ≈ 0.87
        TopPProcessor(0.8).process(&p, recent: [])
        #expect(p == [3, -.infinity, -.infinity, -.infinity])
        var r: [Float] = [2, -2, 1]
        RepetitionPenaltyProcessor(2).process(&r, recent: [0, 1, 0])
        #expect(r == [1, -4, 1])
    }

    /// Single draws of `draw` from a flat row but for `raised` (piece → logit), at temperature 1 with a nucleus of
    /// `topP`, over 40 seeds: the pieces drawn, in seed order.
    static func nucleusDraws(raised: [String: Float], topP: Float, constraints: [any GenerationConstraint] = [],
                             pull: WordPull? = nil) throws -> [String] {
        let sampler = TextSampler(model: try Fixtures.tinyModel(text: String(repeating: "hola, hola. ", count: 20),
                                                                updates: 1))
        var raw = [Float](repeating: -20, count: sampler.pieces.count)
        for (piece, logit) in raised {
            raw[try #require(sampler.pieces.firstIndex(of: Array(piece.unicodeScalars)))] = logit
        }
        var options = SamplingOptions()
        options.temperature = 1
        options.topP = topP
        return (1 ... 40 as ClosedRange<UInt64>).map { seed in
            var rng = SeededRandom(seed: seed)
            let token = sampler.draw(raw, recent: [], processors: (options.shaping, options.truncation),
                                     temperature: 1, constraints: constraints, pull: pull, rng: &rng).0
            return String(String.UnicodeScalarView(sampler.pieces[Int(token)]))
        }
    }

    @Test("top-p cuts after the plan pull: a letter the pull makes likely can be drawn, and only with the pull")
    func truncationAfterPull() throws {
        // p(o) ≈ 0.02 alone: outside a nucleus of 0.9.
        var pull = WordPull(words: ["hola"], strength: 6)
        pull.append(["h"])
        #expect(try Self.nucleusDraws(raised: [" ": 4, "o": 0], topP: 0.9).filter { $0 == "o" }.isEmpty)
        #expect(try Self.nucleusDraws(raised: [" ": 4, "o": 0], topP: 0.9, pull: pull).filter { $0 == "o" }.count > 10)
    }

    /// Refuses one piece, whatever came before.
    struct Refusing: GenerationConstraint {
        let piece: [Unicode.Scalar]
        func allows(_ candidate: [Unicode.Scalar]) -> Bool { candidate != piece }
        mutating func append(_ piece: [Unicode.Scalar]) {}
    }

    @Test("a nucleus the constraints refuse whole: the draw goes on in the whole distribution, still at random")
    func refusedNucleus() throws {
        // The nucleus at 0.5 is the space alone.
        let drawn = try Self.nucleusDraws(raised: [" ": 6, "o": 1, "h": 1], topP: 0.5,
                                          constraints: [Refusing(piece: [" "])])
        #expect(Set(drawn) == ["o", "h"])
    }

    @Test("stop strings end the sample before them; length bounds it")
    func stops() {
        var o = options(2000)
        o.stopStrings = ["\n"]
        let out = TextSampler(model: Self.model).generate(prime: "¡", options: o, seed: 7)
        #expect(out.stop == .stopString && !out.text.contains("\n"))
        let long = TextSampler(model: Self.model).generate(prime: "¡", options: options(37), seed: 7)
        #expect(long.stop == .length && long.text.unicodeScalars.count == 37)
    }

    /// One-line paragraphs (a blank line between them) in an irregular order, for ranking paragraph by paragraph:
    /// the model learns them well enough to end each with a blank line, not which one comes next.
    static let paragraphModel: LanguageModel = {
        let lines = ["hola mundo.", "adiós luna, hasta mañana.", "sí.", "la casa está vacía.", "no lo sé, mamá."]
        let text = (0 ..< 240).map { lines[($0 * 7 + $0 / 3) % lines.count] + "\n\n" }.joined()
        return try! Fixtures.tinyModel(text: text, updates: 300)
    }()

    @Test("ranked paragraphs: the candidates' likeliest first paragraph is kept, the same text for every seed list")
    func rankedParagraphs() {
        let s = TextSampler(model: Self.paragraphModel)
        let seeds: [UInt64] = [3, 4, 5, 6]
        var ranked = options(240)
        ranked.rankParagraphs = true
        let prime = "sí.\n\n", none = seeds.map { _ in [any GenerationConstraint]() }
        let primes = Array(repeating: prime, count: seeds.count)
        let drawn = s.generate(primes: primes, options: ranked, seeds: seeds, constraints: none)
        #expect(drawn.allSatisfy { $0 == drawn[0] })
        #expect(drawn == s.generate(primes: primes, options: ranked, seeds: seeds, constraints: none))
        // Each candidate's first paragraph is what its stream writes alone up to its first blank line: the ranked
        // text begins with the one of them the model finds likeliest per token.
        var first = options(240)
        first.stopStrings = ["\n\n"]
        let paragraphs = seeds.map { s.generate(prime: prime, options: first, seed: $0) }
        // One line each, so each is judged whole (a paragraph of several lines is judged after its first).
        #expect(paragraphs.allSatisfy { $0.stop == .stopString && !$0.text.contains("\n") })
        #expect(Set(paragraphs.map(\.text)).count > 1)
        let likeliest = paragraphs.max { $0.logLikelihood / Double($0.tokens) < $1.logLikelihood / Double($1.tokens) }!
        #expect(drawn[0].text.hasPrefix(likeliest.text + "\n\n"))
        #expect(drawn[0].text.unicodeScalars.count > likeliest.text.unicodeScalars.count + 2)
        // One candidate has nothing to be ranked against: it writes what it writes unranked.
        let alone = s.generate(prime: prime, options: ranked, seed: 3)
        #expect(alone == s.generate(prime: prime, options: options(240), seed: 3))
    }

    @Test("a paragraph's kind: a speech is a line with no lower case outside parentheses, then another line")
    func paragraphKinds() {
        func kind(_ text: String) -> TextSampler.ParagraphKind { TextSampler.kind(of: Array(text.unicodeScalars)[...]) }
        #expect(kind("HEROINE\nHola.\n\n") == .speech)
        #expect(kind("HEROINE (llorando)\n¡No!") == .speech)
        #expect(kind("@MARÍA FERNANDA\n(bajo)\nVen.\n\n") == .speech)
        #expect(kind("La casa está vacía.\n\n") == .other)
        #expect(kind("CUT TO:\n\n") == .other)
        #expect(kind("{heroine} entra.\nOtra línea.\n\n") == .other)
    }

    /// A model of speeches and one-line actions, for the tests of a paragraph's kind.
    static let kindsModel: LanguageModel = {
        let lines = ["ANA\nsí.", "la casa está vacía.", "LUIS\nno lo sé, mamá.", "hola mundo.",
                     "ANA\nadiós luna, ya."]
        let text = (0 ..< 240).map { lines[($0 * 7 + $0 / 3) % lines.count] + "\n\n" }.joined()
        return try! Fixtures.tinyModel(text: text, updates: 300)
    }()

    @Test("ranked paragraphs keep the first candidate's kind: the best speech if it drew one, else the best action")
    func rankedParagraphKinds() throws {
        let s = TextSampler(model: Self.kindsModel)
        let prime = "sí.\n\n"
        /// A candidate's first paragraph and its score as the ranking computes it (a speech after its cue line).
        func paragraph(_ seed: UInt64) -> (text: String, score: Double) {
            var o = options(240)
            o.stopStrings = ["\n"]
            let line = s.generate(prime: prime, options: o, seed: seed)
            o.stopStrings = ["\n\n"]
            let whole = s.generate(prime: prime, options: o, seed: seed)
            guard whole.tokens - line.tokens > 1 else {
                return (whole.text, whole.logLikelihood / Double(whole.tokens))
            }
            return (whole.text, (whole.logLikelihood - line.logLikelihood) / Double(whole.tokens - line.tokens))
        }
        func kind(_ text: String) -> TextSampler.ParagraphKind { TextSampler.kind(of: Array(text.unicodeScalars)[...]) }
        // Four seeds whose best paragraph overall is not of the first candidate's kind.
        let seeds = try #require((1 ... 300 as ClosedRange<UInt64>).lazy.map { Array($0 ..< $0 + 4) }.first { seeds in
            let drawn = seeds.map(paragraph)
            return kind(drawn.max { $0.score < $1.score }!.text) != kind(drawn[0].text)
        })
        let drawn = seeds.map(paragraph)
        let best = drawn.filter { kind($0.text) == kind(drawn[0].text) }.max { $0.score < $1.score }!
        var ranked = options(240)
        ranked.rankParagraphs = true
        let out = s.generate(primes: Array(repeating: prime, count: 4), options: ranked, seeds: seeds,
                             constraints: seeds.map { _ in [] })
        #expect(out[0].text.hasPrefix(best.text + "\n\n"), "\(seeds): \(drawn) → \(out[0].text)")
    }

    @Test("candidates of another kind may begin their paragraph again: the kept one is still of the first's kind")
    func rankedParagraphKindRedraws() throws {
        let s = TextSampler(model: Self.kindsModel)
        let prime = "sí.\n\n"
        func kind(_ text: String) -> TextSampler.ParagraphKind { TextSampler.kind(of: Array(text.unicodeScalars)[...]) }
        var ranked = options(240)
        (ranked.rankParagraphs, ranked.redrawRefusedCues) = (true, true)
        var redrawing = ranked
        redrawing.redrawOtherKinds = true
        var first = options(240)
        (first.stopStrings, first.redrawRefusedCues) = (["\n\n"], true)
        var differs = false
        for start in UInt64(1) ... 12 {
            let seeds = Array(start ..< start + 4)
            let drawn = s.generate(primes: Array(repeating: prime, count: 4), options: redrawing, seeds: seeds,
                                   constraints: seeds.map { _ in [] })
            #expect(drawn == s.generate(primes: Array(repeating: prime, count: 4), options: redrawing, seeds: seeds,
                                        constraints: seeds.map { _ in [] }))
            let own = s.generate(prime: prime, options: first, seed: seeds[0]).text
            let kept = String(drawn[0].text.prefix(upTo: drawn[0].text.range(of: "\n\n")?.upperBound
                                                   ?? drawn[0].text.endIndex))
            #expect(kind(kept) == kind(own + "\n\n"), "\(seeds): \(own) → \(kept)")
            differs = differs || drawn[0] != s.generate(primes: Array(repeating: prime, count: 4), options: ranked,
                                                        seeds: seeds, constraints: seeds.map { _ in [] })[0]
        }
        #expect(differs)
    }

    @Test("ranked paragraphs with a pull: a paragraph that writes the plan's words wins over likelier ones")
    func rankedParagraphsCoverage() throws {
        let s = TextSampler(model: Self.paragraphModel)
        let prime = "sí.\n\n"
        var first = options(240)
        first.stopStrings = ["\n\n"]
        func mean(_ g: GeneratedText) -> Double { g.logLikelihood / Double(g.tokens) }
        // Four seeds whose first paragraphs include the plan's sentence, but not as the likeliest of them.
        let planned = "la casa está vacía."
        let seeds = try #require((1 ... 200 as ClosedRange<UInt64>).lazy.map { Array($0 ..< $0 + 4) }.first { seeds in
            let paragraphs = seeds.map { s.generate(prime: prime, options: first, seed: $0) }
            let best = paragraphs.max { mean($0) < mean($1) }!
            return paragraphs.contains { $0.text == planned } && best.text != planned
        })
        var ranked = options(240)
        ranked.rankParagraphs = true
        // Strength 0: the pull changes no draw, only what the ranking counts as written.
        let pull = WordPull(words: ["casa", "vacía"], strength: 0)
        let drawn = s.generate(primes: Array(repeating: prime, count: 4), options: ranked, seeds: seeds,
                               constraints: seeds.map { _ in [] }, pulls: Array(repeating: pull, count: 4))
        #expect(drawn[0].text.hasPrefix(planned + "\n\n"))
        let unpulled = s.generate(primes: Array(repeating: prime, count: 4), options: ranked, seeds: seeds,
                                  constraints: seeds.map { _ in [] })
        #expect(!unpulled[0].text.hasPrefix(planned + "\n\n"))
    }

    /// `paragraphModel`'s lines, with the empty house three times as common: a baseline it differs from (the same
    /// letters, so the same tokens).
    static let houseModel: LanguageModel = {
        let lines = ["hola mundo.", "adiós luna, hasta mañana.", "sí.", "la casa está vacía.", "no lo sé, mamá.",
                     "la casa está vacía.", "la casa está vacía."]
        let text = (0 ..< 240).map { lines[($0 * 5 + $0 / 3) % lines.count] + "\n\n" }.joined()
        return try! Fixtures.tinyModel(text: text, updates: 300)
    }()

    @Test("the baseline judge reads candidates together as it reads each alone, and goes on after the kept one")
    func baselineJudge() throws {
        let model = Self.houseModel
        try #require(model.tokenizer.symbols == Self.paragraphModel.tokenizer.symbols)
        let encode = { (text: String) in model.tokenizer.encode(text) }
        let prime = encode("sí.\n\n")
        let paragraphs = ["hola mundo.\n\n", "la casa está vacía.\n\n", "sí.\n\n"].map(encode)
        /// Nats of `text` read after `prime` by a fresh generator, from token `from` on.
        func alone(_ text: [Int32], after prime: [Int32], from: Int = 0) -> Double {
            -Generator(model: model).nats(of: text, after: prime)[from...].reduce(0, +)
        }
        let judge = BaselineJudge(model: model, batch: 4, prime: prime)
        let read = judge.judge([paragraphs[0][...], nil, paragraphs[1][...], paragraphs[2][...]], counted: [0, 0, 3, 1])
        #expect(read[1] == nil)
        for (k, (i, from)) in [(0, 0), (2, 3), (3, 1)].enumerated() {
            #expect(abs(read[i]! - alone(paragraphs[k], after: prime, from: from)) < 1e-9)
        }
        judge.keep(2)                                       // the empty house is kept: the next reads after it
        let next = judge.judge([paragraphs[0][...]], counted: [0])
        #expect(abs(next[0]! - alone(paragraphs[0], after: prime + paragraphs[1])) < 1e-9)
    }

    @Test("ranked with a gain over a baseline, the paragraph the drawing model prefers most to the baseline wins")
    func rankedParagraphsGain() throws {
        let s = TextSampler(model: Self.paragraphModel), baseline = Self.houseModel
        let prime = "sí.\n\n"
        var first = options(240)
        first.stopStrings = ["\n\n"]
        let gain: Float = 4
        /// A candidate's first paragraph and its score as the rank computes it: mean log-likelihood per token under
        /// the drawing model, and the gain over the baseline weighted.
        func paragraph(_ seed: UInt64) -> (text: String, likelihood: Double, score: Double) {
            let drawn = s.generate(prime: prime, options: first, seed: seed)
            let tokens = s.model.tokenizer.encode(drawn.text + "\n\n")
            let base = -Generator(model: baseline).nats(of: tokens, after: s.model.tokenizer.encode(prime))
                .reduce(0, +)
            let mean = drawn.logLikelihood / Double(drawn.tokens)
            return (drawn.text, mean, mean + Double(gain) * (drawn.logLikelihood - base) / Double(drawn.tokens))
        }
        // Four seeds whose likeliest first paragraph is not the one the gain prefers.
        let seeds = try #require((1 ... 200 as ClosedRange<UInt64>).lazy.map { Array($0 ..< $0 + 4) }.first { seeds in
            let drawn = seeds.map(paragraph)
            return drawn.max { $0.likelihood < $1.likelihood }!.text != drawn.max { $0.score < $1.score }!.text
        })
        let drawn = seeds.map(paragraph)
        var ranked = options(240)
        (ranked.rankParagraphs, ranked.rankGain) = (true, gain)
        let primes = Array(repeating: prime, count: 4), none = seeds.map { _ in [any GenerationConstraint]() }
        let out = s.generate(primes: primes, options: ranked, seeds: seeds, constraints: none, baseline: baseline)
        #expect(out[0].text.hasPrefix(drawn.max { $0.score < $1.score }!.text + "\n\n"))
        #expect(out == s.generate(primes: primes, options: ranked, seeds: seeds, constraints: none, baseline: baseline))
    }

    /// `kindsModel`'s lines, speeches twice as common: a baseline that differs from it in its speeches.
    static let speechesModel: LanguageModel = {
        let lines = ["ANA\nsí.", "la casa está vacía.", "LUIS\nno lo sé, mamá.", "hola mundo.",
                     "ANA\nadiós luna, ya.", "ANA\nsí.", "LUIS\nno lo sé, mamá."]
        let text = (0 ..< 240).map { lines[($0 * 5 + $0 / 3) % lines.count] + "\n\n" }.joined()
        return try! Fixtures.tinyModel(text: text, updates: 300)
    }()

    @Test("ranked with a gain, a speech is judged after its cue by both models, among the first candidate's kind")
    func rankedSpeechesGain() throws {
        let s = TextSampler(model: Self.kindsModel), baseline = Self.speechesModel
        try #require(baseline.tokenizer.symbols == s.model.tokenizer.symbols)
        let prime = "sí.\n\n", gain: Float = 4
        func kind(_ text: String) -> TextSampler.ParagraphKind { TextSampler.kind(of: Array(text.unicodeScalars)[...]) }
        /// A candidate's first paragraph and its score as the rank computes it: a speech after its cue line, under
        /// the drawing model and, for the gain, the baseline.
        func paragraph(_ seed: UInt64) -> (text: String, likelihood: Double, score: Double) {
            var o = options(240)
            o.stopStrings = ["\n"]
            let line = s.generate(prime: prime, options: o, seed: seed)
            o.stopStrings = ["\n\n"]
            let whole = s.generate(prime: prime, options: o, seed: seed)
            let from = whole.tokens - line.tokens > 1 ? line : GeneratedText(text: "", stop: .length, relaxedSteps: 0,
                                                                            tokens: 0)
            let tokens = s.model.tokenizer.encode(whole.text + "\n\n")
            let nats = Generator(model: baseline).nats(of: tokens, after: s.model.tokenizer.encode(prime))
            let base = -nats[from.tokens...].reduce(0, +)
            let count = Double(whole.tokens - from.tokens), own = whole.logLikelihood - from.logLikelihood
            return (whole.text, own / count, own / count + Double(gain) * (own - base) / count)
        }
        // Four seeds whose first candidate writes a speech, and whose likeliest speech is not the one the gain prefers.
        let seeds = try #require((1 ... 300 as ClosedRange<UInt64>).lazy.map { Array($0 ..< $0 + 4) }.first { seeds in
            let drawn = seeds.map(paragraph).filter { kind($0.text + "\n\n") == .speech }
            return kind(paragraph(seeds[0]).text + "\n\n") == .speech
                && drawn.max { $0.likelihood < $1.likelihood }!.text != drawn.max { $0.score < $1.score }!.text
        })
        let speeches = seeds.map(paragraph).filter { kind($0.text + "\n\n") == .speech }
        var ranked = options(240)
        (ranked.rankParagraphs, ranked.rankGain) = (true, gain)
        let out = s.generate(primes: Array(repeating: prime, count: 4), options: ranked, seeds: seeds,
                             constraints: seeds.map { _ in [] }, baseline: baseline)
        #expect(out[0].text.hasPrefix(speeches.max { $0.score < $1.score }!.text + "\n\n"), "\(seeds): \(out[0].text)")
    }

    @Test("the word-list constraint only spells listed words")
    func wordList() {
        let allowed = ["la", "niña", "de", "the", "rain", "he", "said", "nothing", "on", "hacienda", "en"]
        let trie = WordTrie(words: allowed)
        let s = TextSampler(model: Self.model)
        for seed in UInt64(1) ... 5 {
            var o = options(300); o.temperature = 1.2
            let out = s.generate(prime: "\n", options: o, seed: seed, constraints: [WordListConstraint(trie: trie)])
            var words = WordTrie.words(in: out.text)
            if let last = out.text.unicodeScalars.last, isWordScalar(last) { words.removeLast() }   // cut by length
            for w in words { #expect(allowed.contains(w), "seed \(seed): '\(w)' in \(out.text)") }
        }
    }

    @Test("no word mixes a run of capitals with lower case, or has a capital after lower case but inside (McAllister)")
    func wordShapes() {
        func written(_ text: String) -> Bool {
            var shape = WordShapeConstraint()
            for s in text.unicodeScalars {
                guard shape.allows([s]) else { return false }
                shape.append([s])
            }
            return true
        }
        for mixed in ["CONFIsCATE", "FaCTORÍA", "HaRaPIENTO", "CoNFIDANT", "Ella mira la TVa.", "Los DVDs.", "CoN ",
                      "Entra CoN\n", "PRIsS", "McD.", "El animal eXige.", "el teléfonOs"] {
            #expect(!written(mixed), "\(mixed)")
        }
        for fine in ["McAllister y YouTube por WhatsApp.", "Dos TV, tres DVD.", "Grita O'BRIEN.", "O'Connell, O'Hare.",
                     "HEROINE\n¡NO! Sí, AHORA.\n\n", "Entra DOÑA Inés.", "I'm here. (O.S.) (CONT'D)"] {
            #expect(written(fine), "\(fine)")
        }
        #expect(WordShapeConstraint().liftedFirst, "a preference: a loop of capitals may need lower case to end")
    }

    @Test("the no-copy constraint never reproduces a run of K characters from the source")
    func noCopy() {
        let k = 12
        var o = options(400); o.temperature = 0       // greedy would otherwise replay the memorised text
        let s = TextSampler(model: Self.parrotModel)
        let free = s.generate(prime: "hola", options: o, seed: 1)
        #expect(longestSharedRun(free.text, Self.parrot) >= k, "\(free.text)")     // unconstrained, it copies
        let guarded = s.generate(prime: "hola", options: o, seed: 1,
                                 constraints: [NoCopyConstraint(source: Self.parrot, length: k)])
        #expect(longestSharedRun("hola" + guarded.text, Self.parrot) < k, "\(guarded.text)")
    }

    @Test("the no-repeat constraint never writes a run of K characters twice, however sure the model is")
    func noRepeat() {
        let k = 12
        var o = options(300); o.temperature = 0       // greedy on the parrot loops on its sentence
        let s = TextSampler(model: Self.parrotModel)
        let free = s.generate(prime: "hola", options: o, seed: 1)
        #expect(longestRepeatedRun("hola" + free.text) >= k, "\(free.text)")
        let guarded = s.generate(prime: "hola", options: o, seed: 1, constraints: [NoRepeatConstraint(length: k)])
        #expect(guarded.text.count >= 100, "\(guarded.text)")               // it still writes
        #expect(longestRepeatedRun("hola" + guarded.text) < k, "\(guarded.text)")
    }

    @Test("the no-repeat hash agrees with a direct search, within a piece too")
    func noRepeatUnit() {
        var d = NoRepeatConstraint(length: 4)
        d.append(Array("abcdxabc".unicodeScalars))
        #expect(!d.allows(Array("d".unicodeScalars)))        // completes "abcd" a second time
        #expect(d.allows(Array("z".unicodeScalars)))
        var e = NoRepeatConstraint(length: 4)
        e.append(Array("abcd".unicodeScalars))
        #expect(!e.allows(Array("zzabcd".unicodeScalars)))  // "abcd" again, inside a longer piece
        #expect(!e.allows(Array("zqzqzq".unicodeScalars)))  // a run repeated within the piece itself
        #expect(e.allows(Array("zqwe".unicodeScalars)))
    }

    @Test("the no-copy hash agrees with a direct search")
    func noCopyUnit() {
        var d = NoCopyConstraint(source: "abcdefgh", length: 4)
        d.append(Array("zabc".unicodeScalars))
        #expect(!d.allows(Array("d".unicodeScalars)))        // completes "abcd"
        #expect(d.allows(Array("x".unicodeScalars)))
        #expect(!d.allows(Array("x".unicodeScalars + "cdef".unicodeScalars)))   // "cdef" inside a longer piece
        var e = NoCopyConstraint(source: "abcdefgh", length: 4)
        e.append(Array("ab".unicodeScalars))
        #expect(e.allows(Array("c".unicodeScalars)))         // only three characters so far
    }

    @Test("the window table holds exactly what a Set holds: zero, repeats and crowded buckets included")
    func windowTable() {
        var random = SeededRandom(seed: 5)
        var values: [UInt64] = [0, 1, 1 << 63, 0x9E37_79B9_7F4A_7C15]
        // Hashes that differ only in their low bits land in few buckets.
        for _ in 0 ..< 3000 { values.append(random.next() & 0xFFFF_FFFF_0000_0000 | UInt64(values.count % 7)) }
        for _ in 0 ..< 200 { values.append(UInt64(values.count % 13)) }
        values += values.prefix(100)                          // a value given again is held once
        let table = WindowTable(values)
        let set = Set(values)
        #expect(table.count == set.count)
        for v in values { #expect(table.contains(v)) }
        for _ in 0 ..< 3000 {
            let probe = random.next()
            #expect(table.contains(probe) == set.contains(probe))
        }
        for probe in UInt64(0) ..< 40 { #expect(table.contains(probe) == set.contains(probe)) }
        #expect(!WindowTable([]).contains(0) && !WindowTable([]).contains(7) && WindowTable([]).count == 0)
        let one = WindowTable([5, 5])
        #expect(one.count == 1 && one.contains(5) && !one.contains(0))
        // A table of more than a partition's worth of buckets (1,024 partitions, four members a bucket).
        let many = (0 ..< 20_000).map { _ in random.next() }
        let big = WindowTable(many + many.prefix(500))
        #expect(big.count == 20_000 && many.allSatisfy(big.contains))
        #expect((0 ..< 2000).allSatisfy { _ in !big.contains(random.next()) })
    }

    /// The longest run of characters that occurs twice in `a` (the two may overlap).
    func longestRepeatedRun(_ a: String) -> Int {
        let x = Array(a.unicodeScalars)
        var best = 0
        var prev = [Int](repeating: 0, count: x.count + 1)
        for i in 1 ... max(x.count, 1) where !x.isEmpty {
            var cur = [Int](repeating: 0, count: x.count + 1)
            for j in stride(from: i + 1, through: x.count, by: 1) where x[i - 1] == x[j - 1] {
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
            }
            prev = cur
        }
        return best
    }

    func longestSharedRun(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var best = 0
        var prev = [Int](repeating: 0, count: y.count + 1)
        for i in 1 ... max(x.count, 1) where !x.isEmpty {
            var cur = [Int](repeating: 0, count: y.count + 1)
            for j in 1 ... y.count where x[i - 1] == y[j - 1] { cur[j] = prev[j - 1] + 1; best = max(best, cur[j]) }
            prev = cur
        }
        return best
    }
}
