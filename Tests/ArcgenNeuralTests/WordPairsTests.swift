import Testing
@testable import ArcgenNeural

@Suite("Word pairs")
struct WordPairsTests {
    static let text = "La casa roja. la casa de piedra\n= SERVANT casa azul\nHe said: the rain, the rain fell\n"
    static let pairs = WordPairs(text: text)

    /// The constraint after `prefix` was written.
    func after(_ prefix: String) -> WordPairConstraint {
        var c = WordPairConstraint(pairs: Self.pairs)
        c.append(Array(prefix.unicodeScalars))
        return c
    }

    func allows(_ c: WordPairConstraint, _ piece: String) -> Bool { c.allows(Array(piece.unicodeScalars)) }

    @Test("the table holds the pairs with only spaces between, lower-cased, and none from a header line")
    func table() {
        #expect(Self.pairs.contains("la", "casa") && Self.pairs.contains("casa", "roja"))
        #expect(Self.pairs.contains("casa", "de") && Self.pairs.contains("the", "rain"))
        #expect(Self.pairs.contains("he", "said"))
        #expect(!Self.pairs.contains("roja", "la"), "a full stop stands between them")
        #expect(!Self.pairs.contains("said", "the") && !Self.pairs.contains("rain", "the"), "a colon, a comma")
        #expect(!Self.pairs.contains("casa", "azul") && !Self.pairs.contains("servant", "casa"), "a header line")
        #expect(!Self.pairs.contains("fell", "he"), "a line break")
        #expect(Self.pairs.wordCount == 10 && Self.pairs.pairCount == 7)
    }

    @Test("a word after another must be one of its followers, letter by letter, and may end only on one")
    func constraint() {
        let la = after("la ")
        #expect(allows(la, "c") && allows(la, "C") && !allows(la, "r") && !allows(la, "d"))
        #expect(allows(after("la cas"), "a") && !allows(after("la cas"), "o"))
        #expect(!allows(after("la ca"), " ") && !allows(after("la ca"), "."), "'ca' is no follower of 'la'")
        #expect(allows(after("la casa"), " ") && allows(after("la casa "), "r") && !allows(after("la casa "), "l"))
        #expect(allows(after("la casa"), " roja") && !allows(after("la casa"), " rain"))
        // Anything but spaces between two words frees the second, and a first word is free.
        #expect(allows(after("la casa."), " rain") && allows(after("la casa, "), "the") && allows(after("x "), "y"))
        #expect(allows(after("la casa\n"), "rain") && allows(after(""), "piedra"))
    }

    @Test("a free word (a plan word) may follow any word; its own followers hold the word after it")
    func freeWords() {
        var c = WordPairConstraint(pairs: Self.pairs, free: ["Piedra", "azul"])
        c.append(Array("la ".unicodeScalars))
        #expect(allows(c, "piedra") && allows(c, "azul ") && allows(c, "casa") && !allows(c, "pie ") && !allows(c, "r"))
        #expect(allows(c, "piedra. rain") && !allows(c, "piedra rain") && !allows(c, "piedras "))
    }

    @Test("a word free once breaks the pairs once, then is held; where they hold it, or in a prime, it spends nothing")
    func freeOnce() {
        var c = WordPairConstraint(pairs: Self.pairs, free: ["piedra", "pie", "azul"], freeOnce: true)
        c.prime(Array("= casa azul. la piedra\n\nla ".unicodeScalars))  // each after a word it never followed
        #expect(allows(c, "azul ") && allows(c, "piedra "), "the prime spent nothing")
        c.append(Array("casa de piedra. la ".unicodeScalars))             // "de piedra" stood so: nothing spent
        #expect(allows(c, "piedra ") && allows(c, "pie "))
        c.append(Array("piedra. la ".unicodeScalars))                     // spent after "la"
        #expect(!allows(c, "piedra ") && allows(c, "pie ") && allows(c, "azul "))
        #expect(allows(c, "pi") && !allows(c, "pied"), "only its spent word begins so")
        c.append(Array("casa de ".unicodeScalars))
        #expect(allows(c, "piedra "), "held, it still follows the words it followed in the corpus")
        var always = WordPairConstraint(pairs: Self.pairs, free: ["piedra"])
        always.append(Array("la piedra. la ".unicodeScalars))
        #expect(allows(always, "piedra "))
    }

