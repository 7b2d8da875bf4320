import Foundation

/// What a beat classifier reads of a text: its words (`Words`) and, optionally, adjacent-word bigrams, with the
/// training header left out. Both classifiers extract their features here and nowhere else.
///
/// Corpus training texts and primed samples open with the header `= es encounter: HEROINE, GALAN`, which names the
/// scene's beat (a control code for the language models). A classifier that read it would be handed the answer:
/// when it learns from real scenes, on the held-out ceiling, and on samples primed with their model's tag. So every
/// line that starts with `=` is skipped: the header, and with it Fountain synopses (`= …`) and page breaks (`===`),
/// which carry no prose. Callers pass texts as they are; none has to remember to strip the header.
enum BeatFeatures {
    /// Calls `body` with each word of `text` outside its `=` lines (by `words`), then (optionally) with each
    /// adjacent pair joined by a space (no word contains one); a pair may span a line break, as it always could.
    static func forEach(in text: String, words: Words, bigrams: Bool, _ body: (String) -> Void) {
        var previous: String?
        words.forEachToken(in: withoutHeaderLines(text)) { word in
            body(word)
            if bigrams, let p = previous { body(p + " " + word) }
            previous = word
        }
    }

    /// `text` without the lines that start with `=`; the text itself when it has none (the common case for
    /// anything but a corpus scene or a primed sample).
    static func withoutHeaderLines(_ text: String) -> String {
        guard text.hasPrefix("=") || text.contains("\n=") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("=") }
            .joined(separator: "\n")
    }
}
