import ArcgenSupport
import Foundation

/// Reads a JSON input file (arc, vocabulary, cast) defensively: the size is checked before reading, and never more
/// than the limit is read, so a 50 MB file is refused at once; bytes that are not UTF-8 are reported with their byte
/// offset and line.
public enum SourceFile {
    /// 10 MiB. An arc of 10,000 states with bilingual synopses is about 5 MB; real arcs are a few tens of KB.
    public static let sizeLimit = 10 * 1024 * 1024

    /// A file that could not be turned into text, as a lint finding (for `arcs check`) or an error (for commands).
    public enum Failure: Error, Sendable {
        case error(ArcError)
        case notUTF8(byteOffset: Int, text: SourceText)
        /// UTF-16 without a byte-order mark: valid UTF-8 bytes, but a NUL beside every ASCII character.
        case utf16(text: SourceText)

        /// The finding `arcs check` prints for this failure.
        public var diagnostic: Diagnostic {
            switch self {
            case let .error(e):
                switch e {
                case let .fileTooLarge(_, size, limit):
                    return Diagnostic(.error, nil, "the file is \(size) bytes, over the limit of \(limit) bytes "
                        + "for arc files; an arc of hundreds of states takes well under 1 MB, "
                        + "so check that this is an arc file")
                case let .unreadable(_, reason):
                    return Diagnostic(.error, nil, "cannot read the file: \(reason)")
                default:
                    return Diagnostic(.error, nil, e.description)
                }
            case let .notUTF8(offset, _):
                return Diagnostic(.error, nil, "invalid UTF-8 at byte offset \(offset); "
                    + "save the file as UTF-8 (arc files are UTF-8 JSON)", offset: offset)
            case .utf16:
                return Diagnostic(.error, nil, SourceFile.utf16Message("arc file"), offset: 0)
            }
        }
    }

    /// - Throws: `Failure` when the file is missing, too large, unreadable or not UTF-8.
    public static func read(_ path: String, limit: Int = sizeLimit) throws(Failure) -> SourceText {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            var info = stat()
            let missing = stat(path, &info) != 0 && errno != ELOOP
            let reason = missing ? "no such file" : "a symbolic link loop (\(systemReason(ELOOP)))"
            throw .error(.unreadable(path: path, reason: reason))
        }
        guard !isDirectory.boolValue else {
            throw .error(.unreadable(path: path, reason: "it is a folder, not a file"))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else { throw .error(.fileTooLarge(path: path, size: size, limit: limit)) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .error(.unreadable(path: path, reason: "permission denied or not a regular file"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte more than allowed tells a file that grew since the size check.
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw .error(.unreadable(path: path, reason: "\(error.localizedDescription)"))
        }
        guard data.count <= limit else { throw .error(.fileTooLarge(path: path, size: data.count, limit: limit)) }
        return try decode([UInt8](data))
    }

    /// Checks that in-memory bytes are UTF-8 (and not UTF-16 that happens to be valid UTF-8).
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> SourceText {
        let text = SourceText(bytes: bytes)
        if let bad = UTF8Text.firstInvalidOffset(bytes) { throw .notUTF8(byteOffset: bad, text: text) }
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 { throw .utf16(text: text) }
        return text
    }

    /// What to say about a UTF-16 file: what it is, and what to do.
    public static func utf16Message(_ kind: String) -> String {
        "the file looks like UTF-16 (a NUL byte beside each character); save the \(kind) as UTF-8"
    }
}
