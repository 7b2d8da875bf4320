/// A text with the beat tag it belongs to: a corpus scene for training or held-out testing, or a generated scene
/// with the tag of the model that wrote it.
///
/// A corpus scene may carry several tags (`scheme, family`): `label` is the first, the one classifiers train on
/// and strict accuracy asks for; `otherLabels` are the rest, which any-tag accuracy also accepts.
public struct LabeledText: Sendable, Hashable, Codable {
    public var text: String
    public var label: String
    /// Further tags a prediction may match to count as right under `acceptingAnyTag`; empty for most texts.
    public var otherLabels: [String]

    public init(text: String, label: String, otherLabels: [String] = []) {
        self.text = text
        self.label = label
        self.otherLabels = otherLabels
    }

    /// A text labelled with all of a scene's tags, the first being the main one.
    /// - Precondition: `tags` is not empty.
    public init(text: String, tags: [String]) {
        precondition(!tags.isEmpty, "a labelled text needs at least one tag")
        self.init(text: text, label: tags[0], otherLabels: Array(tags.dropFirst()))
    }

    /// `label` followed by `otherLabels`.
    public var acceptableLabels: [String] { [label] + otherLabels }

    /// True when `prediction` is the main label, or, with `acceptingAnyTag`, any of the other labels.
    public func accepts(_ prediction: String, acceptingAnyTag: Bool = false) -> Bool {
        prediction == label || (acceptingAnyTag && otherLabels.contains(prediction))
    }

    enum CodingKeys: String, CodingKey { case text, label, otherLabels }

    /// Decodes files written before `otherLabels` existed as texts with one label.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        label = try container.decode(String.self, forKey: .label)
        otherLabels = try container.decodeIfPresent([String].self, forKey: .otherLabels) ?? []
    }
}
