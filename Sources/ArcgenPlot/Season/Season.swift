/// A scheduled season: every arc's plan woven into episodes, one cast, and what the genre's rules found. This is
/// what `season.md`, `season.json` and `season.svg` show and what the episode writer turns into scripts.
public struct Season: Sendable, Equatable {
    /// One arc as the season uses it.
    public struct Strand: Sendable, Equatable {
        public let arcID: String
        public let title: String
        /// "A", "B", "C"… for story arcs; "F" for the finale arc.
        public let lane: String
        public let isFinale: Bool
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
    /// Which candidate (0-based) of `rules.attempts` was kept.
    public let attempt: Int
    /// Correlation of the episode tension curve with the genre's target curve (`SeasonTension.target`: rising
    /// through the dark middle to a peak at 85% of the season, then resolving); 1 is a perfect match.
    public let shape: Double

    public var sceneCount: Int { episodes.reduce(0) { $0 + $1.scenes.count } }
    public var tensionCurve: [Double] { episodes.map(\.tension) }
    /// The curve against the genre's target (`SeasonTension`): correlation, thirds, peak, finale.
    public var tensionStats: SeasonTension.Stats { SeasonTension.stats(tensionCurve) }

    /// The outline of episode `number` (1-based), for the episode writer: its scenes in order with the season's cast.
    public func outline(episode number: Int) -> Outline {
        let e = episodes[number - 1]
        let ids = strands.filter { s in e.scenes.contains { strands[$0.strand].arcID == s.arcID } }.map(\.arcID)
        return Outline(arcID: ids.joined(separator: "+"), title: title, language: language,
                       seed: seed, cast: cast, scenes: e.scenes.map(\.scene))
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
    }

    public let kind: Kind
    public let episode: Int?
    public let message: String

    public init(_ kind: Kind, episode: Int? = nil, _ message: String) {
        self.kind = kind
        self.episode = episode
        self.message = message
    }

    public var description: String { "\(kind.rawValue): " + (episode.map { "episode \($0): " } ?? "") + message }
}
