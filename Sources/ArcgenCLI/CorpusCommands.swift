import ArcgenCorpus
import ArcgenSupport
import Foundation

/// Commands for the tagged corpus (`corpus check`, `corpus stats`, `corpus text`). They only read options, call
/// ArcgenCorpus and print.
enum CorpusCommands {
    static var all: [Command] { [check, stats, text] }

    static let vocabularyOption = OptionSpec.value("--vocabulary", "FILE",
        "Beat tags and roles (default: arcs/vocabulary.json above DIR or in the current directory).")

    static let check = Command(
        name: "corpus check",
        summary: "Check a tagged Fountain corpus: encoding, scene notes, tags, roles, cues; "
            + "every problem with file:line, on stderr.",
        synopsis: "DIR [--vocabulary FILE]",
        options: [vocabularyOption],
        allowsPositionals: true
    ) { args, console in
        let directory = try corpusDirectory(args)
        let vocabulary = try loadVocabulary(args, near: directory)
        let report = try Corpus.check(directory: directory, vocabulary: vocabulary)
        for diagnostic in report.diagnostics { console.log(diagnostic.description) }
        console.log(report.summary)
        // A corpus with no good scene trains nothing: every command that loads it refuses it.
        if report.errorCount == 0, report.corpus.scenes.isEmpty {
            console.log(CorpusError.noScenes(directory: directory).description)
        }
        return report.errorCount > 0 || report.corpus.scenes.isEmpty ? 1 : 0
    }

    static let stats = Command(
        name: "corpus stats",
        summary: "Count scenes and text per tag and language, speeches per role, synopsis coverage, speaker turns, "
            + "scene lengths, and how varied and repeated the dialogue is.",
        synopsis: "DIR [--format text|json] [--vocabulary FILE]",
        options: [.value("--format", "FORMAT", "text (default) or json."), vocabularyOption],
        allowsPositionals: true
    ) { args, console in
        let directory = try corpusDirectory(args)
        let format = try args.choice("--format", ["text", "json"], default: "text")
        let vocabulary = try loadVocabulary(args, near: directory)
        let report = try Corpus.check(directory: directory, vocabulary: vocabulary)
        guard !report.corpus.scenes.isEmpty else {
            throw report.errorCount > 0 ? CorpusError.invalid(directory: directory, diagnostics: report.diagnostics)
                : CorpusError.noScenes(directory: directory)
        }
        if report.errorCount > 0 {
            let left = report.sceneCount - report.corpus.scenes.count
            console.log("\(left) of \(report.sceneCount) scenes have errors and are left out of these figures; "
                        + "'arcgen corpus check \(directory)' lists them")
        }
        let statistics = CorpusStatistics(report: report, tagOrder: vocabulary.tags, roleOrder: vocabulary.roles)
        console.out(format == "json" ? try statistics.json() : statistics.table())
        return 0
    }

    static let text = Command(
        name: "corpus text",
        summary: "Write the role-attributed training text of a corpus (all scenes, or those whose main beat is TAG).",
        synopsis: "DIR [--tag TAG] [--held-out F [--part train|held-out] [--seed S]] [--out FILE] [--vocabulary FILE]",
        options: [
            .value("--tag", "TAG", "Only scenes whose first tag is TAG."),
            .value("--held-out", "F", "Hold out this fraction of each tag and language's scenes (default 0)."),
            .value("--part", "PART", "train (default) or held-out: which side of the split to write."),
            SeedOption.option("Seed of the held-out split (default \(SeedOption.fixedDefault))."),
            .value("--out", "FILE", "Write here (atomically) instead of stdout."),
            synopsisOption(default: .none),
            vocabularyOption,
        ],
        allowsPositionals: true
    ) { args, console in
        let directory = try corpusDirectory(args)
        let priming = try args.choice("--synopsis", default: SynopsisPriming.none)
        let vocabulary = try loadVocabulary(args, near: directory)
        let fraction = try args.double("--held-out", default: 0, in: 0 ... 0.99)
        for option in ["--part", "--seed"] where args.has(option) && !args.has("--held-out") {
            throw UsageError("\(option) chooses within a held-out split; give --held-out F too")
        }
        let part = try args.choice("--part", ["train", "held-out"], default: "train")
        let seed = try SeedOption.value(args)
        if let tag = args.string("--tag"), !vocabulary.tags.contains(tag) {
            let hint = Suggestions.closest(to: tag, in: vocabulary.tags).map { " (did you mean \($0)?)" } ?? ""
            throw UsageError("--tag \(tag) is not a tag of the vocabulary\(hint)")
        }
        let corpus = try Corpus.load(directory: directory, vocabulary: vocabulary)
        let chosen = args.string("--tag").map { tag in corpus.scenes.filter { $0.mainTag == tag } } ?? corpus.scenes
        let split = Corpus.split(scenes: chosen, heldOutFraction: fraction, seed: seed)
        let scenes = part == "train" ? split.training : split.heldOut
        guard !scenes.isEmpty else {
            let which = args.string("--tag").map { " whose main tag is \($0)" } ?? ""
            let side = args.has("--held-out") ? " on the \(part) side of a \(fraction) split" : ""
            throw UsageError("\(directory) has no scenes\(which)\(side): nothing to write")
        }
        let text = Corpus.trainingText(of: scenes, priming: priming)
        if let out = args.string("--out") {
            try AtomicFile.write(text, to: URL(fileURLWithPath: out))
            console.log("\(scenes.count) scenes, \(text.utf8.count) bytes written to \(out)")
        } else {
            console.out(text)
        }
        return 0
    }

    /// The one positional argument, DIR.
    static func corpusDirectory(_ args: ParsedArguments) throws -> String {
        guard args.positionals.count == 1, let directory = args.positionals.first else {
            throw UsageError("'\(args.command)' needs exactly one corpus folder DIR")
        }
        return directory
    }

    /// `--vocabulary FILE`, or the vocabulary found near DIR.
    static func loadVocabulary(_ args: ParsedArguments, near directory: String) throws -> Vocabulary {
        if let path = args.string("--vocabulary") { return try Vocabulary.load(from: URL(fileURLWithPath: path)) }
        guard let found = Vocabulary.locate(near: URL(fileURLWithPath: directory)) else {
            throw RuntimeError("no arcs/vocabulary.json above \(directory) or in the current directory; "
                + "pass --vocabulary FILE")
        }
        return try Vocabulary.load(from: found)
    }
}
