import ArcgenCorpus
import ArcgenEvaluation
import Testing
@testable import ArcgenModels

/// The training header names language, beat and speakers: generation must prime with exactly the line training
/// scenes begin with, and the evaluation's beat classifier must never read it.
@Suite("Training header")
struct TrainingHeaderTests {
    /// A scene with a secondary tag, a role whose label has a hyphen, and two speakers who share a role.
    static let crowded = """
    INT. PLAZA - DÍA

    [[tags: reunion, family]]
    [[lang: en]]
    [[roles: MARTA = lost-relative; ANA = heroine; PACO = extra; LOLA = extra]]
    [[synopsis: Marta knocks on Ana's door and tells her she is the sister who was taken from the family.]]

    MARTA
    It's me. Your sister.

    PACO
    Who is she?

    ANA
    Marta?

    LOLA
    Let them be, Paco.

    """

    /// The pipeline tests' scenes of both tags and languages, and the crowded one.
    static let scenes: [CorpusScene] = {
        let text = (0 ..< 6).flatMap { n in
            ["wedding", "amnesia"].map { PipelineTests.scene($0, n % 2 == 0 ? "es" : "en", n) }
        }.joined(separator: "\n") + "\n" + crowded
        let result = CorpusFileReader(vocabulary: nil).read(bytes: Array(text.utf8), path: "header.fountain")
        precondition(result.diagnostics.isEmpty, "fixture has problems: \(result.diagnostics)")
        return result.scenes
    }()

    @Test("a scene's training text begins with the header the sampler primes with for its language, tag and roles")
    func samplerMatchesTraining() throws {
        #expect(Self.scenes.count == 13)
        for scene in Self.scenes {
            let header = SceneSampler.header(language: scene.lang, tag: scene.mainTag, roles: scene.speakerLabels)
            #expect(header == scene.trainingHeader + "\n\n")
            #expect(scene.trainingText.hasPrefix(header))
            // Roles may be given in any case, as the episode generator's role ids are.
            #expect(SceneSampler.header(language: scene.lang, tag: scene.mainTag,
                                        roles: scene.speakerLabels.map { $0.lowercased() }) == header)
        }
        let crowded = try #require(Self.scenes.last)
        #expect(crowded.trainingText.hasPrefix("= en reunion: LOST-RELATIVE, EXTRA, HEROINE, EXTRA 2\n\n"))
        #expect(SceneSampler.header(language: "en", tag: "reunion",
                                    roles: ["lost-relative", "EXTRA", "heroine", "extra 2"])
            == "= en reunion: LOST-RELATIVE, EXTRA, HEROINE, EXTRA 2\n\n")
    }

    @Test("the evaluation's classifier scores a real scene the same whatever tag its header names")
    func classifierIgnoresHeader() throws {
        let training = Self.scenes.map { LabeledText(text: $0.trainingText, label: $0.mainTag) }
        let classifier = try BeatClassifier(training: training, configuration: .init(minimumDocumentFrequency: 1))
        let tags = Set(Self.scenes.map(\.mainTag)).sorted()
        for scene in Self.scenes {
            let scores = classifier.scores(scene.trainingText)
            #expect(scores == classifier.scores(scene.trainingBody))
            for tag in tags {
                let relabelled = SceneSampler.header(language: scene.lang, tag: tag, roles: scene.speakerLabels)
                    + scene.trainingBody
                #expect(classifier.scores(relabelled) == scores, "\(scene.location) under a \(tag) header")
            }
        }
    }
}
