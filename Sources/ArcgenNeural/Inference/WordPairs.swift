import ArcgenSupport

/// Which word has followed which in a text: two words with nothing but spaces between them, lower-cased, on lines
/// that are not a training header (`= …`, whose plan line lists words no sentence puts side by side). What
/// `WordPairConstraint` holds a draw to, so every two words it writes side by side were once written so.
public final class WordPairs: @unchecked Sendable, Equatable {
    /// The distinct words, in the order of their scalars: the words that begin with one prefix are one run of it.
    let words: [[UInt32]]
    /// Word i's followers, as sorted indexes into `words`: `followers[offsets[i] ..< offsets[i + 1]]`.
    let offsets: [Int]
    let followers: [Int32]

    public var wordCount: Int { words.count }
    public var pairCount: Int { followers.count }

    public init(text: String) {
        var ids: [[UInt32]: Int32] = [:]
        var found: [[UInt32]] = []
        var pairs: [UInt64] = [], previous: Int32?
        Self.forEachWord(in: text) { word, joined in
            let id = ids[word] ?? {
                let new = Int32(found.count)
                ids[word] = new
                found.append(word)
                return new
            }()
            if joined, let previous { pairs.append(UInt64(UInt32(previous)) << 32 | UInt64(UInt32(id))) }
            previous = id
        }
        // Renumber in scalar order, then gather each word's followers.
        let order = found.indices.sorted { found[$0].lexicographicallyPrecedes(found[$1]) }
        var rank = [Int32](repeating: 0, count: found.count)
        for (r, old) in order.enumerated() { rank[old] = Int32(r) }
        words = order.map { found[$0] }
        let keys = pairs.map { UInt64(UInt32(rank[Int($0 >> 32)])) << 32 | UInt64(UInt32(rank[Int($0 & 0xFFFF_FFFF)])) }
        (offsets, followers) = Self.runs(of: keys, rows: words.count)
    }

