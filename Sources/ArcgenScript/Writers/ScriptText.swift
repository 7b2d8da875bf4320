import ArcgenFountain

/// Whitespace rules every writer applies to generated text before laying it out, so that stray spaces, carriage
/// returns and blank lines from a model cannot change how a screenplay tool reads the result.
enum ScriptText {
    /// Whitespace (including a stray `\r`) trimmed from both ends: the Fountain parser's own rule.
    static func trim<S: StringProtocol>(_ s: S) -> String { FountainLine.trim(s) }

    /// The text's lines, each trimmed; `\r\n`, `\r` and `\n` all end a line. Blank lines are kept (as "").
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { out.append(trim(String(current))); current = .init() }
                previousWasCR = false
            } else if scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
                out.append(trim(String(current))); current = .init()
                previousWasCR = scalar == "\r"
            } else {
                current.append(scalar)
                previousWasCR = false
            }
        }
        out.append(trim(String(current)))
        return out
    }

    /// Non-blank lines grouped into paragraphs at blank lines.
    static func paragraphs(_ text: String) -> [[String]] {
        var out: [[String]] = []
        var current: [String] = []
        for line in lines(text) {
            if line.isEmpty {
                if !current.isEmpty { out.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The text on one line: line breaks and runs of whitespace become one space; ends trimmed.
    static func oneLine(_ text: String) -> String {
        lines(text).filter { !$0.isEmpty }.joined(separator: " ")
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A parenthetical's text without surrounding parentheses the model may already have put around it.
    static func bareParenthetical(_ text: String) -> String {
        var t = oneLine(text)
        while t.hasPrefix("("), t.hasSuffix(")"), t.count >= 2 { t = trim(t.dropFirst().dropLast()) }
        return t
    }
}
