import ArcgenFountain

/// Strips a Fountain scene (from the corpus or from a generator) down to the lines a writer composes — action,
/// dialogue and parentheticals — so that word-level figures and the repeated-line rate judge language, not format.
///
/// Dropped, line by line:
/// - blank lines;
/// - a title page (`Title:`, `Credit:`, `Language:`, … up to the first blank line) when the text starts with one;
/// - page breaks and separators made only of `=` (`===`), and synopsis or header lines starting with `=`
///   (`= es encounter: …`);
/// - notes `[[…]]` (removed within a line; a line left empty is dropped);
/// - transitions and centred text (`> FUNDIDO A NEGRO.`), forced headings (`.…`) and forced cues (`@…`);
/// - every line whose letters, once `{role}` slots and `(…)` extensions are set aside, are all capitals: character
///   cues (`SOR REMEDIOS`, `HEROINE`, `{heroine} (V.O.)`), scene headings (`INT. CONVENTO - NOCHE`) and
///   capitalised transitions (`CUT TO:`). A shouted all-capitals line of dialogue goes too; that is rare and costs
///   little.
///
/// Kept: action and dialogue lines and parentheticals such as `(pausa)`, trimmed. `{role}` slots inside a kept line
/// stay in the text; `Words` never counts them.
public enum SceneProse {
    /// The kept lines of `scene`, trimmed, in order.
    public static func lines(of scene: String) -> [String] {
        var kept: [String] = []
        var rawLines = scene.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = rawLines.first, isTitlePageKey(first) {
            let blank = rawLines.firstIndex { $0.allSatisfy(\.isWhitespace) } ?? rawLines.endIndex
            rawLines.removeSubrange(rawLines.startIndex..<blank)
        }
        for raw in rawLines {
            var line = trimmed(raw)
            if line.contains("[[") { line = trimmed(removingNotes(from: line)) }
            if line.isEmpty { continue }
            let first = line.unicodeScalars.first!
            if first == "=" || first == ">" || first == "@" { continue }
            if first == ".", line.unicodeScalars.count > 1,
               !line.unicodeScalars.dropFirst().first!.properties.isWhitespace,
               line.unicodeScalars.dropFirst().first! != "." { continue }
            if isCapitalsLine(line) { continue }
            kept.append(line)
        }
        return kept
    }

    /// The kept lines joined by newlines.
    public static func text(of scene: String) -> String { lines(of: scene).joined(separator: "\n") }

    /// Whitespace trimmed from both ends: the Fountain parser's rule.
    static func trimmed<S: StringProtocol>(_ s: S) -> String { FountainLine.trim(s) }

    /// `Key: value` with a capitalised key of letters and spaces, as on a Fountain title page.
    static func isTitlePageKey(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let key = line[..<colon]
        guard let first = key.first, first.isUppercase else { return false }
        return key.allSatisfy { $0.isLetter || $0 == " " } && key.count <= 20
    }

    static func removingNotes(from line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let open = rest.range(of: "[[") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "]]") else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// True when the line has a letter outside slots and parentheses and none of those letters is lower case, or
    /// when the line is nothing but slots and parentheses (a slot cue such as `{heroine}`).
    static func isCapitalsLine(_ line: String) -> Bool {
        var braces = 0
        var parens = 0
        var sawUpper = false
        var sawOther = false
        for s in line.unicodeScalars {
            switch s {
            case "{": braces += 1
            case "}": braces = max(0, braces - 1)
            case "(": parens += 1
            case ")": parens = max(0, parens - 1)
            default:
                guard braces == 0, parens == 0 else { continue }
                if s.properties.isLowercase { return false }
                if s.properties.isUppercase { sawUpper = true } else if !s.properties.isWhitespace { sawOther = true }
            }
        }
        if sawUpper { return true }
        // Only slots (and perhaps an extension): a cue written as a slot.
        return !sawOther && line.unicodeScalars.first == "{"
    }
}
