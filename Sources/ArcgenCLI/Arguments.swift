import ArcgenSupport

/// One option a command accepts.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable { case flag, value }
    /// Spelled with its dashes: `--layers`.
    public let name: String
    public let kind: Kind
    /// Placeholder for the value in usage text: `L`.
    public let valueName: String
    public let help: String

    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, valueName: "", help: help)
    }

    public static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .value, valueName: valueName, help: help)
    }
}

/// A mistake in how the command was called: printed with the command's usage, exit status 64 (EX_USAGE).
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A failure while doing the work: one line on stderr, exit status 1.
public struct RuntimeError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The options and positional arguments of one invocation, checked against the command's table, with typed
/// accessors that turn a malformed value into a `UsageError` naming the option.
public struct ParsedArguments: Sendable {
    public let command: String
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    /// Values that name a file or folder: an empty one would silently mean the current folder.
    static let pathValueNames: Set<String> = ["FILE", "DIR", "MODEL", "PATH", "CHECKPOINT"]

    /// - Throws: `UsageError` for an unknown option, a missing value, an empty path or a repeated option.
    public init(command: String, arguments: [String], options: [OptionSpec], allowsPositionals: Bool) throws {
        self.command = command
        let table = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" {
                guard allowsPositionals else { throw UsageError("'\(command)' takes no argument '\(arg)'") }
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let spec = table[name] else {
                let hint = Suggestions.closest(to: name, in: options.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw UsageError("unknown option '\(name)' for '\(command)'\(hint)")
            }
            guard values[name] == nil, !flags.contains(name) else { throw UsageError("option \(name) given twice") }
            switch spec.kind {
            case .flag:
                if inline != nil { throw UsageError("option \(name) takes no value") }
                flags.insert(name)
            case .value:
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard i < arguments.count else { throw UsageError("option \(name) "
                        + "needs a value \(spec.valueName)") }
                    value = arguments[i]
                    i += 1
                    if value.hasPrefix("--"), table[String(value.prefix { $0 != "=" })] != nil {
                        throw UsageError("option \(name) needs a value \(spec.valueName) before \(value)")
                    }
                }
                if value.isEmpty, Self.pathValueNames.contains(spec.valueName) {
                    throw UsageError("option \(name) needs a path \(spec.valueName), got an empty string")
                }
                values[name] = value
            }
        }
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) || values[flag] != nil }

    public func string(_ name: String) -> String? { values[name] }

    public func required(_ name: String) throws -> String {
        guard let v = values[name] else { throw UsageError("'\(command)' needs \(name)") }
        return v
    }

    /// An integer within `range`, or `defaultValue` when the option is absent.
    public func int(_ name: String, default defaultValue: Int? = nil, in range: ClosedRange<Int> = Int.min ... Int.max) throws -> Int? {
        guard let text = values[name] else { return defaultValue }
        guard let v = Int(text) else { throw UsageError("\(name) needs a whole number, got '\(text)'") }
        guard range.contains(v) else { throw UsageError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(v)") }
        return v
    }

    /// A 64-bit seed: any non-negative whole number.
    public func seed(_ name: String = "--seed") throws -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let v = UInt64(text) else { throw UsageError("\(name) needs a non-negative whole number, got '\(text)'") }
        return v
    }

    /// A finite number within `range`, or `defaultValue` when the option is absent.
    public func double(_ name: String, default defaultValue: Double? = nil, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude ... Double.greatestFiniteMagnitude) throws -> Double? {
        guard let text = values[name] else { return defaultValue }
        guard let v = Double(text), v.isFinite else { throw UsageError("\(name) needs a number, got '\(text)'") }
        guard range.contains(v) else { throw UsageError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(text)") }
        return v
    }

    /// One of `choices`, or `defaultValue`.
    public func choice(_ name: String, _ choices: [String], default defaultValue: String) throws -> String {
        guard let v = values[name] else { return defaultValue }
        guard choices.contains(v) else { throw UsageError("\(name) must be one of \(choices.joined(separator: ", ")), got '\(v)'") }
        return v
    }
}
