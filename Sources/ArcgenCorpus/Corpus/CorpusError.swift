/// Failures of the corpus layer. Each names the file and says what to do.
public enum CorpusError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case badVocabulary(path: String, reason: String)
    case noScenes(directory: String)
    /// The corpus has errors; `diagnostics` holds them all (warnings included).
    case invalid(directory: String, diagnostics: [Diagnostic])

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): \(reason)"
        case let .badVocabulary(path, reason):
            return "\(path): not a vocabulary file "
                + "(expected {\"tags\": [{\"id\": …}], \"roles\": [{\"id\": …}]}): \(reason)"
        case let .noScenes(directory):
            return "\(directory): no scenes found; put *.fountain files with scene headings there"
        case let .invalid(directory, diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }
            let shown = errors.prefix(3).map(\.description).joined(separator: "\n")
            let more = errors.count > 3 ? "\n… and \(errors.count - 3) more" : ""
            return "\(directory): the corpus has \(errors.count) error(s); "
                + "run 'arcgen corpus check \(directory)' to see them all\n\(shown)\(more)"
        }
    }
}
