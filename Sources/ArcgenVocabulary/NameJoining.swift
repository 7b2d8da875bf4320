/// How a role's name joins the words written before it, wherever a name replaces a slot (an arc's synopses, a
/// generated scene). A name may bring its own article ("el abogado", "la criada", "the maid", a role the cast leaves
/// unnamed, or "el padre Anselmo"): an article written just before the slot gives way to it ("La {extra}" reads "El
/// abogado", not "La el abogado"), and in Spanish "a" or "de" before "el" contracts ("al comandante Ibarra", "del
/// doctor Medina"), as does an "al" or "del" already written ("del {doctor}" reads "del doctor Medina").
public enum NameJoining {
    /// Articles a name's own article replaces. Not "a": in Spanish it is the preposition ("a la criada").
    static let articles: Set<String> = ["el", "la", "los", "las", "un", "una", "the"]

    /// `name` without the article it brings ("doctor Medina" for "el doctor Medina"): how it is written after "al",
    /// "del" or an article of the text's own.
    public static func withoutArticle(_ name: String) -> String {
        guard let space = name.firstIndex(of: " "), articles.contains(name[..<space].lowercased()) else { return name }
        return String(name[name.index(after: space)...])
    }

    /// `text` and `name` as they should be written one after the other; capitals are the caller's.
    public static func join(_ name: String, after text: String) -> (text: String, name: String) {
        guard let space = name.firstIndex(of: " ") else { return (text, name) }
        let nameArticle = name[..<space].lowercased()
        guard articles.contains(nameArticle) else { return (text, name) }
        // The last word before the slot, and what precedes it.
        let gap = text.reversed().prefix { $0 == " " }.count
        let word = String(text.dropLast(gap).reversed().prefix { $0.isLetter }.reversed())
        let head = text.dropLast(gap + word.count)
        guard !word.isEmpty, head.last.map({ !$0.isLetter }) ?? true else { return (text, name) }
        let lower = word.lowercased()
        if nameArticle == "el", lower == "a" || lower == "de" {
            return (head + word + "l ", String(name[name.index(after: space)...]))
        }
        if nameArticle == "el", lower == "al" || lower == "del" {
            return (text, String(name[name.index(after: space)...]))
        }
        if articles.contains(lower) {
            // The name's article stands where the model's was, with its capital.
            let capital = word.first!.isUppercase
            return (String(head), capital ? name.prefix(1).uppercased() + name.dropFirst() : name)
        }
        return (text, name)
    }
}
