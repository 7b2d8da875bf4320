import Testing
@testable import ArcgenEvaluation

@Suite("Cross-validation")
struct CrossValidationTests {
    /// Three strata of uneven size, 7 + 10 + 13 = 30 examples, in an interleaved order.
    static let strata: [String] = (0 ..< 30).map { i in i % 3 == 0 && i < 21 ? "a" : (i % 3 == 1 ? "b" : "c") }

    @Test("Folds partition the examples, every stratum is spread within one, and fold sizes differ by at most one",
          arguments: [2, 3, 5, 7])
    func partition(folds: Int) {
        let assignment = CrossValidation.stratifiedFolds(strata: Self.strata, folds: folds, seed: 3)
        #expect(assignment.count == Self.strata.count)
        #expect(assignment.allSatisfy { (0 ..< folds).contains($0) })
        let sizes = (0 ..< folds).map { f in assignment.count { $0 == f } }
        #expect(sizes.max()! - sizes.min()! <= 1)
        for stratum in Set(Self.strata) {
            let perFold = (0 ..< folds).map { f in
                Self.strata.indices.count { Self.strata[$0] == stratum && assignment[$0] == f }
            }
            #expect(perFold.max()! - perFold.min()! <= 1, "stratum \(stratum): \(perFold)")
        }
    }

    @Test("The same seed gives the same folds; another seed gives other folds")
    func seeded() {
        let a = CrossValidation.stratifiedFolds(strata: Self.strata, folds: 5, seed: 1)
        #expect(CrossValidation.stratifiedFolds(strata: Self.strata, folds: 5, seed: 1) == a)
        #expect(CrossValidation.stratifiedFolds(strata: Self.strata, folds: 5, seed: 2) != a)
    }

    /// Predicts an example's true label only if it never saw the example in training, and "seen" otherwise.
    struct Forgetful: BeatClassifying {
        let labels: [String]
        let seen: Set<String>
        let truth: [String: String]
        func scores(_ text: String) -> [Double] { [] }
        func predict(_ text: String) -> String { seen.contains(text) ? "seen" : truth[text]! }
    }

    @Test("Every example is judged once, by a classifier fitted on the other folds only")
    func neverJudgedBySelf() throws {
        let examples = Self.strata.enumerated().map { LabeledText(text: "scene \($0)", label: $1) }
        let truth = Dictionary(uniqueKeysWithValues: examples.map { ($0.text, $0.label) })
        var trainingSizes: [Int] = []
        let validation = try CrossValidation(examples: examples, folds: 5, seed: 9) { training in
            trainingSizes.append(training.count)
            return Forgetful(labels: ["a", "b", "c"], seen: Set(training.map(\.text)), truth: truth)
        }
        #expect(trainingSizes == [24, 24, 24, 24, 24])
        #expect(validation.accuracy == 1)
        #expect(validation.predictions == examples.map(\.label))
        #expect(validation.folds == CrossValidation.stratifiedFolds(strata: Self.strata, folds: 5, seed: 9))
    }

    @Test("Pooled, per-label and per-fold accuracies agree; any-tag scoring accepts secondary tags")
    func figures() throws {
        // A classifier that always says "a": right on the 7 a's only, or also on b's that carry a secondary "a".
        let examples = Self.strata.enumerated().map { i, label in
            LabeledText(text: "scene \(i)", label: label, otherLabels: label == "b" && i < 10 ? ["a"] : [])
        }
        let alwaysA: ([LabeledText]) throws(EvaluationError) -> any BeatClassifying = { _ in
            Forgetful(labels: ["a"], seen: [], truth: Dictionary(uniqueKeysWithValues: examples.map { ($0.text, "a") }))
        }
        let strict = try CrossValidation(examples: examples, folds: 3, seed: 1, fit: alwaysA)
        #expect(strict.accuracy == 7.0 / 30)
        #expect(strict.accuracy(label: "a") == 1)
        #expect(strict.accuracy(label: "b") == 0)
        #expect(strict.accuracy(label: "z") == nil)
        let sizes = (0 ..< 3).map { f in strict.folds.count { $0 == f } }
        let pooled = zip(strict.foldAccuracies, sizes).map { $0 * Double($1) }.reduce(0, +) / 30
        #expect(abs(pooled - strict.accuracy) < 1e-12)
        #expect(strict.foldSpread >= 0)
        let anyTag = try CrossValidation(examples: examples, folds: 3, seed: 1, acceptingAnyTag: true, fit: alwaysA)
        #expect(anyTag.accuracy == 10.0 / 30)  // the 7 a's and the b's at 1, 4, 7
    }

    @Test("Sample standard deviation")
    func spread() {
        #expect(CrossValidation.sampleStandardDeviation([0.2]) == 0)
        #expect(abs(CrossValidation.sampleStandardDeviation([0.1, 0.3]) - (0.02 as Double).squareRoot()) < 1e-12)
    }

    @Test("Cross-validating the judge on training texts, header included, predicts exactly as on the bare bodies")
    func headerChangesNothing() throws {
        let bare = ClassifierFixtures.training + ClassifierFixtures.heldOut
        let headed = bare.map {
            LabeledText(text: ClassifierHeaderTests.withHeader($0.label, $0.text), label: $0.label)
        }
        func validate(_ examples: [LabeledText]) throws -> CrossValidation {
            try CrossValidation(examples: examples, folds: 3, seed: 1) { training throws(EvaluationError) in
                try BeatClassifier(training: training, configuration: .init(minimumDocumentFrequency: 1))
            }
        }
        let withHeaders = try validate(headed)
        #expect(withHeaders.predictions == (try validate(bare)).predictions)
        #expect(withHeaders.accuracy > 0.5)
    }
}
