import ArcgenSupport
import Foundation
import Synchronization

/// Where a command writes: data to `out` (stdout), progress and errors to `err` (stderr). Tests pass a capturing
/// console so they can read both.
public final class Console: Sendable {
    private let writeOut: @Sendable (String) -> Void
    private let writeErr: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        writeOut = out
        writeErr = err
    }

    /// The process's own stdout and stderr; a failure to write stdout ends the process (see `streams`).
    public static let standard = streams(out: STDOUT_FILENO, err: STDERR_FILENO, stop: { exit($0) })

    /// A console on two file descriptors. Stdout that cannot be written (a full disk, a closed descriptor) is said
    /// once on stderr, `cannot write to standard output: …`, and `stop(1)` is called; a reader that went away (a
    /// broken pipe) stops it quietly, like a shell pipeline's `| head`. Stderr that cannot be written is ignored:
    /// there is nowhere left to say so. Later writes after a failure are dropped.
    public static func streams(out: Int32, err: Int32, stop: @escaping @Sendable (Int32) -> Void) -> Console {
        let failed = FailureFlag()
        return Console(
            out: { text in
                guard !failed.isSet else { return }
                let code = writeAll(text, to: out)
                guard code != 0, failed.set() else { return }
                if code != EPIPE { _ = writeAll("arcgen: cannot write to standard output: "
                    + "\(systemReason(code))\n", to: err) }
                stop(1)
            },
            err: { _ = writeAll($0, to: err) }
        )
    }

    /// Writes every byte of `text`; returns 0, or the error number of the write that failed.
    static func writeAll(_ text: String, to fd: Int32) -> Int32 {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
    }

    /// Makes sure descriptors 0, 1 and 2 are open before anything else opens a file: a process started with stdout
    /// closed (`>&-`) would otherwise write its output into the next file it opens. A closed one gets `/dev/null`
    /// opened read-only, so writing to it still fails and is reported.
    public static func reserveStandardDescriptors() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDONLY)
            if null >= 0, null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }

    /// Writes `text` to stdout as is (add your own newline).
    public func out(_ text: String) { writeOut(text) }
    /// Writes one line to stdout.
    public func line(_ text: String = "") { writeOut(text + "\n") }
    /// Writes one line to stderr.
    public func log(_ text: String) { writeErr(text + "\n") }
}

/// Set once, by the first thread that fails.
final class FailureFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    /// - Returns: true for the caller that set it.
    func set() -> Bool { value.withLock { value in defer { value = true }; return !value } }
}

/// A console that keeps everything written to it, for tests.
public final class CapturedConsole: Sendable {
    private let outText = Mutex("")
    private let errText = Mutex("")
    public init() {}
    public var stdout: String { outText.withLock { $0 } }
    public var stderr: String { errText.withLock { $0 } }
    public var console: Console {
        Console(out: { [self] s in outText.withLock { $0 += s } }, err: { [self] s in errText.withLock { $0 += s } })
    }
}
