/// Errors of the script module. Writing never fails; only reading episode JSON back can.
public enum ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data is not episode JSON this arcgen can read; `detail` names the JSON path and what was wrong.
    case invalidEpisodeJSON(path: String?, detail: String)

    public var description: String {
        switch self {
        case let .invalidEpisodeJSON(path, detail):
            return "\(path ?? "episode JSON"): \(detail). Episode JSON is what `arcgen episode --format json` writes; "
                + "its fields are listed in Sources/ArcgenScript/ArcgenScript.docc/EpisodeJSON.md"
        }
    }
}
