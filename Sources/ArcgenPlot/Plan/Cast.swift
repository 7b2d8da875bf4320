import ArcgenSupport
import ArcgenVocabulary

/// Who plays each role, by name, in one language: fills the `{role}` slots of synopses. The default cast has
/// plausible telenovela names in each language; a cast file (`--cast FILE`) overrides any of them.
public struct Cast: Sendable, Equatable {
    public private(set) var names: [String: String]
    /// Role → the age the arc's cast block gives it; the role keeps it whoever plays it.
    public private(set) var ages: [String: Int]

    public init(names: [String: String], ages: [String: Int] = [:]) {
        self.names = names
        self.ages = ages
    }

    /// The name for `role`, or the role in capitals when nobody was cast (never happens after `defaults`).
    public func name(for role: String) -> String { names[role] ?? role.uppercased() }

    /// Who plays `role`, with the age the cast gives them.
    public func member(_ role: String) -> CastMember { CastMember(role: role, name: name(for: role), age: ages[role]) }

    /// Names for an arc's own roles that declare none, handed out in declaration order.
    static let extraNames: [Language: [String]] = [
        .es: ["Chema", "Rosario", "Fausto", "Remedios", "Jacinto", "Amparo", "Teodoro", "Engracia"],
        .en: ["Joe", "Rosie", "Frank", "Grace", "Jack", "Amy", "Theo", "Hattie"],
    ]

    /// The default cast for `arc` in `language`: the arc's own `cast` block first; other vocabulary roles by their
    /// names in `arcs/vocabulary.json` (which the loader attached to the arc), extras by their own `name` or the next
    /// unused name from a list.
    public static func defaults(for arc: Arc, language: Language) -> Cast {
        var names = arc.defaultNames.mapValues { $0[language] }
        var pool = extraNames[language] ?? []
        for e in arc.extras {
            if let n = e.name { names[e.id] = n[language] } else if !pool.isEmpty { names[e.id] = pool.removeFirst() }
        }
        for entry in arc.cast { names[entry.role] = entry.name[language] }
        let ages = arc.cast.compactMap { entry in entry.age.map { (entry.role, $0) } }
        return Cast(names: names, ages: Dictionary(ages, uniquingKeysWith: { first, _ in first }))
    }

    /// This cast with `overrides` replacing names role by role (the ages stay with the roles).
    public func overriding(with overrides: [String: String]) -> Cast {
        Cast(names: names.merging(overrides) { $1 }, ages: ages)
    }

    /// Reads a cast file: a JSON object from role to a name (`{"heroine": "Paloma"}`) or to a name per language
    /// (`{"heroine": {"es": "Paloma", "en": "Dove"}}`).
    /// - Parameter knownRoles: the roles a cast may name (the vocabulary's and the arc's); others are errors, with a
    ///   did-you-mean, because a misspelt role would otherwise be silently ignored.
    /// - Throws: `ArcError.cast` naming the problem and its line.
    public static func load(path: String, language: Language, knownRoles: [String])
        throws(ArcError) -> [String: String] {
        try parse(try read(path), path: path, language: language, knownRoles: knownRoles)
    }

    /// Reads a season's cast file (see `parseSeason`).
    public static func loadSeason(path: String, language: Language, knownRoles: [String]) throws(ArcError)
        -> (names: [String: String], arcs: [String: [String: String]]) {
        try parseSeason(try read(path), path: path, language: language, knownRoles: knownRoles)
    }

    static func read(_ path: String) throws(ArcError) -> SourceText {
        let text: SourceText
        do { text = try SourceFile.read(path) } catch {
            switch error {
            case let .error(.fileTooLarge(_, size, _)):
                throw .cast(path: path, message: "the file is \(size) bytes; "
                    + "a cast file is a small JSON object from role to name, so check that this is one")
            case let .error(.unreadable(_, reason)): throw .cast(path: path, message: "cannot read the cast file: "
                + "\(reason)")
            case let .notUTF8(offset, _): throw .cast(path: path, message: "invalid UTF-8 at byte offset \(offset); "
                + "save the cast file as UTF-8")
            case .utf16: throw .cast(path: path, message: SourceFile.utf16Message("cast file"))
            case let .error(other): throw other
            }
        }
        return text
    }

