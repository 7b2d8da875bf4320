/// How Fountain readers would take a line, asked before writing it, so the writer adds forcing markup (`!`, `.`,
/// `@`, `>`) exactly where plain text would be read as something else. The forcing rules are internal: other
/// modules get forcing by writing through `FountainWriter` (`.portable`); only the text rules are public.
///
/// The rules are the union of the Fountain 1.1 spec, this module's parser (`FountainLine`, whose rules they call
/// rather than copy) and screenplain (the tool `scripts/check-fountain.sh` runs): when any of them would misread a
/// line, the line is forced. Forcing a line
/// that did not need it is harmless; not forcing one that did changes the script.
public enum FountainRules {
    /// Prefixes that make a line something other than action or dialogue anywhere in the body: forced action,
    /// forced cue, boneyard, note, page break or synopsis, section, transition or centred text, forced heading,
    /// lyrics.
    static func hasMarkupPrefix(_ line: String) -> Bool {
        if line.hasPrefix(".") { return !line.hasPrefix("..") || line == ".." }
        for prefix in ["!", "@", "/*", "[[", "=", "#", ">", "~"] where line.hasPrefix(prefix) { return true }
        return false
    }

    /// The parser's rule (screenplain's `INT.EXT` is already `INT` followed by a dot).
    static func isNaturalHeading(_ line: String) -> Bool { FountainLine.isNaturalHeading(line) }

    /// An upper-case line ending in `TO:` with a cased letter before it: a transition without `>`.
    static func isNaturalTransition(_ line: String) -> Bool {
        guard line.hasSuffix("TO:"), line == line.uppercased() else { return false }
        return line.dropLast(3).contains { $0.isCased }
    }

    /// Whether the line, after a blank line and followed by another line, would be read as a character cue: the
    /// part before any `(` (or the whole line) has a letter and no lower case.
    static func readsAsCue(_ line: String) -> Bool {
        let head = line.firstIndex(of: "(").map { FountainLine.trim(line[..<$0]) } ?? line
        return [head, line].contains { candidate in
            candidate.contains { $0.isLetter } && candidate == candidate.uppercased()
        }
    }

    /// Whether a line of an action paragraph needs `!`: it would read as markup anywhere, or, opening the
    /// paragraph, as a scene heading (jouvence forces one at any leading `.`, `...y entonces` too), as a transition
    /// (when `alone` in its paragraph) or as a cue (when not).
    static func actionNeedsForcing(_ line: String, opensParagraph: Bool, alone: Bool) -> Bool {
        if hasMarkupPrefix(line) { return true }
        guard opensParagraph else { return false }
        if line.hasPrefix(".") { return true }
        return isNaturalHeading(line) || (alone ? isNaturalTransition(line) : readsAsCue(line))
    }

    /// Whether an upper-cased cue line needs `@` to be read as a cue: it is empty before its extensions, starts
    /// with markup or `(`, looks like a scene heading, has no cased letter (screenplain's `isupper()` needs one),
    /// or is not what jouvence, like other readers that match cues with `[A-Z]`, takes for a name: two or more of
    /// `A`–`Z`, space, `-`, `.` and `_`, opening with a letter (`MARÍA FERNANDA`, `CAMARERO 2` and `O'HARA` read
    /// as action there), or still has lower case.
    static func cueNeedsForcing(_ cue: String) -> Bool {
        let head = cue.firstIndex(of: "(").map { FountainLine.trim(cue[..<$0]) } ?? cue
        if head.isEmpty || hasMarkupPrefix(cue) || cue.hasPrefix("(") || isNaturalHeading(cue) { return true }
        if !head.contains(where: { $0.isCased }) { return true }
        if !readsAsBareName(head) { return true }
        return head != head.uppercased() || cue != cue.uppercased()
    }

    /// jouvence's character name: two or more scalars of `A`–`Z`, space, `-`, `.` and `_`, the first a letter.
    static func readsAsBareName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        func letter(_ s: Unicode.Scalar) -> Bool { ("A" ... "Z").contains(s) }
        return scalars.count >= 2 && letter(scalars[0])
            && scalars.allSatisfy { letter($0) || " -._".unicodeScalars.contains($0) }
    }

    /// Breaks up the two-character sequences that open or close notes and boneyards anywhere in a file
    /// (`[[`, `]]`, `/*`, `*/`): screenplain strips them even mid-line, which would delete generated text.
    public static func defuse(_ text: String) -> String {
        guard text.contains("[[") || text.contains("]]") || text.contains("/*") || text.contains("*/") else {
            return text
        }
        // Scalar by scalar, every pair broken, a run of three included (`[[[` kept a `[[`).
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [("[", "["), ("]", "]"), ("/", "*"), ("*", "/")]
            if let p = previous, pairs.contains(where: { $0 == (p, scalar) }) { out.append(" ") }
            previous = scalar
            out.append(scalar)
        }
        return String(out)
    }

    /// Splits a dialogue line that opens with a delivery, `(pausa) Te amo.`, into `["(pausa)", "Te amo."]`, since
    /// a speech line starting with `(` is read as a parenthetical. Lines without a leading `(…)` come back as is.
    public static func splitLeadingParentheticals(_ line: String) -> [String] {
        var rest = Substring(line)
        var out: [String] = []
        while rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
            let inner = FountainLine.trim(rest[rest.index(after: rest.startIndex) ..< close])
            rest = Substring(FountainLine.trim(rest[rest.index(after: close)...]))
            if !inner.isEmpty { out.append("(\(inner))") }
        }
        if !rest.isEmpty { out.append(String(rest)) }
        return out
    }
}
