/// Turns elements back into Fountain text that `FountainParser` reads as the same elements.
///
/// Blocks are separated by one blank line; a speech (cue, parentheticals, dialogue, notes inside it) is one block.
/// Forcing markup is added only where the plain text would be read as something else — `> CORTE A:` gets its `>`,
/// `CUT TO:` does not; an upper-case action line directly followed by another line gets a `!` so it is not taken
/// for a cue — so a corpus file written by hand in the usual way comes back byte for byte. Where the file is for
/// other screenplay tools, `Forcing.portable` also forces what they would misread (`FountainRules`).
public enum FountainWriter {
    /// Which readers the forcing markup is for.
    public enum Forcing: Sendable {
        /// Only where this module's parser would misread a line: the corpus's layout, hand-written files byte for
        /// byte.
        case minimal
        /// Also where the Fountain 1.1 spec, screenplain or jouvence would misread it (`FountainRules`): for files
        /// other tools read, such as an episode's script.
        case portable
    }

    /// The Fountain text of `elements`, ending with a newline.
    public static func write(_ elements: [FountainElement], forcing: Forcing = .minimal) -> String {
        write(elements.map(\.kind), forcing: forcing)
    }

    /// The Fountain text of a document.
    public static func write(_ document: FountainDocument, forcing: Forcing = .minimal) -> String {
        write(document.elements, forcing: forcing)
    }

    /// The Fountain text of bare kinds.
    public static func write(_ kinds: [FountainElementKind], forcing: Forcing = .minimal) -> String {
        var out = ""
        let titleCount = kinds.prefix { if case .titleField = $0 { return true } else { return false } }.count
        for kind in kinds.prefix(titleCount) {
            guard case let .titleField(key, value) = kind else { continue }
            if value.contains("\n") {
                let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
                out += "\(key):\n" + lines.map { "    \($0)" }.joined(separator: "\n") + "\n"
            } else {
                out += value.isEmpty ? "\(key):\n" : "\(key): \(value)\n"
            }
        }
        let body = Array(kinds.dropFirst(titleCount))
        if titleCount > 0, !body.isEmpty { out += "\n" }
        for (i, kind) in body.enumerated() {
            if i > 0 { out += separator(before: i, in: body) }
            out += text(of: kind, atFileStart: i == 0 && titleCount == 0, portable: forcing == .portable)
            out += "\n"
        }
        return out
    }

    /// Elements that belong to the speech above them, and a note under another note (the corpus's block of
    /// scene notes), are written on the next line; everything else after a blank line.
    private static func separator(before i: Int, in body: [FountainElementKind]) -> String {
        if continuesSpeech(body, at: i) { return "" }
        if case .note = body[i], case .note = body[i - 1] { return "" }
        return "\n"
    }

    /// Whether `body[i]` is written inside the speech that precedes it.
    private static func continuesSpeech(_ body: [FountainElementKind], at i: Int) -> Bool {
        guard i > 0 else { return false }
        switch body[i] {
        case .parenthetical, .dialogue:
            return true
        case .note:
            // A note directly under a cue, or between two lines of a speech, stays inside the speech.
            guard isSpeechPart(body[i - 1]) else { return false }
            if case .character = body[i - 1] { return true }
            return i + 1 < body.count && continuesSpeech(body, at: i + 1)
        default:
            return false
        }
    }

    private static func isSpeechPart(_ kind: FountainElementKind) -> Bool {
        switch kind {
        case .character, .parenthetical, .dialogue, .note: return true
        default: return false
        }
    }

    /// The line(s) for one element, with forcing markup where needed; `portable` adds `FountainRules`' cases.
    private static func text(of kind: FountainElementKind, atFileStart: Bool, portable: Bool) -> String {
        switch kind {
        case let .titleField(key, value):
            return "\(key): \(value)"
        case let .sceneHeading(text, number):
            let line = text + (number.map { " #\($0)#" } ?? "")
            let plain = FountainLine.read(line, afterBlank: true, nextIsBlank: true)
            let forced = plain != .heading(text: text, number: number)
                || portable && !FountainRules.isNaturalHeading(text)
            return forced ? "." + line : line
        case let .action(text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return lines.enumerated().map { j, line in
                let nextIsBlank = j + 1 == lines.count
                let reading = FountainLine.read(line, afterBlank: j == 0, nextIsBlank: nextIsBlank)
                var forced = reading != .action(line, forced: false)
                if atFileStart, j == 0, FountainLine.titleField(line) != nil { forced = true }
                if line.isEmpty { forced = true }
                if portable, FountainRules.actionNeedsForcing(line, opensParagraph: j == 0, alone: lines.count == 1) {
                    forced = true
                }
                return forced ? "!" + line : line
            }.joined(separator: "\n")
        case let .character(cue):
            let line = cue.text
            let forced = FountainLine.read(line, afterBlank: true, nextIsBlank: false) != .cue(cue)
                || portable && FountainRules.cueNeedsForcing(line)
            return forced ? "@" + line : line
        case let .parenthetical(text):
            return "(\(text))"
        case let .dialogue(text):
            return text
        case let .transition(text):
            let plain = FountainLine.read(text, afterBlank: true, nextIsBlank: true)
            let natural = plain == .transition(text)
                && (!portable || FountainRules.isNaturalTransition(text) && !FountainRules.hasMarkupPrefix(text))
            if natural { return text }
            // `> … <` would be centred text: a forced transition cannot end in `<`, so those go.
            var forced = Substring(text)
            while forced.hasSuffix("<") { forced = Substring(FountainLine.trim(forced.dropLast())) }
            return "> " + forced
        case let .centered(text):
            return "> \(text) <"
        case let .note(text):
            return "[[\(text)]]"
        case let .boneyard(text):
            return "/*\(text)*/"
        case let .section(depth, text):
            return String(repeating: "#", count: depth) + " " + text
        case let .synopsis(text):
            return "= " + text
        case .pageBreak:
            return "==="
        }
    }
}
