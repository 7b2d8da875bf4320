import Testing
@testable import ArcgenCorpus

@Suite("held-out split")
struct SplitTests {
    /// `count` synthetic scenes per (tag, language).
    static func scenes(_ groups: [(tag: String, lang: String, count: Int)]) -> [CorpusScene] {
        var line = 0
        return groups.flatMap { group in
            (0 ..< group.count).map { _ in
                line += 10
                return CorpusScene(file: "x.fountain", line: line, heading: "INT. X - DÍA",
                                   tags: [group.tag, "secret"], lang: group.lang, cast: [:], castOrder: [],
                                   synopsis: "", elements: [], sourceBytes: 0)
            }
        }
    }

    static let corpus = scenes([("encounter", "es", 10), ("encounter", "en", 10), ("wedding", "es", 5),
                                ("wedding", "en", 1)])

    @Test("every tag holds out both languages, by whole scenes, in corpus order")
    func stratified() {
        let split = Corpus.split(scenes: Self.corpus, heldOutFraction: 0.2, seed: 7)
        func count(_ scenes: [CorpusScene], _ tag: String, _ lang: String) -> Int {
            scenes.filter { $0.mainTag == tag && $0.lang == lang }.count
        }
        #expect(count(split.heldOut, "encounter", "es") == 2 && count(split.heldOut, "encounter", "en") == 2)
        #expect(count(split.heldOut, "wedding", "es") == 1)
        #expect(count(split.heldOut, "wedding", "en") == 0)   // a group of one stays in training
        #expect(split.training.count + split.heldOut.count == Self.corpus.count)
        #expect(Set(split.training.map(\.line)).isDisjoint(with: split.heldOut.map(\.line)))
        #expect(split.heldOut.map(\.line) == split.heldOut.map(\.line).sorted())
        #expect(split.training.map(\.line) == split.training.map(\.line).sorted())
    }

    @Test("the same seed gives the same split; another seed another one")
    func deterministic() {
        let a = Corpus.split(scenes: Self.corpus, heldOutFraction: 0.3, seed: 1).heldOut.map(\.line)
        let b = Corpus.split(scenes: Self.corpus, heldOutFraction: 0.3, seed: 1).heldOut.map(\.line)
        let others = (2 ... 6).map {
            Corpus.split(scenes: Self.corpus, heldOutFraction: 0.3, seed: UInt64($0)).heldOut.map(\.line)
        }
        #expect(a == b)
        #expect(others.contains { $0 != a })
    }

    @Test("a fraction of zero holds nothing out")
    func zero() {
        #expect(Corpus.split(scenes: Self.corpus, heldOutFraction: 0, seed: 1).heldOut.isEmpty)
    }

    @Test("a training share keeps a nested part of each group's training scenes and the same held-out scenes")
    func trainingShare() {
        let split = Corpus.split(scenes: Self.corpus, heldOutFraction: 0.2, seed: 3)
        let quarter = split.keepingTrainingShare(0.25, seed: 3), half = split.keepingTrainingShare(0.5, seed: 3)
        func count(_ scenes: [CorpusScene], _ tag: String, _ lang: String) -> Int {
            scenes.filter { $0.mainTag == tag && $0.lang == lang }.count
        }
        #expect(count(half.training, "encounter", "es") == 4 && count(quarter.training, "encounter", "es") == 2)
        #expect(count(quarter.training, "wedding", "en") == 1)  // at least one scene of every group
        #expect(Set(quarter.training.map(\.line)).isSubset(of: half.training.map(\.line)))
        #expect(Set(half.training.map(\.line)).isSubset(of: split.training.map(\.line)))
        #expect(half.heldOut.map(\.line) == split.heldOut.map(\.line))
        #expect(half.training.map(\.line) == half.training.map(\.line).sorted())
        #expect(split.keepingTrainingShare(1, seed: 3).training.map(\.line) == split.training.map(\.line))
        #expect(split.keepingTrainingShare(0.5, seed: 3).training.map(\.line) == half.training.map(\.line))
        let others = (4 ... 8).map { split.keepingTrainingShare(0.5, seed: UInt64($0)).training.map(\.line) }
        #expect(others.contains { $0 != half.training.map(\.line) })
    }
}
