import Foundation
import Testing
@testable import ArcgenEvaluation

@Suite("Logistic-regression beat classifier")
struct LogisticBeatClassifierTests {
    static let training = ClassifierFixtures.training
    static let heldOut = ClassifierFixtures.heldOut

    static let configurations: [LogisticBeatClassifier.Configuration] = [
        .init(),
        .init(minimumDocumentFrequency: 1),
        .init(bigrams: true, minimumDocumentFrequency: 1, inverseRegularization: 1),
    ]

    @Test("Two clearly different tags: held-out texts classified right", arguments: configurations)
    func separates(configuration: LogisticBeatClassifier.Configuration) throws {
        let classifier = try LogisticBeatClassifier(training: Self.training, configuration: configuration)
        #expect(classifier.labels == ["amnesia", "wedding"])
        for example in Self.heldOut { #expect(classifier.predict(example.text) == example.label, "\(example.text)") }
        #expect(classifier.accuracy(on: Self.heldOut) == 1)
        let probabilities = classifier.scores(Self.heldOut[0].text).map { Foundation.exp($0) }
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
    }

    @Test("Trained on swapped labels, it gets every held-out text wrong", arguments: configurations)
    func swapped(configuration: LogisticBeatClassifier.Configuration) throws {
        let swapped = Self.training.map {
            LabeledText(text: $0.text, label: $0.label == "wedding" ? "amnesia" : "wedding")
        }
        let classifier = try LogisticBeatClassifier(training: swapped, configuration: configuration)
        #expect(classifier.accuracy(on: Self.heldOut) == 0)
    }

    @Test("The fit converges and the regularised loss falls at every step")
    func monotoneLoss() throws {
        let classifier = try BeatClassifier(training: Self.training, configuration: .init(minimumDocumentFrequency: 1))
        let history = classifier.lossHistory
        #expect(classifier.fit.converged)
        #expect(history.count > 3)
        #expect(history.first! == Foundation.log(2.0))  // zero weights: uniform over two labels
        for (before, after) in zip(history, history.dropFirst()) { #expect(after < before) }
        #expect(history.last! == classifier.fit.loss)
    }

    @Test("Same training texts, bit-identical weights")
    func deterministic() throws {
        let a = try LogisticBeatClassifier(training: Self.training)
        let b = try LogisticBeatClassifier(training: Self.training)
        #expect(a.weights == b.weights)
        #expect(a.biases == b.biases)
        #expect(a.features.featureIndex == b.features.featureIndex)
        #expect(a.fit == b.fit)
        #expect(!a.weights.allSatisfy { $0 == 0 })
    }

    @Test("Any-tag accuracy accepts a scene's secondary tag; strict accuracy does not")
    func anyTag() throws {
        let classifier = try LogisticBeatClassifier(training: Self.training)
        let weddingScene = Self.heldOut[0].text  // predicted "wedding"
        let examples = [
            LabeledText(text: weddingScene, tags: ["amnesia", "wedding"]),  // right only under any-tag
            LabeledText(text: weddingScene, label: "wedding"),  // right either way
            LabeledText(text: weddingScene, label: "amnesia", otherLabels: ["family"]),  // wrong either way
        ]
        #expect(classifier.correctCount(on: examples) == 1)
        #expect(classifier.correctCount(on: examples, acceptingAnyTag: true) == 2)
        #expect(classifier.accuracy(on: examples, acceptingAnyTag: true) == 2.0 / 3)
    }

    @Test("Labelled texts written before secondary tags existed still decode")
    func decodesOldFiles() throws {
        let old = try JSONDecoder().decode(LabeledText.self, from: Data(#"{"text":"t","label":"x"}"#.utf8))
        #expect(old == LabeledText(text: "t", label: "x"))
        let new = LabeledText(text: "t", tags: ["x", "y"])
        #expect(try JSONDecoder().decode(LabeledText.self, from: JSONEncoder().encode(new)) == new)
        #expect(new.acceptableLabels == ["x", "y"])
    }

    @Test("Training needs two labels and some words")
    func errors() {
        #expect(throws: EvaluationError.tooFewLabels(found: 1)) {
            try LogisticBeatClassifier(training: [.init(text: "a b", label: "x")])
        }
        #expect(throws: EvaluationError.emptyTrainingSet(what: "beat classifier")) {
            try LogisticBeatClassifier(training: [.init(text: "a b", label: "x"), .init(text: "c", label: "y")])
        }
    }
}

@Suite("Softmax regression and L-BFGS")
struct SoftmaxRegressionTests {
    /// One feature equal to 1 in every row, two classes, no biases. By symmetry the optimum has w₁ = −w₀ = −a,
    /// and setting the gradient to zero gives σ(2a) = n₀/N − λa. Choosing a = ln 3 / 2 makes σ(2a) = 3/4, so
    /// λ = (n₀/N − 3/4) / a: 0.3 / ln 3 for 9 rows of class 0 and 1 of class 1, 0.5 / ln 3 for 10 and 0
    /// (separable, where only the penalty keeps the weights finite).
    @Test("Reaches the hand-derived optimum of a one-feature problem", arguments: [(9, 0.3), (10, 0.5)])
    func knownOptimum(firstClassRows: Int, numerator: Double) {
        let row = SparseRow(indices: [0], values: [1])
        let problem = SoftmaxRegression(
            rows: Array(repeating: row, count: 10),
            targets: (0..<10).map { $0 < firstClassRows ? 0 : 1 },
            classCount: 2, featureCount: 1, l2: numerator / Foundation.log(3.0), fitsBias: false
        )
        let result = problem.fit(with: LBFGS(gradientTolerance: 1e-12))
        let a = Foundation.log(3.0) / 2
        #expect(abs(result.parameters[0] - a) < 1e-8, "\(result.parameters)")
        #expect(abs(result.parameters[1] + a) < 1e-8, "\(result.parameters)")
        for (before, after) in zip(result.lossHistory, result.lossHistory.dropFirst()) { #expect(after < before) }
    }

    @Test("The gradient matches central finite differences, biases included")
    func gradientCheck() {
        let rows = [
            SparseRow(indices: [0, 2], values: [0.6, 0.8]),
            SparseRow(indices: [1], values: [1]),
            SparseRow(indices: [0, 1, 2], values: [0.48, 0.6, 0.64]),
            SparseRow.empty,
        ]
        let problem = SoftmaxRegression(
            rows: rows, targets: [0, 1, 2, 1], classCount: 3, featureCount: 3, l2: 0.1, fitsBias: true
        )
        let theta = (0..<problem.parameterCount).map { Double(($0 * 7) % 11) / 5 - 1 }
        let analytic = problem.loss(at: theta).gradient
        let h = 1e-6
        for i in theta.indices {
            var plus = theta, minus = theta
            plus[i] += h
            minus[i] -= h
            let numeric = (problem.loss(at: plus).loss - problem.loss(at: minus).loss) / (2 * h)
            #expect(abs(numeric - analytic[i]) < 1e-7, "parameter \(i)")
        }
    }
}
