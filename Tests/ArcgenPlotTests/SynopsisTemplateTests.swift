import Testing
@testable import ArcgenPlot

@Suite("synopsis slots")
struct SynopsisTemplateTests {
    static let names = ["police": "el comandante Ibarra", "doctor": "el doctor Medina", "mother": "doña Consuelo",
                        "heroine": "María Fernanda", "galan": "Nate"]

    static func fill(_ text: String) throws -> String {
        try SynopsisTemplate(parsing: text).filled { Self.names[$0] ?? "?" }
    }

    @Test("a Spanish name with its article contracts after a and de, and replaces an article written before it",
          arguments: [
        ("{heroine} llama a {police}.", "María Fernanda llama al comandante Ibarra."),
        ("La carta de {doctor} llega.", "La carta del doctor Medina llega."),
        ("A {police} nadie le cree.", "Al comandante Ibarra nadie le cree."),
        ("Va a la casa de {mother}.", "Va a la casa de doña Consuelo."),
        ("Mira a {heroine}.", "Mira a María Fernanda."),
        ("Nada de eso: casa {police}.", "Nada de eso: casa el comandante Ibarra."),
        ("Sale del {doctor} despacho.", "Sale del doctor Medina despacho."),
        ("El {police} llega; habla con el {doctor}.", "El comandante Ibarra llega; habla con el doctor Medina."),
        ("Dedica la {heroine} canción.", "Dedica la María Fernanda canción."),
    ])
    func contraction(text: String, expected: String) throws {
        #expect(try Self.fill(text) == expected)
    }

    @Test("a name that opens a sentence gets a capital", arguments: [
        ("{police} llega.", "El comandante Ibarra llega."),
        ("Llueve. {mother} reza.", "Llueve. Doña Consuelo reza."),
        ("¿{doctor} miente?", "¿El doctor Medina miente?"),
        ("Habla con {mother}.", "Habla con doña Consuelo."),
        ("{galan} arrives; {heroine} leaves.", "Nate arrives; María Fernanda leaves."),
    ])
    func capitals(text: String, expected: String) throws {
        #expect(try Self.fill(text) == expected)
    }
}