    /// Calls `visit` with each word of `text` (lower-cased), outside training headers (`= …`, whose plan line lists
    /// words no sentence puts side by side), and whether it stands right after the word before it on its line with
    /// nothing but spaces between them. How the pairs and the triples read a text.
    static func forEachWord(in text: String, _ visit: (_ word: [UInt32], _ joined: Bool) -> Void) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("=") {
            var word: [UInt32] = [], joined = false
            for s in line.unicodeScalars {
                if isWordScalar(s) {
                    appendLowered(s, to: &word)
                    continue
                }
                if !word.isEmpty {
                    visit(word, joined)
                    (word, joined) = ([], true)
                }
                if s != " " { joined = false }
            }
            if !word.isEmpty { visit(word, joined) }
        }
    }

    /// `keys` (a row in the high 32 bits, a value in the low) as each row's distinct values in order:
    /// `values[offsets[r] ..< offsets[r + 1]]` for each of `rows` rows.
    static func runs(of keys: [UInt64], rows: Int) -> (offsets: [Int], values: [Int32]) {
        var keys = keys
        keys.sort()
        keys = keys.indices.compactMap { $0 > 0 && keys[$0] == keys[$0 - 1] ? nil : keys[$0] }
        var offsets = [Int](repeating: 0, count: rows + 1)
        for key in keys { offsets[Int(key >> 32) + 1] += 1 }
        for i in 0 ..< rows { offsets[i + 1] += offsets[i] }
        return (offsets, keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) })
    }

    init(words: [[UInt32]], offsets: [Int], followers: [Int32]) {
        (self.words, self.offsets, self.followers) = (words, offsets, followers)
    }

    public static func == (a: WordPairs, b: WordPairs) -> Bool {
        a.words == b.words && a.offsets == b.offsets && a.followers == b.followers
    }

    /// The table as `read(from:)` reads it back: the words, one a line, then the offsets and followers.
    public func write(to writer: inout BinaryWriter) {
        let text = words.map { String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init))) }
        writer.write(string: text.joined(separator: "\n"))
        writer.write(int32s: offsets.map { Int32($0) })
        writer.write(int32s: followers)
    }

    /// The table `write(to:)` wrote; nil when its parts do not fit together (the reader's bytes are not a table).
    public static func read(from reader: inout BinaryReader) throws -> WordPairs? {
        let text = try reader.readString()
        let words = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.unicodeScalars.map(\.value) }
        let offsets = try reader.readInt32s().map(Int.init), followers = try reader.readInt32s()
        guard fitted(offsets: offsets, values: followers, within: words.count, keys: words.count) else { return nil }
        return WordPairs(words: words, offsets: offsets, followers: followers)
    }

    /// Whether `offsets` cut `values` into `keys` runs of indexes below `bound`, so no lookup can go astray.
    static func fitted(offsets: [Int], values: [Int32], within bound: Int, keys: Int) -> Bool {
        guard offsets.count == keys + 1, offsets.first == 0, offsets.last == values.count,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else { return false }
        return values.allSatisfy { $0 >= 0 && Int($0) < bound }
    }

    /// `s` lower-cased, as the word list lowers it.
    static func lowered(_ s: Unicode.Scalar) -> [UInt32] {
        var out: [UInt32] = []
        appendLowered(s, to: &out)
        return out
    }

    /// Appends `s` lower-cased to `out`.
    @inline(__always)
    static func appendLowered(_ s: Unicode.Scalar, to out: inout [UInt32]) {
        if let one = singleLowercase(s) {
            out.append(one.value)
        } else {
            out += s.properties.lowercaseMapping.unicodeScalars.map(\.value)
        }
    }

    /// The words of `range` (all sharing their first `length` scalars) whose next scalar is `scalar`; empty when none.
    func narrowed(_ range: Range<Int>, length: Int, by scalar: UInt32) -> Range<Int> {
        Self.narrowed(words, range, length: length, by: scalar)
    }

    /// The words of `range` in `words` (in scalar order, all sharing their first `length` scalars) whose next scalar
    /// is `scalar`; empty when none.
    static func narrowed(_ words: [[UInt32]], _ range: Range<Int>, length: Int, by scalar: UInt32) -> Range<Int> {
        // A word of exactly `length` scalars sorts before the longer ones, which are in order of their next scalar.
        func firstIndex(_ past: (UInt32) -> Bool) -> Int {
            var (lo, hi) = (range.lowerBound, range.upperBound)
            while lo < hi {
                let mid = (lo + hi) / 2
                if words[mid].count > length && past(words[mid][length]) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        return firstIndex { $0 >= scalar } ..< firstIndex { $0 > scalar }
    }

    /// Whether some follower of `word` lies in `range`.
    func follows(_ word: Int32, within range: Range<Int>) -> Bool {
        Self.holds(followers, offsets[Int(word)] ..< offsets[Int(word) + 1], anyOf: range)
    }

    /// Whether `sorted[slice]` (sorted word indexes) holds one in `range`.
    static func holds(_ sorted: [Int32], _ slice: Range<Int>, anyOf range: Range<Int>) -> Bool {
        var (lo, hi) = (slice.lowerBound, slice.upperBound)
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(sorted[mid]) < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < slice.upperBound && Int(sorted[lo]) < range.upperBound
    }

    /// Whether `second` has followed `first` (both lower-cased words); for tests and figures.
    public func contains(_ first: String, _ second: String) -> Bool {
        guard let a = index(of: first), let b = index(of: second) else { return false }
        return follows(Int32(a), within: b ..< b + 1)
    }

    /// The index of `word` in `words`, if it is one.
    func index(of word: String) -> Int? {
        var range = 0 ..< words.count, length = 0
        for s in word.unicodeScalars {
            for v in Self.lowered(s) { range = narrowed(range, length: length, by: v); length += 1 }
        }
        return !range.isEmpty && words[range.lowerBound].count == length ? range.lowerBound : nil
    }
}

/// A rule over the words a draw writes side by side (`WordPairConstraint`, `WordTripleConstraint`): a state that
/// moves through each piece or refuses it, and what the two share around that.
protocol WordSequenceConstraint: GenerationConstraint {
    var cursor: WordCursor { get set }
    /// The state after `piece`, or nil when it writes words side by side that the rule refuses.
    func advanced(by piece: [Unicode.Scalar]) -> Self?
    /// Forgets the words before: what follows text the rule did not check is free.
    mutating func forgetWords()
}

extension WordSequenceConstraint {
    public func allows(_ piece: [Unicode.Scalar]) -> Bool { advanced(by: piece) != nil }

    /// A preference: where the other constraints leave no token it allows, it gives way before they do.
    public var liftedFirst: Bool { true }

    /// The plan line's words in the header spend nothing: only the scene's own text does.
    public mutating func prime(_ text: [Unicode.Scalar]) {
        let spent = cursor.spent
        append(text)
        cursor.spent = spent
    }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        if let next = advanced(by: piece) {
            self = next
        } else {
            forgetWords()
            cursor.leave(after: piece)
        }
    }
}

