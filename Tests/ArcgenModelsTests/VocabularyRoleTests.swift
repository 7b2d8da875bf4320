import ArcgenEvaluation
import ArcgenModels
import ArcgenVocabulary
import Foundation
import Testing

/// A new role is one edit to `arcs/vocabulary.json`: everything that knows roles derives them from the file.
@Suite("A role added to the vocabulary")
struct VocabularyRoleTests {
    /// The shipped shape, cut to two roles, plus a role no code has heard of, with a second spelling of its cue.
    static let vocabulary: VocabularyFile = {
        let json = """
        {"tags": [{"id": "wedding", "es": "boda", "en": "wedding"}],
         "roles": [
           {"id": "heroine", "es": "heroína", "en": "heroine"},
           {"id": "extra", "es": "extra", "en": "extra"},
           {"id": "wet-nurse", "es": "nodriza", "en": "wet nurse", "cues": ["NODRIZA"],
            "name": {"es": "Chonita", "en": "Nan"}, "label": {"es": "la nodriza", "en": "the wet nurse"}}
         ]}
        """
        return try! VocabularyFile.parse(Data(json.utf8), path: "vocabulary.json")
    }()

    @Test("its cue is a label the models are primed with, not the extra's")
    func cueLabels() {
        let cues = CueLabels(vocabulary: Self.vocabulary)
        #expect(cues.knows("wet-nurse"))
        #expect(cues.label(for: "wet-nurse") == "WET-NURSE")
        #expect(cues.labels(for: ["heroine", "wet-nurse", "midwife"]) == ["HEROINE", "WET-NURSE", "EXTRA"])
    }

    @Test("the guards' word list allows the words of its id")
    func guards() {
        let allowed = GenerationGuards.roleWords(of: Self.vocabulary)
        #expect(allowed.contains("wet") && allowed.contains("nurse"))
    }

    @Test("the evaluation does not count its cues, in either spelling, as words; the same words in prose it does")
    func evaluationRoleCues() {
        let words = Words(vocabulary: Self.vocabulary)
        #expect(words.roleCues == ["heroine", "extra", "wet-nurse", "nodriza"])
        let scene = "WET-NURSE\nLa NODRIZA llora.\n\nHEROINE\nMi nodriza, the wet-nurse."
        #expect(words.tokens(in: scene) == ["la", "llora", "mi", "nodriza", "the", "wet", "nurse"])
        let validity = WordValidity(corpus: ["La nodriza llora."], words: words, scenes: false)
        #expect(validity.measure(["WET-NURSE\nLa nodriza llora."], scenes: false).share == 1)
    }

    @Test("a role's ages give each name one age within them; a malformed range is refused where it is written")
    func ages() throws {
        let json = """
        {"tags": [{"id": "wedding", "es": "boda", "en": "wedding"}],
         "roles": [{"id": "heroine", "es": "heroína", "en": "heroine", "ages": [22, 30]},
                   {"id": "extra", "es": "extra", "en": "extra"}]}
        """
        let vocabulary = try VocabularyFile.parse(Data(json.utf8), path: "vocabulary.json")
        let names = ["María Fernanda", "Valeria", "Luz Marina", "Rosaura", "Esperanza", "Maria", "Hope", "Sol"]
        let ages = names.map { vocabulary.age(of: $0, role: "heroine") }
        #expect(ages.allSatisfy { $0.map { (22 ... 30).contains($0) } == true })
        #expect(Set(ages).count > 2, "the name picks the age")
        #expect(vocabulary.age(of: "valeria", role: "heroine") == ages[1], "whatever its case")
        #expect(vocabulary.age(of: "Valeria", role: "extra") == nil && vocabulary.age(of: "Valeria", role: "x") == nil)
        for bad in ["[30, 22]", "[22]", "[22, 200]", "\"22-30\"", "[-1, 5]"] {
            let broken = json.replacingOccurrences(of: "[22, 30]", with: bad)
            #expect {
                try VocabularyFile.parse(Data(broken.utf8), path: "vocabulary.json")
            } throws: { error in
                "\(error)".hasPrefix("vocabulary.json: $.roles[0].ages must be [youngest, oldest]")
            }
        }
    }
}
