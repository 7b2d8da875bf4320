/// A text with the beat tag it belongs to: a corpus scene for training or held-out testing, or a generated scene
/// with the tag of the model that wrote it.
public struct LabeledText: Sendable, Hashable, Codable {
    public var text: String
    public var label: String

    public init(text: String, label: String) {
        self.text = text
        self.label = label
    }
}
