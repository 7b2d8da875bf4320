/// Tells Spanish from English in a sentence or two, by the function words and the letters only Spanish uses. It is
/// meant to catch a synopsis written in the other language than its scene, not to identify languages in general,
/// so it answers only when the evidence is clear.
enum LanguageGuess {
    static let spanishWords: Set<String> = [
        "el", "la", "los", "las", "del", "al", "que", "y", "en", "un", "una", "su", "sus", "se", "con", "por",
        "para", "pero", "como", "le", "lo", "es", "ella", "él", "mientras", "cuando", "sin", "ya",
    ]
    static let englishWords: Set<String> = [
        "the", "and", "to", "of", "an", "his", "her", "in", "with", "is", "that", "for", "at", "on", "from",
        "but", "as", "she", "he", "while", "when", "who", "into", "by", "their", "they", "not", "it",
    ]
    /// Letters only Spanish uses, counted in lower-case words; the opening marks count anywhere.
    static let spanishLetters: Set<Character> = ["ñ", "á", "é", "í", "ó", "ú"]

    /// `es`, `en`, or nil when the text gives no clear answer (a name-heavy line with no function words).
    static func language(of text: String) -> String? {
        var spanish = 0
        var english = 0
        for word in Mention.words(in: text) {
            let lower = word.text.lowercased()
            if spanishWords.contains(lower) { spanish += 1 }
            if englishWords.contains(lower) { english += 1 }
            // A name's accents (Ramón, Begoña) are no evidence: an English synopsis of this genre is full of them.
            if !word.startsCapitalised { spanish += lower.filter(spanishLetters.contains).count }
        }
        spanish += text.filter { $0 == "¿" || $0 == "¡" }.count
        if spanish >= 2, spanish >= 2 * english { return "es" }
        if english >= 2, english >= 2 * spanish { return "en" }
        return nil
    }
}
