import Foundation

/// Folders arcgen writes into: made with a one-line error that says what to do, and locked while a run writes them.
public enum Folder {
    /// Creates `url` and any missing parents (like `mkdir -p`).
    /// - Throws: `SupportError.io` naming the path when it is a file or cannot be made (read-only, `/proc`…).
    public static func create(_ url: URL) throws {
        let path = url.standardizedFileURL.path
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw SupportError.io(path: path, reason: "is a file, not a folder; choose another path")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try create(URL(fileURLWithPath: parent)) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
            throw SupportError.io(path: path, reason: "cannot create the folder (\(systemReason(errno))); "
                                  + "choose a folder you can write")
        }
    }
}

extension Folder {
    /// Whether `path` is a regular file, following symbolic links: what a folder scan may open. A FIFO, a socket or a
    /// device named `*.json` would block or never end when read.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// The names of the regular files in `directory` (symbolic links followed), unsorted.
    /// - Throws: the listing's error when the folder cannot be read.
    public static func regularFileNames(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { isRegularFile(directory + "/" + $0) }
    }
}

/// An advisory lock on a folder (`flock` on the folder itself, so no lock file is left behind), held until it is
/// released or the process ends, even by a kill: a second arcgen writing the same folder is refused instead of
/// mixing its files with the first one's.
public final class FolderLock: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    /// Takes the lock without waiting.
    /// - Returns: nil when another process (or another lock in this one) holds it.
    /// - Throws: `SupportError.io` when the folder cannot be opened.
    public init?(folder: URL) throws {
        path = folder.path
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SupportError.io(path: path, reason: "cannot open the folder to lock it (\(systemReason(errno)))")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            if reason == EINTR { continue }
            close(descriptor)
            descriptor = -1
            if reason == EWOULDBLOCK { return nil }
            throw SupportError.io(path: path, reason: "cannot lock the folder (\(systemReason(reason)))")
        }
    }

    /// Releases the lock; also done when the lock is freed.
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
