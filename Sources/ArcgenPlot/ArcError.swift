import ArcgenSupport

/// Everything that can go wrong loading arcs, vocabularies and casts, each case naming the file and saying what to
/// do. Lint findings are `Diagnostic`s; this type is for failures that stop a command.
public enum ArcError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileTooLarge(path: String, size: Int, limit: Int)
    case unreadable(path: String, reason: String)
    case notFound(name: String, directory: String, known: [String], flag: String)
    /// The arcs folder itself is missing (arcgen run from another folder, a mistyped flag).
    case noArcsFolder(name: String, directory: String, flag: String)
    /// An arc that has lint errors: the first few, and how to see them all.
    case invalidArc(path: String, errors: [Diagnostic], total: Int)
    case vocabulary(path: String, message: String)
    case vocabularyMissing(searched: [String], flag: String)
    /// An arc built in code (not from a file) that cannot be planned.
    case invalidGraph(message: String)
    case cast(path: String, message: String)

    public var description: String {
        switch self {
        case let .fileTooLarge(path, size, limit):
            return "\(path): the file is \(size) bytes, over the limit of \(limit) bytes for arc files; "
                + "an arc of hundreds of states takes well under 1 MB, so check that this is an arc file"
        case let .unreadable(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .notFound(name, directory, known, flag):
            let near = Suggestions.closest(to: name, in: known)
            let others = known.isEmpty ? "; that folder has no arcs (pass \(flag) DIR or set ARCGEN_ARCS)"
                : "; known arcs: " + known.joined(separator: ", ")
            let hint = near.map { "; did you mean '\($0)'?" } ?? others
            return "no arc '\(name)' in \(directory)\(hint)"
        case let .noArcsFolder(name, directory, flag):
            return "no arc '\(name)': there is no arcs folder \(directory); pass \(flag) DIR (or set ARCGEN_ARCS) "
                + "to say where the arcs are"
        case let .invalidArc(path, errors, total):
            let shown = errors.prefix(5).map { "  " + $0.description }.joined(separator: "\n")
            let more = total > 5 ? "\n  … and \(total - 5) more" : ""
            return "\(path) has \(total) error\(total == 1 ? "" : "s"); "
                + "run `arcgen arcs check \(path)` and fix them:\n\(shown)\(more)"
        case let .vocabulary(path, message):
            return "\(path): \(message)"
        case let .vocabularyMissing(searched, flag):
            return "cannot find the beat and role vocabulary (looked for \(searched.joined(separator: ", "))); "
                + "run arcgen from the project folder or pass \(flag) DIR"
        case let .invalidGraph(message):
            return "the arc cannot be planned: \(message)"
        case let .cast(path, message):
            return "\(path): \(message)"
        }
    }
}
