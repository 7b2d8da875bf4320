/// A scheduled season: every arc's plan woven into episodes, one cast, and what the genre's rules found. This is
/// what `season.md`, `season.json` and `season.svg` show and what the episode writer turns into scripts.
public struct Season: Sendable, Equatable {
    /// What an arc instance is to the season.
    public enum Kind: String, Sendable, Equatable {
        /// The A plot: the first arc named, with the protagonists; it runs until the finale takes them over.
        case main
        /// A further arc the user named (B, C…), with its own people, across the whole season.
        case story
        /// An arc drawn from the library that starts and resolves inside the season.
        case subplot
        /// An arc drawn from the library that the A plot's couple lives through after their first story (lanes A2,
        /// A3…): the genre's protagonists meet one obstacle after another, and so stay in most episodes.
        case lead
        /// The arc that ends the season on its wedding, played by the A plot's protagonists.
        case finale
    }

    /// One arc instance as the season uses it.
    public struct Strand: Sendable, Equatable {
        public let arcID: String
        public let title: String
        /// "A", "B", "C"… for the arcs the user named; "A2", "A3"… for the A couple's further stories; "S1",
        /// "S2"… for subplots; "F" for the finale arc.
        public let lane: String
        public let isFinale: Bool
        public let kind: Kind
        /// The instance's name in the cast file and the reports: the arc's id, `id#2` for its second instance…
        public let label: String
        /// 1 for an arc's first instance in the season, 2 for its second…
        public let ordinal: Int
        /// Who plays each of the arc's roles in this instance, in the arc's role order.
        public let cast: [Cast.Member]
        /// The episodes the arc was given (its scenes are spread over them; the cut may shift them slightly).
        public let window: ClosedRange<Int>
        /// The plan's scene count: a length the arc allows (see `FeasibleLengths`).
        public let length: Int
        public let planSeed: UInt64
        /// State ids in plan order.
        public let states: [String]
        /// Where its scenes actually fell.
        public let firstEpisode: Int
        public let lastEpisode: Int
    }

    /// One scene in the season.
    public struct Scene: Sendable, Equatable {
        /// Index into `strands`.
        public let strand: Int
        /// 1-based position within its arc's plan.
        public let arcScene: Int
        /// The scene, numbered within its episode.
        public let scene: Outline.Scene
    }

    public struct Episode: Sendable, Equatable {
        public let number: Int
        public let scenes: [Scene]

        /// Mean tension of the episode's scenes (the season curve's point).
        public var tension: Double {
            scenes.isEmpty ? 0 : Double(scenes.map(\.scene.tension).reduce(0, +)) / Double(scenes.count)
        }

        public var closer: Scene? { scenes.last }
    }

    public let title: String
    public let language: Language
    public let seed: UInt64
    public let scenesPerEpisode: ClosedRange<Int>
    public let rules: SeasonRules
    public let strands: [Strand]
    public let cast: [Cast.Member]
    public let episodes: [Episode]
    public let violations: [SeasonViolation]
    /// Everyone in the season and every part they play.
    public let people: [Person]
    /// What the season says besides the rules' findings: subplots that did not fit, and why.
    public let notes: [String]
    /// The story state after the last scene: who ends arrested, buried, married, and which secrets each one knows.
    public let story: StoryState
    /// The people of more than one arc instance, who live in every arc's time at once (`Outline.timeless`).
    public let timeless: Set<String>

    /// A person of the season and the parts they play.
    public struct Person: Sendable, Equatable {
        public let name: String
        /// (strand index, role) in the order cast.
        public let parts: [Part]
        /// Whose family the person is (the villain's family), if anyone's.
        public let relative: String?
        /// The age the first arc that casts them gives their role, if one does.
        public var age: Int?

        public struct Part: Sendable, Equatable {
            public let strand: Int
            public let role: String
        }
    }
    /// Which candidate (0-based) of `rules.attempts` was kept.
    public let attempt: Int
    /// Correlation of the episode tension curve with the genre's target curve (`SeasonTension.target`: rising
    /// through the dark middle to a peak at 85% of the season, then resolving); 1 is a perfect match.
    public let shape: Double

    public var sceneCount: Int { episodes.reduce(0) { $0 + $1.scenes.count } }
    public var tensionCurve: [Double] { episodes.map(\.tension) }
    /// The curve against the genre's target (`SeasonTension`): correlation, thirds, peak, finale.
    public var tensionStats: SeasonTension.Stats { SeasonTension.stats(tensionCurve) }

    /// The outline of episode `number` (1-based), for the episode writer: its scenes in order, with the cast of the
    /// arc instances it plays (each scene carries its own instance's names); people of more than one arc instance
    /// are timeless (`Outline.timeless`).
    public func outline(episode number: Int) -> Outline {
        let e = episodes[number - 1]
        var used: [Int] = []
        for sc in e.scenes where !used.contains(sc.strand) { used.append(sc.strand) }
        used.sort()
        var members: [Cast.Member] = []
        for s in used { for m in strands[s].cast where !members.contains(m) { members.append(m) } }
        let arcCasts = Dictionary(e.scenes.map { ($0.scene.number, strands[$0.strand].cast) },
                                  uniquingKeysWith: { first, _ in first })
        return Outline(arcID: used.map { strands[$0].label }.joined(separator: "+"), title: title, language: language,
                       seed: seed, cast: members, scenes: e.scenes.map(\.scene), timeless: timeless,
                       arcCasts: arcCasts)
    }

    /// Who of `people` plays in more than one arc instance.
    static func timeless(_ people: [Person]) -> Set<String> {
        Set(people.filter { Set($0.parts.map(\.strand)).count > 1 }.map(\.name))
    }

    /// Episode `number`'s title: `Amor perdido — Capítulo 12`.
    public func episodeTitle(_ number: Int) -> String {
        "\(title) — \(language == .es ? "Capítulo" : "Episode") \(number)"
    }
}

/// A rule of the genre the season breaks: reported, not hidden.
public struct SeasonViolation: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// A non-final episode does not end on a cliffhanger.
        case cliffhanger
        /// A revelation comes before its setup, or a secret is set up again after another arc revealed it.
        case ledger
        /// A lead appears in too few episodes.
        case leadPresence = "lead-presence"
        /// An antagonist has no comeuppance before the wedding.
        case comeuppance
        /// The season does not end on the finale arc's wedding.
        case finale
        /// An arc does not end on one of its endings.
        case unresolved
        /// A scene contradicts the story state: someone arrested, buried or married twice, seen alive while mourned,
        /// or the heroine of two running arcs.
        case story
    }

    public let kind: Kind
    public let episode: Int?
    /// The scene within the episode, where the finding is about one scene.
    public let scene: Int?
    public let message: String

    public init(_ kind: Kind, episode: Int? = nil, scene: Int? = nil, _ message: String) {
        self.kind = kind
        self.episode = episode
        self.scene = scene
        self.message = message
    }

    public var description: String {
        let at = episode.map { e in "episode \(e)" + (scene.map { ", scene \($0)" } ?? "") + ": " } ?? ""
        return "\(kind.rawValue): " + at + message
    }
}
