/// What can go wrong when a figure is asked of inputs that cannot give one. Each case says what was missing and
/// what to do, so that `arcgen eval` can print it as is.
public enum EvaluationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A classifier was trained on no documents, or on documents without a single word.
    case emptyTrainingSet(what: String)
    /// A classifier needs at least two labels to tell apart.
    case tooFewLabels(found: Int)
    /// A baseline or an index was fitted on text without a single Unicode scalar.
    case emptyText(what: String)
    /// A Codable figure file could not be read back.
    case undecodable(what: String, reason: String)

    public var description: String {
        switch self {
        case .emptyTrainingSet(let what):
            return "\(what): no training words; give the classifier tagged scenes with text in them"
        case .tooFewLabels(let found):
            return "beat classifier: found \(found) label(s) in the training scenes; it needs at least two tags"
        case .emptyText(let what):
            return "\(what): the text is empty; check that the corpus path points at scenes"
        case .undecodable(let what, let reason):
            return "\(what): cannot decode (\(reason)); regenerate it with `arcgen eval`"
        }
    }
}
