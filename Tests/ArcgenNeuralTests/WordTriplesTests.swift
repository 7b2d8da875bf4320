import ArcgenSupport
import Testing
@testable import ArcgenNeural

@Suite("Word triples")
struct WordTriplesTests {
    static let text = "la casa roja\nla casa de piedra\nLa casa azul. mi casa vieja\n"
        + "el perro de piedra\nel perro come\n= la casa grande\n"
    static let triples = WordTriples(text: text, pairs: WordPairs(text: text))

    /// The constraint (holding after pairs with `minimum` choices) after `prefix` was written.
    func after(_ prefix: String, minimum: Int = 2, free: [String] = []) -> WordTripleConstraint {
        var c = WordTripleConstraint(triples: Self.triples, minimumChoices: minimum, free: free)
        c.append(Array(prefix.unicodeScalars))
        return c
    }

    func allows(_ c: WordTripleConstraint, _ piece: String) -> Bool { c.allows(Array(piece.unicodeScalars)) }

    @Test("the table holds the triples with only spaces between, lower-cased, and none from a header line")
    func table() {
        let t = Self.triples
        #expect(t.contains("la", "casa", "roja") && t.contains("la", "casa", "de") && t.contains("la", "casa", "azul"))
        #expect(t.contains("casa", "de", "piedra") && t.contains("el", "perro", "come"))
        #expect(!t.contains("la", "casa", "vieja") && !t.contains("la", "casa", "grande"), "another pair; a header")
        #expect(!t.contains("azul", "mi", "casa"), "a full stop stands between")
        #expect(t.choices(after: "la", "casa") == 3 && t.choices(after: "el", "perro") == 2)
        #expect(t.choices(after: "mi", "casa") == 1 && t.choices(after: "casa", "vieja") == 0)
        #expect(t.tripleCount == 8)
        // Over pairs of another text, a word they do not know breaks the run.
        let other = WordTriples(text: "a b x c d", pairs: WordPairs(text: "a b xc d"))
        #expect(!other.contains("a", "b", "xc") && other.tripleCount == 0)
    }

    @Test("the tables read back as written; offsets that do not cut their values, or values past the words: refused")
    func stored() throws {
        var writer = BinaryWriter()
        Self.triples.pairs.write(to: &writer)
        Self.triples.write(to: &writer)
        var reader = BinaryReader(bytes: writer.bytes, what: "tables")
        let pairs = try #require(try WordPairs.read(from: &reader))
        let triples = try #require(try WordTriples.read(from: &reader, pairs: pairs))
        #expect(pairs == Self.triples.pairs && triples == Self.triples && reader.remaining == 0)
        #expect(triples.contains("la", "casa", "azul") && !triples.contains("la", "casa", "vieja"))
        let words = Self.triples.pairs.wordCount
        #expect(WordPairs.fitted(offsets: [0, 1, 2], values: [1, 0], within: words, keys: 2))
        #expect(!WordPairs.fitted(offsets: [0, 1, 3], values: [1, 0], within: words, keys: 2), "past the values")
        #expect(!WordPairs.fitted(offsets: [0, 2, 1, 2], values: [1, 0], within: words, keys: 3), "backwards")
        #expect(!WordPairs.fitted(offsets: [0, 2], values: [1, Int32(words)], within: words, keys: 1), "no such word")
        #expect(!WordPairs.fitted(offsets: [0, 2], values: [1, 0], within: words, keys: 2), "too few offsets")
        // Triples stored over other pairs do not fit them.
        var other = BinaryReader(bytes: writer.bytes, what: "tables")
        _ = try WordPairs.read(from: &other)
        #expect(try WordTriples.read(from: &other, pairs: WordPairs(text: "una casa")) == nil)
    }

