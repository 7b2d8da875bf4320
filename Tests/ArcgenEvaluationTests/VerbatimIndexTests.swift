import ArcgenSupport
import Testing
@testable import ArcgenEvaluation

@Suite("Verbatim index and copy figures")
struct VerbatimIndexTests {
    @Test("A hand-checked run: ' cat sat on the ' is the longest copy")
    func knownRun() throws {
        let index = try VerbatimIndex(corpus: ["the cat sat on the mat"])
        let run = index.longestSharedRun(with: "a cat sat on the hat")
        #expect(run.length == 16)
        #expect(run.range == 1..<17)
        #expect(run.text == " cat sat on the ")
    }

    @Test("Runs never span two corpus texts, and unknown scalars break a run")
    func separators() throws {
        let index = try VerbatimIndex(corpus: ["abc", "def"])
        #expect(index.longestSharedRun(with: "abcdef").length == 3)
        #expect(index.longestSharedRun(with: "ab€c").length == 2)
        #expect(index.longestSharedRun(with: "xyz").length == 0)
        #expect(index.longestSharedRun(with: "").range == 0..<0)
        #expect(throws: EvaluationError.emptyText(what: "verbatim index")) { try VerbatimIndex(corpus: ["", ""]) }
    }

    @Test("Agrees with brute-force longest common substring on random strings", arguments: [1, 2, 3])
    func bruteForce(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let alphabet: [Character] = ["a", "b", "c"]
        func word(_ n: Int) -> String { String((0..<n).map { _ in alphabet[random.nextInt(below: 3)] }) }
        for _ in 0..<60 {
            let corpus = (0..<(1 + random.nextInt(below: 3))).map { _ in word(1 + random.nextInt(below: 25)) }
            let sample = Array(word(random.nextInt(below: 30)))
            let index = try VerbatimIndex(corpus: corpus)
            var best = 0
            var bestStart = 0
            for start in sample.indices {
                for end in stride(from: sample.count, to: start + best, by: -1)
                where corpus.contains(where: { $0.contains(String(sample[start..<end])) }) {
                    best = end - start
                    bestStart = start
                    break
                }
            }
            let run = index.longestSharedRun(with: String(sample))
            #expect(run.length == best, "corpus \(corpus), sample \(String(sample))")
            #expect(run.range == bestStart..<(bestStart + best), "corpus \(corpus), sample \(String(sample))")
        }
    }

    @Test("Automaton stays within the 2n states and 3n transitions bounds")
    func bounds() throws {
        var random = SeededRandom(seed: 9)
        let text = String((0..<2000).map { _ in Character(Unicode.Scalar(97 + random.nextInt(below: 4))!) })
        let index = try VerbatimIndex(corpus: [text])
        #expect(index.stateCount <= 2 * text.count)
        #expect(index.transitionCount <= 3 * text.count)
        #expect(index.longestSharedRun(with: String(text.dropFirst(500).prefix(300))).length == 300)
    }

    @Test("Copy figures: share at the threshold, max, mean and median")
    func figures() throws {
        let index = try VerbatimIndex(corpus: ["the cat sat on the mat"])
        let copy = index.copyRate(samples: ["a cat sat on the hat", "zzz", "the mat"], threshold: 16)
        #expect(copy.runs == [16, 0, 7])
        #expect(copy.atOrAbove == 1)
        #expect(copy.share == 1.0 / 3.0)
        #expect(copy.max == 16)
        #expect(copy.mean == 23.0 / 3.0)
        #expect(copy.median == 7)
        #expect(CopyFigures(runs: [1, 4, 2, 40]).median == 3)
        #expect(CopyFigures(runs: [1, 4, 2, 40]).share == 0.25)
        #expect(CopyFigures(runs: []).share == 0)
    }
}
