import ArcgenNeural
import ArcgenSupport
import Dispatch
import Foundation
import Synchronization

/// The shipped models as the generator sees them: the manifest, and each tag's model loaded on first use.
/// Routing a scene to its beat's model is a lookup here, and a missing or corrupt file is an error that names the tag
/// and the file.
public final class ModelLibrary: Sendable {
    public let directory: String
    public let manifest: ModelManifest
    /// File → the model loaded from it; shared by the threads that write an episode's scenes.
    private let cache = Mutex<[String: LanguageModel]>([:])
    private let baseLoading = Mutex<Void>(())

    /// - Throws: `ModelsError.missingManifest` / `.badManifest`.
    public init(directory: String) throws {
        self.directory = directory
        manifest = try ModelManifest.load(directory: directory)
    }

    /// Where a model set keeps the corpus it was trained on when it travels: `corpus` next to the manifest.
    public var bundledCorpusDirectory: String { (directory as NSString).appendingPathComponent("corpus") }

    /// The manifest's path, for errors that send the user to it.
    var manifestPath: String { (directory as NSString).appendingPathComponent(ModelManifest.fileName) }

    /// The corpus the models were trained on: the manifest's recorded path when it is absolute, else
    /// `bundledCorpusDirectory` (the shipped layout), else the recorded path from the current folder (where training
    /// ran).
    /// - Parameter advice: what the user can do instead, for the error (the calling command's flag).
    /// - Throws: `ModelsError.corpusNotFound` naming where it looked.
    public func trainingCorpusDirectory(advice: String = "pass --corpus DIR") throws -> String {
        let recorded = manifest.recipe.corpusDirectory
        let candidates = recorded.hasPrefix("/") ? [recorded]
            : [bundledCorpusDirectory, recorded]
        var isFolder: ObjCBool = false
        for c in candidates where FileManager.default.fileExists(atPath: c, isDirectory: &isFolder)
            && isFolder.boolValue {
            return c
        }
        throw ModelsError.corpusNotFound(manifest: manifestPath,
                                         searched: candidates.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                                         advice: advice)
    }

    /// The file that holds `tag`'s model, relative to the library's folder.
    public func file(for tag: String) throws -> String {
        guard let entry = manifest.tags[tag] else {
            throw ModelsError.noModelForTag(tag: tag, manifest: manifestPath)
        }
        return entry.file
    }

    /// The model of `tag`, loaded and checked once.
    /// - Throws: `ModelsError.noModelForTag` when the manifest has none, `.unreadableModel` naming the file otherwise.
    public func model(for tag: String) throws -> LanguageModel {
        let file = try file(for: tag)
        return try load(file: file, tag: tag)
    }

    /// The models of `tags`, in order, the distinct ones loaded on both cores: an episode's dozen scenes name most of
    /// the fifteen beat models, and loading them one after the other was a tenth of the episode's time.
    /// - Throws: the error of the first tag, in order, whose model cannot be had (see `model(for:)`).
    public func models(for tags: [String]) throws -> [LanguageModel] {
        let distinct = Array(Set(tags)).sorted()
        let loaded = ParallelResults([Result<LanguageModel, any Error>?](repeating: nil, count: distinct.count))
        DispatchQueue.concurrentPerform(iterations: distinct.count) { i in
            loaded.set(i, Result { try self.model(for: distinct[i]) })
        }
        let byTag = Dictionary(uniqueKeysWithValues: zip(distinct, loaded.values.map { $0! }))
        return try tags.map { try byTag[$0]!.get() }
    }

    /// The base model.
    public func baseModel() throws -> LanguageModel {
        guard let entry = manifest.base else {
            throw ModelsError.noModelForTag(tag: "base", manifest: manifestPath)
        }
        return try load(file: entry.file, tag: "base")
    }

    func load(file: String, tag: String) throws -> LanguageModel {
        let path = (directory as NSString).appendingPathComponent(file)
        let model: LanguageModel
        if let cached = cache.withLock({ $0[file] }) {
            model = cached
        } else {
            // A tag model stored as differences reads its base through the cache, once for the whole set.
            do { model = try LanguageModel.load(path: path, base: loadBase) } catch {
                throw ModelsError.unreadableModel(tag: tag, path: path,
                                                  reason: "\(error)".replacingOccurrences(of: path + ": ", with: ""))
            }
            cache.withLock { $0[file] = model }
        }
        // A fine-tune's recipe names its tag: a manifest entry pointing at another tag's model is a mistake. Checked
        // on every call, so two tags pointing at one file fail alike whichever loaded it first (they load in parallel).
        if let trained = model.recipe.notes["tag"], trained != tag {
            throw ModelsError.unreadableModel(tag: tag, path: path,
                                              reason: "it was trained for tag '\(trained)' (its recipe says so); "
                                              + "point the manifest's '\(tag)' entry at the \(tag) model")
        }
        return model
    }

    /// The base a differences file names, read once for the set (`LanguageModel.loadBase`: never itself differences),
    /// under its own lock: tag models loading in parallel would otherwise each read it.
    func loadBase(file: String) throws -> LanguageModel {
        try baseLoading.withLock { _ in
            if let m = cache.withLock({ $0[file] }) { return m }
            let model = try LanguageModel.loadBase(path: (directory as NSString).appendingPathComponent(file))
            cache.withLock { $0[file] = model }
            return model
        }
    }

    /// Loads and checks every model the manifest lists (file present, checksum, tag); returns what is wrong.
    public func problems() -> [String] {
        let tags = manifest.tags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let entries = (manifest.base.map { [("base", $0)] } ?? []) + tags
        var out: [String] = []
        for (tag, entry) in entries {
            do { _ = try load(file: entry.file, tag: tag) } catch { out.append("\(error)") }
        }
        return out
    }

    /// The manifest as a table for `arcgen models list`.
    public func table() -> String {
        var rows = [["model", "file", "weights", "train scenes", "held-out scenes", "updates", "held-out bits/char",
                     "base on same", "seconds"]]
        if let b = manifest.base {
            rows.append(["base", b.file, "\(b.parameters)", "\(b.trainingScenes)", "\(b.heldOutScenes)", "\(b.updates)",
                         format(b.heldOutBitsPerChar), "", String(format: "%.0f", b.seconds)])
        }
        for tag in manifest.tags.keys.sorted() {
            let e = manifest.tags[tag]!
            rows.append([tag, e.file, "\(e.parameters)", "\(e.trainingScenes)", "\(e.heldOutScenes)", "\(e.updates)",
                         format(e.heldOutBitsPerChar), e.baseHeldOutBitsPerChar.map(format) ?? "",
                         String(format: "%.0f", e.seconds)])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        var out = rows.map { r in
            r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        out.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
        let r = manifest.recipe
        out.append("")
        out.append("recipe: \(r.commandLine)")
        out.append("seed \(r.seed), corpus \(r.corpusDirectory) (hash \(r.corpusHash)), arcgen \(r.arcgenVersion)")
        return out.joined(separator: "\n") + "\n"
    }
}