/// The word a draw is writing, letter by letter: the words of a table (in scalar order) that its letters so far
/// begin, and those of the free words. What `WordPairConstraint` and `WordTripleConstraint` share.
struct WordCursor {
    /// The table's words the letters begin, and how many scalars that is; nil outside a word or once the word has
    /// left the table.
    var range: Range<Int>?
    var length = 0
    var inWord = false
    /// The free words the letters begin, and how many scalars that is; nil when none do (or only spent ones).
    var freeRange: Range<Int>?
    var freeLength = 0
    /// The free words (by index, the first 64) that have been spent: no longer free (`spend`).
    var spent: UInt64 = 0

    /// Moves the word on by the word scalar `s` (lower-cased: one scalar, or a few for a letter like `İ`), starting
    /// a word if none is begun; false when `holds` refuses the table's words it now begins and no free word does.
    /// A word that leaves the table is let through (an unknown word), unless a free word still begins so: then the
    /// empty run stays, and the first letter that leaves the free word too is refused, not the word's end.
    @inline(__always)
    mutating func take(_ s: Unicode.Scalar, words: [[UInt32]], free: [[UInt32]],
                       holds: (Range<Int>) -> Bool) -> Bool {
        if !inWord {
            (inWord, range, length) = (true, 0 ..< words.count, 0)
            (freeRange, freeLength) = (free.isEmpty ? nil : 0 ..< free.count, 0)
        }
        if let one = singleLowercase(s) { return take(CollectionOfOne(one.value), words, free, holds) }
        return take(WordPairs.lowered(s), words, free, holds)
    }

    @inline(__always)
    private mutating func take(_ letter: some Sequence<UInt32>, _ words: [[UInt32]], _ free: [[UInt32]],
                               _ holds: (Range<Int>) -> Bool) -> Bool {
        var range = self.range
        for v in letter {
            if let begun = freeRange {
                let narrowed = WordPairs.narrowed(free, begun, length: freeLength, by: v)
                (freeRange, freeLength) = (isUnspent(narrowed) ? narrowed : nil, freeLength + 1)
            }
            if let known = range {
                range = WordPairs.narrowed(words, known, length: length, by: v)
                length += 1
            }
        }
        guard let range else { return true }
        if freeRange == nil && !holds(range) { return false }
        self.range = range.isEmpty && freeRange == nil ? nil : range
        return true
    }

    /// Ends the word: its index among the table's words (nil when it is none of them) and, when it is a free word not
    /// spent, its index among the free words (it sorts first among the free words it begins).
    mutating func end(words: [[UInt32]], free: [[UInt32]]) -> (word: Int?, free: Int?) {
        let word = range.flatMap { !$0.isEmpty && words[$0.lowerBound].count == length ? $0.lowerBound : nil }
        let freeWord = freeRange.flatMap {
            free[$0.lowerBound].count == freeLength && isUnspent($0.lowerBound ..< $0.lowerBound + 1)
                ? $0.lowerBound : nil
        }
        (inWord, range) = (false, nil)
        return (word, freeWord)
    }

