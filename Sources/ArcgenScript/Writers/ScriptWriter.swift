/// Turns an episode into the text of one file format. Writers are total: any `Episode` gives text, and the same
/// episode always gives the same bytes (no clock, no locale, no dictionary order).
public protocol ScriptWriter: Sendable {
    /// The format this writer produces.
    var format: ScriptFormat { get }
    /// The whole file, ending with a newline.
    func write(_ episode: Episode) -> String
}

/// The output formats of `arcgen episode`.
public enum ScriptFormat: String, Sendable, CaseIterable, Equatable {
    /// Fountain 1.1 screenplay text, for screenplay tools (screenplain, Highland, Beat).
    case fountain
    /// Markdown, for reading on GitHub or in a terminal.
    case markdown
    /// The `Episode` itself as JSON, for other programs (see `ArcgenScript.docc/EpisodeJSON.md`).
    case json

    /// Reads a `--format` value: `fountain`, `markdown` or `md`, `json`.
    public init?(name: String) {
        switch name.lowercased() {
        case "fountain": self = .fountain
        case "markdown", "md": self = .markdown
        case "json": self = .json
        default: return nil
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .fountain: return "fountain"
        case .markdown: return "md"
        case .json: return "json"
        }
    }

    /// The writer for this format.
    /// - Parameter explain: add each scene's state, tag, model and seed (Fountain `[[notes]]`, a Markdown line);
    ///   JSON always carries them.
    public func writer(explain: Bool = false) -> any ScriptWriter {
        switch self {
        case .fountain: return FountainScriptWriter(explain: explain)
        case .markdown: return MarkdownScriptWriter(explain: explain)
        case .json: return JSONScriptWriter()
        }
    }
}

extension Episode {
    /// The episode as a file of `format`: `episode.script(.fountain, explain: true)`.
    public func script(_ format: ScriptFormat, explain: Bool = false) -> String {
        format.writer(explain: explain).write(self)
    }
}
