import Testing
@testable import ArcgenNeural

@Suite("Word pull")
struct WordPullTests {
    static let pieces: [[Unicode.Scalar]] = ["<unk>", " ", "\n", "a", "b", "c", "h", "o", "r", "l", "C", "H", "."]
        .map { Array($0.unicodeScalars) }

    /// The tokens `pull` raises above a flat row, as their strings.
    static func pulled(_ pull: WordPull) -> Set<String> {
        var logits = [Float](repeating: 0, count: pieces.count)
        pull.apply(to: &logits, pieces: pieces)
        return Set(pieces.indices.filter { logits[$0] > 0 }.map { String(String.UnicodeScalarView(pieces[$0])) })
    }

    static func written(_ pull: WordPull, _ text: String) -> WordPull {
        var p = pull
        p.append(Array(text.unicodeScalars))
        return p
    }

    @Test("once a word begins like a plan word, its next letters are pulled; a first letter never is")
    func pullsAlongTheWord() {
        let pull = WordPull(words: ["hola", "Cabo", "hoja"], strength: 1.5)
        #expect(Self.pulled(pull).isEmpty)
        #expect(Self.pulled(Self.written(pull, "H")) == ["o"])
        #expect(Self.pulled(Self.written(pull, "Ho")) == ["l"])
        #expect(Self.pulled(Self.written(pull, "¿C")) == ["a"])
        // Inside another word nothing is pulled, nor after it until a word begins like a plan word again.
        #expect(Self.pulled(Self.written(pull, "ra")).isEmpty)
        #expect(Self.pulled(Self.written(pull, "ra c")) == ["a"])
        // A word written whole ends the pull towards it; a longer word that starts like it does not.
        #expect(Self.pulled(Self.written(pull, "Hola. ho")).isEmpty)
        #expect(Self.pulled(Self.written(pull, "holar ho")) == ["l"])
        // At the end of the word, its end is not pulled (a space is what the model chooses).
        #expect(Self.pulled(Self.written(pull, "hola")).isEmpty)
        #expect(!Self.written(pull, "Hola cabo.").isDone && Self.written(pull, "Hola cabo hoja").isDone == false)
        #expect(Self.written(pull, "Hola cabo hoja.").isDone)
    }

    @Test("strength 0 or no words pulls nothing; a refused token stays refused")
    func noPull() {
        #expect(Self.pulled(WordPull(words: ["hola"], strength: 0)).isEmpty)
        #expect(Self.pulled(WordPull(words: ["a", ""], strength: 2)).isEmpty)
        // A word with anything but letters is left out: this pull's word ends would never match it.
        #expect(WordPull(words: ["ex-novio", "don't"], strength: 2).isDone)
        var logits = [Float](repeating: 0, count: Self.pieces.count)
        logits[7] = -.infinity
        Self.written(WordPull(words: ["hola", "hoja"], strength: 2), "h").apply(to: &logits, pieces: Self.pieces)
        #expect(logits[7] == -.infinity && logits.filter { $0 == 2 }.isEmpty)
        logits[7] = 0
        Self.written(WordPull(words: ["hola"], strength: 2), "h").apply(to: &logits, pieces: Self.pieces)
        #expect(logits[7] == 2)
    }

    @Test("a multi-letter piece is pulled when it carries the word on, or ends it and starts no other word")
    func pieces() {
        #expect(WordPull.continues(Array("hola".unicodeScalars), from: 1, with: Array("ol".unicodeScalars)))
        #expect(WordPull.continues(Array("hola".unicodeScalars), from: 2, with: Array("la ".unicodeScalars)))
        #expect(!WordPull.continues(Array("hola".unicodeScalars), from: 2, with: Array("las".unicodeScalars)))
        #expect(!WordPull.continues(Array("hola".unicodeScalars), from: 0, with: Array("ha".unicodeScalars)))
    }

    @Test("on a tiny model, a pull writes its words sooner (each is pulled until written once); same seed, same text")
    func pullsSamples() throws {
        let text = String(repeating: "la casa es roja. el gato come pan. la luna sale. ", count: 30)
        let model = try Fixtures.tinyModel(text: text, updates: 150)
        let sampler = TextSampler(model: model)
        var options = SamplingOptions()
        options.maxCharacters = 24
        options.temperature = 1
        let seeds: [UInt64] = Array(1 ... 16)
        func draws(_ strength: Float) -> [String] {
            let pulls = seeds.map { _ in WordPull(words: ["gato", "luna"], strength: strength) }
            return sampler.generate(primes: Array(repeating: "la ", count: seeds.count), options: options,
                                    seeds: seeds, constraints: seeds.map { _ in [] }, pulls: pulls).map(\.text)
        }
        func written(_ texts: [String]) -> Int {
            texts.map { t in ["gato", "luna"].filter { t.contains($0) }.count }.reduce(0, +)
        }
        let none = written(draws(0)), pulled = written(draws(3))
        #expect(pulled > none, "\(pulled) against \(none) of \(2 * seeds.count)")
        #expect(draws(3) == draws(3))
    }

    @Test("a side set pulls with its own strength, is not counted in the written share, and ends once written")
    func sideWords() {
        let pull = WordPull(words: ["hola"], strength: 2, alsoPulling: ["horca", "Cabo", "hola"], at: 0.5)
        #expect(pull.sidePending.count == 2)
        var logits = [Float](repeating: 0, count: Self.pieces.count)
        Self.written(pull, "ho").apply(to: &logits, pieces: Self.pieces)
        // "l" carries the plan's "hola" on (2), "r" the side set's "horca" (0.5).
        #expect(logits[9] == 2 && logits[8] == 0.5 && logits.filter { $0 != 0 }.count == 2)
        #expect(Self.pulled(Self.written(pull, "ca")) == ["b"])
        let wrote = Self.written(pull, "Cabo horca ")
        #expect(wrote.writtenShare == 0 && Self.pulled(Self.written(wrote, "c")).isEmpty && !wrote.isDone)
        #expect(Self.written(pull, "hola ").writtenShare == 1)
        #expect(Self.written(wrote, "hola ").isDone)
        // A side strength of 0 keeps no side words.
        #expect(WordPull(words: ["hola"], strength: 1, alsoPulling: ["cabo"], at: 0).sidePending.isEmpty)
    }
}
