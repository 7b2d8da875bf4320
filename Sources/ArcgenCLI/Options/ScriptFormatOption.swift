import ArcgenScript

/// `--format fountain|markdown|json` for commands that write a script (`md` is short for `markdown`).
enum ScriptFormatOption {
    static let option = OptionSpec.value("--format", "F", "fountain (default), markdown or json.")

    /// - Throws: `UsageError` naming `--format` and the formats there are.
    static func value(_ args: ParsedArguments, default defaultValue: ScriptFormat = .fountain) throws
        -> ScriptFormat {
        guard let text = args.string("--format") else { return defaultValue }
        guard let format = ScriptFormat(name: text) else {
            let names = ScriptFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("\(args.spelling("--format")) must be one of \(names) (or md), got '\(text)'")
        }
        return format
    }
}
