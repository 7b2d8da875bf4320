import Testing
@testable import ArcgenEvaluation

@Suite("Naive Bayes beat classifier")
struct NaiveBayesBeatClassifierTests {
    static let training: [LabeledText] = [
        .init(text: "The bride walks to the altar; the church bells ring.", label: "wedding"),
        .init(text: "Rings, vows and the bride's veil at the altar.", label: "wedding"),
        .init(text: "The priest blesses the rings in the church.", label: "wedding"),
        .init(text: "La novia llega al altar de la iglesia con el anillo.", label: "wedding"),
        .init(text: "I don't remember my name. Who am I? The hospital is white.", label: "amnesia"),
        .init(text: "The doctor says my memory may never come back. I remember nothing.", label: "amnesia"),
        .init(text: "No recuerdo nada, doctor. ¿Quién soy? My memory is gone.", label: "amnesia"),
        .init(text: "A hospital bed; she cannot remember who I am.", label: "amnesia"),
    ]
    static let heldOut: [LabeledText] = [
        .init(text: "At the altar the bride takes the rings.", label: "wedding"),
        .init(text: "Bells of the church; the priest waits.", label: "wedding"),
        .init(text: "Who am I? I remember nothing of the hospital.", label: "amnesia"),
        .init(text: "The doctor asks what I remember; my memory is empty.", label: "amnesia"),
    ]

    static let configurations: [NaiveBayesBeatClassifier.Configuration] = [
        .init(minimumDocumentFrequency: 1),
        .init(minimumDocumentFrequency: 2),
        .init(tfidf: false, minimumDocumentFrequency: 1),
        .init(variant: .complement, bigrams: true, minimumDocumentFrequency: 1),
        .init(smoothing: 0.1, learnedPriors: true, minimumDocumentFrequency: 1),
    ]

    @Test("Two clearly different tags: held-out texts classified right", arguments: configurations)
    func separates(configuration: NaiveBayesBeatClassifier.Configuration) throws {
        let classifier = try NaiveBayesBeatClassifier(training: Self.training, configuration: configuration)
        #expect(classifier.labels == ["amnesia", "wedding"])
        for example in Self.heldOut { #expect(classifier.predict(example.text) == example.label, "\(example.text)") }
        #expect(classifier.accuracy(on: Self.heldOut) == 1)
    }

    @Test("Trained on swapped labels, it gets every held-out text wrong", arguments: configurations)
    func swapped(configuration: NaiveBayesBeatClassifier.Configuration) throws {
        let swapped = Self.training.map {
            LabeledText(text: $0.text, label: $0.label == "wedding" ? "amnesia" : "wedding")
        }
        let classifier = try NaiveBayesBeatClassifier(training: swapped, configuration: configuration)
        #expect(classifier.accuracy(on: Self.heldOut) == 0)
        #expect(classifier.correctCount(on: Self.heldOut) == 0)
    }

    @Test("Ties go to the label that sorts first; a text without known words is a tie")
    func ties() throws {
        let classifier = try NaiveBayesBeatClassifier(training: Self.training, configuration: .init(minimumDocumentFrequency: 1))
        #expect(classifier.scores("zzz qqq") == [0, 0])
        #expect(classifier.predict("zzz qqq") == "amnesia")
        #expect(classifier.accuracy(on: []) == 0)
    }

    @Test("Training needs two labels and some words")
    func errors() {
        #expect(throws: EvaluationError.tooFewLabels(found: 1)) {
            try NaiveBayesBeatClassifier(training: [.init(text: "a b", label: "x")])
        }
        #expect(throws: EvaluationError.emptyTrainingSet(what: "beat classifier")) {
            try NaiveBayesBeatClassifier(training: [.init(text: "1 2", label: "x"), .init(text: "!", label: "y")])
        }
    }
}
