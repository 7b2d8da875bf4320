/// The recognisability judge: `LogisticBeatClassifier`, multinomial logistic regression over tf-idf words, which
/// measured more accurate than naive Bayes on the corpus (25% against 19%, see its notes). Callers that only need
/// "the" beat classifier write `try BeatClassifier(training: scenes)`.
public typealias BeatClassifier = LogisticBeatClassifier

/// A text classifier over beat tags, fitted on `LabeledText`s. Conformers supply `labels` and `scores(_:)`;
/// prediction (ties to the label that sorts first) and accuracies come from the extension.
public protocol BeatClassifying: Sendable {
    /// The tags, sorted; `scores(_:)` is aligned with this array.
    var labels: [String] { get }
    /// One score per label of `labels`, higher meaning more likely.
    func scores(_ text: String) -> [Double]
    /// The most likely label.
    func predict(_ text: String) -> String
}

extension BeatClassifying {
    /// The label with the highest score; ties go to the label that sorts first, so predictions are reproducible.
    public func predict(_ text: String) -> String {
        let s = scores(text)
        var best = 0
        for c in 1..<s.count where s[c] > s[best] { best = c }
        return labels[best]
    }

    /// The number of `examples` whose prediction is their label, or with `acceptingAnyTag` any of their labels.
    public func correctCount(on examples: [LabeledText], acceptingAnyTag: Bool = false) -> Int {
        examples.reduce(0) { $0 + ($1.accepts(predict($1.text), acceptingAnyTag: acceptingAnyTag) ? 1 : 0) }
    }

    /// The share of `examples` classified right; 0 for no examples.
    /// - Parameter acceptingAnyTag: off (strict), only the main `label` counts; on, a prediction matching any of
    ///   `acceptableLabels` does (a scene tagged `scheme, family` classified as `family` is right).
    public func accuracy(on examples: [LabeledText], acceptingAnyTag: Bool = false) -> Double {
        examples.isEmpty ? 0
            : Double(correctCount(on: examples, acceptingAnyTag: acceptingAnyTag)) / Double(examples.count)
    }
}
