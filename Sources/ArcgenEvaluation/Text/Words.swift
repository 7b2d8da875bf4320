import ArcgenVocabulary

/// The one tokenisation every word-level figure here uses, so that word validity, distinct-n and the beat
/// classifier all count the same things.
///
/// A word is a maximal run of letters (Unicode `isAlphabetic`, plus combining marks so that decomposed accents stay
/// inside their word), with an apostrophe (`'` or `’`) kept only *between* two letters ("don't", "l'amour"); quotes
/// at a word's edge are dropped. Words are lower-cased and `’` becomes `'`, so "Don’t" and "don't" are one word.
/// Digits and punctuation separate words and are never words themselves ("¿Cuántas?" → "cuántas").
///
/// Two things that look like words are not counted, because they are structure the generator copies from the
/// format rather than language it writes:
/// - role slots in braces, `{heroine}`, `{lost-relative}`, anywhere in the text;
/// - role cues spelt in capitals (`HEROINE`, `GALAN`, `LOST-RELATIVE`, …, see `roleCues`). The same words in
///   lower or mixed case ("the heroine") are ordinary words.
public struct Words: Sendable, Hashable, Codable {
    /// The cast's cue spellings, lower-cased; their all-capitals spelling is a cue, not a word.
    public let roleCues: Set<String>

    /// - Parameter roleCues: cue spellings in any case (`HEROINE`, `GALÁN`).
    public init(roleCues: some Sequence<String>) {
        self.roleCues = Set(roleCues.map { $0.lowercased() })
    }

    /// The role cues of `arcs/vocabulary.json`: every spelling of every role's cue, so a new role is one edit there.
    public init(vocabulary: VocabularyFile) {
        self.init(roleCues: vocabulary.roles.flatMap(\.cues))
    }

    /// The words of `text`, in order.
    /// - Complexity: O(n) in the Unicode scalars of `text`.
    public func tokens(in text: String) -> [String] {
        var words: [String] = []
        forEachToken(in: text) { words.append($0) }
        return words
    }

    /// The words of a generated or corpus scene after `SceneProse.lines(of:)` has dropped its Fountain structure.
    public func sceneTokens(in scene: String) -> [String] {
        tokens(in: SceneProse.text(of: scene))
    }

    /// Calls `body` with each word of `text`, in order, without building an array.
    public func forEachToken(in text: String, _ body: (String) -> Void) {
        let scalars = Array(text.unicodeScalars)
        let n = scalars.count
        var i = 0
        while i < n {
            let s = scalars[i]
            if s == "{", let close = Self.closingBrace(in: scalars, from: i) {
                i = close + 1
                continue
            }
            guard Self.isLetter(s) else {
                i += 1
                continue
            }
            let end = Self.wordEnd(in: scalars, from: i)
            if scalars[i].properties.isUppercase, Self.isCapitals(scalars[i..<end]) {
                let raw = String(String.UnicodeScalarView(scalars[i..<end]))
                // A hyphenated cue such as LOST-RELATIVE is two runs joined by one hyphen.
                if end + 1 < n, scalars[end] == "-", Self.isLetter(scalars[end + 1]) {
                    let secondEnd = Self.wordEnd(in: scalars, from: end + 1)
                    let joined = raw + "-" + String(String.UnicodeScalarView(scalars[(end + 1)..<secondEnd]))
                    if roleCues.contains(joined.lowercased()) {
                        i = secondEnd
                        continue
                    }
                }
                if roleCues.contains(raw.lowercased()) {
                    i = end
                    continue
                }
            }
            body(Self.normalised(scalars[i..<end]))
            i = end
        }
    }

    /// The word lower-cased with `’` folded to `'`; ASCII is lowered by hand because `lowercased()` is the
    /// tokeniser's main cost otherwise.
    static func normalised(_ word: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        var needsFullLowering = false
        for s in word {
            if s.isASCII {
                let v = s.value
                view.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v | 0x20)! : s)
            } else if s == "\u{2019}" {
                view.append("'")
            } else {
                if s.properties.changesWhenLowercased { needsFullLowering = true }
                view.append(s)
            }
        }
        let word = String(view)
        return needsFullLowering ? word.lowercased() : word
    }

    /// Letters and the combining marks that decorate them.
    @inline(__always)
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
        let p = s.properties
        return p.isAlphabetic || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
    }

    @inline(__always)
    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    /// One past the last scalar of the word starting at `start`: letters, and apostrophes with a letter each side.
    static func wordEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var j = start + 1
        while j < scalars.count {
            if isLetter(scalars[j]) {
                j += 1
            } else if isApostrophe(scalars[j]), j + 1 < scalars.count, isLetter(scalars[j + 1]) {
                j += 2
            } else {
                break
            }
        }
        return j
    }

    /// The index of the `}` closing a role slot opened at `open`, if the slot is short and on one line.
    static func closingBrace(in scalars: [Unicode.Scalar], from open: Int) -> Int? {
        var j = open + 1
        while j < scalars.count, j - open <= 40 {
            let s = scalars[j]
            if s == "}" { return j }
            if s == "\n" || s == "{" { return nil }
            j += 1
        }
        return nil
    }

    /// True when the word has an upper-case letter and no lower-case one ("HEROINE", not "Heroine").
    static func isCapitals(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
        var upper = false
        for s in word {
            if s.properties.isLowercase { return false }
            if s.properties.isUppercase { upper = true }
        }
        return upper
    }
}
