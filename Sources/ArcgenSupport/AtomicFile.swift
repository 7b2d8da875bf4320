import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the same folder,
/// are flushed to disk, and the temporary file is renamed over the target (rename is atomic within a file system).
public enum AtomicFile {
    /// - Throws: `SupportError.io` naming the path when the folder is missing or not writable.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw SupportError.io(path: url.path, reason: "cannot create a file in \(folder.path) (does the folder exist and is it writable?)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 {
                throw SupportError.io(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let e = error as? SupportError { throw e }
            throw SupportError.io(path: url.path, reason: "\(error.localizedDescription)")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

/// Failures of the support layer, each naming the file involved.
public enum SupportError: Error, CustomStringConvertible, Equatable {
    case io(path: String, reason: String)
    case truncated(what: String, offset: Int)
    case invalidUTF8(path: String, byteOffset: Int)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        case let .truncated(what, offset): return "\(what) ends early at byte \(offset): the file is truncated or not what it claims to be"
        case let .invalidUTF8(path, offset): return "\(path): invalid UTF-8 at byte offset \(offset); save the file as UTF-8"
        }
    }
}
