/// A telenovela arc: a finite-state scene graph whose states are beats and whose edges say what may follow. This
/// is the value the arc file decodes into. After `ArcLinter` finds no error, every reference in it resolves; the
/// planner goes further and compiles it into an `ArcGraph`.
///
/// While an arc is being checked, a value the decoder could not read is kept as an empty placeholder (an empty id,
/// an empty tag) at its array position, so that array indices still match the file's JSON paths and later checks can
/// skip what has already been reported.
public struct Arc: Sendable, Equatable {
    public var id: String
    public var title: Localized
    /// An optional one-paragraph logline.
    public var summary: Localized?
    /// Every role the arc needs: vocabulary roles and the arc's own `extras`.
    public var roles: [String]
    /// Roles beyond the shared vocabulary that only this arc uses (the hacienda's foreman, the twin sister).
    public var extras: [ExtraRole]
    public var start: String
    /// The states a plan may end on; each must be happy.
    public var endings: [String]
    public var states: [ArcState]
    /// The vocabulary roles' default names (from `arcs/vocabulary.json`), attached by `ArcLoader` so that the
    /// default cast needs no table of its own.
    public var defaultNames: [String: Localized]
    /// The arc's own default cast (`"cast"` in the file): names that fit its region and era, replacing the
    /// vocabulary's; roles it leaves out keep the vocabulary's names.
    public var cast: [CastEntry]

    public init(id: String, title: Localized, summary: Localized? = nil, roles: [String], extras: [ExtraRole] = [],
                start: String, endings: [String], states: [ArcState], defaultNames: [String: Localized] = [:],
                cast: [CastEntry] = []) {
        self.defaultNames = defaultNames
        self.cast = cast
        self.id = id
        self.title = title
        self.summary = summary
        self.roles = roles
        self.extras = extras
        self.start = start
        self.endings = endings
        self.states = states
    }

    /// The state with `id`, if any (the first, when ids repeat).
    public func state(_ id: String) -> ArcState? { states.first { $0.id == id } }
}

/// One beat of an arc: a scene to write, what it is about, who is in it, and where it may go next.
public struct ArcState: Sendable, Equatable {
    public var id: String
    /// The beat tag from `arcs/vocabulary.json`; it selects the model that writes the scene.
    public var tag: String
    /// What the scene tells, one variant per visit: a revisit (going round a loop) plays the next variant, so no
    /// story tells a beat twice the same way. Never empty; today's single `synopsis` object is one variant.
    public var variants: [SynopsisVariant]
    /// The file wrote `synopsis` as a list: the state is then visited at most once per variant. A single object
    /// (the original format) leaves the state uncapped, so arcs written for it plan exactly as before.
    public var listsVariants: Bool
    /// An explicit visit cap (`"visits"`), at most the number of variants.
    public var visits: Int?
    /// The roles that appear in the scene.
    public var roles: [String]
    /// Scene-heading hints (`INT. HACIENDA - SALA`); at least one.
    public var locations: [Localized]
    public var time: TimeOfDay
    /// 0 (calm) to 10 (the slap heard across the hacienda).
    public var tension: Int
    /// The scene ends an episode on a hook.
    public var cliffhanger: Bool
    /// Secrets this scene pays off; each must be set up (hidden) earlier on every road that reaches it.
    public var reveals: [String]
    /// Secrets this scene sets up.
    public var hides: [String]
    /// Explicit happiness: `true` lets an ending whose tag is not one of the happy beats count as happy; `false`
    /// forbids ending here even on a happy tag (an interrupted wedding). nil: decided by the tag.
    public var happy: Bool?
    public var transitions: [Transition]
    /// What the scene does to people (`"effects"`); nil: what its tag and id imply (`storyEffects`).
    public var effects: [String: StoryEffect]?
    /// The scene happens this many years after the arc's first ("Twelve years later…"), and so do the scenes after
    /// it until another says later: a time jump. The cast's ages are those of the arc's last scene, so everyone is
    /// younger before the jump (`Outline.Scene.dated`). A year, not a gap, so that two states that may each come
    /// first after the jump can both carry it.
    public var yearsAfterStart: Int?

