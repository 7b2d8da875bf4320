/// Which word has followed which in a text: two words with nothing but spaces between them, lower-cased, on lines
/// that are not a training header (`= …`, whose plan line lists words no sentence puts side by side). What
/// `WordPairConstraint` holds a draw to, so every two words it writes side by side were once written so.
public final class WordPairs: @unchecked Sendable {
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
        var pairs: [UInt64] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("=") {
            var previous: Int32?, word: [UInt32] = [], spacesOnly = true
            func endWord() {
                guard !word.isEmpty else { return }
                let id = ids[word] ?? {
                    let new = Int32(found.count)
                    ids[word] = new
                    found.append(word)
                    return new
                }()
                if let previous, spacesOnly { pairs.append(UInt64(UInt32(previous)) << 32 | UInt64(UInt32(id))) }
                (previous, word, spacesOnly) = (id, [], true)
            }
            for s in line.unicodeScalars {
                if isWordScalar(s) {
                    Self.appendLowered(s, to: &word)
                } else {
                    endWord()
                    if s != " " { previous = nil }
                }
            }
            endWord()
        }
        // Renumber in scalar order, then gather each word's followers.
        let order = found.indices.sorted { found[$0].lexicographicallyPrecedes(found[$1]) }
        var rank = [Int32](repeating: 0, count: found.count)
        for (r, old) in order.enumerated() { rank[old] = Int32(r) }
        words = order.map { found[$0] }
        var keys = pairs.map { UInt64(UInt32(rank[Int($0 >> 32)])) << 32 | UInt64(UInt32(rank[Int($0 & 0xFFFF_FFFF)])) }
        keys.sort()
        keys = keys.indices.compactMap { $0 > 0 && keys[$0] == keys[$0 - 1] ? nil : keys[$0] }
        var offsets = [Int](repeating: 0, count: words.count + 1)
        for key in keys { offsets[Int(key >> 32) + 1] += 1 }
        for i in 0 ..< words.count { offsets[i + 1] += offsets[i] }
        self.offsets = offsets
        followers = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
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
        var (lo, hi) = (offsets[Int(word)], offsets[Int(word) + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(followers[mid]) < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets[Int(word) + 1] && Int(followers[lo]) < range.upperBound
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

/// Every two words written side by side (nothing but spaces between them) must have stood so in the corpus
/// (`WordPairs`): inside a word, each letter must keep it on the way to one of its predecessor's followers, and it may
/// end only on one. Any other character between two words (a comma, a full stop, a line break) frees the next word,
/// so a sentence may begin with any word and a list may join any. A word the table does not know (a role word the
/// word list allows, or a word begun in the priming text) frees the word after it. The `free` words (a scene's plan
/// words) may follow any word: held to the pairs, a scene wrote fewer of them and readers matched fewer synopses.
public struct WordPairConstraint: GenerationConstraint {
    public let pairs: WordPairs
    /// Words that may follow any word, lower-cased, in scalar order (so those a prefix begins are one run of them).
    let free: [[UInt32]]
    /// The word the current or next one must follow; nil when free.
    var previous: Int32?
    /// The words the current word's letters so far begin, and how many scalars that is; nil outside a word or when the
    /// word has left the table.
    var range: Range<Int>?
    var length = 0
    var inWord = false
    /// The `free` words the current word's letters so far begin, and how many scalars that is; nil when none do.
    var freeRange: Range<Int>?
    var freeLength = 0

    public init(pairs: WordPairs, free: [String] = []) {
        self.pairs = pairs
        self.free = Set(free.map { $0.unicodeScalars.flatMap(WordPairs.lowered) })
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Moves the current word on by one letter, lower-cased (one scalar, or a few for a letter like `İ`); false when
    /// it can no longer follow `previous`.
    @inline(__always)
    mutating func take(_ letter: some Sequence<UInt32>) -> Bool {
        var range = self.range
        for v in letter {
            if let free = freeRange {
                let narrowed = WordPairs.narrowed(self.free, free, length: freeLength, by: v)
                (freeRange, freeLength) = (narrowed.isEmpty ? nil : narrowed, freeLength + 1)
            }
            if let known = range {
                range = pairs.narrowed(known, length: length, by: v)
                length += 1
            }
        }
        guard let range else { return true }
        if let previous, freeRange == nil, !pairs.follows(previous, within: range) { return false }
        // Left the table: an unknown word, let through, unless a free word still begins so: then the table's empty
        // run stays, and the first letter that leaves the free word too is refused, not the word's end.
        self.range = range.isEmpty && freeRange == nil ? nil : range
        return true
    }

    /// The state after `piece`, or nil when it writes a pair the table does not hold.
    func advanced(by piece: [Unicode.Scalar]) -> WordPairConstraint? {
        var next = self
        for s in piece {
            if isWordScalar(s) {
                if !next.inWord {
                    (next.inWord, next.range, next.length) = (true, 0 ..< pairs.words.count, 0)
                    (next.freeRange, next.freeLength) = (free.isEmpty ? nil : 0 ..< free.count, 0)
                }
                let taken = singleLowercase(s).map { next.take(CollectionOfOne($0.value)) }
                    ?? next.take(WordPairs.lowered(s))
                guard taken else { return nil }
            } else {
                if next.inWord {
                    let word = next.range.flatMap {
                        !$0.isEmpty && pairs.words[$0.lowerBound].count == next.length ? $0.lowerBound : nil
                    }
                    // The word itself, if free, sorts first among the free words it begins.
                    let isFree = next.freeRange.map { free[$0.lowerBound].count == next.freeLength } ?? false
                    if let previous = next.previous, !isFree {
                        guard let word, pairs.follows(previous, within: word ..< word + 1) else { return nil }
                    }
                    (next.previous, next.inWord, next.range) = (word.map(Int32.init), false, nil)
                }
                if s != " " { next.previous = nil }
            }
        }
        return next
    }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool { advanced(by: piece) != nil }

    /// A preference: where the other constraints leave no token it allows, it gives way before they do.
    public var liftedFirst: Bool { true }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        if let next = advanced(by: piece) {
            self = next
        } else {
            // Text we did not choose (priming, or a token drawn with the pairs lifted): it frees what follows.
            (previous, range) = (nil, nil)
            inWord = piece.last.map(isWordScalar) ?? false
        }
    }
}
