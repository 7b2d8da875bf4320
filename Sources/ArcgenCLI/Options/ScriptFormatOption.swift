import ArcgenScript

/// `--format fountain|markdown|json` for commands that write a script (`md` is short for `markdown`). The formats
/// are `ScriptFormat`'s cases, so a new writer appears here without an edit.
enum ScriptFormatOption {
    static let option = OptionSpec.value("--format", "F", "One of " + names + " (default fountain; md is markdown).")

    /// `fountain, markdown, json`.
    static var names: String { ScriptFormat.allCases.map(\.rawValue).joined(separator: ", ") }
    /// `fountain|markdown|json`, for a usage line.
    static var synopsis: String { ScriptFormat.allCases.map(\.rawValue).joined(separator: "|") }

    /// - Throws: `UsageError` naming `--format` and the formats there are.
    static func value(_ args: ParsedArguments, default defaultValue: ScriptFormat = .fountain) throws
        -> ScriptFormat {
        guard let text = args.string("--format") else { return defaultValue }
        guard let format = ScriptFormat(name: text) else {
            throw UsageError("\(args.spelling("--format")) must be one of \(names) (or md), got '\(text)'")
        }
        return format
    }
}
