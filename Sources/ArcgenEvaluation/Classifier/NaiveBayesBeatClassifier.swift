import Foundation

/// A judge of which beat a scene is: naive Bayes over the words of the corpus's tagged scenes. Kept as the
/// fast, closed-form baseline; recognisability uses `LogisticBeatClassifier` (`BeatClassifier`), which measured
/// more accurate (25% against 19% cross-validated by tag and language; see its notes).
///
/// It exists so that "beat recognisability" is not graded by the generators themselves. Naive Bayes is the right
/// size for ~500 scenes of ~1 KB: no iterations, no learning rate, deterministic, trains and classifies in
/// milliseconds, and its scores are interpretable log-probabilities.
///
/// Two variants (see `Configuration.Variant`): the textbook multinomial model, and complement naive Bayes
/// (Rennie et al., 2003), which estimates each class's weights from the documents of *all other* classes and so
/// has fifteen times more data per estimate with fifteen tags. Optional `tfidf` feature weighting
/// (log(1 + tf) · idf, then unit length per document, as in the same paper) damps words a scene repeats and words
/// every scene uses.
///
/// Measured on the 539 corpus scenes (first tag as label, 5-fold cross-validation, chance 6.7%): multinomial with
/// raw counts 13%; with tf-idf 15%; dropping features seen in fewer than 3 scenes 20% (5 scenes: 21%); complement
/// and bigrams did not help on top (18–20%). The defaults are multinomial, tf-idf, α = 1, document frequency ≥ 3.
/// The scenes are written as distinct stories, so most of their words are story, not beat: expect a modest ceiling.
/// (Lower-cased text, role cues counted as words, reproduces those figures; on `SceneProse` text, cues removed,
/// the defaults reach 9–10%; see `LogisticBeatClassifier` for the side-by-side measurement.)
///
/// Features are the words of `Words.tokens(in:)`, optionally with adjacent-word bigrams, read by `BeatFeatures`
/// (which leaves out the training header, since it names the beat). Words never seen in training are ignored at
/// prediction. Ties go to the label that sorts first, so predictions are reproducible.
public struct NaiveBayesBeatClassifier: BeatClassifying {
    /// How the classifier is fitted; every field has a documented default.
    public struct Configuration: Sendable, Hashable, Codable {
        public enum Variant: String, Sendable, Hashable, Codable {
            /// Class-conditional word probabilities from the class's own documents.
            case multinomial
            /// Word weights from the complement of each class; the class whose complement explains the text
            /// *worst* wins.
            case complement
        }

        /// Add-α (Laplace when 1) smoothing of every word count, so an unseen word never zeroes a class.
        public var smoothing: Double
        public var variant: Variant
        /// Also count adjacent-word pairs ("no puedo", "the wedding") as features.
        public var bigrams: Bool
        /// Weight features by log(1 + tf) · idf and normalise each document to unit length.
        public var tfidf: Bool
        /// Use class frequencies as priors; off, every tag is equally likely a priori (the corpus is balanced,
        /// and generated samples are balanced by construction).
        public var learnedPriors: Bool
        /// Features found in fewer training documents are dropped: a word one scene uses (a name, a place) says
        /// nothing about its beat and only adds noise. On the corpus this mattered most (see the type's notes).
        public var minimumDocumentFrequency: Int

        public init(
            smoothing: Double = 1, variant: Variant = .multinomial, bigrams: Bool = false, tfidf: Bool = true,
            learnedPriors: Bool = false, minimumDocumentFrequency: Int = 3
        ) {
            self.smoothing = smoothing
            self.variant = variant
            self.bigrams = bigrams
            self.tfidf = tfidf
            self.learnedPriors = learnedPriors
            self.minimumDocumentFrequency = minimumDocumentFrequency
        }
    }

    public let configuration: Configuration
    /// The tags, sorted; `scores(_:)` is aligned with this array.
    public let labels: [String]
    /// Feature (word or "word word" bigram) → row of `weights`.
    let featureIndex: [String: Int]
    /// Inverse document frequency per feature; all ones when `tfidf` is off. // (features)
    let idf: [Double]
    /// Per-feature, per-label score contributions. // (features, labels)
    let weights: [Double]
    /// Per-label log prior (zeros when priors are uniform). // (labels)
    let logPriors: [Double]

