/// How many of the generator's words are real words: the share of sample words found in the corpus vocabulary.
/// A character model that invents "corazónes" or "becaused" loses here even when its bits/char look fine.
public struct WordValidity: Sendable {
    /// Valid and total word counts, and the share; counts are kept so that tags can be pooled exactly.
    public struct Figures: Sendable, Hashable, Codable {
        public var valid: Int
        public var total: Int
        /// `valid / total`, or 1 when there are no words (nothing invalid was written).
        public var share: Double { total == 0 ? 1 : Double(valid) / Double(total) }
        /// The most frequent invalid words with their counts, most frequent first, for the report.
        public var commonInvalid: [InvalidWord]

        public init(valid: Int, total: Int, commonInvalid: [InvalidWord] = []) {
            self.valid = valid
            self.total = total
            self.commonInvalid = commonInvalid
        }
    }

    public struct InvalidWord: Sendable, Hashable, Codable {
        public var word: String
        public var count: Int
    }

    /// Lower-cased words as `words` produces them.
    public let vocabulary: Set<String>
    /// How samples split into words, role cues left out.
    public let words: Words

    public init(vocabulary: Set<String>, words: Words) {
        self.vocabulary = vocabulary
        self.words = words
    }

    /// The vocabulary of `corpus`: every word of every text, after `SceneProse` when `scenes` is true.
    public init(corpus: [String], words: Words, scenes: Bool = true) {
        self.words = words
        var vocabulary = Set<String>()
        for text in corpus {
            words.forEachToken(in: scenes ? SceneProse.text(of: text) : text) { vocabulary.insert($0) }
        }
        self.vocabulary = vocabulary
    }

    /// Counts the words of `samples` in the vocabulary.
    /// - Parameters:
    ///   - samples: generated texts.
    ///   - scenes: strip Fountain structure with `SceneProse` first (cues and headings are not prose).
    ///   - keepInvalid: how many of the commonest invalid words to report.
    public func measure(_ samples: [String], scenes: Bool = true, keepInvalid: Int = 10) -> Figures {
        var valid = 0
        var total = 0
        var invalid: [String: Int] = [:]
        for sample in samples {
            words.forEachToken(in: scenes ? SceneProse.text(of: sample) : sample) { word in
                total += 1
                if vocabulary.contains(word) { valid += 1 } else { invalid[word, default: 0] += 1 }
            }
        }
        let common = invalid.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(keepInvalid).map { InvalidWord(word: $0.key, count: $0.value) }
        return Figures(valid: valid, total: total, commonInvalid: Array(common))
    }
}
