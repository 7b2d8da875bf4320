import ArcgenSupport

/// Stratified k-fold cross-validation of a beat classifier: every example is predicted once, by a classifier fitted
/// on the folds it is not in.
///
/// Why: the held-out split of `arcgen eval` leaves four scenes per tag, so its ceiling moves by several points when
/// one scene flips. Cross-validation scores every corpus scene, and the spread between folds says how far to trust
/// a difference between two figures (on the corpus, folds of 108 scenes differ by about 5 points).
public struct CrossValidation: Sendable, Hashable {
    /// The number of folds.
    public let foldCount: Int
    /// The fold each example was scored in. // (examples)
    public let folds: [Int]
    /// Each example's main label. // (examples)
    public let labels: [String]
    /// What the classifier that never saw the example predicted for it. // (examples)
    public let predictions: [String]
    /// Whether that prediction counted as right (strictly, or under any-tag scoring). // (examples)
    public let correct: [Bool]

    /// Fits a classifier on all folds but one and predicts the one left out, for every fold.
    /// - Parameters:
    ///   - examples: labelled texts, at least `folds` of them.
    ///   - strata: what each example's fold is balanced on; `nil` balances on `label`. `arcgen eval` passes tag
    ///     and language, as its split does: balanced on the tag alone, a tag's training side can lean to one
    ///     language, and on the corpus naive Bayes then fell from 19% to 10%. // (examples)
    ///   - folds: at least 2.
    ///   - seed: fixes the folds (`stratifiedFolds`).
    ///   - acceptingAnyTag: also count a prediction of any of an example's other tags as right.
    ///   - fit: builds a classifier from training examples, such as `{ try BeatClassifier(training: $0) }`.
    /// - Throws: whatever `fit` throws, for instance when a fold's training side has a single tag.
    /// - Complexity: `folds` fits on (folds − 1)/folds of the examples, and one prediction per example.
    public init(
        examples: [LabeledText], strata: [String]? = nil, folds: Int = 5, seed: UInt64 = 1,
        acceptingAnyTag: Bool = false,
        fit: ([LabeledText]) throws(EvaluationError) -> any BeatClassifying
    ) throws(EvaluationError) {
        precondition(examples.count >= folds, "cross-validation needs at least one example per fold")
        precondition(strata == nil || strata!.count == examples.count, "one stratum per example")
        let assignment = Self.stratifiedFolds(strata: strata ?? examples.map(\.label), folds: folds, seed: seed)
        var predictions = [String](repeating: "", count: examples.count)
        for fold in 0 ..< folds {
            let classifier = try fit(examples.indices.filter { assignment[$0] != fold }.map { examples[$0] })
            for i in examples.indices where assignment[i] == fold {
                predictions[i] = classifier.predict(examples[i].text)
            }
        }
        foldCount = folds
        self.folds = assignment
        labels = examples.map(\.label)
        self.predictions = predictions
        correct = zip(examples, predictions).map { $0.accepts($1, acceptingAnyTag: acceptingAnyTag) }
    }

    /// The share of all examples predicted right, each counted once.
    public var accuracy: Double { Self.share(correct.indices) { correct[$0] } }

    /// The accuracy on the examples whose main label is `label`; `nil` when there are none.
    public func accuracy(label: String) -> Double? {
        let members = labels.indices.filter { labels[$0] == label }
        return members.isEmpty ? nil : Self.share(members) { correct[$0] }
    }

    /// The accuracy of each fold. // (folds)
    public var foldAccuracies: [Double] {
        (0 ..< foldCount).map { fold in Self.share(folds.indices.filter { folds[$0] == fold }) { correct[$0] } }
    }

    /// The sample standard deviation of the fold accuracies: the fold-to-fold spread.
    public var foldSpread: Double { Self.sampleStandardDeviation(foldAccuracies) }

    /// The standard deviation of `values` with Bessel's correction; 0 for fewer than two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// Assigns each example to one of `folds` folds so that every stratum spreads as evenly as it can: its members,
    /// shuffled by a seeded stream of their own, are dealt round-robin, and the deal carries on from one stratum to
    /// the next (in sorted order), so the folds also end up within one example of the same size.
    /// - Parameters:
    ///   - strata: the stratum of each example. // (examples)
    ///   - folds: at least 2.
    ///   - seed: the same strata and seed always give the same folds; each stratum shuffles with its own stream
    ///     (`SeededRandom.derived`, keyed by a hash of the stratum), as `Corpus.split` does.
    /// - Returns: the fold of each example, in `0 ..< folds`. // (examples)
    public static func stratifiedFolds(strata: [String], folds: Int, seed: UInt64) -> [Int] {
        precondition(folds >= 2, "cross-validation needs at least two folds")
        var members: [String: [Int]] = [:]
        for (i, stratum) in strata.enumerated() { members[stratum, default: []].append(i) }
        var assignment = [Int](repeating: 0, count: strata.count)
        var next = 0
        for key in members.keys.sorted() {
            var group = members[key]!
            var random = SeededRandom.derived(seed: seed, stream: FNV1a64.hash(Array(key.utf8)))
            random.shuffle(&group)
            for i in group {
                assignment[i] = next
                next = (next + 1) % folds
            }
        }
        return assignment
    }

    static func share(_ indices: some Collection<Int>, _ isRight: (Int) -> Bool) -> Double {
        indices.isEmpty ? 0 : Double(indices.count { isRight($0) }) / Double(indices.count)
    }
}
