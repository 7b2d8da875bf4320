import ArcgenSupport

/// Which word has followed which two words in a text, read as `WordPairs` reads it (three words with nothing but
/// spaces between them, lower-cased, outside training headers). What `WordTripleConstraint` holds a draw to.
public final class WordTriples: @unchecked Sendable, Equatable {
    public let pairs: WordPairs
    /// The third words after pair p (an index into `pairs.followers`): `thirds[offsets[p] ..< offsets[p + 1]]`,
    /// sorted indexes into `pairs.words`.
    let offsets: [Int]
    let thirds: [Int32]

    public var tripleCount: Int { thirds.count }

    public init(text: String, pairs: WordPairs) {
        self.pairs = pairs
        var ids: [[UInt32]: Int32] = [:]
        for (i, w) in pairs.words.enumerated() { ids[w] = Int32(i) }
        var keys: [UInt64] = [], previous: Int32?, context: Int?
        WordPairs.forEachWord(in: text) { word, joined in
            if !joined { (previous, context) = (nil, nil) }
            // A word the pairs do not know (a table of another text) breaks the run, as a full stop does.
            guard let id = ids[word] else { (previous, context) = (nil, nil); return }
            if let context { keys.append(UInt64(context) << 32 | UInt64(UInt32(id))) }
            context = previous.flatMap { pairs.pairIndex($0, id) }
            previous = id
        }
        (offsets, thirds) = WordPairs.runs(of: keys, rows: pairs.pairCount)
    }

    init(pairs: WordPairs, offsets: [Int], thirds: [Int32]) {
        (self.pairs, self.offsets, self.thirds) = (pairs, offsets, thirds)
    }

    public static func == (a: WordTriples, b: WordTriples) -> Bool {
        a.pairs == b.pairs && a.offsets == b.offsets && a.thirds == b.thirds
    }

    /// The table (not its pairs) as `read(from:pairs:)` reads it back.
    public func write(to writer: inout BinaryWriter) {
        writer.write(int32s: offsets.map { Int32($0) })
        writer.write(int32s: thirds)
    }

    /// The table `write(to:)` wrote over `pairs`; nil when its parts do not fit them.
    public static func read(from reader: inout BinaryReader, pairs: WordPairs) throws -> WordTriples? {
        let offsets = try reader.readInt32s().map(Int.init), thirds = try reader.readInt32s()
        guard WordPairs.fitted(offsets: offsets, values: thirds, within: pairs.wordCount, keys: pairs.pairCount)
        else { return nil }
        return WordTriples(pairs: pairs, offsets: offsets, thirds: thirds)
    }

    /// How many distinct words have followed pair `p`.
    func choices(after p: Int) -> Int { offsets[p + 1] - offsets[p] }

    /// How many distinct words have followed `first second` (lower-cased words); for tests and figures.
    public func choices(after first: String, _ second: String) -> Int {
        guard let a = pairs.index(of: first), let b = pairs.index(of: second),
              let p = pairs.pairIndex(Int32(a), Int32(b)) else { return 0 }
        return choices(after: p)
    }

    /// Whether `third` has followed `first second` (lower-cased words); for tests and figures.
    public func contains(_ first: String, _ second: String, _ third: String) -> Bool {
        guard let a = pairs.index(of: first), let b = pairs.index(of: second), let c = pairs.index(of: third),
              let p = pairs.pairIndex(Int32(a), Int32(b)) else { return false }
        return follows(p, within: c ..< c + 1)
    }

    /// Whether some word that followed pair `p` lies in `range`.
    func follows(_ p: Int, within range: Range<Int>) -> Bool {
        WordPairs.holds(thirds, offsets[p] ..< offsets[p + 1], anyOf: range)
    }
}

extension WordPairs {
    /// The index of the pair (`first`, `second`) among `followers`, if they stood so.
    func pairIndex(_ first: Int32, _ second: Int32) -> Int? {
        var (lo, hi) = (offsets[Int(first)], offsets[Int(first) + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if followers[mid] < second { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets[Int(first) + 1] && followers[lo] == second ? lo : nil
    }
}

/// Every three words written side by side must have stood so in the corpus (`WordTriples`), where the corpus has
/// followed the two before with at least `minimumChoices` distinct words: after a pair it follows with one word only,
/// the rule would write the corpus's one phrase on. Read as `WordPairConstraint` reads (anything but spaces frees the
/// next word, an unknown word frees the one after it, the plan words are free), and listed after it, so at a dead end
/// the triples give way before the pairs. The word pairs let a draw join "I'm without" and "without to"; the triples
/// refuse "I'm without to".
public struct WordTripleConstraint: WordSequenceConstraint {
    public let triples: WordTriples
    /// Two, the fewest followers that leave a choice (README, "How a scene is written").
    public static let defaultMinimumChoices = 2
    public let minimumChoices: Int
    /// The plan words, free after any pair, lower-cased, in scalar order.
    let free: [[UInt32]]
    /// Whether a free word is free once only: written where the rule would refuse it, it is held from then on.
    let freeOnce: Bool
    /// The last word (an index into the pairs' words) and the pair the two last words make (an index into the pairs'
    /// followers), when they were written side by side and stood so in the corpus.
    var previous: Int32?
    var context: Int?
    var cursor = WordCursor()

    public init(triples: WordTriples, minimumChoices: Int = defaultMinimumChoices, free: [String] = [],
                freeOnce: Bool = false) {
        self.triples = triples
        self.minimumChoices = minimumChoices
        self.free = WordCursor.sorted(free)
        self.freeOnce = freeOnce
    }

    /// The pair the current word must have followed in the corpus, when the rule holds it.
    var holding: Int? {
        context.flatMap { triples.choices(after: $0) >= minimumChoices ? $0 : nil }
    }

    /// The state after `piece`, or nil when it writes a triple the rule refuses.
    func advanced(by piece: [Unicode.Scalar]) -> WordTripleConstraint? {
        var next = self
        let pairs = triples.pairs
        for s in piece {
            if isWordScalar(s) {
                let held = next.holding
                guard next.cursor.take(s, words: pairs.words, free: free, holds: { range in
                    held.map { triples.follows($0, within: range) } ?? true
                }) else { return nil }
            } else {
                if next.cursor.inWord {
                    let held = next.holding
                    let (word, freeWord) = next.cursor.end(words: pairs.words, free: free)
                    if let held, !(word.map { triples.follows(held, within: $0 ..< $0 + 1) } ?? false) {
                        guard let freeWord else { return nil }
                        if freeOnce { next.cursor.spend(freeWord) }
                    }
                    let id = word.map(Int32.init)
                    next.context = id.flatMap { w in next.previous.flatMap { pairs.pairIndex($0, w) } }
                    next.previous = id
                }
                if s != " " { (next.previous, next.context) = (nil, nil) }
            }
        }
        return next
    }

    /// Text we did not choose (priming, or a token drawn with the rule lifted) frees what follows.
    mutating func forgetWords() { (previous, context) = (nil, nil) }
}
