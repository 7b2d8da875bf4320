/// Does the generator say varied things, or the same things over and over? Distinct-n (Li et al., 2016) and the
/// repeated-line rate, for samples and for the corpus alike.
///
/// Both figures fall as a set grows (a bigger set has more chances to repeat), so samples and corpus must be
/// compared at the same size: `comparable(samples:reference:)` cuts both to the smaller word and line count.
public enum Diversity {
    /// Counts and the rates made of them, so that sets can be pooled exactly.
    public struct Figures: Sendable, Hashable, Codable {
        public var distinctUnigrams: Int
        public var totalUnigrams: Int
        public var distinctBigrams: Int
        public var totalBigrams: Int
        /// Counted lines whose text occurs more than once in the set (every occurrence counts).
        public var repeatedLines: Int
        /// Lines counted: non-empty, longer than the short-line limit.
        public var countedLines: Int

        /// Distinct words ÷ words; 0 for no words.
        public var distinct1: Double { Self.ratio(distinctUnigrams, totalUnigrams) }
        /// Distinct adjacent-word pairs ÷ pairs (pairs never span two texts); 0 for no pairs.
        public var distinct2: Double { Self.ratio(distinctBigrams, totalBigrams) }
        /// Repeated lines ÷ counted lines; 0 for no lines.
        public var repeatedLineRate: Double { Self.ratio(repeatedLines, countedLines) }

        static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    }

    /// Lines this short or shorter ("¡No!", "(pausa)", "Yes.") repeat in any real script and are not counted.
    public static let defaultShortLineLength = 10

    /// Measures a set of texts.
    /// - Parameters:
    ///   - texts: scenes or plain texts, in a fixed order (limits take from the front).
    ///   - words: how lines split into words, role cues left out.
    ///   - scenes: strip Fountain structure with `SceneProse` first, so cues and headings neither count as words
    ///     nor as repeated lines; otherwise lines are the texts' newline-separated lines, trimmed.
    ///   - wordLimit: count only the first this many words of the set (for like-for-like comparison).
    ///   - lineLimit: count only the first this many lines of the set that pass the length filter.
    ///   - shortLineLength: lines of at most this many characters are not counted for repetition.
    /// - Complexity: O(total characters), with hashing.
    ///
    /// A line's identity is its trimmed text with inner whitespace runs collapsed to one space; case and
    /// punctuation matter ("¡No!" ≠ "No."). A line repeated within one text counts as repeated too.
    public static func measure(
        _ texts: [String], words: Words, scenes: Bool = true, wordLimit: Int? = nil, lineLimit: Int? = nil,
        shortLineLength: Int = defaultShortLineLength
    ) -> Figures {
        var unigrams = Set<String>()
        var bigrams = Set<String>()
        var totalUnigrams = 0
        var totalBigrams = 0
        var lineCounts: [String: Int] = [:]
        var countedLines = 0
        let maximumWords = wordLimit ?? .max
        let lines = lineLimit ?? .max
        for text in texts {
            let kept = scenes ? SceneProse.lines(of: text) : text.split(separator: "\n").map(SceneProse.trimmed)
            var previous: String?
            for line in kept {
                if countedLines < lines {
                    let key = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if !key.isEmpty, key.count > shortLineLength {
                        lineCounts[key, default: 0] += 1
                        countedLines += 1
                    }
                }
                words.forEachToken(in: line) { word in
                    guard totalUnigrams < maximumWords else { return }
                    totalUnigrams += 1
                    unigrams.insert(word)
                    if let p = previous {
                        totalBigrams += 1
                        bigrams.insert(p + " " + word)
                    }
                    previous = word
                }
            }
        }
        let repeated = lineCounts.values.reduce(0) { $0 + ($1 > 1 ? $1 : 0) }
        return Figures(
            distinctUnigrams: unigrams.count, totalUnigrams: totalUnigrams, distinctBigrams: bigrams.count,
            totalBigrams: totalBigrams, repeatedLines: repeated, countedLines: countedLines
        )
    }

    /// Samples and reference measured at equal size: both cut to the smaller one's word and counted-line totals.
    public static func comparable(
        samples: [String], reference: [String], words: Words, scenes: Bool = true,
        shortLineLength: Int = defaultShortLineLength
    ) -> (samples: Figures, reference: Figures) {
        func measured(_ texts: [String], wordLimit: Int? = nil, lineLimit: Int? = nil) -> Figures {
            measure(texts, words: words, scenes: scenes, wordLimit: wordLimit, lineLimit: lineLimit,
                    shortLineLength: shortLineLength)
        }
        let a = measured(samples)
        let b = measured(reference)
        let wordLimit = min(a.totalUnigrams, b.totalUnigrams)
        let lineLimit = min(a.countedLines, b.countedLines)
        return (
            measured(samples, wordLimit: wordLimit, lineLimit: lineLimit),
            measured(reference, wordLimit: wordLimit, lineLimit: lineLimit)
        )
    }
}
