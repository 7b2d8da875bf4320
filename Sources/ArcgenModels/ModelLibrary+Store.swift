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
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            guard isDirectory.boolValue, entries.isEmpty else { throw ModelsError.storeTarget(path: directory) }
        }
        let chosen = tags ?? Set(manifest.tags.keys)
        try checkStorable(chosen: chosen, differences: differences)
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var sizes: [String: Int] = [:]
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

    /// Refuses, before anything is written, a copy whose tag models could not be read back: differences from a base
    /// of another shape, or tag models copied as the differences they are while the copy stores their base again.
    func checkStorable(chosen: Set<String>, differences: Bool) throws {
        let path = { (file: String) in (self.directory as NSString).appendingPathComponent(file) }
        let base = differences || chosen.contains("base") ? try baseModel() : nil
        for (tag, entry) in manifest.tags.sorted(by: { $0.key < $1.key }) {
            let model = try load(file: entry.file, tag: tag)
            if differences, chosen.contains(tag), let base, model.config != base.config {
                throw ModelsError.unreadableModel(tag: tag, path: path(entry.file), reason: "its network's shape is "
                    + "not the base's, so it cannot be stored as differences from it; leave it out of --tags")
            }
            if chosen.contains("base"), !chosen.contains(tag), model.storedAsDifferencesFrom != nil {
                throw ModelsError.unreadableModel(tag: tag, path: path(entry.file), reason: "it is stored as "
                    + "differences from the base, which this copy stores again; add it to --tags")
            }
        }
    }
}
