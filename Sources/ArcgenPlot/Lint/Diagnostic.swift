/// How bad a lint finding is: errors stop `arcs check` (exit 1) and refuse to plan; warnings are printed and only
/// fail `arcs check --strict`; notes tell a fact the writer should know (the lengths visit caps allow) and never fail.
public enum Severity: String, Sendable, Equatable, Comparable {
    case error, warning, note

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem in an arc file, said the way a compiler says it: where (file, line, column, JSON path), what, and
/// what to do: `arcs/lost-love.json:12:7: error: $.states[3].transitions[1].to: unknown state 'reunon'; did you
/// mean 'reunion'?`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var severity: Severity
    /// Where in the document; nil for problems with the file as a whole (too large, not UTF-8, not JSON).
    public var path: JSONPath?
    /// What is wrong and what to do, in one or two clauses.
    public var message: String
    /// Byte offset to point at when the path alone does not say (a duplicate key, a syntax error).
    public var offset: Int?
    /// Filled in by `ArcLoader` from the file.
    public var file: String = ""
    public var position: SourcePosition?

    public init(_ severity: Severity, _ path: JSONPath?, _ message: String, offset: Int? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.offset = offset
    }

    public var description: String {
        var s = file.isEmpty ? "" : file + ":"
        if let p = position { s += "\(p.line):\(p.column):" }
        s += (s.isEmpty ? "" : " ") + severity.rawValue + ": "
        if let path { s += "\(path): " }
        return s + message
    }
}

/// Collects diagnostics for one file up to a limit, so a hostile file with 10,000 broken states gives a readable
/// report quickly: past the limit, messages are counted but not built (their text, with its did-you-mean search,
/// is an autoclosure that never runs).
public struct DiagnosticList: Sendable {
    public static let defaultLimit = 100

    public private(set) var items: [Diagnostic] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public private(set) var noteCount = 0
    public let limit: Int

    public init(limit: Int = DiagnosticList.defaultLimit) { self.limit = limit }

    /// Findings counted but not kept.
    public var suppressed: Int { errorCount + warningCount + noteCount - items.count }

    public mutating func error(_ path: JSONPath?, _ message: @autoclosure () -> String, offset: Int? = nil) {
        add(.error, path, message, offset: offset)
    }

    public mutating func warning(_ path: JSONPath?, _ message: @autoclosure () -> String, offset: Int? = nil) {
        add(.warning, path, message, offset: offset)
    }

    public mutating func note(_ path: JSONPath?, _ message: @autoclosure () -> String, offset: Int? = nil) {
        add(.note, path, message, offset: offset)
    }

    public mutating func append(_ d: Diagnostic) {
        add(d.severity, d.path, { d.message }, offset: d.offset)
    }

    private mutating func add(_ severity: Severity, _ path: JSONPath?, _ message: () -> String, offset: Int?) {
        switch severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        case .note: noteCount += 1
        }
        guard items.count < limit else { return }
        items.append(Diagnostic(severity, path, message(), offset: offset))
    }
}
