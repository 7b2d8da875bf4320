import Testing
import ArcgenSupport

@Suite("Suggestions")
struct SuggestionsTests {
    @Test("did-you-mean finds typos, transpositions and prefixes, and stays quiet for nonsense")
    func closest() {
        let tags = ["encounter", "false-death", "lost-relative"]
        #expect(Suggestions.closest(to: "encountr", in: tags) == "encounter")
        #expect(Suggestions.closest(to: "encuonter", in: tags) == "encounter")
        #expect(Suggestions.closest(to: "False_Death", in: tags) == "false-death")
        #expect(Suggestions.closest(to: "lost", in: tags) == "lost-relative")
        #expect(Suggestions.closest(to: "zzz", in: tags) == nil)
        #expect(Suggestions.closest(to: "", in: tags) == nil)
        #expect(Suggestions.closest(to: "--mod", in: ["--model", "--models", "--seed"]) == "--model")
        #expect(Suggestions.didYouMean("sead", in: ["seed"]) == "; did you mean 'seed'?")
    }
}
