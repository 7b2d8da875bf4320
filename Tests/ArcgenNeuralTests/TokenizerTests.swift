import Testing
@testable import ArcgenNeural

@Suite("Tokenizers")
struct TokenizerTests {
    @Test("characters round-trip Spanish and English exactly", arguments: [Fixtures.spanish, Fixtures.english])
    func charRoundTrip(text: String) {
        let t = CharTokenizer(learningFrom: Fixtures.spanish + Fixtures.english)
        #expect(t.decode(t.encode(text)) == text)
        #expect(t.encode(text).count == text.unicodeScalars.count)
    }

    @Test("accented letters and Spanish punctuation are single tokens in a sorted vocabulary")
    func singleTokens() {
        let t = CharTokenizer(learningFrom: "ñá¿¡“”abc")
        for ch in ["ñ", "á", "¿", "¡", "“", "”"] { #expect(t.encode(ch).count == 1) }
        let values = t.symbols.dropFirst().map { $0.unicodeScalars.first!.value }
        #expect(values == values.sorted())
        #expect(t.symbols[0] == unknownSymbol)
    }

    @Test("decomposed input is read as its composed form")
    func normalization() {
        let t = CharTokenizer(learningFrom: "canción")
        let decomposed = "cancio\u{301}n"
        #expect(t.encode(decomposed) == t.encode("canción"))
        #expect(!t.encode(decomposed).contains(0))
    }

    @Test("unseen characters become the unknown token")
    func unknown() {
        let t = CharTokenizer(learningFrom: "abc")
        #expect(t.encode("aźb") == [t.encode("a")[0], 0, t.encode("b")[0]])
        #expect(t.decode(t.encode("aźb")) == "a\u{FFFD}b")
    }

    @Test("BPE round-trips, shortens the text and survives its spec")
    func bpe() throws {
        let text = String(repeating: Fixtures.spanish + Fixtures.english, count: 4)
        let t = BPETokenizer(learningFrom: text, vocabularySize: 160)
        #expect(t.vocabularySize > CharTokenizer(learningFrom: text).vocabularySize)
        #expect(t.decode(t.encode(text)) == text)
        #expect(t.encode(text).count < text.unicodeScalars.count * 3 / 4)
        let rebuilt = try t.spec.makeTokenizer()
        #expect(rebuilt.encode(Fixtures.spanish) == t.encode(Fixtures.spanish))
        #expect(rebuilt.decode(t.encode(Fixtures.english)) == Fixtures.english)
    }

    @Test("BPE merges stay inside words")
    func bpeChunks() {
        #expect(BPETokenizer.chunks("¡Hola, mundo!") == ["¡", "Hola", ",", " mundo", "!"])
        let t = BPETokenizer(learningFrom: String(repeating: "la casa, la casa. ", count: 20), vocabularySize: 40)
        for s in t.symbols where s.unicodeScalars.count > 1 {
            #expect(!s.contains(",") && !s.contains("."), "merge crossed a word boundary: '\(s)'")
        }
    }
}
