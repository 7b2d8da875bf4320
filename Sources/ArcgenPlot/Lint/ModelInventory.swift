/// Which beat tags have a trained model, so the lint can warn that a plan would reach a scene nobody can write yet.
/// The plot side knows nothing of model files: whoever knows them (the CLI, through `ModelManifest`) fills this in.
public struct ModelInventory: Sendable {
    /// Where the models were looked for, for the warning.
    public let directory: String
    public let tags: Set<String>

    public init(directory: String, tags: Set<String>) {
        self.directory = directory
        self.tags = tags
    }

    public func hasModel(for tag: String) -> Bool { tags.contains(tag) }
}
