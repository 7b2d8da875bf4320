import Foundation

/// The `--models DIR` option group: the folder of trained models and their `manifest.json`. Every command that reads
/// models resolves it here, so the `$ARCGEN_MODELS` fallback and its help text are spelled once.
struct ModelsLocation: Sendable {
    static let environmentVariable = "ARCGEN_MODELS"
    static let defaultDirectory = "models"
    /// The option as most commands list it.
    static let option = option("Folder with manifest.json (default: models, or $\(environmentVariable)).")

    /// The option with a command's own help text (`arcs check` and `bench` use the models for something else).
    static func option(_ help: String) -> OptionSpec { .value("--models", "DIR", help) }

    /// `--models`, else `$ARCGEN_MODELS`; nil when neither is given, for a command whose default is its own.
    let given: String?

    /// The folder to read: `given`, else `models` under the current folder.
    var directory: String { given ?? Self.defaultDirectory }

    init(_ args: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) {
        given = args.string("--models") ?? environment[Self.environmentVariable]
    }

    /// Where the models are for code without command-line options (`bench`'s season figure): `$ARCGEN_MODELS`.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        given = environment[Self.environmentVariable]
    }
}
