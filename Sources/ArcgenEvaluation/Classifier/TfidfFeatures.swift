import Foundation

/// A document as a sparse feature vector: ascending feature ids and their values.
struct SparseRow: Sendable, Equatable {
    /// Feature ids, strictly ascending. // (nonzeros)
    var indices: [Int32]
    /// Value of each id in `indices`. // (nonzeros)
    var values: [Double]

    static let empty = SparseRow(indices: [], values: [])
}

/// The tf-idf vocabulary and weighting fitted on training texts, the one scikit-learn's `TfidfVectorizer` uses
/// with `sublinear_tf=True, min_df=k`, so that measurements made there carry over:
///
/// - features are the words of `Words` (and, optionally, adjacent-word bigrams "no puedo") read by
///   `BeatFeatures`, which never lets the training header (`= es encounter: …`) in;
/// - the vocabulary keeps features found in at least `minimumDocumentFrequency` training texts, numbered in
///   first-seen order (never dictionary order, which changes from run to run);
/// - a feature's value is (1 + log tf) · idf with idf = log((1 + N) / (1 + df)) + 1, and each row is scaled to
///   unit Euclidean length. Features outside the vocabulary are ignored.
struct TfidfFeatures: Sendable {
    let words: Words
    let bigrams: Bool
    /// Feature → id.
    let featureIndex: [String: Int]
    /// Inverse document frequency per feature id. // (features)
    let idf: [Double]

    var count: Int { idf.count }

    /// Fits the vocabulary and idf on `texts` and returns the features with the training texts' rows.
    /// - Complexity: O(total words · (1 + bigrams)).
    static func fit(
        _ texts: [String], words: Words, bigrams: Bool, minimumDocumentFrequency: Int
    ) -> (features: TfidfFeatures, rows: [SparseRow]) {
        let vocabulary = FeatureVocabulary(
            texts, words: words, bigrams: bigrams, minimumDocumentFrequency: minimumDocumentFrequency
        )
        let n = Double(texts.count)
        let idf = vocabulary.documentFrequency.map { Foundation.log((1 + n) / (1 + Double($0))) + 1 }
        let features = TfidfFeatures(
            words: words, bigrams: bigrams, featureIndex: vocabulary.featureIndex, idf: idf
        )
        let rows = vocabulary.documents.map { features.row(Array($0)) }
        return (features, rows)
    }

    /// The tf-idf row of a text; features outside the vocabulary are ignored.
    func row(_ text: String) -> SparseRow {
        var counts: [Int: Int] = [:]
        BeatFeatures.forEach(in: text, words: words, bigrams: bigrams) { feature in
            if let id = featureIndex[feature] { counts[id, default: 0] += 1 }
        }
        return row(Array(counts))
    }

    /// Sorts (id, term count) pairs and weighs them; sums run in id order so results never depend on hashing.
    func row(_ pairs: [(Int, Int)]) -> SparseRow {
        let sorted = pairs.sorted { $0.0 < $1.0 }
        var values = sorted.map { (1 + Foundation.log(Double($0.1))) * idf[$0.0] }
        var squares = 0.0
        for v in values { squares += v * v }
        if squares > 0 {
            let scale = 1 / squares.squareRoot()
            for i in values.indices { values[i] *= scale }
        }
        return SparseRow(indices: sorted.map { Int32($0.0) }, values: values)
    }
}
