/// How a role's name joins the words written before it, wherever a name replaces a slot (an arc's synopses, a
/// generated scene), so the two read alike:
/// - a name that brings its own article ("el abogado", "la criada", "a man", "the maid": a role the cast leaves
///   unnamed, or "el padre Anselmo") takes the place of an article of its language written just before the slot:
///   "La {extra}" reads "El abogado", not "La el abogado";
/// - in Spanish, "a" or "de" before a name's "el" contracts ("al comandante Ibarra", "del doctor Medina"); an "al" or
///   "del" written before a name takes its "el" ("del {doctor}": "del doctor Medina") and before any other name
///   comes apart ("del {heroine}": "de Rosaura", "al {servant}": "a la criada");
/// - where the words before are a model's (`droppingDefiniteArticle`), a definite article before a name with a
///   capital and no article of its own goes: "El {galan} entra" reads "Alejandro entra", not "El Alejandro" (the
///   corpus puts one only before titles, "el Padre Clemente"; "el doctor Medina", in lower case, keeps it), and so
///   does one before a Spanish title that never takes one: "El {villain} llega" reads "Doña Remedios llega", not
///   "El doña Remedios" (the article's gender was the model's guess);
/// - a name opening a sentence takes a capital ("El doctor Medina llega").
public enum NameJoining {
    static let spanishArticles: Set<String> = ["el", "la", "los", "las", "un", "una"]
    static let englishArticles: Set<String> = ["the", "a", "an"]
    /// The definite ones: a name written without one is the same person ("el doctor Espinoza", "doctor Espinoza").
    static let definiteArticles: Set<String> = ["el", "la", "los", "las", "the"]
    /// Spanish titles written in lower case before a name and never after an article ("doña Remedios", "fray
    /// Gonzalo"), unlike "el doctor Medina" or "la señora Garza".
    static let titlesWithoutArticle: Set<String> = ["don", "doña", "fray", "sor"]

    /// `name`'s article (lower-cased) and the name after it, or nil when it starts with none.
    static func article(of name: String) -> (article: String, rest: Substring)? {
        guard let space = name.firstIndex(of: " ") else { return nil }
        let word = name[..<space].lowercased()
        guard spanishArticles.contains(word) || englishArticles.contains(word) else { return nil }
        return (word, name[name.index(after: space)...])
    }

    /// The first word of `name`.
    static func firstWord(of name: String) -> Substring { name.prefix { $0 != " " } }

    /// `name` without a definite article ("doctor Medina" for "el doctor Medina"), to recognise the person in text
    /// that contracted or replaced it.
    public static func withoutArticle(_ name: String) -> String {
        guard let (article, rest) = article(of: name), definiteArticles.contains(article) else { return name }
        return String(rest)
    }

    /// `text` followed by `name`, joined as the type says.
    public static func appending(_ name: String, to text: String, droppingDefiniteArticle: Bool = false) -> String {
        // The last word before the slot (letters only), and what precedes it.
        let gap = text.reversed().prefix { $0 == " " }.count
        let word = String(text.dropLast(gap).reversed().prefix { $0.isLetter }.reversed())
        let head = String(text.dropLast(gap + word.count))
        let lower = word.lowercased(), own = article(of: name)
        var before = text, joined = name
        if lower == "al" || lower == "del" {
            if own?.article == "el" {
                joined = String(own!.rest)
            } else {
                before = head + word.dropLast() + String(repeating: " ", count: gap)
            }
        } else if own?.article == "el", lower == "a" || lower == "de" {
            before = head + word + "l" + String(repeating: " ", count: gap)
            joined = String(own!.rest)
        } else if let own, !word.isEmpty {
            let articles = spanishArticles.contains(own.article) ? spanishArticles : englishArticles
            if articles.contains(lower) {
                before = head
                if word.first!.isUppercase { joined = joined.prefix(1).uppercased() + joined.dropFirst() }
            }
        } else if droppingDefiniteArticle, definiteArticles.contains(lower),
                  name.first?.isUppercase == true || titlesWithoutArticle.contains(firstWord(of: name).lowercased()) {
            before = head
        }
        return before + capitalised(joined, after: before)
    }

    /// `name` with a capital where it opens a sentence: after nothing, or after a sentence's end (quotes, an opening
    /// ¡ or ¿ and dashes between do not count). After a colon the sentence goes on, as Spanish writes it.
    public static func capitalised(_ name: String, after text: String) -> String {
        guard let first = name.first, first.isLowercase else { return name }
        let before = text.last { !$0.isWhitespace && $0 != "\"" && $0 != "¡" && $0 != "¿" && $0 != "—" }
        guard before == nil || ".!?…".contains(before!) else { return name }
        return first.uppercased() + name.dropFirst()
    }
}
