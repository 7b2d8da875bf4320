import ArcgenSupport
import Foundation

/// The tagged corpus: every scene of every `*.fountain` file under a folder, in a fixed order (files sorted by
/// path, scenes in file order), so training text and statistics are the same bytes on every machine.
public struct Corpus: Sendable {
    /// One file that was read.
    public struct File: Sendable, Equatable {
        public let path: String
        public let byteCount: Int
    }

    /// The folder as it was given.
    public let directory: String
    public let files: [File]
    public let scenes: [CorpusScene]
    /// Warnings found while loading (errors make `load` throw instead).
    public let warnings: [Diagnostic]

    public init(directory: String, files: [File], scenes: [CorpusScene], warnings: [Diagnostic] = []) {
        self.directory = directory
        self.files = files
        self.scenes = scenes
        self.warnings = warnings
    }

    /// Total UTF-8 bytes of the corpus files.
    public var byteCount: Int { files.reduce(0) { $0 + $1.byteCount } }

    /// Reads and checks every `*.fountain` file under `directory`.
    /// - Parameter vocabulary: when given, tags and roles are checked against it too.
    /// - Throws: `CorpusError.invalid` with every diagnostic when any scene has an error, `.noScenes` when the
    ///   folder holds none, `.unreadable` when the folder or a file cannot be read.
    public static func load(directory: String, vocabulary: Vocabulary? = nil) throws -> Corpus {
        let report = try check(directory: directory, vocabulary: vocabulary)
        if report.errorCount > 0 { throw CorpusError.invalid(directory: directory, diagnostics: report.diagnostics) }
        guard !report.corpus.scenes.isEmpty else { throw CorpusError.noScenes(directory: directory) }
        return report.corpus
    }

    /// Reads every file and returns all diagnostics, with the well-formed scenes.
    /// - Throws: `CorpusError.unreadable` when the folder cannot be listed or a file cannot be read, `.noScenes`
    ///   when it holds no `*.fountain` file (most likely the wrong folder).
    public static func check(directory: String, vocabulary: Vocabulary?) throws -> CorpusCheckReport {
        let reader = CorpusFileReader(vocabulary: vocabulary)
        var files: [File] = []
        var scenes: [CorpusScene] = []
        var diagnostics: [Diagnostic] = []
        var (headings, synopses) = (0, 0)
        let paths = try fountainFiles(in: directory)
        if paths.isEmpty { throw CorpusError.noScenes(directory: directory) }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CorpusError.unreadable(path: path, reason: "cannot read the file (check its permissions)")
            }
            let result = reader.read(bytes: [UInt8](data), path: path)
            files.append(File(path: path, byteCount: result.byteCount))
            scenes += result.scenes
            diagnostics += result.diagnostics
            headings += result.headingCount
            synopses += result.synopsisCount
        }
        let corpus = Corpus(directory: directory, files: files, scenes: scenes,
                            warnings: diagnostics.filter { $0.severity == .warning })
        return CorpusCheckReport(corpus: corpus, diagnostics: diagnostics, sceneCount: headings,
                                 synopsisCount: synopses)
    }

    /// Paths of the `*.fountain` files under `directory` (recursively, hidden files skipped, only regular files),
    /// sorted. A `directory` reached through a symbolic link is followed.
    /// - Throws: `CorpusError.unreadable` when `directory` is not a readable folder.
    public static func fountainFiles(in directory: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw CorpusError.unreadable(path: directory,
                                         reason: "not a folder; give the folder that holds the *.fountain files")
        }
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil,
                                                              options: [.skipsHiddenFiles]) else {
            throw CorpusError.unreadable(path: directory, reason: "cannot list the folder")
        }
        var relative: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator where url.pathExtension == "fountain" && Folder.isRegularFile(url.path) {
            let full = url.standardizedFileURL.path
            relative.append(full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : url.lastPathComponent)
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return relative.sorted().map { base + "/" + $0 }
    }
}

/// What `Corpus.check` found: every diagnostic, and the corpus of the scenes that had no error.
public struct CorpusCheckReport: Sendable {
    public let corpus: Corpus
    public let diagnostics: [Diagnostic]
    /// Every scene heading found, the scenes with errors included, and those scenes that carry a synopsis note.
    public let sceneCount: Int
    public let synopsisCount: Int

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// One line for stderr: `540 good scene(s) in 30 file(s): 0 error(s), 2 warning(s)`.
    public var summary: String {
        let files = corpus.files.count
        return "\(corpus.scenes.count) good scene(s) in \(files) file(s): "
            + "\(errorCount) error(s), \(warningCount) warning(s)"
    }
}