    /// Fits the classifier.
    /// - Parameters:
    ///   - training: tagged texts, usually `SceneProse.text(of:)` of the corpus's training scenes.
    ///   - configuration: variant and smoothing; the defaults are the measured best.
    /// - Throws: `EvaluationError.tooFewLabels` with fewer than two tags, `.emptyTrainingSet` without words.
    /// - Complexity: O(total words · (1 + bigrams)) plus O(features · labels).
    public init(training: [LabeledText], configuration: Configuration = Configuration()) throws(EvaluationError) {
        self.configuration = configuration
        let labels = Array(Set(training.map(\.label))).sorted()
        guard labels.count >= 2 else { throw .tooFewLabels(found: labels.count) }
        self.labels = labels
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })

        let vocabulary = FeatureVocabulary(training.map(\.text), bigrams: configuration.bigrams,
                                           minimumDocumentFrequency: configuration.minimumDocumentFrequency)
        let featureIndex = vocabulary.featureIndex
        let documentFrequency = vocabulary.documentFrequency
        let documents = zip(training, vocabulary.documents).map { example, counts in
            (label: labelIndex[example.label]!, features: counts.mapValues(Double.init))
        }
        guard !featureIndex.isEmpty else { throw .emptyTrainingSet(what: "beat classifier") }
        self.featureIndex = featureIndex

        let featureCount = featureIndex.count
        let labelCount = labels.count
        let documentCount = Double(documents.count)
        idf = configuration.tfidf
            ? documentFrequency.map { Foundation.log(documentCount / Double($0)) + 1 }
            : [Double](repeating: 1, count: featureCount)

        // Weighted feature totals per label. // (features, labels)
        var counts = [Double](repeating: 0, count: featureCount * labelCount)
        var labelDocuments = [Double](repeating: 0, count: labelCount)
        for document in documents {
            labelDocuments[document.label] += 1
            let weighted = Self.weigh(document.features, idf: idf, tfidf: configuration.tfidf)
            for (id, value) in weighted { counts[id * labelCount + document.label] += value }
        }

        let alpha = configuration.smoothing
        var weights = [Double](repeating: 0, count: featureCount * labelCount)
        var labelTotals = [Double](repeating: 0, count: labelCount)
        var featureTotals = [Double](repeating: 0, count: featureCount)
        for f in 0..<featureCount {
            for c in 0..<labelCount {
                labelTotals[c] += counts[f * labelCount + c]
                featureTotals[f] += counts[f * labelCount + c]
            }
        }
        let grandTotal = labelTotals.reduce(0, +)
        let smoothingMass = alpha * Double(featureCount)
        switch configuration.variant {
        case .multinomial:
            for f in 0..<featureCount {
                for c in 0..<labelCount {
                    let p = (counts[f * labelCount + c] + alpha) / (labelTotals[c] + smoothingMass)
                    weights[f * labelCount + c] = Foundation.log(p)
                }
            }
        case .complement:
            // Negated log-probability under the complement, normalised per class so that classes with more
            // complement text do not dominate (Rennie et al., section 3.2).
            for f in 0..<featureCount {
                for c in 0..<labelCount {
                    let complementCount = featureTotals[f] - counts[f * labelCount + c]
                    let p = (complementCount + alpha) / (grandTotal - labelTotals[c] + smoothingMass)
                    weights[f * labelCount + c] = -Foundation.log(p)
                }
            }
            for c in 0..<labelCount {
                var norm = 0.0
                for f in 0..<featureCount { norm += abs(weights[f * labelCount + c]) }
                for f in 0..<featureCount { weights[f * labelCount + c] /= norm }
            }
        }
        self.weights = weights
        logPriors = configuration.learnedPriors
            ? labelDocuments.map { Foundation.log($0 / documentCount) }
            : [Double](repeating: 0, count: labelCount)
    }

    /// One score per label of `labels` (higher is more likely): a log-probability up to a constant for the
    /// multinomial variant, a normalised complement weight sum for the complement variant.
    public func scores(_ text: String) -> [Double] {
        var counts: [Int: Double] = [:]
        BeatFeatures.forEach(in: text, bigrams: configuration.bigrams) { feature in
            if let id = featureIndex[feature] { counts[id, default: 0] += 1 }
        }
        let labelCount = labels.count
        var scores = logPriors
        // Sorted so that floating-point sums, and thus ties, do not depend on dictionary order.
        let weighted = Self.weigh(counts, idf: idf, tfidf: configuration.tfidf).sorted { $0.key < $1.key }
        weights.withUnsafeBufferPointer { w in
            scores.withUnsafeMutableBufferPointer { s in
                for (id, value) in weighted {
                    let row = id * labelCount
                    for c in 0..<labelCount { s[c] += value * w[row + c] }
                }
            }
        }
        return scores
    }

    /// Raw counts, or log(1 + tf) · idf scaled to unit Euclidean length. The norm is summed in id order: Swift
    /// seeds each dictionary's hashing apart, so summing in iteration order could make one text's scores differ in
    /// the last bit from call to call.
    static func weigh(_ counts: [Int: Double], idf: [Double], tfidf: Bool) -> [Int: Double] {
        guard tfidf else { return counts }
        var weighted = counts
        var squares = 0.0
        for (id, tf) in counts.sorted(by: { $0.key < $1.key }) {
            let value = Foundation.log(1 + tf) * idf[id]
            weighted[id] = value
            squares += value * value
        }
        let norm = squares.squareRoot()
        if norm > 0 { for id in weighted.keys { weighted[id]! /= norm } }
        return weighted
    }
}