    @Test("the pairs and the triples are preferences, and a prime spends none of their free words")
    func sharedShell() {
        let triples = WordTriples(text: Self.text, pairs: Self.pairs)
        let made: [any GenerationConstraint] = [
            WordPairConstraint(pairs: Self.pairs, free: ["piedra"], freeOnce: true),
            WordTripleConstraint(triples: triples, free: ["piedra"], freeOnce: true),
        ]
        // "la casa" is followed by "roja" and "de" in the text: "piedra" after it breaks both rules.
        for var c in made {
            #expect(c.liftedFirst, "\(type(of: c)) gives way before the firm rules")
            var written = c
            c.prime(Array("la casa piedra. ".unicodeScalars))
            c.append(Array("la casa ".unicodeScalars))
            #expect(c.allows(Array("piedra ".unicodeScalars)), "\(type(of: c)): the prime spent its free word")
            written.append(Array("la casa piedra. la casa ".unicodeScalars))
            #expect(!written.allows(Array("piedra ".unicodeScalars)), "\(type(of: c)): written, the word is spent")
        }
    }

    @Test("free once, a word that broke the pairs must be followed as the corpus has: no two breaks in a row")
    func noBreakAfterBreak() {
        func once() -> WordPairConstraint {
            WordPairConstraint(pairs: Self.pairs, free: ["piedra", "azul"], freeOnce: true)
        }
        var c = once()
        c.append(Array("la piedra ".unicodeScalars))                      // broke: "la" never preceded "piedra"
        #expect(!allows(c, "azul ") && !allows(c, "az"), "a second break straight after the first")
        #expect(allows(c, ", azul ") && allows(c, ". azul "), "anything but spaces frees the next word, as ever")
        // A break by a word the corpus has followers of: those may follow it, a free word may not.
        var known = WordPairConstraint(pairs: Self.pairs, free: ["casa", "azul"], freeOnce: true)
        known.append(Array("de piedra casa ".unicodeScalars))              // "piedra casa": a break by "casa"
        #expect(allows(known, "roja ") && allows(known, "de ") && !allows(known, "azul "))
        c = once()
        c.append(Array("casa de piedra ".unicodeScalars))                 // "de piedra" stood so: no break
        #expect(allows(c, "azul "))
        var always = WordPairConstraint(pairs: Self.pairs, free: ["piedra", "azul"])
        always.append(Array("la piedra ".unicodeScalars))
        #expect(allows(always, "azul "), "always free, as before")
    }

    @Test("free words that begin one another, come twice, or hold a letter that lower-cases to two scalars")
    func freeWordEdges() {
        var c = WordPairConstraint(pairs: Self.pairs, free: ["piedra", "pie", "Pie", "İstanbul", "zorro"])
        c.append(Array("la ".unicodeScalars))
        #expect(allows(c, "pie ") && allows(c, "Piedra ") && !allows(c, "pied ") && !allows(c, "pi "))
        #expect(allows(c, "İstanbul ") && !allows(c, "istanbul "))
        // A free word the table lacks, then a letter that leaves it: refused there, not at the word's end.
        #expect(allows(c, "zorro ") && allows(c, "zor") && !allows(c, "zoa") && !allows(c, "zor "))
    }

    @Test("a word the table does not know is let through and frees the word after it")
    func unknownWords() {
        #expect(allows(after("zorro"), " rain") && allows(after("the "), "r") && !allows(after("the "), "z"))
        var primed = WordPairConstraint(pairs: Self.pairs)
        primed.append(Array("la zo".unicodeScalars))            // priming text the table refuses
        #expect(primed.allows(Array("rro rain".unicodeScalars)))
    }

