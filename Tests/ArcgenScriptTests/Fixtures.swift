import ArcgenFountain
import ArcgenScript
import ArcgenSupport
import ArcgenVocabulary
import Foundation

/// Episodes built in code for the writer tests: small, in both languages, and full of the things that go wrong —
/// accents, ¿¡, curly quotes, deliveries in mid-speech, Spanish transitions, names that need care.
enum Fixtures {
    /// The repository root, found from this file's path (Tests/ArcgenScriptTests/Fixtures.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let cast = [
        CastMember(role: "heroine", name: "María Fernanda", age: 22),
        CastMember(role: "galan", name: "Alejandro"),
        CastMember(role: "mother", name: "doña Consuelo"),
        CastMember(role: "priest", name: "el padre Anselmo"),
    ]

    /// A two-scene Spanish episode.
    static let spanish = Episode(
        title: "Amor perdido — Capítulo 3",
        arcID: "lost-love",
        arcTitle: "Amor perdido",
        language: .es,
        episodeNumber: 3,
        seed: 42,
        cast: cast,
        scenes: [
            ScriptScene(
                number: 1,
                heading: SceneHeading(interiorExterior: "INT.", location: "Hacienda Los Robles - sala", time: "NOCHE"),
                stateID: "confession", tag: "revelation", modelFile: "models/revelation.es.arcgen", modelSeed: 4242,
                synopsis: "María Fernanda descubre la carta que Alejandro escondió.",
                tension: 7,
                elements: [
                    .action("La lluvia golpea los ventanales. MARÍA FERNANDA (22) sostiene una carta arrugada.\n"
                            + "Alejandro entra, empapado."),
                    .dialogue(Speech(speaker: "María Fernanda", role: "heroine", parenthetical: "entre lágrimas",
                                     text: "¿Por qué me mentiste, Alejandro?")),
                    .dialogue(Speech(speaker: "Alejandro", role: "galan", segments: [
                        .init(parenthetical: "pausa", text: "Porque te amo."),
                        .init(parenthetical: "se acerca",
                              text: "¡Jamás quise hacerte daño!\nDime algo, “mi vida”."),
                    ])),
                    .action("SILENCIO.\nSolo se oye la lluvia."),
                    .dialogue(Speech(speaker: "doña Consuelo", role: "mother", extensions: ["O.S."],
                                     text: "¡María Fernanda! ¿Con quién hablas?")),
                    .transition("CORTE A:"),
                ]),
            ScriptScene(
                number: 2,
                heading: SceneHeading(interiorExterior: "EXT.", location: "Iglesia de San Judas", time: "DÍA"),
                stateID: "altar", tag: "wedding", modelFile: "models/wedding.es.arcgen", modelSeed: 4243,
                synopsis: "El padre Anselmo pregunta si alguien se opone.",
                tension: 9, cliffhanger: true,
                elements: [
                    .action("Campanas. Los invitados se ponen de pie."),
                    .dialogue(Speech(speaker: "el padre Anselmo", role: "priest",
                                     text: "Si alguien se opone a esta unión, que hable ahora o calle para siempre.")),
                    .dialogue(Speech(speaker: "doña Consuelo", role: "mother", segments: [
                        .init(parenthetical: "se levanta, furiosa", text: "¡Yo me opongo!"),
                        .init(parenthetical: "pausa", text: ""),
                    ])),
                    .transition("FUNDIDO A NEGRO."),
                ]),
        ],
        endsArc: true)

    /// A one-scene English episode with an English transition and no models named.
    static let english = Episode(
        title: "Lost Love",
        arcID: "lost-love",
        arcTitle: "Lost Love",
        language: .en,
        seed: 7,
        cast: [CastMember(role: "heroine", name: "Maria"), CastMember(role: "doctor", name: "Dr. Medina")],
        scenes: [
            ScriptScene(
                number: 1,
                heading: SceneHeading(interiorExterior: "INT.", location: "Hospital room", time: "NIGHT"),
                stateID: "wake", tag: "amnesia", synopsis: "Maria wakes and knows no one.", tension: 6,
                elements: [
                    .action("Machines beep. MARIA opens her eyes."),
                    .dialogue(Speech(speaker: "Maria", role: "heroine", text: "Who are you?")),
                    .dialogue(Speech(speaker: "Dr. Medina", role: "doctor", parenthetical: "gently",
                                     text: "Your doctor.")),
                    .transition("CUT TO:"),
                ]),
        ])

    /// A one-scene Spanish episode made of `elements`.
    static func episode(
        _ elements: [ScriptElement],
        heading: SceneHeading = SceneHeading(interiorExterior: "INT.", location: "CASA", time: "DÍA")
    ) -> Episode {
        Episode(title: "Prueba", arcID: "test", arcTitle: "Prueba", language: .es, seed: 1, cast: [],
                scenes: [ScriptScene(number: 1, heading: heading, stateID: "s", tag: "t", synopsis: "",
                                     tension: 1, elements: elements)])
    }
}