    public static func parse(_ text: SourceText, path: String, language: Language, knownRoles: [String])
        throws(ArcError) -> [String: String] {
        let root = try parseRoot(text, path: path)
        return try names(root, text: text, path: path, language: language, knownRoles: knownRoles)
    }

    /// Reads a season's cast file: today's role → name object (the A plot and the finale), plus an optional
    /// `"arcs"` object from arc instance (`rivalry`, `amnesia#2`) to its own role → name object. A name used in two
    /// places is one person in both (the B plot's heroine can be the A plot's confidant).
    /// - Returns: the top-level names, and the names of each instance named.
    public static func parseSeason(_ text: SourceText, path: String, language: Language, knownRoles: [String])
        throws(ArcError) -> (names: [String: String], arcs: [String: [String: String]]) {
        let root = try parseRoot(text, path: path)
        var sections: [String: [String: String]] = [:]
        if let arcs = root.value.objectValue?.first(where: { $0.key == "arcs" }) {
            guard let members = arcs.value.value.objectValue else {
                throw .cast(path: path, message: "\(text.position(ofOffset: arcs.keyOffset)): \"arcs\" is an object "
                    + "from arc instance to its cast, e.g. {\"rivalry\": {\"heroine\": \"Inés\", …}}")
            }
            for m in members {
                guard sections[m.key] == nil else {
                    let at = text.position(ofOffset: m.keyOffset)
                    throw .cast(path: path, message: "\(at): '\(m.key)' is given twice")
                }
                sections[m.key] = try names(m.value, text: text, path: path, language: language, knownRoles: nil)
            }
        }
        return (try names(root, text: text, path: path, language: language, knownRoles: knownRoles, skipping: "arcs"),
                sections)
    }

    static func parseRoot(_ text: SourceText, path: String) throws(ArcError) -> JSONNode {
        let root: JSONNode
        do { root = try JSONParser().parse(text.bytes) } catch {
            throw .cast(path: path, message: "\(text.position(ofOffset: error.offset)): \(error.message)")
        }
        return root
    }

    /// One role → name object. `knownRoles` nil: any role (a season checks a section against its arc).
    static func names(_ node: JSONNode, text: SourceText, path: String, language: Language, knownRoles: [String]?,
                      skipping: String? = nil) throws(ArcError) -> [String: String] {
        guard let members = node.value.objectValue else {
            throw .cast(path: path, message: "a cast file is a JSON object from role to name, "
                + "e.g. {\"heroine\": \"Paloma\"}")
        }
        var out: [String: String] = [:]
        var roleOfName: [String: String] = [:]
        for m in members where m.key != skipping {
            let at = text.position(ofOffset: m.keyOffset)
            guard out[m.key] == nil else {
                throw .cast(path: path, message: "\(at): the role '\(m.key)' is given twice; keep one name for it")
            }
            if let knownRoles, !knownRoles.contains(m.key) {
                let suggestion = Suggestions.didYouMean(m.key, in: knownRoles)
                throw .cast(path: path, message: "\(at): unknown role \(Suggestions.quoted(m.key))\(suggestion); "
                    + "roles are \(Suggestions.list(knownRoles, max: 20))")
            }
            let name: String?
            switch m.value.value {
            case let .string(s): name = s
            case .object: name = m.value.node(at: JSONPath.root / language.rawValue)?.value.stringValue
            default: name = nil
            }
            guard let name, ArcSchema.hasText(name) else {
                throw .cast(path: path, message: "\(at): the name for '\(m.key)' must be a non-empty string "
                    + "or {\"es\": …, \"en\": …} with a \"\(language.rawValue)\" name")
            }
            if let c = ArcSchema.controlCharacter(in: name) {
                throw .cast(path: path, message: "\(at): the name for '\(m.key)' holds the control character "
                            + "\(ArcSchema.describe(c)); a name is one line of plain text")
            }
            if let other = roleOfName[name] {
                throw .cast(path: path, message: "\(at): '\(name)' is the name of both '\(other)' and '\(m.key)'; "
                    + "give each role its own name")
            }
            roleOfName[name] = m.key
            out[m.key] = name
        }
        return out
    }
}
