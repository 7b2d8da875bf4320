/// How dialogue is compared when the corpus is measured for repetition and variety.
public enum DialogueText {
    /// A line is a **short interjection** — "¿Qué?", "Yes, ma'am.", "¡Dios mío!" — when it has at most
    /// `shortWordLimit` words or at most `shortCharacterLimit` characters once normalised. Such lines repeat in any
    /// real script, so they are left out of the duplicate-line rate and of scene overlap.
    public static let shortWordLimit = 3
    public static let shortCharacterLimit = 20

    /// Lower-cased words: runs of letters and digits, an apostrophe between letters kept (`don't`).
    public static func words(_ line: String) -> [String] {
        Mention.words(in: line).map { word in
            word.text.lowercased().split(separator: "-").joined(separator: " ")
        }.flatMap { $0.split(separator: " ").map(String.init) }
    }

    /// The form two lines are compared in: lower-case words joined by single spaces, punctuation dropped, so
    /// "¡No!  ¿Por qué?" and "no, por qué" are the same line.
    public static func normalized(_ line: String) -> String { words(line).joined(separator: " ") }

    /// Whether a line is a short interjection (see `shortWordLimit`).
    public static func isShort(_ line: String) -> Bool {
        let w = words(line)
        return w.count <= shortWordLimit || w.joined(separator: " ").count <= shortCharacterLimit
    }
}
