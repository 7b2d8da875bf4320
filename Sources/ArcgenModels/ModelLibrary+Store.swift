import ArcgenNeural
import ArcgenSupport
import Foundation

extension ModelLibrary {
    /// Writes this model set into `directory`, a new or empty folder, with the weights of `tags` (all tags when nil)
    /// stored at `precision` and every other model file as it is; the manifest follows unchanged. It never writes
    /// into a folder that holds files, so no model set is replaced: compare the copy, then keep the one you want.
    /// - Parameter differences: store the chosen tag models as their differences from the base as the copy holds it
    ///   (a fine-tune moves its base's weights by little, so int4 differences keep what int8 keeps: README).
    /// - Returns: the bytes of each file written, by file name.
    /// - Throws: `ModelsError.storeTarget` for a folder that is not empty, `.unreadableModel` naming a model that
    ///   does not load, `.noModelForTag` for differences from a set without a base.
    @discardableResult
    public func store(precision: WeightPrecision, tags: Set<String>? = nil, differences: Bool = false,
                      into directory: String) throws -> [String: Int] {
        if differences && manifest.base == nil { throw ModelsError.noModelForTag(tag: "base", manifest: manifestPath) }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            guard isDirectory.boolValue, entries.isEmpty else { throw ModelsError.storeTarget(path: directory) }
        }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var sizes: [String: Int] = [:]
        let chosen = tags ?? Set(manifest.tags.keys)
        var entries: [(tag: String, file: String)] = manifest.tags.map { ($0.key, $0.value.file) }
            .sorted { $0.file < $1.file }
        // The base first: differences are taken from it as the copy holds it.
        if let base = manifest.base { entries.insert(("base", base.file), at: 0) }
        var copiedBase: (file: String, model: LanguageModel)?
        for (tag, file) in entries where sizes[file] == nil {
            let target = URL(fileURLWithPath: directory).appendingPathComponent(file)
            let bytes: [UInt8]
            if chosen.contains(tag) {
                let base = differences && tag != "base" ? copiedBase : nil
                bytes = try load(file: file, tag: tag).fileBytes(precision: precision, differenceFrom: base)
            } else {
                let source = (self.directory as NSString).appendingPathComponent(file)
                guard let data = fm.contents(atPath: source) else {
                    throw ModelsError.unreadableModel(tag: tag, path: source, reason: "cannot read the file")
                }
                bytes = [UInt8](data)
            }
            try AtomicFile.write(Data(bytes), to: target)
            sizes[file] = bytes.count
            if tag == "base" && differences {
                copiedBase = (file, try LanguageModel.load(bytes: bytes, path: target.path))
            }
        }
        try manifest.save(directory: directory)
        return sizes
    }
}
