/// A rule on what text may be generated, checked one candidate token at a time. The sampler removes every token a
/// constraint refuses before drawing, so a bad word or a copied passage is impossible by construction rather than
/// filtered out afterwards.
public protocol GenerationConstraint {
    /// Whether appending these characters keeps the text acceptable.
    func allows(_ piece: [Unicode.Scalar]) -> Bool
    /// Records characters that were emitted (and, through `prime` by default, the priming text).
    mutating func append(_ piece: [Unicode.Scalar])
    /// Records the priming text: as `append`, unless what the draw itself writes counts differently.
    mutating func prime(_ text: [Unicode.Scalar])
    /// Whether the rule is a preference rather than a shape or a guarantee: where the constraints together refuse every
    /// token, such rules are lifted first, the others kept if they can be.
    var liftedFirst: Bool { get }
}

extension GenerationConstraint {
    public var liftedFirst: Bool { false }
    public mutating func prime(_ text: [Unicode.Scalar]) { append(text) }
}

/// The letters that make words for the word-list constraint and for word-validity counts.
@inline(__always)
public func isWordScalar(_ s: Unicode.Scalar) -> Bool {
    // ASCII, most of the text, without a look at Unicode's tables: its letters are A–Z and a–z.
    if s.isASCII { return (0x61 ... 0x7A).contains(s.value | 0x20) || s == "'" }
    return s.properties.isAlphabetic || s == "\u{2019}"
}

/// `s` lower-cased when that is one scalar, as it is for every letter of the corpus but a few (`İ`); nil otherwise.
/// ASCII, most of the text, without a look at Unicode's tables.
@inline(__always)
func singleLowercase(_ s: Unicode.Scalar) -> Unicode.Scalar? {
    if s.isASCII { return (0x41 ... 0x5A).contains(s.value) ? Unicode.Scalar(UInt8(s.value + 32)) : s }
    if !s.properties.changesWhenLowercased { return s }
    let mapped = s.properties.lowercaseMapping.unicodeScalars
    return mapped.count == 1 ? mapped.first : nil
}

/// A trie of allowed words (lower-cased); shared by value copies of the constraint.
public final class WordTrie: @unchecked Sendable {
    final class Node {
        var children: [Unicode.Scalar: Node] = [:]
        var isWord = false
    }

    let root = Node()
    public private(set) var count = 0

    public init<S: Sequence>(words: S) where S.Element == String {
        for w in words { insert(w) }
    }

    public func insert(_ word: String) {
        var node = root
        for s in word.lowercased().unicodeScalars {
            if let next = node.children[s] { node = next } else { let n = Node(); node.children[s] = n; node = n }
        }
        if !node.isWord { node.isWord = true; count += 1 }
    }

    public func contains(_ word: String) -> Bool {
        var node = root
        for s in word.lowercased().unicodeScalars {
            guard let next = node.children[s] else { return false }
            node = next
        }
        return node.isWord
    }

    /// Every word of `text`: maximal runs of letters (and apostrophes), lower-cased.
    public static func words(in text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isWordScalar(s) {
                current.append(s)
            } else if !current.isEmpty {
                out.append(String(current).lowercased())
                current = .init()
            }
        }
        if !current.isEmpty { out.append(String(current).lowercased()) }
        return out
    }
}

/// Only words of the list can be spelled: inside a word, each letter must continue a listed word; a word may end
/// only where a listed word ends. A word already begun in the priming text that is not listed is let through to its
/// end, since the model did not choose it.
public struct WordListConstraint: GenerationConstraint {
    public let trie: WordTrie
    var node: WordTrie.Node?
    var inWord = false
    var free = false

    public init(trie: WordTrie) { self.trie = trie }

