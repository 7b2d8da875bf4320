import ArcgenModels
import ArcgenPlot
import Foundation

/// Commands for arcs and plans (`arcs list|show|check|graph`, `plan`). They resolve options into paths and values,
/// call ArcgenPlot, and print; nothing here knows how arcs are checked or plans drawn.
enum PlotCommands {
    static var all: [Command] { [list, show, check, graph, plan] }

    /// `--arcs-dir DIR` (or `--arcs DIR`): the arcs folder (`ArcsFolder`).
    static func catalog(_ args: ParsedArguments) -> ArcCatalog { ArcsFolder(args).catalog }

    /// The one positional an `arcs show|graph` call needs.
    static func single(_ args: ParsedArguments, _ what: String) throws -> String {
        guard args.positionals.count == 1 else {
            throw UsageError(args.positionals.isEmpty ? "'\(args.command)' needs \(what)"
                : "'\(args.command)' takes one \(what)")
        }
        return args.positionals[0]
    }

    /// The arc named by `--arc ID` or `--arc-file PATH` (exactly one of them), as `loadArc` takes it.
    static func arcName(_ args: ParsedArguments) throws -> String {
        switch (args.string("--arc"), args.string("--arc-file")) {
        case let (id?, nil): return id
        case let (nil, path?): return path.contains("/") || path.hasSuffix(".json") ? path : "./" + path
        case (nil, nil): throw UsageError("'\(args.command)' needs --arc ID or --arc-file PATH")
        default: throw UsageError("give either --arc or --arc-file, not both")
        }
    }

    /// Resolves an id or path in the arcs folder and loads the arc (lint errors refuse it).
    static func loadArc(_ name: String, _ args: ParsedArguments) throws -> (Arc, String) {
        try ArcsFolder.loadArc(name, from: catalog(args))
    }

