import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the same folder, are
/// flushed to disk, and the temporary file is renamed over the target (rename is atomic within a file system); the
/// folder is flushed too, so the rename survives a power cut.
///
/// Only a regular file (or nothing) is ever replaced. A symbolic link to a regular file keeps its link: the file it
/// points to is replaced, with its permissions. A character device, a FIFO or a socket (`/dev/null`, a named pipe, a
/// terminal) and the process's own streams (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`) are written straight
/// through, as a shell's `>` would; a folder, a block device or a dangling link are refused.
public enum AtomicFile {
    /// - Throws: `SupportError.io` naming the path, the reason and what to do.
    public static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        if isProcessStream(path) { return try writeThrough(data, to: path, appending: true) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            guard reason == ENOENT else { throw SupportError.io(path: path, reason: systemReason(reason)) }
            var link = stat()
            if lstat(path, &link) == 0 {
                throw SupportError.io(path: path, reason: "a symbolic link to a missing file; "
                    + "remove it or give another path")
            }
            return try replace(path, with: data, mode: nil)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            try replace(realPath(path) ?? path, with: data, mode: info.st_mode & 0o7777)
        case S_IFDIR:
            throw SupportError.io(path: path, reason: "is a folder; give a file name inside it")
        case S_IFBLK:
            throw SupportError.io(path: path, reason: "is a block device; refusing to write there; give a file name")
        default:
            try writeThrough(data, to: path, appending: false)
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    // MARK: Temporary files

    /// The temporary file of one write: `.NAME.PID.RANDOM.tmp`, hidden, next to the target, naming its process.
    static func temporaryName(for name: String) -> String {
        ".\(name).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
    }

    /// The process that made a temporary file of our naming, or nil for any other name.
    static func owner(ofTemporary name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, UInt32(parts[parts.count - 2]) != nil, let pid = pid_t(parts[parts.count - 3]), pid > 0
        else { return nil }
        return pid
    }

    /// Removes the temporary files of our naming in `folder` that a killed run left behind: those whose process is
    /// gone (a live process may be writing its own right now), or every one when the caller holds the folder's lock.
    /// Every atomic write calls it, so a killed run's leftovers go at the next write to the same folder.
    public static func removeLeftoverTemporaries(in folder: URL, includingLiveProcesses: Bool = false) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names {
            guard let pid = owner(ofTemporary: name) else { continue }
            let alive = pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
            if includingLiveProcesses || !alive {
                unlink(folder.appendingPathComponent(name).path)
            }
        }
    }

    // MARK: Writing

    /// Writes a temporary file next to `path`, with `mode` when given, flushes it and renames it over `path`.
    static func replace(_ path: String, with data: Data, mode: mode_t?) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        removeLeftoverTemporaries(in: folder)
        let temporary = folder.appendingPathComponent(temporaryName(for: url.lastPathComponent)).path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw SupportError.io(path: path, reason: "cannot create a file in \(folder.path) "
                + "(\(systemReason(errno))); "
                                  + "choose a folder that exists and that you can write")
        }
        do {
            defer { close(fd) }
            try writeAll(data, to: fd, path: path)
            if let mode, fchmod(fd, mode) != 0 { throw SupportError.io(path: path, reason: systemReason(errno)) }
            guard fsync(fd) == 0 else { throw SupportError.io(path: path, reason: systemReason(errno)) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = errno
            unlink(temporary)
            throw SupportError.io(path: path, reason: systemReason(reason))
        }
        syncFolder(folder.path)
    }

    /// Writes into an existing stream or device without replacing it.
    static func writeThrough(_ data: Data, to path: String, appending: Bool) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | (appending ? O_APPEND : 0))
        guard fd >= 0 else { throw SupportError.io(path: path, reason: "cannot open it for writing: "
            + "\(systemReason(errno))") }
        defer { close(fd) }
        try writeAll(data, to: fd, path: path)
    }

    static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SupportError.io(path: path, reason: "cannot write: \(systemReason(errno))")
                }
                offset += n
            }
        }
    }

    /// Flushes a folder's entries, so a rename in it is on disk. Best effort: some file systems refuse it.
    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`…: an already open file of this process, written where it is.
    static func isProcessStream(_ path: String) -> Bool {
        let p = (path as NSString).standardizingPath
        if ["/dev/stdout", "/dev/stderr", "/dev/stdin"].contains(p) || p.hasPrefix("/dev/fd/") { return true }
        let parts = p.split(separator: "/")
        return parts.count == 4 && parts[0] == "proc" && parts[2] == "fd"
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The C library's text for an error number.
public func systemReason(_ code: Int32) -> String { String(cString: strerror(code)) }

/// Failures of the support layer, each naming the file involved.
public enum SupportError: Error, CustomStringConvertible, Equatable {
    case io(path: String, reason: String)
    case truncated(what: String, offset: Int)
    case invalidUTF8(path: String, byteOffset: Int)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        case let .truncated(what, offset):
            return "\(what) ends early at byte \(offset): the file is truncated or not what it claims to be"
        case let .invalidUTF8(path, offset):
            return "\(path): invalid UTF-8 at byte offset \(offset); save the file as UTF-8"
        }
    }
}
