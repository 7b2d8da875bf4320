import ArcgenFountain

/// Strips a Fountain scene (from the corpus or from a generator) down to the lines a writer composes — action,
/// dialogue and parentheticals — so that word-level figures and the repeated-line rate judge language, not format.
///
/// The scene is read by the Fountain parser (`FountainParser.parse`), so the format's rules live in one place: the
/// title page, scene headings, cues, transitions and centred text, synopses and headers (`= es encounter: …`), page
/// breaks, notes on their own lines, boneyards and sections are dropped as the parser reads them. Of the action,
/// dialogue and parenthetical lines it finds, two kinds are dropped too, because they are format a generator copies
/// rather than prose:
/// - notes `[[…]]` inside a line (a line left empty is dropped);
/// - every line whose letters, once `{role}` slots and `(…)` extensions are set aside, are all capitals: cues
///   the parser takes for action (`{heroine} (V.O.)`, a cue written as a slot, or a heading without a blank line
///   before it) and capitalised transitions. A shouted all-capitals line of dialogue goes too; that is rare and
///   costs little.
///
/// Kept: the lines trimmed, parentheticals as `(pausa)`. `{role}` slots inside a kept line stay in the text; `Words`
/// never counts them.
public enum SceneProse {
    /// The kept lines of `scene`, trimmed, in order.
    public static func lines(of scene: String) -> [String] {
        var kept: [String] = []
        for element in FountainParser.parse(scene).elements {
            let lines: [Substring]
            switch element.kind {
            case let .action(text): lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            case let .dialogue(text): lines = [Substring(text)]
            case let .parenthetical(text): lines = [Substring("(\(text))")]
            default: continue
            }
            for raw in lines {
                var line = trimmed(raw)
                if line.contains("[[") { line = trimmed(removingNotes(from: line)) }
                if line.isEmpty || isCapitalsLine(line) { continue }
                kept.append(line)
            }
        }
        return kept
    }

    /// The kept lines joined by newlines.
    public static func text(of scene: String) -> String { lines(of: scene).joined(separator: "\n") }

    /// Whitespace trimmed from both ends: the Fountain parser's rule.
    static func trimmed<S: StringProtocol>(_ s: S) -> String { FountainLine.trim(s) }

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
