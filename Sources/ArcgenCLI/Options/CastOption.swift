import ArcgenPlot

/// The `--cast FILE` option group: names that override the default cast, role by role. `plan`, `episode` and
/// `season` read it here, so the roles a cast file may name (the vocabulary's and the arcs' own extras) are decided
/// once.
enum CastOption {
    static let option = option("JSON object from role to name, overriding the default cast.")

    /// The option with a command's own help text.
    static func option(_ help: String) -> OptionSpec { .value("--cast", "FILE", help) }

    /// The names `--cast FILE` gives, by role; empty when the option is absent.
    /// - Parameters:
    ///   - arcs: the arcs being cast; their extras may be named besides the vocabulary's roles.
    ///   - vocabulary: read only when a cast file is given.
    /// - Throws: `ArcError.cast` naming the file, the line and the unknown role.
    static func overrides(_ args: ParsedArguments, language: Language, arcs: [Arc],
                          vocabulary: () throws -> Vocabulary) throws -> [String: String] {
        guard let file = args.string("--cast") else { return [:] }
        let known = try vocabulary().roleIDs + arcs.flatMap(\.extras).map(\.id)
        return try Cast.load(path: file, language: language, knownRoles: known)
    }

    /// The default cast of `arc` in `language`, with the names `--cast FILE` gives: what `plan` and `episode` cast.
    static func cast(_ args: ParsedArguments, for arc: Arc, language: Language,
                     vocabulary: () throws -> Vocabulary) throws -> Cast {
        Cast.defaults(for: arc, language: language)
            .overriding(with: try overrides(args, language: language, arcs: [arc], vocabulary: vocabulary))
    }
}
