import ArcgenSupport

/// What a season is asked to be: the arcs woven as A/B/C plots, the finale arc that closes it, how many episodes
/// of how many scenes, the seed, the language and the cast. One `Sendable` value, checked once by
/// `SeasonScheduler.schedule(_:)` before any planning.
public struct SeasonRequest: Sendable {
    /// The story arcs in billing order: the first is the A plot (most scenes, runs the whole season), then B, C…
    public var arcs: [Arc]
    /// The arc that ends the season; its plan must stop on a `wedding` scene, the season's last.
    public var finale: Arc
    public var episodes: Int
    /// Scenes in one episode (the scheduler keeps every episode within it).
    public var scenesPerEpisode: ClosedRange<Int>
    public var seed: UInt64
    public var language: Language
    /// Role → name for the A plot and the finale (the protagonists and their world), replacing the default names.
    public var castOverrides: [String: String]
    /// The cast file's `arcs` object: instance label (`rivalry`, `amnesia#2`) → role → name, every role named.
    public var castSections: [String: [String: String]] = [:]
    /// Arcs the season may draw subplots from when the arcs named cannot fill it within their visit caps (the CLI
    /// passes every arc in the arcs folder). Empty: the named arcs are played again by new people.
    public var library: [Arc] = []
    public var rules: SeasonRules

    /// The default episode size: short enough that 120 episodes of dialogue fit the time budget, long enough to
    /// carry three plots and a cliffhanger.
    public static let defaultScenesPerEpisode = 6 ... 9
    /// The sizes `--scenes-per-episode` may ask for.
    public static let scenesPerEpisodeLimit = 1 ... 60
    /// The season lengths arcgen plans: a season of more is a planning error, not a longer wait.
    public static let episodeLimit = 1 ... 1000
    /// The finale arc a season closes on unless told otherwise: the big wedding the genre ends with.
    public static let defaultFinale = "big-wedding"

    public init(arcs: [Arc], finale: Arc, episodes: Int,
                scenesPerEpisode: ClosedRange<Int> = SeasonRequest.defaultScenesPerEpisode, seed: UInt64,
                language: Language = .es, castOverrides: [String: String] = [:], rules: SeasonRules = SeasonRules()) {
        self.arcs = arcs
        self.finale = finale
        self.episodes = episodes
        self.scenesPerEpisode = scenesPerEpisode
        self.seed = seed
        self.language = language
        self.castOverrides = castOverrides
        self.rules = rules
    }
}

/// The genre's rules a season is held to. Violations are reported (season.md, season.json, stderr), never silently
/// accepted; the scheduler draws several candidate seasons and keeps the one with the fewest.
public struct SeasonRules: Sendable, Equatable {
    /// A scene at least this tense can end an episode (as can any state flagged `cliffhanger`).
    public var cliffhangerTension = 7
    /// Roles that must appear in at least `leadPresence` of the episodes (when they appear in the season at all).
    public var leads = GenreRoles.couple
    public var leadPresence = 0.8
    /// Roles whose `comeuppance` scene must come before the final wedding (when they appear in the season at all).
    public var antagonists = [GenreRoles.villain]
    /// Candidate seasons drawn (each with its own derived plan seeds); the best is kept.
    public var attempts = 12
    /// How strongly each arc's plan is pulled toward the season's tension curve (`SeasonTension`): β of
    /// `TensionTiltedPlanner`; 0 plans by the arcs' weights alone, as `arcgen plan` does.
    public var tensionTilt = TensionTiltedPlanner.defaultStrength

    public init() {}
}