    /// Spends free word `index`: from now on it is held as any other word (a free word past the 64th stays free).
    mutating func spend(_ index: Int) {
        if index < 64 { spent |= 1 << UInt64(index) }
    }

    /// Whether `range` holds a free word not spent.
    @inline(__always)
    func isUnspent(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        guard spent != 0, range.upperBound <= 64 else { return true }
        let width = range.count
        let mask = (width == 64 ? ~UInt64(0) : (UInt64(1) << UInt64(width)) - 1) << UInt64(range.lowerBound)
        return mask & ~spent != 0
    }

    /// After text the constraint refused (priming, or a token drawn with it lifted): the word it ends in, if any,
    /// has left the table.
    mutating func leave(after piece: [Unicode.Scalar]) {
        range = nil
        inWord = piece.last.map(isWordScalar) ?? false
    }

    /// Lower-cased words in scalar order, each once: what a constraint's free words are kept as.
    static func sorted(_ words: [String]) -> [[UInt32]] {
        Set(words.map { $0.unicodeScalars.flatMap(WordPairs.lowered) }).sorted { $0.lexicographicallyPrecedes($1) }
    }
}

/// Every two words written side by side (nothing but spaces between them) must have stood so in the corpus
/// (`WordPairs`): inside a word, each letter must keep it on the way to one of its predecessor's followers, and it may
/// end only on one. Any other character between two words (a comma, a full stop, a line break) frees the next word,
/// so a sentence may begin with any word and a list may join any. A word the table does not know (a role word the
/// word list allows, or a word begun in the priming text) frees the word after it. The `free` words (a scene's plan
/// words) may follow any word: held to the pairs, a scene wrote fewer of them and readers matched fewer synopses.
public struct WordPairConstraint: WordSequenceConstraint {
    public let pairs: WordPairs
    /// Words that may follow any word, lower-cased, in scalar order (so those a prefix begins are one run of them).
    let free: [[UInt32]]
    /// Whether a free word is free once only: written after a word the table says it never followed, it is held from
    /// then on (a scene's plan words may each break the pairs once, not fill the scene with themselves).
    let freeOnce: Bool
    /// The word the current or next one must follow; nil when free.
    var previous: Int32?
    /// Whether the last word broke the pairs (free once only): the next one must follow it as the corpus has, so that
    /// the plan words do not string themselves together ("un capilla pensar"). It matters only where the pairs hold
    /// the next word: after punctuation, or a breaking word the table does not know (the plan words come from the
    /// word list, read from the same text), the next word is free as ever.
    var afterBreak = false
    var cursor = WordCursor()

    /// The words that may follow any word now: none straight after a break.
    var freeNow: [[UInt32]] { afterBreak ? [] : free }

    public init(pairs: WordPairs, free: [String] = [], freeOnce: Bool = false) {
        self.pairs = pairs
        self.free = WordCursor.sorted(free)
        self.freeOnce = freeOnce
    }

    /// The state after `piece`, or nil when it writes a pair the table does not hold.
    func advanced(by piece: [Unicode.Scalar]) -> WordPairConstraint? {
        var next = self
        for s in piece {
            if isWordScalar(s) {
                let previous = next.previous
                guard next.cursor.take(s, words: pairs.words, free: next.freeNow, holds: { range in
                    previous.map { pairs.follows($0, within: range) } ?? true
                }) else { return nil }
            } else {
                if next.cursor.inWord {
                    let (word, freeWord) = next.cursor.end(words: pairs.words, free: next.freeNow)
                    next.afterBreak = false
                    if let previous = next.previous,
                       !(word.map { pairs.follows(previous, within: $0 ..< $0 + 1) } ?? false) {
                        guard let freeWord else { return nil }
                        if freeOnce {
                            next.cursor.spend(freeWord)
                            next.afterBreak = true
                        }
                    }
                    next.previous = word.map(Int32.init)
                }
                if s != " " { next.previous = nil }
            }
        }
        return next
    }

    /// Text we did not choose (priming, or a token drawn with the pairs lifted) frees what follows.
    mutating func forgetWords() { previous = nil }
}
