import ArcgenPlot

/// The `--lang es|en` option: the language of every text a command writes. Parsed here alone, into the language
/// type the plot and the script share, so a change of that type is one edit.
enum LanguageOption {
    static let option = OptionSpec.value("--lang", "es|en", "Language of the text (default: es).")
    static let defaultValue = Language.es

    /// - Throws: `UsageError` naming `--lang` and the languages there are.
    static func value(_ args: ParsedArguments) throws -> Language {
        try args.choice("--lang", default: defaultValue)
    }
}
