import ArcgenVocabulary
import Testing

@Suite("Names joined to the words before them")
struct NameJoiningTests {
    @Test("an article gives way to the name's own, in its language", arguments: [
        ("Entra. La ", "el abogado", "Entra. El abogado"),
        ("Habla con el ", "doctor Medina", "Habla con el doctor Medina"),
        ("Habla con la ", "la criada", "Habla con la criada"),
        ("Llama a ", "un hombre", "Llama a un hombre"),
        ("The ", "a man", "A man"),
        ("She calls a ", "the maid", "She calls the maid"),
        ("She waits for the ", "the maid", "She waits for the maid"),
        ("Rosaura la ", "Rosaura", "Rosaura la Rosaura"),
    ])
    func articles(_ text: String, _ name: String, _ expected: String) {
        #expect(NameJoining.appending(name, to: text) == expected)
    }

    @Test("in a model's words, a definite article goes before a name with a capital or a title that takes none",
          arguments: [
        ("El ", "Alejandro", "Alejandro"),
        ("Entra. La ", "Regina", "Entra. Regina"),
        ("She hugs the ", "Valerie", "She hugs Valerie"),
        ("The ", "Father Emil", "Father Emil"),
        ("Habla con el ", "doctor Medina", "Habla con el doctor Medina"),
        ("Busca a ", "Alejandro", "Busca a Alejandro"),
        ("Es un ", "Alejandro", "Es un Alejandro"),
        ("El ", "doña Remedios", "Doña Remedios"),
        ("Mira a la ", "doña Remedios", "Mira a doña Remedios"),
        ("Llega. El ", "fray Gonzalo", "Llega. Fray Gonzalo"),
        ("Habla con la ", "señora Garza", "Habla con la señora Garza"),
        ("Habla con el ", "donante", "Habla con el donante"),
    ])
    func definiteArticleDropped(_ text: String, _ name: String, _ expected: String) {
        #expect(NameJoining.appending(name, to: text, droppingDefiniteArticle: true) == expected)
    }

    @Test("Spanish contracts a and de before el, and undoes al and del before another name", arguments: [
        ("Llama a ", "el comandante Ibarra", "Llama al comandante Ibarra"),
        ("La carta de ", "el doctor Medina", "La carta del doctor Medina"),
        ("Sale del ", "el doctor Medina", "Sale del doctor Medina"),
        ("La carta del ", "Rosaura", "La carta de Rosaura"),
        ("Se lo da al ", "la criada", "Se lo da a la criada"),
        ("Mira a ", "María Fernanda", "Mira a María Fernanda"),
        ("Casa ", "el comandante Ibarra", "Casa el comandante Ibarra"),
    ])
    func contractions(_ text: String, _ name: String, _ expected: String) {
        #expect(NameJoining.appending(name, to: text) == expected)
    }

    @Test("a name opening a sentence takes a capital; after a colon or inside one it does not", arguments: [
        ("", "el doctor Medina", "El doctor Medina"),
        ("Llueve. ¿", "el doctor Medina", "Llueve. ¿El doctor Medina"),
        ("Lo sabe: ", "el doctor Medina", "Lo sabe: el doctor Medina"),
        ("y ¿", "el doctor Medina", "y ¿el doctor Medina"),
        ("Habla con ", "doña Consuelo", "Habla con doña Consuelo"),
    ])
    func capitals(_ text: String, _ name: String, _ expected: String) {
        #expect(NameJoining.appending(name, to: text) == expected)
    }

    @Test("a definite article is not part of whom a name names")
    func withoutArticle() {
        #expect(NameJoining.withoutArticle("el doctor Espinoza") == "doctor Espinoza")
        #expect(NameJoining.withoutArticle("the maid") == "maid")
        #expect(NameJoining.withoutArticle("un hombre") == "un hombre")
        #expect(NameJoining.withoutArticle("Rosaura") == "Rosaura")
    }
}
