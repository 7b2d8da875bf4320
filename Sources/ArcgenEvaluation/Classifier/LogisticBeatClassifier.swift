import Foundation

/// The judge of beat recognisability (`BeatClassifier`): multinomial logistic regression over tf-idf words of the
/// corpus's tagged scenes.
///
/// It exists so that recognisability is not graded by the generators themselves. The scenes are written as
/// distinct stories, so most of their words are story, not beat; a discriminative model, which weighs each word
/// by how much it *separates* the tags rather than by how often a tag uses it, does markedly better than naive
/// Bayes here. Fitting is full-batch L-BFGS (`LBFGS`) on the regularised loss of `SoftmaxRegression`: no learning
/// rate, no randomness, bit-identical weights for the same training texts, a fraction of a second on the corpus.
///
/// Features (`TfidfFeatures`): words of `Words.tokens(in:)`, optionally adjacent-word bigrams, kept when at least
/// `minimumDocumentFrequency` training texts use them, weighted by (1 + log tf) · (log((1 + N)/(1 + df)) + 1) and
/// scaled to unit length per text. Words never seen in training are ignored at prediction. The training header
/// (`= es encounter: …`), which names the beat, is never read (`BeatFeatures`).
///
/// Measured on the 540 corpus scenes (`SceneProse.text(of:)` of each scene's training text, first tag as label,
/// stratified 5-fold cross-validation, seed 1, chance 6.7%; strict / any-tag accuracy):
///
///     naive Bayes defaults                     9.4% / 14.4%
///     unigrams,  C = 1 / 3 / 10 / 30 / 100    17.0 / 21.1 / 22.2 / 22.4 / 22.8%   (any-tag 28.5% at C = 10)
///     + bigrams, C = 1 / 3 / 10 / 30 / 100    18.3 / 20.7 / 22.2 / 22.4 / 23.0%   (2.5× slower to fit)
///     unigrams, C = 10, df ≥ 1 / 2 / 3 / 5    20.0 / 22.2 / 21.9 / 22.6%
///
/// With the cast's role cues left in as words (lower-cased text), as in the scikit-learn experiment, the same
/// model reaches 36% (naive Bayes 18%): which roles are on stage says much about the beat, but `Words` counts
/// cues as format, not language. The defaults (unigrams, df ≥ 2, C = 10) are the measured best within noise and
/// fit a fold in ~0.16 s (release); above C = 10 gains are a scene or two and cost iterations.
public struct LogisticBeatClassifier: BeatClassifying {
    /// How the classifier is fitted; every field has a documented default.
    public struct Configuration: Sendable, Hashable, Codable {
        /// Also use adjacent-word pairs ("no puedo", "the wedding") as features.
        public var bigrams: Bool
        /// Features found in fewer training texts are dropped: a word one scene uses (a name, a place) says
        /// nothing about its beat.
        public var minimumDocumentFrequency: Int
        /// C, the inverse L2 strength in scikit-learn's sense (λ = 1 / (C · N) on the mean loss); larger fits the
        /// training texts more closely.
        public var inverseRegularization: Double
        /// L-BFGS iteration cap; the corpus converges well before it.
        public var maximumIterations: Int
        /// Stop when the largest gradient component of the mean loss is at most this.
        public var gradientTolerance: Double

        public init(
            bigrams: Bool = false, minimumDocumentFrequency: Int = 2, inverseRegularization: Double = 10,
            maximumIterations: Int = 300, gradientTolerance: Double = 1e-5
        ) {
            self.bigrams = bigrams
            self.minimumDocumentFrequency = minimumDocumentFrequency
            self.inverseRegularization = inverseRegularization
            self.maximumIterations = maximumIterations
            self.gradientTolerance = gradientTolerance
        }
    }

    /// How the fit ended, for reports and tests.
    public struct FitSummary: Sendable, Hashable {
        /// The regularised mean loss at the optimum found.
        public var loss: Double
        public var iterations: Int
        /// False when the iteration cap stopped the optimiser before the gradient tolerance was met.
        public var converged: Bool
    }

    public let configuration: Configuration
    /// The tags, sorted; `scores(_:)` is aligned with this array.
    public let labels: [String]
    public let fit: FitSummary
    let features: TfidfFeatures
    /// Per-feature, per-label weights. // (features, labels)
    let weights: [Double]
    /// Per-label bias. // (labels)
    let biases: [Double]
    /// The loss after every accepted optimiser step, strictly decreasing.
    let lossHistory: [Double]

    /// Fits the classifier.
    /// - Parameters:
    ///   - training: tagged texts, usually `SceneProse.text(of:)` of the corpus's training scenes; `label` is the
    ///     class (`otherLabels` are ignored in training).
    ///   - configuration: features and regularisation; the defaults are the measured best.
    /// - Throws: `EvaluationError.tooFewLabels` with fewer than two tags, `.emptyTrainingSet` without features.
    /// - Complexity: O(total words) to build features, then O(iterations · nonzeros · labels).
    public init(training: [LabeledText], configuration: Configuration = Configuration()) throws(EvaluationError) {
        self.configuration = configuration
        let labels = Array(Set(training.map(\.label))).sorted()
        guard labels.count >= 2 else { throw .tooFewLabels(found: labels.count) }
        self.labels = labels
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })

        let (features, rows) = TfidfFeatures.fit(
            training.map(\.text), bigrams: configuration.bigrams,
            minimumDocumentFrequency: configuration.minimumDocumentFrequency
        )
        guard features.count > 0 else { throw .emptyTrainingSet(what: "beat classifier") }
        self.features = features

        let problem = SoftmaxRegression(
            rows: rows, targets: training.map { labelIndex[$0.label]! }, classCount: labels.count,
            featureCount: features.count, l2: 1 / (configuration.inverseRegularization * Double(training.count)),
            fitsBias: true
        )
        let optimizer = LBFGS(
            maximumIterations: configuration.maximumIterations, gradientTolerance: configuration.gradientTolerance
        )
        let result = problem.fit(with: optimizer)
        let weightCount = features.count * labels.count
        weights = Array(result.parameters[0..<weightCount])
        biases = Array(result.parameters[weightCount...])
        lossHistory = result.lossHistory
        fit = FitSummary(loss: result.loss, iterations: result.iterations, converged: result.converged)
    }

    /// One log-probability per label of `labels`.
    public func scores(_ text: String) -> [Double] {
        let row = features.row(text)
        let k = labels.count
        var z = biases
        weights.withUnsafeBufferPointer { w in
            z.withUnsafeMutableBufferPointer { z in
                for (id, value) in zip(row.indices, row.values) {
                    let base = Int(id) * k
                    for c in 0..<k { z[c] += value * w[base + c] }
                }
            }
        }
        let top = z.max()!
        let logSum = Foundation.log(z.reduce(0) { $0 + Foundation.exp($1 - top) }) + top
        return z.map { $0 - logSum }
    }
}
