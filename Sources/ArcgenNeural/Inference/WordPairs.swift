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
        var pairs: [(Int32, Int32)] = []
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
                if let previous, spacesOnly { pairs.append((previous, id)) }
                (previous, word, spacesOnly) = (id, [], true)
            }
            for s in line.unicodeScalars {
                if isWordScalar(s) {
                    word += Self.lowered(s)
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
        let keys = Set(pairs.map { UInt64(UInt32(rank[Int($0.0)])) << 32 | UInt64(UInt32(rank[Int($0.1)])) }).sorted()
        var offsets = [Int](repeating: 0, count: words.count + 1)
        for key in keys { offsets[Int(key >> 32) + 1] += 1 }
        for i in 0 ..< words.count { offsets[i + 1] += offsets[i] }
        self.offsets = offsets
        followers = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// `s` lower-cased, as the word list lowers it.
    @inline(__always)
    static func lowered(_ s: Unicode.Scalar) -> [UInt32] {
        s.properties.lowercaseMapping.unicodeScalars.map(\.value)
    }

    /// The words of `range` (all sharing their first `length` scalars) whose next scalar is `scalar`; empty when none.
    func narrowed(_ range: Range<Int>, length: Int, by scalar: UInt32) -> Range<Int> {
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
    /// Words that may follow any word, lower-cased.
    let free: [[UInt32]]
    /// The word the current or next one must follow; nil when free.
    var previous: Int32?
    /// The words the current word's letters so far begin, and how many scalars that is; nil outside a word or when the
    /// word has left the table.
    var range: Range<Int>?
    var length = 0
    var inWord = false
    /// The current word's letters so far, lower-cased, while one of the `free` words begins so.
    var freePrefix: [UInt32]? = []

    public init(pairs: WordPairs, free: [String] = []) {
        self.pairs = pairs
        self.free = free.map { $0.unicodeScalars.flatMap(WordPairs.lowered) }
    }

    /// The state after `piece`, or nil when it writes a pair the table does not hold.
    func advanced(by piece: [Unicode.Scalar]) -> WordPairConstraint? {
        var next = self
        for s in piece {
            if isWordScalar(s) {
                if !next.inWord {
                    (next.inWord, next.range, next.length) = (true, 0 ..< pairs.words.count, 0)
                    next.freePrefix = free.isEmpty ? nil : []
                }
                let lowered = WordPairs.lowered(s)
                if let prefix = next.freePrefix.map({ $0 + lowered }) {
                    next.freePrefix = free.contains { $0.starts(with: prefix) } ? prefix : nil
                }
                guard var range = next.range else { continue }
                for v in lowered {
                    range = pairs.narrowed(range, length: next.length, by: v)
                    next.length += 1
                }
                if let previous = next.previous, next.freePrefix == nil, !pairs.follows(previous, within: range) {
                    return nil
                }
                next.range = range.isEmpty ? nil : range
            } else {
                if next.inWord {
                    let word = next.range.flatMap {
                        pairs.words[$0.lowerBound].count == next.length ? $0.lowerBound : nil
                    }
                    let isFree = next.freePrefix.map { prefix in free.contains { $0 == prefix } } ?? false
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
