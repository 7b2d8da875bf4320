import ArcgenSupport
import Foundation

/// `arcs/vocabulary.json`, read in this one place: the beat tags and the roles that arc files, the corpus, the cast
/// and the episode generator share. Everything a role means to arcgen — its cue label in a script, its default name
/// and the plain label used when the cast lacks it, in each language — lives in that file, so a new role is one edit
/// to the JSON. A module of its own because its readers (plot, corpus, evaluation, episode) share nothing lower that
/// knows about telenovelas; `ArcgenSupport` stays free of story words.
public struct VocabularyFile: Sendable, Equatable {
    /// A beat tag: the kind of scene a state plays, which selects the model that writes it.
    public struct Tag: Sendable, Equatable {
        public let id: String
        /// What the tag means, by language code (`es`, `en`).
        public let description: [String: String]
    }

    /// A role: the part a character plays.
    public struct Role: Sendable, Equatable {
        public let id: String
        /// What the role means, by language code.
        public let description: [String: String]
        /// How a script spells the role as a speaker cue: `cue` first, then the other spellings the file lists
        /// under `"cues"` (the corpus also writes `GALÁN`).
        public let cues: [String]
        /// The default cast's name for the role, by language code.
        public let name: [String: String]
        /// What a script calls the role when the cast has no name for it ("el médico"), by language code.
        public let label: [String: String]
        /// The ages someone in the role is given (`"ages": [22, 30]`), nil for no rule: the models give a person an
        /// age afresh in every scene, and not one that fits the role or the rest of the cast.
        public let ages: ClosedRange<Int>?

        /// The cue label models are trained on, primed with and write: the id in capitals (`LOST-RELATIVE`).
        public var cue: String { cues[0] }
    }

    public let tags: [Tag]
    public let roles: [Role]

    public init(tags: [Tag], roles: [Role]) {
        self.tags = tags
        self.roles = roles
    }

    /// What went wrong reading the file; `message` already says what to fix.
    public struct ReadError: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        /// Whether the file could not be read at all (rather than read and found malformed).
        public let unreadable: Bool
        public var description: String { "\(path): \(message)" }
    }

    /// Reads and checks a vocabulary file.
    /// - Throws: `ReadError` naming the file and the entry at fault.
    public static func load(path: String) throws(ReadError) -> VocabularyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, message: "cannot read the vocabulary file (check the path and its permissions)",
                            unreadable: true)
        }
        return try parse(data, path: path)
    }

    /// Parses vocabulary JSON: `{"tags": [{"id", "en", "es"}…], "roles": [{"id", "en", "es", "cues"?, "name"?,
    /// "label"?, "ages"?}…]}`, where `cues` lists spellings of the cue besides the id in capitals, `name` and
    /// `label` are `{"es": …, "en": …}`, and `ages` is `[youngest, oldest]`.
    public static func parse(_ data: Data, path: String) throws(ReadError) -> VocabularyFile {
        func fail(_ message: String) -> ReadError { ReadError(path: path, message: message, unreadable: false) }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw fail("expected a JSON object {\"tags\": [...], \"roles\": [...]}")
            }
            root = object
        } catch let error as ReadError {
            throw error
        } catch {
            throw fail("not valid JSON (\(error.localizedDescription)); fix the syntax")
        }
        func entries(_ key: String) throws(ReadError) -> [[String: Any]] {
            guard let items = root[key] as? [[String: Any]] else {
                throw fail("$.\(key) must be an array of {\"id\", \"en\", \"es\"} objects")
            }
            return items
        }
        func texts(_ value: Any?, at where_: String) throws(ReadError) -> [String: String] {
            guard let value else { return [:] }
            guard let texts = value as? [String: String] else {
                throw fail("\(where_) must be an object of texts by language, e.g. {\"es\": \"…\", \"en\": \"…\"}")
            }
            return texts
        }
        var seen = Set<String>()
        func id(_ item: [String: Any], at where_: String) throws(ReadError) -> String {
            guard let id = item["id"] as? String, !id.isEmpty else { throw fail("\(where_): needs an \"id\" string") }
            guard seen.insert(id).inserted else { throw fail("\(where_): the id '\(id)' is listed twice; keep one") }
            return id
        }
        func description(_ item: [String: Any]) -> [String: String] {
            var d: [String: String] = [:]
            for language in ["es", "en"] { d[language] = item[language] as? String ?? "" }
            return d
        }
        var tags: [Tag] = []
        for (i, item) in try entries("tags").enumerated() {
            tags.append(Tag(id: try id(item, at: "$.tags[\(i)]"), description: description(item)))
        }
        seen = []
        var roles: [Role] = []
        for (i, item) in try entries("roles").enumerated() {
            let at = "$.roles[\(i)]"
            let roleID = try id(item, at: at)
            var cues = [roleID.uppercased()]
            if let given = item["cues"] {
                guard let list = given as? [String], list.allSatisfy({ !$0.isEmpty }) else {
                    throw fail("\(at).cues must be an array of other spellings of the cue, e.g. [\"GALÁN\"]")
                }
                cues += list.filter { $0 != cues[0] }
            }
            var ages: ClosedRange<Int>?
            if let given = item["ages"] {
                let possible = CastMember.possibleAges
                guard let pair = given as? [Int], pair.count == 2, pair[0] <= pair[1],
                      possible.contains(pair[0]), possible.contains(pair[1]) else {
                    throw fail("\(at).ages must be [youngest, oldest], whole years from \(possible.lowerBound) to "
                        + "\(possible.upperBound), e.g. [22, 30]")
                }
                ages = pair[0] ... pair[1]
            }
            roles.append(Role(id: roleID, description: description(item), cues: cues,
                              name: try texts(item["name"], at: "\(at).name"),
                              label: try texts(item["label"], at: "\(at).label"), ages: ages))
        }
        return VocabularyFile(tags: tags, roles: roles)
    }

    /// The age `name` has in `role`: a point of the role's `ages` that the name alone picks (FNV-1a of its
    /// lower-case UTF-8), so the same person is the same age in every scene and episode of a season, whatever the
    /// seed; nil when the role has no `ages`.
    public func age(of name: String, role: String) -> Int? {
        guard let ages = roles.first(where: { $0.id == role })?.ages else { return nil }
        return ages.lowerBound + Int(FNV1a64.hash(name.lowercased().utf8) % UInt64(ages.count))
    }
}
