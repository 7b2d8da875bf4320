import ArcgenSupport
import Foundation

/// `models/manifest.json`: which file holds the model of each beat tag, how big it is, how well it predicts its
/// tag's held-out scenes compared with the base model, and the recipe that rebuilt it. The episode generator routes
/// every scene through this table; `arcgen models list` prints it.
public struct ModelManifest: Codable, Sendable, Equatable {
    public struct Recipe: Codable, Sendable, Equatable {
        /// The command that rebuilt every model listed here.
        public var commandLine: String
        public var seed: UInt64
        /// FNV-1a 64 of the corpus's training text (all scenes), hex.
        public var corpusHash: String
        public var corpusDirectory: String
        public var arcgenVersion: String
        /// The full training plan; a rerun with another plan retrains.
        public var plan: ModelTrainingPlan
    }

    public struct Entry: Codable, Sendable, Equatable {
        /// File name relative to the manifest's folder.
        public var file: String
        public var parameters: Int
        public var trainingScenes: Int
        public var heldOutScenes: Int
        public var updates: Int
        /// Bits per character of this model on its held-out scenes (the whole held-out set for the base).
        public var heldOutBitsPerChar: Double
        /// Bits per character of the base model on the same held-out scenes (tags only).
        public var baseHeldOutBitsPerChar: Double?
        /// Wall-clock seconds of the model's training, over every stretch a resume joined.
        public var seconds: Double
    }

    /// The manifest layout this arcgen reads and writes; another is refused rather than guessed at.
    public static let currentFormat = 1
    public var format = ModelManifest.currentFormat
    public var recipe: Recipe
    public var base: Entry?
    /// Tag → its fine-tuned model.
    public var tags: [String: Entry] = [:]

    public init(recipe: Recipe) { self.recipe = recipe }

    public static let fileName = "manifest.json"

    /// The tags an episode can write from `directory`: those its manifest lists; none without a readable manifest.
    public static func trainedTags(directory: String) -> Set<String> {
        (try? load(directory: directory)).map { Set($0.tags.keys) } ?? []
    }

    /// Reads `DIR/manifest.json`.
    /// - Throws: `ModelsError` naming the file when it is missing or unreadable.
    public static func load(directory: String) throws -> ModelManifest {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelsError.missingManifest(path: path)
        }
        let manifest: ModelManifest
        do { manifest = try JSONDecoder().decode(ModelManifest.self, from: data) } catch {
            throw ModelsError.badManifest(path: path, reason: "\(error)")
        }
        guard manifest.format == currentFormat else {
            throw ModelsError.badManifest(path: path, reason: "format \(manifest.format), "
                + "but this arcgen reads format \(currentFormat)")
        }
        return manifest
    }

    /// Writes the manifest atomically, keys sorted so reruns give the same bytes.
    public func save(directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        try AtomicFile.write(data + Data("\n".utf8),
                             to: URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName))
    }
}

/// Failures around the shipped models, each naming the file or tag and what to do.
public enum ModelsError: Error, CustomStringConvertible, Equatable {
    case missingManifest(path: String)
    case badManifest(path: String, reason: String)
    case noModelForTag(tag: String, manifest: String)
    case unreadableModel(tag: String, path: String, reason: String)
    case tooFewScenes(tag: String, scenes: Int, need: Int)
    case invalidCorpus(String)
    case interrupted(name: String, update: Int)
    case corpusNotFound(manifest: String, searched: [String], advice: String)
    case storeTarget(path: String)
    case invalidTrainingShare(Double)
    case baseSpellsOtherTokens(tag: String)
    case noScenesToEvaluate(tag: String, corpus: String)

    public var description: String {
        switch self {
        case let .missingManifest(path):
            return "\(path): no model manifest there; pass --models DIR (or set ARCGEN_MODELS) for the folder that "
                + "holds manifest.json, or train models with 'arcgen train --corpus DIR --out DIR'"
        case let .badManifest(path, reason):
            return "\(path): unreadable manifest (\(reason)); retrain or restore the file"
        case let .noModelForTag(tag, manifest):
            return "no model for tag '\(tag)' in \(manifest); train it with 'arcgen train --corpus DIR --out DIR' "
                + "(the corpus needs scenes tagged '\(tag)')"
        case let .unreadableModel(tag, path, reason): return "model for tag '\(tag)': \(path): \(reason)"
        case let .tooFewScenes(tag, scenes, need):
            return "tag '\(tag)' has \(scenes) scene(s); a held-out split needs at least \(need) "
                + "(one per language held out, the rest to train); write more scenes or pass --tags without it"
        case let .invalidCorpus(s): return s
        case let .corpusNotFound(manifest, searched, advice):
            let places = searched.joined(separator: " nor at ")
            return "\(manifest): the corpus these models were trained on is not at \(places); \(advice)"
        case let .storeTarget(path):
            return "\(path) is not an empty folder; name a new folder for the copy (no model set is overwritten)"
        case let .invalidTrainingShare(share):
            return "the training share must be above 0 and at most 1 (the share of each tag's training scenes to "
                + "learn from), got \(share)"
        case let .interrupted(name, update):
            return "training of \(name) stopped at update \(update); run the same command again to resume"
        case let .baseSpellsOtherTokens(tag):
            return "the base model spells other tokens than the model for tag '\(tag)', so --rank-gain cannot weigh "
                + "one against the other; use a set trained together ('arcgen train --corpus DIR --out DIR')"
        case let .noScenesToEvaluate(tag, corpus):
            return "\(corpus): no scene tagged '\(tag)', so eval has nothing to ask its model for; pass --corpus DIR "
                + "for the corpus the models were trained on"
        }
    }
}