    @Test("a draw held to the word list and the pairs writes only pairs of the table; held to the list alone, not")
    func sampled() {
        let text = SamplingTests.text
        let table = WordPairs(text: text), list = WordTrie(words: WordTrie.words(in: text))
        let sampler = TextSampler(model: SamplingTests.model)
        var options = SamplingOptions()
        options.maxCharacters = 400
        options.temperature = 1.2
        var unheld = 0
        for seed in UInt64(1) ... 4 {
            let held = sampler.generate(prime: "\n", options: options, seed: seed,
                                        constraints: [WordListConstraint(trie: list), WordPairConstraint(pairs: table)])
            let free = sampler.generate(prime: "\n", options: options, seed: seed,
                                        constraints: [WordListConstraint(trie: list)])
            #expect(held.relaxedSteps == 0)
            #expect(strangers(in: held.text, table).isEmpty, "seed \(seed): \(held.text)")
            unheld += strangers(in: free.text, table).count
        }
        #expect(unheld > 0, "the model writes unknown pairs by itself")
    }

    /// Allows only the letters given; a preference (`liftedFirst`) or not.
    struct Only: GenerationConstraint {
        let letters: Set<Unicode.Scalar>
        var liftedFirst = false
        func allows(_ piece: [Unicode.Scalar]) -> Bool { piece.allSatisfy(letters.contains) }
        mutating func append(_ piece: [Unicode.Scalar]) {}
    }

    @Test("where the constraints refuse every token, the preferences give way first and the others hold")
    func preferencesGiveWay() {
        let sampler = TextSampler(model: SamplingTests.model)
        for temperature: Float in [0, 0.9] {
            var options = SamplingOptions()
            options.maxCharacters = 30
            options.temperature = temperature
            let firm = Only(letters: ["a"]), preference = Only(letters: ["e"], liftedFirst: true)
            let out = sampler.generate(prime: "\n", options: options, seed: 3, constraints: [preference, firm])
            #expect(out.text == String(repeating: "a", count: 30) && out.relaxedSteps == 30, "\(out.text)")
            // Two firm rules that refuse everything are both lifted: the model's own choice.
            let lifted = sampler.generate(prime: "\n", options: options, seed: 3,
                                          constraints: [Only(letters: ["e"]), firm])
            #expect(lifted.text != out.text && lifted.relaxedSteps == 30)
        }
    }

    @Test("preferences give way one at a time, the last of the list first")
    func preferencesInTurn() {
        let sampler = TextSampler(model: SamplingTests.model)
        var options = SamplingOptions()
        options.maxCharacters = 20
        // Together they refuse everything; without the last preference, `a` keeps the rest.
        for (first, second): (Unicode.Scalar, Unicode.Scalar) in [("a", "e"), ("e", "a")] {
            let constraints: [any GenerationConstraint] = [Only(letters: [first], liftedFirst: true),
                                                           Only(letters: [second], liftedFirst: true),
                                                           Only(letters: ["a", "e"])]
            let out = sampler.generate(prime: "\n", options: options, seed: 5, constraints: constraints)
            #expect(out.text == String(repeating: String(first), count: 20) && out.relaxedSteps == 20)
        }
    }

    /// The pairs of `text` (its last word left out: the length may have cut it) that `table` does not hold.
    func strangers(in text: String, _ table: WordPairs) -> [String] {
        let kept = text.unicodeScalars.reversed().drop(while: isWordScalar).reversed()
        let whole = String(String.UnicodeScalarView(kept))
        let drawn = WordPairs(text: whole)
        var out: [String] = []
        for a in drawn.words.indices {
            for b in drawn.followers[drawn.offsets[a] ..< drawn.offsets[a + 1]] {
                let (first, second) = (String(drawn.words[a]), String(drawn.words[Int(b)]))
                if !table.contains(first, second) { out.append(first + " " + second) }
            }
        }
        return out
    }
}

private extension String {
    init(_ scalars: [UInt32]) { self.init(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))) }
}