    @Test("after a pair the corpus follows with two words or more, the third must be one of them, letter by letter")
    func constraint() {
        let laCasa = after("la casa ")
        #expect(allows(laCasa, "roja") && allows(laCasa, "de ") && allows(laCasa, "azul."))
        #expect(!allows(laCasa, "v") && !allows(laCasa, "vieja "), "a pair of the table, not a triple after 'la'")
        #expect(allows(after("el perro "), "come") && allows(after("el perro "), "de piedra"))
        // A pair followed by one word only does not hold the next: the pairs alone do.
        #expect(allows(after("mi casa "), "roja") && allows(after("casa de "), "piedra"))
        #expect(allows(after("mi casa ", minimum: 1), "vieja") && !allows(after("mi casa ", minimum: 1), "roja"))
        // Anything but spaces frees the next words; an unknown word frees the one after it.
        #expect(allows(after("la casa, "), "vieja") && allows(after("la casa.\n"), "vieja"))
        #expect(allows(after("zorro casa "), "vieja") && allows(after("la zorro "), "vieja"))
    }

    @Test("a free word (a plan word) may follow any pair")
    func freeWords() {
        let c = after("la casa ", free: ["vieja", "grande"])
        #expect(allows(c, "vieja ") && allows(c, "grande") && !allows(c, "vie ") && !allows(c, "p"))
        var once = WordTripleConstraint(triples: Self.triples, free: ["vieja"], freeOnce: true)
        once.prime(Array("la casa vieja. la casa ".unicodeScalars))
        #expect(allows(once, "vieja "), "the prime spent nothing")
        once.append(Array("vieja. la casa ".unicodeScalars))
        #expect(!allows(once, "vieja ") && allows(once, "roja "), "spent after 'la casa', where the triples hold")
        var attested = WordTripleConstraint(triples: Self.triples, free: ["azul"], freeOnce: true)
        attested.append(Array("la casa azul. el perro ".unicodeScalars))
        #expect(allows(attested, "azul "), "'la casa azul' stood so: nothing spent")
        attested.append(Array("azul. el perro ".unicodeScalars))
        #expect(!allows(attested, "azul "), "spent after 'el perro'")
    }

    @Test("a draw held to the triples writes only triples of the table where they hold; held to the pairs, others")
    func sampled() {
        let text = SamplingTests.text
        let pairs = WordPairs(text: text), triples = WordTriples(text: text, pairs: pairs)
        let list = WordTrie(words: WordTrie.words(in: text))
        let sampler = TextSampler(model: SamplingTests.model)
        var options = SamplingOptions()
        options.maxCharacters = 400
        options.temperature = 1.2
        var paired = 0
        for seed in UInt64(1) ... 4 {
            let base: [any GenerationConstraint] = [WordListConstraint(trie: list), WordPairConstraint(pairs: pairs)]
            let held = sampler.generate(prime: "\n", options: options, seed: seed,
                                        constraints: base + [WordTripleConstraint(triples: triples, minimumChoices: 1)])
            let free = sampler.generate(prime: "\n", options: options, seed: seed, constraints: base)
            #expect(held.relaxedSteps == 0)
            #expect(strangers(in: held.text, triples).isEmpty, "seed \(seed): \(held.text)")
            paired += strangers(in: free.text, triples).count
        }
        #expect(paired > 0, "held to the pairs alone, the model writes triples the table lacks")
    }

    /// The triples of `text` (its last word left out) after a pair of the table, that the table does not hold. (The
    /// tiny corpus follows few pairs with two words: the draw holds every triple, `minimumChoices` 1.)
    func strangers(in text: String, _ triples: WordTriples) -> [String] {
        var out: [String] = [], run: [String] = [], word = ""
        func endWord() {
            guard !word.isEmpty else { return }
            run.append(word.lowercased())
            word = ""
            guard run.count >= 3 else { return }
            let (a, b, c) = (run[run.count - 3], run[run.count - 2], run[run.count - 1])
            if triples.choices(after: a, b) >= 1 && !triples.contains(a, b, c) { out.append("\(a) \(b) \(c)") }
        }
        for s in text.unicodeScalars {
            if isWordScalar(s) {
                word.unicodeScalars.append(s)
            } else {
                endWord()
                if s != " " { run = [] }
            }
        }
        return out
    }
}
