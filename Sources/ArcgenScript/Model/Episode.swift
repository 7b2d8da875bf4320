import ArcgenSupport
import ArcgenVocabulary

/// One generated episode: what the planner chose, who plays whom, and every scene's script. The single value the
/// Fountain, Markdown and JSON writers read; it holds no clock time and no paths to this machine, so the same
/// seed gives the same bytes in every format.
///
/// JSON (see `ArcgenScript.docc/EpisodeJSON.md` for the full field table): an object with keys `version` (always
/// `1`), `title`, `arcID`, `arcTitle`, `language` (`"es"` or `"en"`), `episodeNumber` (integer, omitted when
/// none), `seed` (unsigned 64-bit integer), `draftDate` (string, omitted when none), `cast` (array of
/// `{"role", "name"}`), `endsArc` (boolean) and `scenes` (array of `ScriptScene`).
public struct Episode: Sendable, Equatable, Codable {
    /// The version of the JSON layout written by `JSONScriptWriter`; readers refuse any other.
    public static let formatVersion = 1

    /// The episode's title, as the title page and the Markdown `#` heading show it.
    public var title: String
    /// The arc's file id, e.g. `lost-love`.
    public var arcID: String
    /// The arc's title in the episode's language, e.g. `Amor perdido`.
    public var arcTitle: String
    public var language: Language
    /// The episode's place in a season, when it has one.
    public var episodeNumber: Int?
    /// The seed the whole episode was generated from.
    public var seed: UInt64
    /// What the title page prints as `Draft date`; when nil the writers derive a fixed text from `seed` (never the
    /// clock), so output stays reproducible.
    public var draftDate: String?
    /// Who plays each role, in the order the writers list them.
    public var cast: [CastMember]
    public var scenes: [ScriptScene]
    /// The last scene reached one of the arc's ending states.
    public var endsArc: Bool

    public init(title: String, arcID: String, arcTitle: String, language: Language, episodeNumber: Int? = nil,
                seed: UInt64, draftDate: String? = nil, cast: [CastMember], scenes: [ScriptScene],
                endsArc: Bool = false) {
        self.title = title
        self.arcID = arcID
        self.arcTitle = arcTitle
        self.language = language
        self.episodeNumber = episodeNumber
        self.seed = seed
        self.draftDate = draftDate
        self.cast = cast
        self.scenes = scenes
        self.endsArc = endsArc
    }

    /// The numbers of the scenes with no speech in them (a model that wrote only action, or nothing), to report.
    public var scenesWithoutSpeech: [Int] {
        func speaks(_ scene: ScriptScene) -> Bool {
            scene.elements.contains { if case .dialogue = $0 { return true } else { return false } }
        }
        return scenes.filter { !speaks($0) }.map(\.number)
    }

    /// The title page's draft date: `draftDate`, or `semilla 42` / `seed 42`.
    public var draftDateText: String {
        draftDate ?? "\(language == .es ? "semilla" : "seed") \(seed)"
    }

    /// The name cast for `role`, if any.
    public func name(for role: String) -> String? {
        cast.first { $0.role == role }?.name
    }

    enum CodingKeys: String, CodingKey {
        case version, title, arcID, arcTitle, language, episodeNumber, seed, draftDate, cast, scenes, endsArc
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .version)
        guard version == Episode.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c,
                debugDescription: "episode JSON version \(version) is not supported; this arcgen reads version "
                    + "\(Episode.formatVersion): regenerate the episode with this arcgen")
        }
        title = try c.decode(String.self, forKey: .title)
        arcID = try c.decode(String.self, forKey: .arcID)
        arcTitle = try c.decode(String.self, forKey: .arcTitle)
        language = try c.decode(Language.self, forKey: .language)
        episodeNumber = try c.decodeIfPresent(Int.self, forKey: .episodeNumber)
        seed = try c.decode(UInt64.self, forKey: .seed)
        draftDate = try c.decodeIfPresent(String.self, forKey: .draftDate)
        cast = try c.decode([CastMember].self, forKey: .cast)
        scenes = try c.decode([ScriptScene].self, forKey: .scenes)
        endsArc = try c.decodeIfPresent(Bool.self, forKey: .endsArc) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Episode.formatVersion, forKey: .version)
        try c.encode(title, forKey: .title)
        try c.encode(arcID, forKey: .arcID)
        try c.encode(arcTitle, forKey: .arcTitle)
        try c.encode(language, forKey: .language)
        try c.encodeIfPresent(episodeNumber, forKey: .episodeNumber)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(draftDate, forKey: .draftDate)
        try c.encode(cast, forKey: .cast)
        try c.encode(scenes, forKey: .scenes)
        try c.encode(endsArc, forKey: .endsArc)
    }
}
