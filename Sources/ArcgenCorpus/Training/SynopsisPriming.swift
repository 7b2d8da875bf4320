/// How a scene's synopsis enters the training header, and so how generation primes with an arc state's synopsis:
/// the plan in the plan-and-write scheme (Yao et al., AAAI 2019), where a story is written part by part, each part
/// conditioned on its own plan.
///
/// - `none`: no synopsis line (the models shipped before the synopses existed were trained so).
/// - `words`: the synopsis's content words in order, each once, function words dropped; cast names written as their
///   cue labels (`HEROINE`). The storyline keywords of plan-and-write, short enough that the model can hold them
///   through a scene, and with no sentence to restate.
/// - `whole`: the whole synopsis, names written as cue labels.
public enum SynopsisPriming: String, Codable, Sendable, CaseIterable {
    case none
    case words
    case whole

    /// The second header line (without its line break) for a synopsis whose cast names are already cue labels, or
    /// nil for `none` and for a synopsis with nothing left to say.
    public func line(synopsis: String, language: String) -> String? {
        let text: String
        switch self {
        case .none: return nil
        case .whole: text = synopsis.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        case .words: text = SynopsisWords.contentWords(of: synopsis, language: language).joined(separator: " ")
        }
        return text.isEmpty ? nil : "= " + text
    }
}

/// The content words of a synopsis: what a scene playing it should talk about. One definition for the training
/// header's plan line and for the synopsis-coverage figure, so what primes a scene is what it is judged on.
public enum SynopsisWords {
    /// Words of `text` in order of first use, each once: letters (and an apostrophe or hyphen between letters),
    /// lower-cased unless spelt in capitals (a cue label such as `HEROINE` or `LOST-RELATIVE` stays as it is), with
    /// words of fewer than three letters, numbers and the language's function words dropped, and a label's `'s`.
    public static func contentWords(of text: String, language: String) -> [String] {
        let stop = functionWords(of: language)
        var seen = Set<String>()
        var out: [String] = []
        for var word in words(in: text) {
            // A label's possessive ("GALAN's dream") is the label.
            if word.hasSuffix("'s"), case let stem = word.dropLast(2), stem == stem.uppercased() { word = String(stem) }
            let isLabel = word.count > 1 && word == word.uppercased() && word != word.lowercased()
            let w = isLabel ? word : word.lowercased()
            guard w.count >= 3, isLabel || !stop.contains(w), seen.insert(w).inserted else { continue }
            out.append(w)
        }
        return out
    }

    /// Whether a sentence reads as the header's plan line rather than prose: eight words or more, each a different
    /// content word (no function word, none under three letters), and no comma. The models sometimes carry the plan
    /// line on into the scene ("aliviada pasa LAWYER quiere abrazar hermanas edificio…"); no sentence of the corpus's
    /// action reads so (a test checks it; without the comma rule, 15 of 38,773 did, all introductions such as
    /// "FORMER SENATOR AMBROSE REDD (80), bow tie, hearing aid.").
    public static func readsAsPlanLine(_ sentence: String, language: String) -> Bool {
        guard !sentence.contains(",") else { return false }
        let all = words(in: sentence)
        return all.count >= 8 && contentWords(of: sentence, language: language).count == all.count
    }

    /// `text` cut after each sentence end (".", "!", "?", "…" followed by a space or a line break).
    public static func sentences(in text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var ended = false
        for c in text {
            if ended, c.isWhitespace {
                out.append(current)
                current = ""
                ended = false
                continue
            }
            current.append(c)
            ended = ".!?…".contains(c)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Runs of letters, keeping an apostrophe or hyphen that joins two letters ("don't", "LOST-RELATIVE"), with
    /// the typographic apostrophe written as `'`.
    public static func words(in text: String) -> [String] {
        wordRanges(in: text).map { String(text[$0]).replacingOccurrences(of: "’", with: "'") }
    }

    /// Where `words(in:)` finds its words in `text`: the one reading of a word, for those that need positions.
    public static func wordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i], next = text.index(after: i)
            if c.isLetter {
                if start == nil { start = i }
            } else if c == "'" || c == "’" || c == "-", start != nil, next < text.endIndex, text[next].isLetter {
                // A joiner between two letters: the word goes on.
            } else if let s = start {
                ranges.append(s ..< i)
                start = nil
            }
            i = next
        }
        if let start { ranges.append(start ..< text.endIndex) }
        return ranges
    }

    /// The function words of `language` (Spanish unless `en`), lower-cased: words that carry no topic.
    static func functionWords(of language: String) -> Set<String> {
        language == "en" ? englishFunctionWords : spanishFunctionWords
    }

    static let spanishFunctionWords: Set<String> = [
        "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "del", "al", "que", "qué", "y", "e", "o", "u",
        "ni", "en", "de", "a", "con", "sin", "por", "para", "entre", "sobre", "bajo", "hasta", "desde", "hacia",
        "tras", "contra", "ante", "según", "durante", "mientras", "cuando", "donde", "como", "pero", "aunque",
        "porque", "pues", "sino", "si", "ya", "aún", "todavía", "también", "tampoco", "muy", "más", "menos", "tan",
        "tanto", "su", "sus", "suyo", "suya", "mi", "mis", "tu", "tus", "se", "le", "les", "me", "te", "nos", "él",
        "ella", "ellos", "ellas", "usted", "ustedes", "este", "esta", "estos", "estas", "ese", "esa", "esos", "esas",
        "aquel", "aquella", "esto", "eso", "quien", "quién", "quienes", "cual", "cuál", "cuyo", "cuya", "es", "son",
        "era", "eran", "fue", "ser", "está", "están", "estaba", "estar", "ha", "han", "había", "haber", "hay",
        "tiene", "tienen", "tenía", "todo", "toda", "todos", "todas", "otro", "otra", "otros", "otras", "cada",
        "mismo", "misma", "solo", "sólo", "no", "sí", "ahí", "allí", "aquí", "luego", "después", "antes", "así",
        "entonces", "nunca", "siempre", "algo", "nada", "alguien", "nadie", "uno", "dos", "tres", "don", "doña",
    ]

    static let englishFunctionWords: Set<String> = [
        "the", "a", "an", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with",
        "without", "into", "onto", "over", "under", "about", "after", "before", "during", "while", "when", "where",
        "as", "than", "then", "that", "this", "these", "those", "which", "who", "whom", "whose", "what", "his",
        "her", "hers", "him", "he", "she", "it", "its", "they", "them", "their", "theirs", "we", "our", "you",
        "your", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "does", "did", "do", "not",
        "no", "yes", "so", "too", "very", "just", "only", "also", "still", "yet", "all", "any", "each", "every",
        "both", "other", "another", "own", "same", "such", "some", "there", "here", "out", "off", "up", "down",
        "again", "once", "ever", "never", "always", "because", "though", "although", "until", "since", "through",
        "against", "between", "among", "one", "two", "three", "can", "could", "will", "would", "shall", "should",
        "may", "might", "must", "himself", "herself", "itself", "themselves", "mr", "mrs", "miss",
    ]
}
