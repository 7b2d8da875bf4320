import ArcgenCorpus
import ArcgenNeural
import Testing
@testable import ArcgenModels

/// `arcgen models score`: scene bodies read after their headers, own or another scene's plan line.
@Suite("Scene body bits")
struct SceneBodyBitsTests {
    @Test("the plan's words are marked where the body writes them whole, case aside, as coverage counts them")
    func planWordMarks() {
        let text = "Rosa abre la Carta. cartas no; don't-stop carta"
        let marks = SceneBodyBits.planWordScalars(in: text, words: ["carta", "don't-stop"])
        let marked = String(String.UnicodeScalarView(zip(text.unicodeScalars, marks).filter(\.1).map(\.0)))
        #expect(marked == "Cartadon't-stopcarta")
        // Offsets count scalars: a decomposed letter (two scalars, one character) before a plan word moves it.
        let accented = "Mari\u{301}a canta su canción; ¿canción?"
        let accentedMarks = SceneBodyBits.planWordScalars(in: accented, words: ["canción", "maría"])
        let scalars = Array(accented.unicodeScalars)
        #expect(accentedMarks.count == scalars.count)
        let marks2 = String(String.UnicodeScalarView(zip(scalars, accentedMarks).filter(\.1).map(\.0)))
        #expect(marks2 == "Mari\u{301}acancióncanción")
    }

    @Test("read after its own header or another scene's, a body has the same characters; a random model scores both")
    func ownAndOthersPlans() {
        let scenes = TrainingHeaderTests.scenes
        let model = SceneWriterTests.tinyModel()
        let own = SceneBodyBits(model, scenes: scenes, priming: .words)
        let others = SceneBodyBits(model, scenes: scenes, priming: .words, othersPlans: true)
        let bodies = scenes.map { $0.trainingBody.unicodeScalars.count }.reduce(0, +)
        #expect(own.characters == bodies && others.characters == bodies)
        #expect(own.openingCharacters <= SceneBodyBits.opening * scenes.count && own.openingCharacters > 0)
        #expect(own.planWordCharacters == others.planWordCharacters && own.planWordCharacters > 0)
        // Another plan line changes what the model reads, so what it predicts (a random model still reacts).
        #expect(own.bits.isFinite && own.bits > 0 && own.bits != others.bits)
        // Without another scene in its language, a scene keeps its own plan line.
        let alone = SceneBodyBits(model, scenes: [scenes[0]], priming: .words, othersPlans: true)
        #expect(alone.bits == SceneBodyBits(model, scenes: [scenes[0]], priming: .words).bits)
    }
}
