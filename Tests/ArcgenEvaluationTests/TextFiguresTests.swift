import Foundation
import Testing
@testable import ArcgenEvaluation

@Suite("Unigram baseline, word validity, diversity")
struct TextFiguresTests {
    /// Plain texts without cues.
    static let words = Words(roleCues: [])

    @Test("Unigram bits/char by hand: 'aab' gives P(a) = 3/6, P(b) = 2/6, P(unseen) = 1/6")
    func unigram() throws {
        let model = try UnigramBaseline(training: "aab")
        #expect(model.alphabetSize == 3)
        #expect(abs(model.bitsPerCharacter(on: "ab") - (1 + log2(3.0)) / 2) < 1e-12)
        #expect(abs(model.bitsPerCharacter(on: "c") - log2(6.0)) < 1e-12)
        #expect(abs(model.bitsPerCharacter(on: ["ab", "c"]) - (1 + log2(3.0) + log2(6.0)) / 3) < 1e-12)
        #expect(model.bitsPerCharacter(on: "") == 0)
    }

    @Test("Unigram over a fixed alphabet smooths over that alphabet")
    func unigramAlphabet() throws {
        let model = try UnigramBaseline(training: "aab", alphabet: ["a", "b", "c", "d"])
        #expect(model.alphabetSize == 4)
        #expect(abs(model.bitsPerCharacter(on: "a") - log2(7.0 / 3.0)) < 1e-12)
        #expect(abs(model.bitsPerCharacter(on: "d") - log2(7.0)) < 1e-12)
        #expect(throws: EvaluationError.emptyText(what: "unigram baseline")) { try UnigramBaseline(training: "") }
    }

    @Test("Word validity counts sample words found in the corpus vocabulary")
    func validity() {
        let validity = WordValidity(corpus: ["El gato duerme.", "The cat sleeps"], words: Self.words, scenes: false)
        let figures = validity.measure(["el gato ladra", "the dog sleeps, {heroine}"], scenes: false)
        #expect(figures.valid == 4)
        #expect(figures.total == 6)
        #expect(figures.share == 4.0 / 6.0)
        #expect(figures.commonInvalid.map(\.word) == ["dog", "ladra"])
        #expect(validity.measure([], scenes: false).share == 1)
    }

    @Test("Distinct-1 and distinct-2 by hand; pairs never span two texts")
    func distinct() {
        let figures = Diversity.measure(["a b a b", "c a"], words: Self.words, scenes: false)
        #expect(figures.distinct1 == 3.0 / 6.0)
        #expect(figures.distinct2 == 3.0 / 4.0)
        let cut = Diversity.measure(["a b a b", "c a"], words: Self.words, scenes: false, wordLimit: 3)
        #expect(cut.totalUnigrams == 3)
        #expect(cut.distinct1 == 2.0 / 3.0)
        #expect(cut.distinct2 == 1)
    }

    @Test("Repeated-line rate by hand, with and without short lines")
    func repeatedLines() {
        let texts = ["hello there\nNo.\nhello   there\nsomething else", "something else\nunique line"]
        let long = Diversity.measure(texts, words: Self.words, scenes: false, shortLineLength: 3)
        #expect(long.countedLines == 5)
        #expect(long.repeatedLines == 4)
        #expect(long.repeatedLineRate == 0.8)
        let all = Diversity.measure(texts, words: Self.words, scenes: false, shortLineLength: 2)
        #expect(all.repeatedLineRate == 4.0 / 6.0)
    }

    @Test("Comparable figures cut samples and reference to the same size")
    func comparable() {
        let (samples, reference) = Diversity.comparable(
            samples: ["one two three four five six"], reference: ["one one one"], words: Self.words, scenes: false,
            shortLineLength: 0)
        #expect(samples.totalUnigrams == 3)
        #expect(reference.totalUnigrams == 3)
        #expect(samples.distinct1 == 1)
        #expect(reference.distinct1 == 1.0 / 3.0)
        #expect(samples.countedLines == 1 && reference.countedLines == 1)
    }
}