    /// The state after `piece`, or nil when it leaves the list.
    func advanced(by piece: [Unicode.Scalar]) -> (WordTrie.Node?, Bool, Bool)? {
        var node = self.node, inWord = self.inWord, free = self.free
        for s in piece {
            if isWordScalar(s) {
                if free { continue }
                let from = inWord ? node : trie.root
                var n = from
                if let one = singleLowercase(s) {
                    n = n?.children[one]
                } else {
                    for ls in s.properties.lowercaseMapping.unicodeScalars { n = n?.children[ls] }
                }
                guard let next = n else { return nil }
                node = next
                inWord = true
            } else {
                if inWord && !free && !(node?.isWord ?? false) { return nil }
                inWord = false
                free = false
                node = nil
            }
        }
        return (node, inWord, free)
    }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool { advanced(by: piece) != nil }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        if let (n, w, f) = advanced(by: piece) {
            node = n; inWord = w; free = f
        } else {
            // Text we did not choose (priming): let the current word finish unchecked.
            inWord = true; free = true; node = nil
            if let last = piece.last, !isWordScalar(last) { inWord = false; free = false }
        }
    }

    /// Whether the text so far ends on a complete listed word or outside any word (a clean place to stop).
    public var atWordBoundary: Bool { !inWord || free || (node?.isWord ?? false) }
}

/// Refuses any token that would complete a verbatim run of `length` characters found in the source text.
/// Every `length`-character window of the source is kept as a 64-bit polynomial hash; the last `length − 1`
/// generated characters are kept with their hash, so checking a candidate character costs one multiply-add and one
/// set lookup.
public struct NoCopyConstraint: GenerationConstraint {
    public let length: Int
    let windows: WindowTable
    static let base: UInt64 = 0x100_0000_01B3
    /// base^(length−2): the weight of the oldest of the kept length−1 characters.
    let dropPower: UInt64
    /// The last up to length−1 characters, and their polynomial hash Σ rᵢ·base^(n−1−i).
    var recent: [UInt32] = []
    var recentHash: UInt64 = 0

    /// - Parameter length: the shortest verbatim run to forbid (at least 2).
    public init(source: String, length: Int) {
        self.init(windows: Self.windows(of: source, length: length), length: length)
    }

    /// Shares `windows`, which must be `windows(of:length:)` of the source at the same `length`.
    public init(windows: WindowTable, length: Int) {
        precondition(length >= 2)
        self.length = length
        dropPower = Self.power(length - 2)
        self.windows = windows
    }

    /// base^n, wrapping.
    static func power(_ n: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0 ..< n { p = p &* base }
        return p
    }

    /// The hash of every run of `length` characters of `source`: what the constraint refuses to complete.
    public static func windows(of source: String, length: Int) -> WindowTable {
        precondition(length >= 2)
        let b = base
        let top = power(length - 1)
        let scalars = source.unicodeScalars.map(\.value)
        return WindowTable(count: max(0, scalars.count - length + 1)) { visit in
            guard scalars.count >= length else { return }
            var h: UInt64 = 0
            for i in 0 ..< length { h = h &* b &+ UInt64(scalars[i]) }
            visit(h)
            for i in length ..< scalars.count {
                h = (h &- UInt64(scalars[i - length]) &* top) &* b &+ UInt64(scalars[i])
                visit(h)
            }
        }
    }

    /// Pushes one character; returns false when it completes a forbidden window.
    @inline(__always)
    static func push(_ v: UInt32, recent r: inout [UInt32], hash h: inout UInt64, length: Int, dropPower: UInt64,
                     windows: WindowTable, check: Bool) -> Bool {
        let b = NoCopyConstraint.base
        if r.count == length - 1 {
            if check && windows.contains(h &* b &+ UInt64(v)) { return false }
            h = (h &- UInt64(r[0]) &* dropPower) &* b &+ UInt64(v)
            r.removeFirst()
        } else {
            h = h &* b &+ UInt64(v)
        }
        r.append(v)
        return true
    }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool {
        var r = recent, h = recentHash
        for s in piece {
            if !NoCopyConstraint.push(s.value, recent: &r, hash: &h, length: length, dropPower: dropPower,
                                      windows: windows, check: true) { return false }
        }
        return true
    }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        for s in piece {
            _ = NoCopyConstraint.push(s.value, recent: &recent, hash: &recentHash, length: length, dropPower: dropPower,
                                      windows: windows, check: false)
        }
    }
}

