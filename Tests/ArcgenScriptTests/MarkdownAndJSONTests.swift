import ArcgenFountain
import ArcgenScript
import Foundation
import Testing

@Suite("Markdown writer")
struct MarkdownWriterTests {
    @Test("title, facts, cast, numbered scene headings, italic synopses and transitions")
    func layout() {
        let text = MarkdownScriptWriter().write(Fixtures.spanish)
        #expect(text.hasPrefix("""
            # Amor perdido — Capítulo 3

            **Arco:** Amor perdido (lost-love) · **Capítulo:** 3 · **Semilla:** 42

            ## Reparto

            - **María Fernanda** (22) — heroine
            - **Alejandro** — galan
            """))
        #expect(text.contains("\n\n## 1. INT. HACIENDA LOS ROBLES - SALA — NOCHE\n\n"
                              + "*María Fernanda descubre la carta que Alejandro escondió.*\n\n"))
        #expect(text.contains("\n\n**ALEJANDRO** *(pausa)* Porque te amo. *(se acerca)* ¡Jamás quise hacerte daño! "
                              + "Dime algo, “mi vida”.\n\n"))
        #expect(text.contains("\n\n**DOÑA CONSUELO** (O.S.) ¡María Fernanda! ¿Con quién hablas?\n\n*CORTE A:*\n\n"
                              + "## 2. EXT. IGLESIA DE SAN JUDAS — DÍA\n\n"))
        #expect(text.hasSuffix("\n\n*FUNDIDO A NEGRO.*\n\n*Fin del arco.*\n"))
        #expect(!text.contains("\n\n\n"))
        #expect(!text.contains("estado"))
        #expect(MarkdownScriptWriter(explain: true).write(Fixtures.spanish)
            .contains("\n\n> estado confession · etiqueta revelation · modelo models/revelation.es.arcgen · "
                      + "semilla 4242 · tensión 7\n\n"))
        #expect(MarkdownScriptWriter().write(Fixtures.english)
            .contains("## Cast\n\n- **Maria** — heroine\n- **Dr. Medina** — doctor"))
    }

    @Test("Markdown-special characters in generated text are escaped", arguments: [
        ("*grita* y _susurra_", "\\*grita\\* y \\_susurra\\_"),
        ("# no es título", "\\# no es título"),
        ("- no es lista", "\\- no es lista"),
        ("1. no es lista", "1\\. no es lista"),
        ("<b>[enlace](x)</b> `código` | tabla ~tachado~ & más",
         "\\<b\\>\\[enlace\\](x)\\</b\\> \\`código\\` \\| tabla \\~tachado\\~ \\& más"),
        ("barra \\ invertida", "barra \\\\ invertida"),
    ])
    func escaping(raw: String, escaped: String) {
        let episode = Fixtures.episode([.action(raw),
                                        .dialogue(Speech(speaker: "Ana_Luz*", parenthetical: "a #1", text: raw))])
        let text = MarkdownScriptWriter().write(episode)
        #expect(text.contains("\n\n\(escaped)\n\n"), "\(text)")
        #expect(text.contains("\n\n**ANA\\_LUZ\\*** *(a \\#1)* \(escaped)\n"), "\(text)")
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("JSON decodes back to an equal episode", arguments: [Fixtures.spanish, Fixtures.english])
    func roundTrip(episode: Episode) throws {
        let text = JSONScriptWriter().write(episode)
        #expect(try EpisodeJSON.decode(Data(text.utf8)) == episode)
    }

    @Test("extreme values survive: the largest seed, no episode number, empty scenes")
    func extremes() throws {
        var episode = Fixtures.english
        episode.seed = .max
        episode.scenes[0].modelSeed = .max - 1
        episode.scenes.append(ScriptScene(number: 2,
                                          heading: SceneHeading(interiorExterior: "", location: "", time: ""),
                                          stateID: "", tag: "", synopsis: "", tension: -1, elements: []))
        let data = EpisodeJSON.encode(episode)
        #expect(try EpisodeJSON.decode(data) == episode)
        #expect(String(decoding: data, as: UTF8.self).contains("\"seed\" : 18446744073709551615"))
    }

    @Test("keys are sorted, optional fields are left out when absent, elements carry a type")
    func layout() {
        let text = JSONScriptWriter().write(Fixtures.english)
        #expect(text.hasPrefix("{\n  \"arcID\" : \"lost-love\",\n  \"arcTitle\" : \"Lost Love\",\n  \"cast\" : ["))
        #expect(text.hasSuffix("  \"title\" : \"Lost Love\",\n  \"version\" : 1\n}\n"))
        #expect(!text.contains("episodeNumber") && !text.contains("modelFile") && !text.contains("draftDate"))
        #expect(text.contains("\"type\" : \"transition\""))
        #expect(text.contains("\"parenthetical\" : \"gently\""))
    }

    @Test("bad JSON is refused with the path of the problem", arguments: [
        ("{\"version\": 2}", "at version: episode JSON version 2 is not supported"),
        ("{\"version\": 1, \"title\": \"x\"}", "at arcID: missing key \"arcID\""),
        ("[1]", "at the top level"),
    ])
    func errors(json: String, message: String) {
        #expect {
            _ = try EpisodeJSON.decode(Data(json.utf8), path: "ep.json")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("ep.json: ") && text.contains(message)
        }
    }

    @Test("a bad element type names its scene and element")
    func badElement() throws {
        var text = JSONScriptWriter().write(Fixtures.english)
        text = text.replacingOccurrences(of: "\"type\" : \"transition\"", with: "\"type\" : \"montage\"")
        #expect {
            _ = try EpisodeJSON.decode(Data(text.utf8))
        } throws: { "\($0)".contains("scenes[0].elements[3].type") }
    }
}

@Suite("Every format")
struct EveryFormatTests {
    @Test("the same episode gives identical bytes every time, also after a JSON round trip",
          arguments: ScriptFormat.allCases)
    func deterministic(format: ScriptFormat) throws {
        let once = Fixtures.spanish.script(format, explain: true)
        let again = Fixtures.spanish.script(format, explain: true)
        #expect(once == again)
        let decoded = try EpisodeJSON.decode(Data(Fixtures.spanish.script(.json).utf8))
        #expect(decoded.script(format, explain: true) == once)
        var other = Fixtures.spanish
        other.seed = 43
        #expect(other.script(format, explain: true) != once)
    }

    @Test("Unicode comes through intact: ñ, á, ¿, ¡, “ ”", arguments: ScriptFormat.allCases)
    func unicode(format: ScriptFormat) {
        let text = Fixtures.spanish.script(format)
        #expect(text.lowercased().contains("doña consuelo"))
        let pieces = ["lágrimas", "¿Por qué me mentiste, Alejandro?", "¡Yo me opongo!", "“mi vida”", "DÍA",
                      "MARÍA FERNANDA"]
        for piece in pieces {
            #expect(text.contains(piece), "\(format): \(piece)")
        }
        #expect(!text.contains("\\u"))
    }

    @Test("format names and extensions")
    func names() {
        #expect(ScriptFormat(name: "md") == .markdown && ScriptFormat(name: "Fountain") == .fountain
                && ScriptFormat(name: "pdf") == nil)
        #expect(ScriptFormat.allCases.map(\.fileExtension) == ["fountain", "md", "json"])
        #expect(ScriptFormat.allCases.map { $0.writer().format } == ScriptFormat.allCases)
    }
}

@Suite("Episode JSON documentation")
struct EpisodeJSONDocumentationTests {
    static let path = Fixtures.root + "/Sources/ArcgenScript/ArcgenScript.docc/EpisodeJSON.md"
    static let doc = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""

    @Test("the documented example decodes")
    func example() throws {
        let parts = Self.doc.components(separatedBy: "```json\n")
        try #require(parts.count == 2)
        let json = try #require(parts[1].components(separatedBy: "```").first)
        let episode = try EpisodeJSON.decode(Data(json.utf8))
        #expect(episode.scenes.first?.elements.count == 3)
    }

    @Test("every key the writer emits is documented")
    func keys() throws {
        var episode = Fixtures.spanish
        episode.draftDate = "hoy"
        let object = try JSONSerialization.jsonObject(with: EpisodeJSON.encode(episode))
        var keys = Set<String>()
        func collect(_ value: Any) {
            if let d = value as? [String: Any] { for (k, v) in d { keys.insert(k); collect(v) } }
            if let a = value as? [Any] { a.forEach(collect) }
        }
        collect(object)
        #expect(keys.count > 25)
        for key in keys.sorted() { #expect(Self.doc.contains("`\(key)`"), "\(key) is not in EpisodeJSON.md") }
    }
}
