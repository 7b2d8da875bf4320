import ArcgenVocabulary

/// The beat tags and roles every arc and the corpus share, as the lint and the planner use them. Read by
/// `VocabularyFile` (the one reader of `arcs/vocabulary.json`); the lint, the schema's tag list, the corpus checker
/// and the default cast all follow that file.
public struct Vocabulary: Sendable, Equatable {
    /// A tag or role with its bilingual description.
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let description: Localized
    }

    /// The file as read, with what each role brings besides its description (cues, default names, labels).
    public let file: VocabularyFile
    public let tags: [Entry]
    public let roles: [Entry]
    public let tagIDs: [String]
    public let roleIDs: [String]
    /// For membership checks on every state.
    let tagSet: Set<String>
    let roleSet: Set<String>

    public init(_ file: VocabularyFile) {
        self.file = file
        func entry(_ id: String, _ text: [String: String]) -> Entry {
            Entry(id: id, description: Localized(es: text["es"] ?? "", en: text["en"] ?? ""))
        }
        tags = file.tags.map { entry($0.id, $0.description) }
        roles = file.roles.map { entry($0.id, $0.description) }
        tagIDs = tags.map(\.id)
        roleIDs = roles.map(\.id)
        tagSet = Set(tagIDs)
        roleSet = Set(roleIDs)
    }

    /// Each vocabulary role's default name, for `Cast.defaults`.
    public var defaultNames: [String: Localized] {
        var names: [String: Localized] = [:]
        for role in file.roles {
            names[role.id] = Localized(es: role.name["es"] ?? role.id.uppercased(),
                                       en: role.name["en"] ?? role.id.uppercased())
        }
        return names
    }

    /// Reads a vocabulary file.
    /// - Throws: `ArcError.vocabulary` naming the problem.
    public static func load(path: String) throws(ArcError) -> Vocabulary {
        do { return Vocabulary(try VocabularyFile.load(path: path)) } catch {
            throw .vocabulary(path: path, message: error.message)
        }
    }
}
