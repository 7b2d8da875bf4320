import ArcgenSupport
import Foundation

/// Which beat tags already have a trained model, so the lint can warn that a plan would reach a scene nobody can
/// write yet. A tag has a model when `models/<tag>.lstm` exists or when `models/manifest.json` names it (as a key
/// of its top-level object, or as the `"tag"` of an entry in its `"models"` array; the engine issue fixes the
/// manifest's final form).
public struct ModelInventory: Sendable {
    public let directory: String
    public let tags: Set<String>

    public init(directory: String, tags: Set<String>) {
        self.directory = directory
        self.tags = tags
    }

    /// Looks in `directory`; a missing folder means no models.
    public static func scan(directory: String) -> ModelInventory {
        var tags: Set<String> = []
        let files = (try? Folder.regularFileNames(in: directory)) ?? []
        for f in files where f.hasSuffix(".lstm") { tags.insert(String(f.dropLast(5))) }
        if files.contains("manifest.json"), let text = try? SourceFile.read(directory + "/manifest.json"),
           let root = try? JSONParser().parse(text.bytes), let members = root.value.objectValue {
            for m in members {
                if m.key == "models", let items = m.value.value.arrayValue {
                    for item in items {
                        if let t = item.node(at: JSONPath.root / "tag")?.value.stringValue { tags.insert(t) }
                    }
                } else {
                    tags.insert(m.key)
                }
            }
        }
        return ModelInventory(directory: directory, tags: tags)
    }

    public func hasModel(for tag: String) -> Bool { tags.contains(tag) }
}
