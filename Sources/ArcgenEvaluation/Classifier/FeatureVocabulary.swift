/// The vocabulary both beat classifiers learn from their training texts: every feature `BeatFeatures` reads, kept
/// when it occurs in at least `minimumDocumentFrequency` texts, numbered in first-seen order (never dictionary
/// order, which changes from run to run), with each text's term counts over the kept features.
struct FeatureVocabulary {
    /// Feature → id.
    let featureIndex: [String: Int]
    /// Texts each feature occurs in. // (features)
    let documentFrequency: [Int]
    /// Feature id → term count, for every training text. // (texts)
    let documents: [[Int: Int]]

    var count: Int { documentFrequency.count }

    /// - Complexity: O(total words · (1 + bigrams)).
    init(_ texts: [String], words: Words, bigrams: Bool, minimumDocumentFrequency: Int) {
        // First pass: provisional ids for every feature, counts per text, document frequencies.
        var provisional: [String: Int] = [:]
        var frequency: [Int] = []  // (provisional features)
        var counted: [[Int: Int]] = []  // provisional id → term count, per text
        counted.reserveCapacity(texts.count)
        for text in texts {
            var counts: [Int: Int] = [:]
            BeatFeatures.forEach(in: text, words: words, bigrams: bigrams) { feature in
                let id: Int
                if let known = provisional[feature] {
                    id = known
                } else {
                    id = provisional.count
                    provisional[feature] = id
                    frequency.append(0)
                }
                counts[id, default: 0] += 1
            }
            for id in counts.keys { frequency[id] += 1 }
            counted.append(counts)
        }
        // Second pass: keep features seen in enough texts, renumbered densely in first-seen order.
        var renumber = [Int](repeating: -1, count: frequency.count)  // (provisional features)
        var documentFrequency: [Int] = []
        for (id, df) in frequency.enumerated() where df >= minimumDocumentFrequency {
            renumber[id] = documentFrequency.count
            documentFrequency.append(df)
        }
        var featureIndex: [String: Int] = [:]
        featureIndex.reserveCapacity(documentFrequency.count)
        for (feature, id) in provisional where renumber[id] >= 0 { featureIndex[feature] = renumber[id] }
        self.featureIndex = featureIndex
        self.documentFrequency = documentFrequency
        documents = counted.map { counts in
            var kept: [Int: Int] = [:]
            for (id, tf) in counts where renumber[id] >= 0 { kept[renumber[id]] = tf }
            return kept
        }
    }
}
