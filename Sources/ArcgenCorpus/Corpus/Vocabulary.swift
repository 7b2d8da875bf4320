import ArcgenSupport
import ArcgenVocabulary
import Foundation

/// The beat tags and roles of `arcs/vocabulary.json`: the one list that arc files and the corpus share. Read from
/// the file, never written into code, so a new tag is added in one place.
public struct Vocabulary: Sendable, Equatable {
    /// Tag ids in the file's order (which is also the order `corpus stats` lists them in).
    public let tags: [String]
    /// Role ids in the file's order.
    public let roles: [String]

    public init(tags: [String], roles: [String]) {
        self.tags = tags
        self.roles = roles
    }

    /// The tags and roles of a file already read.
    public init(_ file: VocabularyFile) {
        self.init(tags: file.tags.map(\.id), roles: file.roles.map(\.id))
    }

    /// Reads a vocabulary file through `VocabularyFile`, its one reader.
    /// - Throws: `CorpusError.unreadable` when the file is missing or unreadable, `CorpusError.badVocabulary` when
    ///   it is not the expected JSON.
    public static func load(from url: URL) throws -> Vocabulary {
        do {
            return Vocabulary(try VocabularyFile.load(path: url.path))
        } catch where error.unreadable {
            throw CorpusError.unreadable(path: url.path,
                                         reason: "cannot read the vocabulary file (pass its path with --vocabulary)")
        } catch {
            throw CorpusError.badVocabulary(path: url.path, reason: error.message)
        }
    }

    /// Finds `arcs/vocabulary.json` for a corpus folder: in the folder's ancestors first (the shipped corpus lives at
    /// `models/corpus`, two levels below `arcs/`), then in the current directory.
    /// - Returns: nil when there is none; the caller asks for `--vocabulary`.
    public static func locate(near directory: URL) -> URL? {
        var folder = directory.standardizedFileURL
        for _ in 0 ..< 8 {
            let candidate = folder.appendingPathComponent("arcs/vocabulary.json")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("arcs/vocabulary.json")
        return FileManager.default.fileExists(atPath: here.path) ? here : nil
    }
}
