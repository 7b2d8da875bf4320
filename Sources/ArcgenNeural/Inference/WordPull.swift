/// A soft pull towards a few words (a scene's plan words). The model chooses a word's first letter itself; once the
/// letters of the word being written begin one of the words not yet written whole, a token that carries it on gets
/// `strength` added to its logit after the temperature and before top-k or top-p, so it is drawn more often, never
/// forced (a token a constraint refuses still cannot be drawn). A word counts as written once it ends, case aside.
///
/// Why: a plan line in the header tells the model what the scene is about, but a character model at 1.5 bits/char
/// follows it weakly; the pull is the decoding half of plan-and-write's conditioning. Pulling first letters too was
/// measured and dropped: it starts words the model did not mean ("Chief", "Cheers" for "chapel"; models/NOTEBOOK.md).
///
/// A second, uncounted set of words may pull with its own strength (a beat's words: `alsoPulling`); only the first
/// set counts in `writtenShare`, which ranks candidates by how much of the plan they write.
public struct WordPull: Sendable {
    public let strength: Float
    /// Lower-cased words not yet written whole.
    var pending: [[Unicode.Scalar]]
    /// The uncounted words not yet written whole, and their strength.
    var sidePending: [[Unicode.Scalar]]
    public let sideStrength: Float
    /// How many words it pulls towards, written or not.
    public let wordCount: Int
    /// The letters of the word being written, lower-cased; empty between words.
    var current: [Unicode.Scalar] = []
    /// Whether the text so far ends inside a run of word characters.
    var insideWord = false

    /// - Parameters:
    ///   - words: the words to pull towards (any case). Words under two letters, and words with anything but
    ///     letters ("ex-novio", "don't", which this pull's word ends would never match), are left out.
    ///   - strength: added to a pulled token's logit (0: no pull).
    ///   - side: words pulled towards with `sideStrength` and not counted in `writtenShare` (those of `words` are
    ///     left out of it).
    public init<S: Sequence>(words: S, strength: Float, alsoPulling side: [String] = [], at sideStrength: Float = 0)
    where S.Element == String {
        self.strength = strength
        self.sideStrength = sideStrength
        var seen = Set<String>()
        func kept(_ words: [String]) -> [[Unicode.Scalar]] {
            words.map { $0.lowercased() }
                .filter { $0.count >= 2 && $0.allSatisfy(\.isLetter) && seen.insert($0).inserted }.sorted()
                .map { Array($0.unicodeScalars) }
        }
        pending = kept(Array(words))
        sidePending = sideStrength == 0 ? [] : kept(side)
        wordCount = pending.count
    }

    /// The share of its words written whole so far (0 when it has none).
    public var writtenShare: Double { wordCount == 0 ? 0 : Double(wordCount - pending.count) / Double(wordCount) }

    /// Whether every word has been written (nothing is pulled towards any more).
    public var isDone: Bool { pending.isEmpty && sidePending.isEmpty }

    /// Adds the pull to `logits` (one per piece of `pieces`, the tokenizer's symbols as scalars). A word of both
    /// sets belongs to the first (counted) one and pulls with its strength; a token that carries on a word of each
    /// (two words that begin alike) gets the larger of the two strengths.
    public func apply(to logits: inout [Float], pieces: [[Unicode.Scalar]]) {
        guard insideWord else { return }
        let targets = strength == 0 ? [] : continuable(pending)
        let sideTargets = sideStrength == 0 ? [] : continuable(sidePending)
        guard !targets.isEmpty || !sideTargets.isEmpty else { return }
        for (t, piece) in pieces.enumerated() where !piece.isEmpty && logits[t] > -.infinity {
            let main = targets.contains { Self.continues($0, from: current.count, with: piece) }
            let side = sideTargets.contains { Self.continues($0, from: current.count, with: piece) }
            logits[t] += max(main ? strength : 0, side ? sideStrength : 0)
        }
    }

    /// The words of `words` the word being written has begun and not finished.
    private func continuable(_ words: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        words.filter { $0.count > current.count && $0.starts(with: current) }
    }

    /// Whether `piece` carries `word` on from letter `at`: its letters are the word's next ones (lower-cased), and
    /// a character after the word's end in the piece, if any, ends the word (what follows is not checked).
    static func continues(_ word: [Unicode.Scalar], from at: Int, with piece: [Unicode.Scalar]) -> Bool {
        var i = at
        for s in piece {
            if i < word.count {
                guard lowered(s) == word[i] else { return false }
                i += 1
            } else {
                return !isWordScalar(s)
            }
        }
        return true
    }

    /// Records emitted characters.
    public mutating func append(_ piece: [Unicode.Scalar]) {
        for s in piece {
            if isWordScalar(s) {
                current.append(lowered(s))
                insideWord = true
            } else {
                if insideWord, let i = pending.firstIndex(of: current) { pending.remove(at: i) }
                if insideWord, let i = sidePending.firstIndex(of: current) { sidePending.remove(at: i) }
                current = []
                insideWord = false
            }
        }
    }
}

/// `s` lower-cased when it lower-cases to one scalar (every letter the models write), else itself.
@inline(__always)
func lowered(_ s: Unicode.Scalar) -> Unicode.Scalar {
    guard s.properties.isUppercase else { return s }
    let l = s.properties.lowercaseMapping.unicodeScalars
    return l.count == 1 ? l.first! : s
}