    static let list = Command(
        name: "arcs list", summary: "List the arcs in the arcs folder.", synopsis: "[--arcs-dir DIR] [--lang es|en]",
        options: [ArcsFolder.option, LanguageOption.option]
    ) { args, console in
        let catalog = catalog(args)
        let lang = try LanguageOption.value(args)
        let loader = ArcLoader(vocabulary: try catalog.vocabulary())
        var rows: [[String]] = [["ID", "STATES", "ENDINGS", "TITLE"]]
        for file in try catalog.arcFiles() {
            let report = loader.check(path: file)
            if let arc = report.arc {
                rows.append([arc.id, String(arc.states.count), String(arc.endings.count), arc.title[lang]])
            } else {
                let errors = "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s")"
                rows.append([ArcLoader.stem(of: file), "-", "-", "(\(errors): run arcgen arcs check \(file))"])
            }
        }
        let widths = (0 ..< 3).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            let cells = (0 ..< 3).map { c in
                c == 0 ? r[c].padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - r[c].count) + r[c]
            }
            console.line(cells.joined(separator: "  ") + "  " + r[3])
        }
        return 0
    }

    static let show = Command(
        name: "arcs show", summary: "Describe one arc: roles, start, endings, every state and its transitions.",
        synopsis: "ID|FILE [--arcs-dir DIR] [--lang es|en]", options: [ArcsFolder.option, LanguageOption.option],
        allowsPositionals: true
    ) { args, console in
        let (arc, file) = try loadArc(try single(args, "arc id or file"), args)
        let languages: [Language] = args.has("--lang") ? [try LanguageOption.value(args)] : Language.allCases
        console.out(ArcDescription.text(arc, file: file, languages: languages))
        return 0
    }

    static let check = Command(
        name: "arcs check",
        summary: "Check arc files (default: every arc in the arcs folder) and report every problem with "
            + "file:line:column and JSON path. Diagnostics go to stderr, compiler-style. Exit 1 on errors; warnings "
            + "fail only with --strict.",
        synopsis: "[FILE…] [--strict] [--arcs-dir DIR] [--models DIR]",
        options: [
            .flag("--strict", "Treat warnings as errors."), ArcsFolder.option,
            ModelsLocation.option("Where trained models live, to warn about tags without one "
                + "(default: $ARCGEN_MODELS, else models next to the arcs folder)."),
        ],
        allowsPositionals: true
    ) { args, console in
        let catalog = catalog(args)
        let files = args.positionals.isEmpty ? try catalog.arcFiles() : args.positionals
        guard !files.isEmpty else {
            throw RuntimeError("no arc files in \(catalog.directory); pass files or \(catalog.flag) DIR")
        }
        let modelsDir = ModelsLocation(args).given
            ?? URL(fileURLWithPath: catalog.directory).deletingLastPathComponent().appendingPathComponent("models")
                .relativePath(from: catalog.directory)
        let vocabulary = try catalog.vocabulary(near: files.first)
        let models = ModelInventory(directory: modelsDir, tags: ModelManifest.trainedTags(directory: modelsDir))
        let loader = ArcLoader(vocabulary: vocabulary, models: models)
        var errors = 0, warnings = 0
        var owners: [String: String] = [:]
        for file in files {
            let report = loader.check(path: file)
            for d in report.diagnostics { console.log(d.description) }
            if report.suppressed > 0 {
                console.log("\(file): note: \(report.suppressed) more problem\(report.suppressed == 1 ? "" : "s") "
                    + "not shown; fix these and check again")
            }
            errors += report.errorCount
            warnings += report.warningCount
            if let id = report.decoded?.id, !id.isEmpty {
                if let other = owners[id] {
                    console.log("\(file): error: $.id: arc id '\(id)' is also used by \(other); arc ids must be unique")
                    errors += 1
                } else {
                    owners[id] = file
                }
            }
        }
        let failed = errors > 0 || (args.has("--strict") && warnings > 0)
        let strictly = args.has("--strict") && warnings > 0 && errors == 0 ? " (--strict: warnings fail)" : ""
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        console.log("checked \(files.count) arc file\(files.count == 1 ? "" : "s"): \(counts)\(strictly)")
        return failed ? 1 : 0
    }

    static let graph = Command(
        name: "arcs graph", summary: "Print an arc as a Graphviz DOT graph (pipe it to `dot -Tsvg`).",
        synopsis: "ID|FILE [--arcs-dir DIR] [--lang es|en]", options: [ArcsFolder.option, LanguageOption.option],
        allowsPositionals: true
    ) { args, console in
        let (arc, _) = try loadArc(try single(args, "arc id or file"), args)
        console.out(DOTWriter.dot(arc, language: try LanguageOption.value(args)))
        return 0
    }

    static let plan = Command(
        name: "plan",
        summary: "Draw a beat outline of N scenes (or MIN-MAX) from an arc's start to a happy ending, each road in "
            + "proportion to its transition weights.",
        synopsis: "--arc ID | --arc-file PATH --scenes N|MIN-MAX [--seed S] [--lang es|en] [--format text|json] "
            + "[--cast FILE] [--arcs-dir DIR]",
        options: [
            .value("--arc", "ID", "The arc's id (or a path to its file)."),
            .value("--arc-file", "PATH", "An arc file anywhere."),
            .value("--scenes", "N|MIN-MAX",
                   "Exactly N scenes, or a length drawn uniformly among the possible ones in MIN-MAX."),
            SeedOption.randomOption(seeding: "Seed for every random choice"),
            LanguageOption.option,
            .value("--format", "text|json", "Output format (default: text)."),
            CastOption.option,
            ArcsFolder.option,
        ]
    ) { args, console in
        let name = try arcName(args)
        let scenes = try SceneCountOption.required(args, "--scenes", within: 1 ... PlotPlanner.maxScenes)
        let lang = try LanguageOption.value(args)
        let format = try args.choice("--format", ["text", "json"], default: "text")
        let seed = try SeedOption.valueOrRandom(args, console: console, command: "plan", repeating: "draw this plan")
        let (arc, file) = try loadArc(name, args)
        let cast = try CastOption.cast(args, for: arc, language: lang) { try catalog(args).vocabulary(near: file) }
        let plan = try PlotPlanner(graph: try ArcGraph(arc: arc)).plan(scenes: scenes, seed: seed)
        let outline = Outline(arc: arc, plan: plan, cast: cast, language: lang)
        console.out(format == "json" ? OutlineRenderer.json(outline) : OutlineRenderer.text(outline))
        return 0
    }
}

extension URL {
    /// A path for messages: relative to the current folder when the folder `base` was given relatively.
    func relativePath(from base: String) -> String {
        if base.hasPrefix("/") { return path }
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
