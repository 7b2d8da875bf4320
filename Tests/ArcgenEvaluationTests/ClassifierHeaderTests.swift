import Testing
@testable import ArcgenEvaluation

/// The training header (`= en wedding: HEROINE, GALAN`) names the scene's beat; `arcgen eval` hands the classifier
/// training texts and primed samples that open with it, so a classifier that read it would be told the answer.
@Suite("Beat classifiers never see the training header")
struct ClassifierHeaderTests {
    /// A training text as the corpus writes it: header, blank line, body, end marker.
    static func withHeader(_ tag: String, _ body: String, language: String = "en") -> String {
        "= \(language) \(tag): HEROINE, GALAN\n\n" + body + "\n\n===\n"
    }

    /// The classifier tests' texts under headers that carry their own tag, as real training scenes do.
    static let training = ClassifierFixtures.training.map {
        LabeledText(text: withHeader($0.label, $0.text), label: $0.label)
    }

    /// Every classifier `arcgen eval` could use, fitted on `training` with features every text shares kept.
    static func classifier(_ kind: String) throws -> any BeatClassifying {
        switch kind {
        case "logistic": try LogisticBeatClassifier(training: training,
                                                    configuration: .init(minimumDocumentFrequency: 1))
        default:
            try LogisticBeatClassifier(
                training: training, configuration: .init(bigrams: true, minimumDocumentFrequency: 1)
            )
        }
    }

    @Test("no feature is learnt from a header: neither the tag nor the language code")
    func vocabulary() {
        for bigrams in [false, true] {
            let (features, _) = TfidfFeatures.fit(
                Self.training.map(\.text), words: Words(roleCues: []), bigrams: bigrams, minimumDocumentFrequency: 1
            )
            for word in ["wedding", "amnesia", "en", "en wedding", "en amnesia"] {
                #expect(features.featureIndex[word] == nil, "'\(word)' came from the header")
            }
            #expect(features.featureIndex["altar"] != nil)
        }
    }

    @Test("the same body under headers of different tags gets the same scores as the bare body",
          arguments: ["logistic", "logistic, bigrams"])
    func sameBodySameScores(kind: String) throws {
        let classifier = try Self.classifier(kind)
        for example in ClassifierFixtures.heldOut {
            let bare = classifier.scores(example.text)
            for tag in ["wedding", "amnesia"] {
                #expect(classifier.scores(Self.withHeader(tag, example.text)) == bare, "\(kind): \(tag) header")
                #expect(classifier.predict(Self.withHeader(tag, example.text)) == example.label)
            }
        }
        // A body with no words to go on: the header must not decide the answer either.
        let empty = classifier.scores("")
        for tag in ["wedding", "amnesia"] { #expect(classifier.scores(Self.withHeader(tag, "…")) == empty) }
    }
}
