/// One problem in a corpus file, printed the way compilers print them (`file:line: error: message`) so editors
/// can jump to it. The message says what is wrong and what to do.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public let file: String
    public let line: Int
    public let severity: Severity
    public let message: String

    public init(file: String, line: Int, _ severity: Severity, _ message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}