/// A season that cannot be scheduled; the text says what to change.
public enum SeasonError: Error, Sendable, Equatable, CustomStringConvertible {
    case noArcs
    case badEpisodes(Int)
    case badScenesPerEpisode(ClosedRange<Int>)
    /// The arcs need more scenes than the episodes can hold.
    case tooFewEpisodes(episodes: Int, minimum: Int, minimumScenes: Int, perEpisode: ClosedRange<Int>)
    /// Arcs without loops cannot stretch to fill the episodes.
    case tooManyEpisodes(episodes: Int, maximum: Int, perEpisode: ClosedRange<Int>)
    /// Every arc fits, but no combination of the lengths they allow fills the episodes exactly.
    case noFit(episodes: Int, perEpisode: ClosedRange<Int>)
    case finaleHasNoWedding(arc: String)
    case unplannable(arc: String, reason: String)
    case duplicateArc(String)
    /// A cast file's section for an arc instance leaves a role unnamed.
    case castMissingRole(arc: String, label: String, role: String)
    /// A cast file's section names a role the instance's arc does not have.
    case castUnknownRole(arc: String, label: String, role: String, roles: [String])
    /// A cast file's section names no instance of the season.
    case unknownCastSection(label: String, labels: [String])

    public var description: String {
        switch self {
        case .noArcs:
            return "a season needs at least one arc besides the finale, e.g. --arcs lost-love,rivalry"
        case let .badEpisodes(n):
            let limit = SeasonRequest.episodeLimit
            return "a season has \(limit.lowerBound) to \(limit.upperBound) episodes; got \(n)"
        case let .badScenesPerEpisode(r):
            let limit = SeasonRequest.scenesPerEpisodeLimit
            return "scenes per episode must be a range within \(limit.lowerBound)–\(limit.upperBound) such as 6-9; "
                + "got \(r.lowerBound)-\(r.upperBound)"
        case let .tooFewEpisodes(episodes, minimum, scenes, per):
            return "these arcs cannot be told in \(episodes) episode\(episodes == 1 ? "" : "s"): together they need "
                + "at least \(scenes) scenes, and an episode holds at most \(per.upperBound); the minimum is "
                + "\(minimum) episodes (or raise --scenes-per-episode)"
        case let .tooManyEpisodes(episodes, maximum, per):
            return "these arcs cannot be stretched over \(episodes) episodes of at least \(per.lowerBound) scenes: "
                + "without loops they run out of scenes; the maximum is \(maximum) episodes (or lower "
                + "--scenes-per-episode, or add an arc with loops)"
        case let .noFit(episodes, per):
            let limit = SeasonRequest.scenesPerEpisodeLimit
            let wider = max(limit.lowerBound, per.lowerBound - 2) ... min(limit.upperBound, per.upperBound + 2)
            let widen = wider == per ? "" : "widen --scenes-per-episode (e.g. "
                + "\(wider.lowerBound)-\(wider.upperBound)) or "
            return "no combination of the lengths these arcs allow fills \(episodes) "
                + "episodes of \(per.lowerBound)–\(per.upperBound) scenes; \(widen)change --episodes"
        case let .finaleHasNoWedding(arc):
            return "the finale arc '\(arc)' has no reachable ending tagged 'wedding'; a season ends in a wedding, "
                + "so pick another --finale or add a wedding ending to it"
        case let .unplannable(arc, reason):
            return "arc '\(arc)' cannot be planned for this season: \(reason)"
        case let .duplicateArc(id):
            return "arc '\(id)' is listed twice; each arc is one plot of the season"
        case let .castMissingRole(arc, label, role):
            return "the cast file names the people of '\(label)' (arc '\(arc)') but not its role '\(role)'; "
                + "name every role of the arc in its section, or leave the section out for the default cast"
        case let .castUnknownRole(arc, label, role, roles):
            return "the cast file names role '\(role)' for '\(label)', but arc '\(arc)' has no such role"
                + Suggestions.hint(role, in: roles, otherwise: "its roles are \(Suggestions.list(roles))")
        case let .unknownCastSection(label, labels):
            return "the cast file names the people of '\(label)', which this season does not play"
                + Suggestions.hint(label, in: labels, otherwise: "its arc instances are \(Suggestions.list(labels))")
        }
    }
}