/// Refuses any token that would complete a run of `length` characters the text already holds, the priming text
/// included. Greedy decoding and cold samples fall into loops ("de la cara de la cara…") that the model itself rates
/// as likely, so ranking candidates by likelihood would keep them; the hand-written corpus repeats a run of 32
/// characters within a scene in 3% of its scenes (a refrain), of 48 in 0.06%. Runs are kept as the polynomial hashes
/// `NoCopyConstraint` uses.
public struct NoRepeatConstraint: GenerationConstraint {
    public let length: Int
    let dropPower: UInt64
    var written = Set<UInt64>()
    /// The last up to length−1 characters and their hash, as in `NoCopyConstraint`.
    var recent: [UInt32] = []
    var recentHash: UInt64 = 0

    public init(length: Int) {
        precondition(length >= 2)
        self.length = length
        dropPower = NoCopyConstraint.power(length - 2)
    }

    /// Pushes one character; returns the hash of the run it completes, if the text is long enough to have one.
    @inline(__always)
    static func push(_ v: UInt32, recent r: inout [UInt32], hash h: inout UInt64, length: Int,
                     dropPower: UInt64) -> UInt64? {
        let b = NoCopyConstraint.base
        guard r.count == length - 1 else {
            h = h &* b &+ UInt64(v)
            r.append(v)
            return nil
        }
        let run = h &* b &+ UInt64(v)
        h = (h &- UInt64(r[0]) &* dropPower) &* b &+ UInt64(v)
        r.removeFirst()
        r.append(v)
        return run
    }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool {
        if piece.count == 1 {                       // one character: no copy of the recent text needed
            guard recent.count == length - 1 else { return true }
            return !written.contains(recentHash &* NoCopyConstraint.base &+ UInt64(piece[0].value))
        }
        var r = recent, h = recentHash
        var runs: [UInt64] = []
        for s in piece {
            guard let run = Self.push(s.value, recent: &r, hash: &h, length: length, dropPower: dropPower) else {
                continue
            }
            if written.contains(run) || runs.contains(run) { return false }
            runs.append(run)
        }
        return true
    }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        for s in piece {
            if let run = Self.push(s.value, recent: &recent, hash: &recentHash, length: length, dropPower: dropPower) {
                written.insert(run)
            }
        }
    }
}

/// A word is in capitals, or has lower case after at most one capital in a row, and a capital after lower case is
/// followed by lower case, in a word begun with a capital: the corpus's words are written so (`McAllister`,
/// `YouTube`, `WhatsApp`; two plurals, `TVs` and `DWIs`, are all it loses), not the model's `eXige` or `teléfonOs`,
/// while a mixed-case word (`CONFIsCATE`, `FaCTORÍA`, `CoN`) on a line of its own reads as a speaker's cue to a
/// reader, though Fountain takes it for action. A preference (`liftedFirst`): a model caught in a loop of capitals
/// (`HEROINEROINE`) may need lower case to get out, and a mixed-case word is better than one off the word list.
public struct WordShapeConstraint: GenerationConstraint, Sendable {
    /// Capitals in a row at the end of the word being written, whether it has lower case, and whether it began with
    /// a capital.
    var capitalRun = 0
    var wordHasLowercase = false
    var wordBeganCapital = false

    public init() {}

    public var liftedFirst: Bool { true }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool {
        var copy = self
        for s in piece {
            guard copy.allows(s) else { return false }
            copy.note(s)
        }
        return true
    }

    public mutating func append(_ piece: [Unicode.Scalar]) { for s in piece { note(s) } }

    func allows(_ s: Unicode.Scalar) -> Bool {
        let capitalAfterLower = wordHasLowercase && capitalRun >= 1
        guard isWordScalar(s) else { return !capitalAfterLower }
        if s.properties.isUppercase { return !capitalAfterLower && (wordBeganCapital || !wordHasLowercase) }
        return !(s.properties.isLowercase && capitalRun >= 2)
    }

    mutating func note(_ s: Unicode.Scalar) {
        guard isWordScalar(s) else {
            (capitalRun, wordHasLowercase, wordBeganCapital) = (0, false, false)
            return
        }
        // An apostrophe keeps the word going and begins a run of capitals again (`O'BRIEN`, `O'Connell`).
        guard s.properties.isAlphabetic else {
            capitalRun = 0
            return
        }
        if capitalRun == 0 && !wordHasLowercase { wordBeganCapital = s.properties.isUppercase }
        wordHasLowercase = wordHasLowercase || s.properties.isLowercase
        capitalRun = s.properties.isUppercase ? capitalRun + 1 : 0
    }
}
