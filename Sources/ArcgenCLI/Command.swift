/// One entry of the command table: its name (one or two words, `train`, `arcs check`), its options, and the work.
public struct Command: Sendable {
    public let name: String
    public let summary: String
    /// The synopsis after the command name, e.g. `--text FILE --out MODEL [--seed S]`.
    public let synopsis: String
    public let options: [OptionSpec]
    public let allowsPositionals: Bool
    public let run: @Sendable (ParsedArguments, Console) throws -> Int32

    public init(
        name: String, summary: String, synopsis: String, options: [OptionSpec], allowsPositionals: Bool = false,
        run: @escaping @Sendable (ParsedArguments, Console) throws -> Int32
    ) {
        self.name = name
        self.summary = summary
        self.synopsis = synopsis
        self.options = options + [.flag("--help", "Show this help.")]
        self.allowsPositionals = allowsPositionals
        self.run = run
    }

    /// Usage text: synopsis, summary, and one line per option.
    public var usage: String {
        var lines = ["usage: arcgen \(name) \(synopsis)".trimmingTrailingSpace, "", summary, ""]
        let width = options.map { optionLabel($0).count }.max() ?? 0
        for o in options {
            let label = optionLabel(o)
            let old = o.aliases.isEmpty ? "" : " Old spelling: \(o.aliases.joined(separator: ", "))."
            lines.append("  " + label + String(repeating: " ", count: width - label.count + 2) + o.help + old)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func optionLabel(_ o: OptionSpec) -> String {
        switch o.kind {
        case .flag: return o.name
        case .value: return "\(o.name) \(o.valueName)"
        case .list: return "\(o.name) \(o.valueName)…"
        }
    }
}

extension String {
    var trimmingTrailingSpace: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
