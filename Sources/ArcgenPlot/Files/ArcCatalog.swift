import ArcgenSupport
import Foundation

/// The arcs in a folder (`arcs/` by default): which files are arcs, and which file an id or a path names. Any arc
/// file path works wherever an id does.
public struct ArcCatalog: Sendable {
    /// Files in the arcs folder that are not arcs.
    public static let reservedFiles: Set<String> = ["vocabulary.json", "arc.schema.json", "vocabulary.schema.json"]

    public let directory: String
    /// The flag that names this folder on the command line, for hints (`--arcs`, or `season`'s `--arcs-dir`).
    public let flag: String

    public init(directory: String, flag: String = "--arcs") {
        self.directory = directory
        self.flag = flag
    }

    public var vocabularyPath: String { directory + "/vocabulary.json" }

    /// The arc files, sorted by name.
    /// - Throws: `ArcError.unreadable` when the folder cannot be listed.
    public func arcFiles() throws(ArcError) -> [String] {
        let names: [String]
        do { names = try Folder.regularFileNames(in: directory) } catch {
            throw .unreadable(path: directory, reason: "cannot list the arcs folder (pass \(flag) "
                + "DIR or set ARCGEN_ARCS)")
        }
        return names.filter { $0.hasSuffix(".json") && !Self.reservedFiles.contains($0) && !$0.hasPrefix(".") }
            .sorted().map { directory + "/" + $0 }
    }

    /// The file for `name`: a path (anything with a `/` or ending in `.json`), `<dir>/<name>.json`, or the arc file
    /// in the folder whose `"id"` is `name`.
    /// - Throws: `ArcError.notFound` with a did-you-mean.
    public func resolve(_ name: String) throws(ArcError) -> String {
        if name.contains("/") || name.hasSuffix(".json") {
            guard FileManager.default.fileExists(atPath: name) else {
                throw .unreadable(path: name, reason: "no such file")
            }
            return name
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
            throw .noArcsFolder(name: name, directory: absolute, flag: flag)
        }
        let direct = directory + "/" + name + ".json"
        if Folder.isRegularFile(direct) { return direct }
        var link = stat()
        if lstat(direct, &link) == 0 {
            var info = stat()
            let reason = stat(direct, &info) != 0 ? systemReason(errno) : "not a regular file"
            throw .unreadable(path: direct, reason: reason)
        }
        let files = (try? arcFiles()) ?? []
        for f in files {
            if let text = try? SourceFile.read(f), let root = try? JSONParser().parse(text.bytes),
               root.node(at: JSONPath.root / "id")?.value.stringValue == name {
                return f
            }
        }
        throw .notFound(name: name, directory: directory, known: files.map { ArcLoader.stem(of: $0) }, flag: flag)
    }

    /// The vocabulary for arcs in this folder, or next to `arcFile` when this folder has none.
    /// - Throws: `ArcError.vocabularyMissing` naming where it looked.
    public func vocabulary(near arcFile: String? = nil) throws(ArcError) -> Vocabulary {
        var candidates = [vocabularyPath]
        if let arcFile {
            let folder = URL(fileURLWithPath: arcFile).deletingLastPathComponent().path
            candidates.append(folder + "/vocabulary.json")
        }
        for c in candidates where FileManager.default.fileExists(atPath: c) { return try Vocabulary.load(path: c) }
        throw .vocabularyMissing(searched: candidates, flag: flag)
    }
}
