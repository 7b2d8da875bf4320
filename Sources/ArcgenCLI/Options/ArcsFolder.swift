import ArcgenPlot
import Foundation

/// The `--arcs-dir DIR` option group: the folder of arc files and `vocabulary.json`. Every command that reads arcs
/// resolves it here, so the `$ARCGEN_ARCS` fallback is spelled once. `--arcs DIR` is its older spelling, kept
/// working everywhere but in `season`, where `--arcs` has always been the list of arcs (see `ArcList`).
struct ArcsFolder: Sendable {
    static let name = "--arcs-dir"
    static let oldSpelling = "--arcs"
    static let environmentVariable = "ARCGEN_ARCS"
    static let defaultDirectory = "arcs"
    static let help = "Folder of arc files (default: $\(environmentVariable), else ./\(defaultDirectory))."
    /// The option as most commands list it, `--arcs` accepted too.
    static let option = OptionSpec.value(name, "DIR", help, aliases: [oldSpelling])
    /// The option for `season`, whose `--arcs` is the arc list.
    static let optionWithoutOldSpelling = OptionSpec.value(name, "DIR", help)

    /// The folder: `--arcs-dir` (or `--arcs`), else `$ARCGEN_ARCS`, else `arcs` under the current folder; a
    /// trailing slash dropped so paths in messages read `arcs/x.json`.
    let directory: String
    /// The spelling that names the folder in hints: the one the user typed, else `--arcs-dir`.
    let flag: String

    init(_ args: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(given: args.string(Self.name), flag: args.spelling(Self.name), environment: environment)
    }

    /// The folder for code without command-line options: `$ARCGEN_ARCS`, else `arcs`.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(given: nil, flag: Self.name, environment: environment)
    }

    private init(given: String?, flag: String, environment: [String: String]) {
        let dir = given ?? environment[Self.environmentVariable] ?? Self.defaultDirectory
        directory = dir.count > 1 && dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        self.flag = flag
    }

    var catalog: ArcCatalog { ArcCatalog(directory: directory, flag: flag) }

    /// Resolves an id or path in `catalog` and loads the arc with the vocabulary next to it (lint errors refuse it).
    /// - Returns: the arc and its file.
    static func loadArc(_ name: String, from catalog: ArcCatalog) throws -> (Arc, String) {
        let file = try catalog.resolve(name)
        return (try ArcLoader(vocabulary: try catalog.vocabulary(near: file)).load(path: file), file)
    }
}

/// The arcs a command weaves together, `--arc ID` repeated or `--arc a,b,c` (`season`); `--arcs LIST` is the older
/// spelling. Ids or paths, in the order given.
enum ArcList {
    static let name = "--arc"
    static func option(_ help: String) -> OptionSpec {
        .list(name, "ID", help, aliases: [ArcsFolder.oldSpelling])
    }

    /// - Throws: `UsageError` naming the flag when no arc is given.
    static func ids(_ args: ParsedArguments, example: String) throws -> [String] {
        let ids = args.list(name)
        guard !ids.isEmpty else {
            let flag = args.has(name) ? args.spelling(name) : name
            throw UsageError("'\(args.command)' needs at least one arc: \(flag) ID, e.g. \(flag) \(example)")
        }
        return ids
    }
}
