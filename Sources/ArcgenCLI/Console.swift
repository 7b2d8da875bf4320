import Foundation

/// Where a command writes: data to `out` (stdout), progress and errors to `err` (stderr). Tests pass a capturing
/// console so they can read both.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        writeOut = out
        writeErr = err
    }

    /// The process's own stdout and stderr.
    public static let standard = Console(
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) }
    )

    /// Writes `text` to stdout as is (add your own newline).
    public func out(_ text: String) { writeOut(text) }
    /// Writes one line to stdout.
    public func line(_ text: String = "") { writeOut(text + "\n") }
    /// Writes one line to stderr.
    public func log(_ text: String) { writeErr(text + "\n") }
}

/// A console that keeps everything written to it, for tests.
public final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    public init() {}
    public var stdout: String { lock.withLock { outText } }
    public var stderr: String { lock.withLock { errText } }
    public var console: Console {
        Console(out: { [self] s in lock.withLock { outText += s } }, err: { [self] s in lock.withLock { errText += s } })
    }
}