    public init(id: String, tag: String, synopsis: Localized, roles: [String], locations: [Localized],
                time: TimeOfDay = .day, tension: Int = 5, cliffhanger: Bool = false, reveals: [String] = [],
                hides: [String] = [], happy: Bool? = nil, transitions: [Transition] = [],
                effects: [String: StoryEffect]? = nil) {
        self.effects = effects
        self.id = id
        self.tag = tag
        variants = [SynopsisVariant(text: synopsis)]
        listsVariants = false
        self.roles = roles
        self.locations = locations
        self.time = time
        self.tension = tension
        self.cliffhanger = cliffhanger
        self.reveals = reveals
        self.hides = hides
        self.happy = happy
        self.transitions = transitions
    }
}

extension ArcState {
    /// The first variant's text: what a single-synopsis state always plays. Setting it replaces every variant.
    public var synopsis: Localized {
        get { variants.first?.text ?? .missing }
        set { variants = [SynopsisVariant(text: newValue)]; listsVariants = false }
    }

    /// The most visits a plan may pay this state: the explicit `visits`, else one per listed variant; nil when the
    /// state has a single synopsis written as an object (the original format: no cap).
    public var visitCap: Int? { visits ?? (listsVariants ? variants.count : nil) }

    /// What visit `visit` (1-based) of this state plays: variant `visit`, in the order written, at a tension that
    /// never falls (a variant without its own `tension` keeps the previous visit's, the first plays at the state's),
    /// in the variant's own places or else the state's. Past the last variant (only a season longer than its arcs'
    /// caps gets there) the variants start over.
    public func variant(forVisit visit: Int) -> (synopsis: Localized, tension: Int, locations: [Localized]) {
        let index = (max(1, visit) - 1) % max(1, variants.count)
        var tension = self.tension
        for v in variants.prefix(index + 1) { tension = v.tension ?? tension }
        guard index < variants.count else { return (.missing, tension, locations) }
        return (variants[index].text, tension, variants[index].locations ?? locations)
    }
}

/// One way to tell a state's beat: the synopsis in both languages with role slots, and optionally the tension this
/// visit plays at (a loop escalates: the lint refuses a variant calmer than the visit before it) and the places it
/// happens in (a second search for the midwife need not knock on the same door).
public struct SynopsisVariant: Sendable, Equatable {
    public var text: Localized
    /// nil: the previous visit's tension (for the first variant, the state's `tension`).
    public var tension: Int?
    /// nil: the state's `locations`.
    public var locations: [Localized]?

    public init(text: Localized, tension: Int? = nil, locations: [Localized]? = nil) {
        self.text = text
        self.tension = tension
        self.locations = locations
    }
}

/// A weighted edge: after this scene, `to` may follow; among all plans of a length, each is drawn with probability
/// proportional to the product of its edges' weights.
public struct Transition: Sendable, Equatable {
    public var to: String
    /// Positive and finite; 1 when the file leaves it out.
    public var weight: Double

    public init(to: String, weight: Double = 1) {
        self.to = to
        self.weight = weight
    }
}

/// A role that only one arc needs, declared by the arc so that the lint can still catch a misspelt role.
public struct ExtraRole: Sendable, Equatable {
    public var id: String
    public var description: Localized
    /// A default name for the default cast; otherwise one is drawn from a list of plausible names.
    public var name: Localized?

    public init(id: String, description: Localized, name: Localized? = nil) {
        self.id = id
        self.description = description
        self.name = name
    }
}

/// When a scene happens, for the scene heading a later stage writes (`- NOCHE`, `- NIGHT`).
public enum TimeOfDay: String, Sendable, CaseIterable {
    case day, night, dawn, dusk

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.day, .es): return "DÍA"
        case (.night, .es): return "NOCHE"
        case (.dawn, .es): return "AMANECER"
        case (.dusk, .es): return "ATARDECER"
        case (.day, .en): return "DAY"
        case (.night, .en): return "NIGHT"
        case (.dawn, .en): return "DAWN"
        case (.dusk, .en): return "DUSK"
        }
    }
}

/// The beats that may close a story: a telenovela promises a happy ending.
public enum HappyBeats {
    public static let tags: Set<String> = [wedding, "reunion", "comeuppance", proposal]
    /// The beat that marries the couple and closes a season.
    public static let wedding = "wedding"
    /// The beat that engages the couple.
    public static let proposal = "proposal"

    /// Whether a state may be an ending: its explicit `happy` flag, or else a happy tag.
    public static func isHappy(_ state: ArcState) -> Bool { state.happy ?? tags.contains(state.tag) }
}
