/// The beat tags and roles every arc and the corpus share, read from `arcs/vocabulary.json` (the single source: the
/// lint, the schema's tag list and the corpus checker all follow that file).
public struct Vocabulary: Sendable, Equatable {
    /// A tag or role with its bilingual description.
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let description: Localized
    }

    public let tags: [Entry]
    public let roles: [Entry]
    public let tagIDs: [String]
    public let roleIDs: [String]
    /// For membership checks on every state.
    let tagSet: Set<String>
    let roleSet: Set<String>

    public init(tags: [Entry], roles: [Entry]) {
        self.tags = tags
        self.roles = roles
        tagIDs = tags.map(\.id)
        roleIDs = roles.map(\.id)
        tagSet = Set(tagIDs)
        roleSet = Set(roleIDs)
    }

    /// Reads a vocabulary file.
    /// - Throws: `ArcError.vocabulary` naming the problem.
    public static func load(path: String) throws(ArcError) -> Vocabulary {
        let text: SourceText
        do { text = try SourceFile.read(path) } catch {
            if case let .error(e) = error { throw e }
            throw .vocabulary(path: path, message: error.diagnostic.message)
        }
        return try parse(text, path: path)
    }

    /// Parses vocabulary JSON: `{"tags": [{"id", "en", "es"}…], "roles": [...]}`.
    public static func parse(_ text: SourceText, path: String) throws(ArcError) -> Vocabulary {
        let root: JSONNode
        do { root = try JSONParser().parse(text.bytes) } catch {
            throw .vocabulary(path: path, message: "\(text.position(ofOffset: error.offset)): \(error.message)")
        }
        func entries(_ key: String) throws(ArcError) -> [Entry] {
            guard let items = root.node(at: JSONPath.root / key)?.value.arrayValue else {
                throw .vocabulary(path: path, message: "\(JSONPath.root / key) must be an array of {\"id\", \"en\", \"es\"} objects")
            }
            var out: [Entry] = []
            for (i, item) in items.enumerated() {
                guard let id = item.node(at: JSONPath.root / "id")?.value.stringValue, !id.isEmpty else {
                    throw .vocabulary(path: path, message: "\(JSONPath.root / key / i): needs an \"id\" string")
                }
                let es = item.node(at: JSONPath.root / "es")?.value.stringValue ?? ""
                let en = item.node(at: JSONPath.root / "en")?.value.stringValue ?? ""
                out.append(Entry(id: id, description: Localized(es: es, en: en)))
            }
            return out
        }
        return Vocabulary(tags: try entries("tags"), roles: try entries("roles"))
    }
}
