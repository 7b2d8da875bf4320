import ArcgenSupport
import Foundation

/// One option a command accepts.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable {
        case flag, value
        /// A value that may be given more than once (`--arc a --arc b`); each one may also be a comma list.
        case list
    }

    /// Spelled with its dashes: `--layers`.
    public let name: String
    public let kind: Kind
    /// Placeholder for the value in usage text: `L`.
    public let valueName: String
    public let help: String
    /// Older spellings that still work and mean the same (flags are a contract): `--arcs` for `--arcs-dir`.
    public let aliases: [String]

    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, valueName: "", help: help, aliases: [])
    }

    public static func value(_ name: String, _ valueName: String, _ help: String,
                             aliases: [String] = []) -> OptionSpec {
        OptionSpec(name: name, kind: .value, valueName: valueName, help: help, aliases: aliases)
    }

    public static func list(_ name: String, _ valueName: String, _ help: String,
                            aliases: [String] = []) -> OptionSpec {
        OptionSpec(name: name, kind: .list, valueName: valueName, help: help, aliases: aliases)
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
/// accessors that turn a missing or malformed value into a `UsageError` naming the option as the user spelled it.
/// Values are kept under the option's own name, whichever alias was typed.
public struct ParsedArguments: Sendable {
    public let command: String
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// The spelling the user typed, by option name, for messages (`--arcs` when that alias was used).
    private var spellings: [String: String] = [:]
    public private(set) var positionals: [String] = []

    /// Values that name a file or folder: an empty one would silently mean the current folder.
    static let pathValueNames: Set<String> = ["FILE", "DIR", "MODEL", "PATH", "CHECKPOINT"]

    /// - Throws: `UsageError` for an unknown option, a missing value, an empty path or a repeated option.
    public init(command: String, arguments: [String], options: [OptionSpec], allowsPositionals: Bool) throws {
        self.command = command
        let spelled = options.flatMap { o in ([o.name] + o.aliases).map { ($0, o) } }
        let table = Dictionary(uniqueKeysWithValues: spelled)
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
            var typed = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                typed = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let spec = table[typed] else {
                let hint = Suggestions.closest(to: typed, in: spelled.map(\.0)).map { " (did you mean \($0)?)" } ?? ""
                throw UsageError("unknown option '\(typed)' for '\(command)'\(hint)")
            }
            let name = spec.name
            if spec.kind != .list, values[name] != nil || flags.contains(name) {
                let also = spellings[name].map { $0 == typed ? "" : " (as \($0))" } ?? ""
                throw UsageError("option \(typed) given twice\(also)")
            }
            spellings[name] = typed
            switch spec.kind {
            case .flag:
                if inline != nil { throw UsageError("option \(typed) takes no value") }
                flags.insert(name)
            case .value, .list:
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard i < arguments.count else {
                        throw UsageError("option \(typed) needs a value \(spec.valueName)")
                    }
                    value = arguments[i]
                    i += 1
                    if value.hasPrefix("--"), table[String(value.prefix { $0 != "=" })] != nil {
                        throw UsageError("option \(typed) needs a value \(spec.valueName) before \(value)")
                    }
                }
                if value.isEmpty, Self.pathValueNames.contains(spec.valueName) {
                    throw UsageError("option \(typed) needs a path \(spec.valueName), got an empty string")
                }
                values[name, default: []].append(value)
            }
        }
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) || values[flag] != nil }

    /// How the user spelled option `name` (one of its aliases, or the name itself), for messages.
    public func spelling(_ name: String) -> String { spellings[name] ?? name }

    public func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a `.list` option, comma lists split and blanks dropped, in the order given.
    public func list(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func required(_ name: String) throws -> String {
        guard let v = values[name]?.last else { throw UsageError("'\(command)' needs \(name)") }
        return v
    }

    /// An integer within `range`, or nil when the option is absent.
    public func int(_ name: String, in range: ClosedRange<Int> = Int.min ... Int.max) throws -> Int? {
        guard let text = string(name) else { return nil }
        let flag = spelling(name)
        guard let v = Int(text) else { throw UsageError("\(flag) needs a whole number, got '\(text)'") }
        guard range.contains(v) else {
            throw UsageError("\(flag) must be between \(range.lowerBound) and \(range.upperBound), got \(v)")
        }
        return v
    }

    /// An integer within `range`, or `defaultValue` when the option is absent.
    public func int(_ name: String, default defaultValue: Int,
                    in range: ClosedRange<Int> = Int.min ... Int.max) throws -> Int {
        try int(name, in: range) ?? defaultValue
    }

    /// An integer within `range`, or `defaultValue` (which may be nil: no limit) when the option is absent.
    public func int(_ name: String, default defaultValue: Int?,
                    in range: ClosedRange<Int> = Int.min ... Int.max) throws -> Int? {
        try int(name, in: range) ?? defaultValue
    }

    /// A 64-bit seed: any non-negative whole number.
    public func seed(_ name: String = "--seed") throws -> UInt64? {
        guard let text = string(name) else { return nil }
        guard let v = UInt64(text) else {
            throw UsageError("\(spelling(name)) needs a non-negative whole number, got '\(text)'")
        }
        return v
    }

    /// A finite number within `range`, or nil when the option is absent.
    public func double(_ name: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude
                        ... Double.greatestFiniteMagnitude) throws -> Double? {
        guard let text = string(name) else { return nil }
        let flag = spelling(name)
        guard let v = Double(text), v.isFinite else { throw UsageError("\(flag) needs a number, got '\(text)'") }
        guard range.contains(v) else {
            throw UsageError("\(flag) must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
        }
        return v
    }

    /// A finite number within `range`, or `defaultValue` when the option is absent.
    public func double(_ name: String, default defaultValue: Double, in range: ClosedRange<Double> =
                        -Double.greatestFiniteMagnitude ... Double.greatestFiniteMagnitude) throws -> Double {
        try double(name, in: range) ?? defaultValue
    }

    /// One of `choices`, or `defaultValue`.
    public func choice(_ name: String, _ choices: [String], default defaultValue: String) throws -> String {
        guard let v = string(name) else { return defaultValue }
        guard choices.contains(v) else {
            throw UsageError("\(spelling(name)) must be one of \(choices.joined(separator: ", ")), got '\(v)'")
        }
        return v
    }

    /// One case of `T` by its raw value, or `defaultValue`: `--schedule cosine`, `--tokenizer bpe`.
    public func choice<T: CaseIterable & RawRepresentable>(_ name: String, default defaultValue: T) throws -> T
    where T.RawValue == String {
        guard let v = string(name) else { return defaultValue }
        guard let chosen = T(rawValue: v) else {
            let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("\(spelling(name)) must be one of \(choices), got '\(v)'")
        }
        return chosen
    }
}
