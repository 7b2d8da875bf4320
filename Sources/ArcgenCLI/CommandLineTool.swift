import ArcgenSupport
import Foundation

/// The `arcgen` program: finds the command in the table, parses its options, runs it, and turns every error into
/// the right message and exit status (64 for a usage mistake, 1 for a failure at run time).
public struct CommandLineTool: Sendable {
    public let commands: [Command]

    public init(commands: [Command] = CommandLineTool.allCommands) { self.commands = commands }

    /// Every command arcgen knows, in the order `--help` lists them. Each command group adds its own list.
    public static var allCommands: [Command] {
        EpisodeCommands.all + SeasonCommands.all + PlotCommands.all + CorpusCommands.all + EngineCommands.all
    }

    /// Runs one invocation. `arguments` excludes the program name.
    /// - Returns: the process exit status.
    public func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.log(overview)
            return 64
        }
        if first == "--help" || first == "-h" { console.out(overview + "\n"); return 0 }
        if first == "--version" { console.line("arcgen \(arcgenVersion)"); return 0 }
        if first == "help" {
            let rest = arguments.dropFirst().joined(separator: " ")
            if rest.isEmpty { console.out(overview + "\n"); return 0 }
            if let command = commands.first(where: { $0.name == rest }) { console.out(command.usage); return 0 }
            if let usage = groupUsage(rest) { console.out(usage); return 0 }
            console.log("arcgen: no command '\(rest)'\n\n" + overview)
            return 64
        }
        guard let (command, rest) = match(arguments) else {
            if let usage = groupUsage(first) {
                if arguments.count == 2, ["--help", "-h"].contains(arguments[1]) { console.out(usage); return 0 }
                let tail = arguments.count > 1 ? "'\(arguments[1])' is not a subcommand of '\(first)'"
                    : "'\(first)' needs a subcommand"
                console.log("arcgen: \(tail)\n\n" + usage)
            } else {
                console.log("arcgen: unknown command '\(first)'\n\n" + overview)
            }
            return 64
        }
        if rest.contains("--help") { console.out(command.usage); return 0 }
        do {
            let parsed = try ParsedArguments(command: command.name, arguments: rest, options: command.options,
                                             allowsPositionals: command.allowsPositionals)
            return try command.run(parsed, console)
        } catch let e as UsageError {
            console.log("arcgen \(command.name): \(e.message)\n\n" + command.usage)
            return 64
        } catch {
            console.log("arcgen \(command.name): \(Self.oneLine(error))")
            return 1
        }
    }

    /// An error as one line: ours describe themselves; Foundation's file errors become `path: reason` instead of a
    /// dump of their domain and user info.
    static func oneLine(_ error: any Error) -> String {
        let e = error as NSError
        guard e.domain == NSCocoaErrorDomain || e.domain == NSPOSIXErrorDomain else {
            return "\(error)"
        }
        let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError
        let posix = underlying?.domain == NSPOSIXErrorDomain ? underlying : e.domain == NSPOSIXErrorDomain ? e : nil
        let code = posix.map { Int32($0.code) } ?? 0
        let reason = code != 0 ? systemReason(code) : e.localizedDescription
        let path = e.userInfo[NSFilePathErrorKey] as? String ?? (e.userInfo[NSURLErrorKey] as? URL)?.path
        return (path.map { "\($0): " } ?? "") + reason + "; check the path and its permissions"
    }

    /// Usage of a command group (`arcs`, `corpus`, `models`): its subcommands with their summaries; nil when `name`
    /// is no group.
    func groupUsage(_ name: String) -> String? {
        let members = commands.filter { $0.name.hasPrefix(name + " ") }
        guard !members.isEmpty else { return nil }
        let width = members.map(\.name.count).max() ?? 0
        var lines = ["usage: arcgen \(name) <subcommand> [options]", "", "subcommands:"]
        for c in members {
            lines.append("  " + c.name + String(repeating: " ", count: width - c.name.count + 2) + c.summary)
        }
        lines += ["", "arcgen help \(name) <subcommand> or arcgen \(name) "
            + "<subcommand> --help shows a subcommand's options."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The longest command name (two words before one) that the arguments start with.
    private func match(_ arguments: [String]) -> (Command, [String])? {
        if arguments.count >= 2, let c = commands.first(where: { $0.name == arguments[0] + " " + arguments[1] }) {
            return (c, Array(arguments.dropFirst(2)))
        }
        if let c = commands.first(where: { $0.name == arguments[0] }) { return (c, Array(arguments.dropFirst())) }
        return nil
    }

    /// What a flag name means, the same in every command (README.md, "Commands", says it too).
    static let flagConventions = [
        "--arc ID names an arc (season: repeat it or give a comma list); --arc-file PATH an arc file anywhere.",
        "--arcs-dir DIR is the folder of arcs, --models DIR the folder of models, --seed S seeds every draw.",
        "--arcs is an older spelling kept working: the arcs folder in most commands, season's list of arcs.",
    ]

    public var overview: String {
        let width = commands.map(\.name.count).max() ?? 0
        var lines = [
            "arcgen \(arcgenVersion): writes telenovelas with per-beat LSTM language models.",
            "",
            "usage: arcgen <command> [options]",
            "       arcgen help <command>      arcgen <command> --help      arcgen --version",
            "",
            "commands:",
        ]
        for c in commands {
            lines.append("  " + c.name + String(repeating: " ", count: width - c.name.count + 2) + c.summary)
        }
        lines += ["", "flags:"] + Self.flagConventions.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
