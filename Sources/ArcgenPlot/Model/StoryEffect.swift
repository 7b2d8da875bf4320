/// What a scene does to a person, for the season's story state (`StoryState`): arrested, buried, mourned, married…
/// A state says it with `"effects": {"villain": "arrested"}`; a state without the key has the effects its tag and
/// id imply (`ArcState.storyEffects`), so arc files written before the key existed keep working.
public enum StoryEffect: String, Sendable, CaseIterable, Equatable {
    /// Taken to prison; nobody is arrested twice, and a prisoner appears in no other story until freed.
    case arrested
    /// Let out of prison (an innocent man's sentence overturned).
    case freed
    /// Dead and buried: appears in no later scene.
    case dead
    /// Mourned as dead (a shipwreck, a staged suicide): appears alive only in the story that staged it, until the
    /// return.
    case presumedDead = "presumed-dead"
    /// Gone without a trace (a stolen child, a runaway bride): as `presumedDead`, until found.
    case missing
    /// Back from a presumed death or a disappearance.
    case returned
    /// Promised in marriage; a married person cannot be engaged again.
    case engaged
    /// Wed; nobody is married twice.
    case married

    /// The file's spellings, for messages.
    public static let names = allCases.map(\.rawValue)
}

/// A role's default gender in a cast, so that a season that casts new people for a second instance of an arc keeps
/// its synopses' grammar (the notary is "él", the widow "ella").
public enum Gender: String, Sendable, CaseIterable, Equatable {
    case female = "f", male = "m"
}

/// One role of an arc's default cast (`"cast": {"heroine": {"es": "Lucía", "en": "Lucia", "gender": "f"}}`): the name
/// in each language, written for the arc's region and era, and optionally the gender and the age (`"age": 24`), which
/// the role keeps whoever a cast file names for it.
public struct CastEntry: Sendable, Equatable {
    public var role: String
    public var name: Localized
    public var gender: Gender?
    public var age: Int?

    public init(role: String, name: Localized, gender: Gender? = nil, age: Int? = nil) {
        self.role = role
        self.name = name
        self.gender = gender
        self.age = age
    }
}

extension ArcState {
    /// What the scene does to the people who play its roles: the explicit `effects`, or else what the beat implies —
    /// a wedding (one that may end a story) marries the heroine and the galán, a proposal engages them, a comeuppance
    /// whose id says so (`villain-arrested`, `villain-led-away`, `villain-caught`) arrests the villain (or the rival).
    /// Write `"effects": {}` on a state whose tag misleads (the veiled vows of a substitute bride marry nobody).
    public var storyEffects: [String: StoryEffect] {
        if let effects { return effects }
        var out: [String: StoryEffect] = [:]
        switch tag {
        case HappyBeats.wedding where happy != false:
            for r in GenreRoles.couple where roles.contains(r) { out[r] = .married }
        case HappyBeats.proposal:
            for r in GenreRoles.couple where roles.contains(r) { out[r] = .engaged }
        case "comeuppance":
            let words = Set(id.split(separator: "-").map(String.init))
            if !words.isDisjoint(with: ["arrested", "arrest", "caught", "led", "jailed", "prison"]),
               let who = [GenreRoles.villain, GenreRoles.rival].first(where: roles.contains) {
                out[who] = .arrested
            }
        default: break
        }
        return out
    }
}
