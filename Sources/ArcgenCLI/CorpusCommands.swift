import ArcgenCorpus
import Foundation

/// Commands for the tagged corpus (`corpus check`, `corpus stats`, `corpus text`). They only read options, call
/// ArcgenCorpus and print.
enum CorpusCommands {
    static var all: [Command] { [check] }

    static let vocabularyOption = OptionSpec.value("--vocabulary", "FILE",
        "Beat tags and roles (default: arcs/vocabulary.json above DIR or in the current directory).")

    static let check = Command(
        name: "corpus check",
        summary: "Check a tagged Fountain corpus: encoding, scene notes, tags, roles, cues; every problem with file:line.",
        synopsis: "DIR [--vocabulary FILE]",
        options: [vocabularyOption],
        allowsPositionals: true
    ) { args, console in
        let directory = try corpusDirectory(args)
        let vocabulary = try loadVocabulary(args, near: directory)
        let report = try Corpus.check(directory: directory, vocabulary: vocabulary)
        for diagnostic in report.diagnostics { console.line(diagnostic.description) }
        console.log(report.summary)
        return report.errorCount > 0 ? 1 : 0
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
            throw RuntimeError("no arcs/vocabulary.json above \(directory) or in the current directory; pass --vocabulary FILE")
        }
        return try Vocabulary.load(from: found)
    }
}
