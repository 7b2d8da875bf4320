/// The season's story so far, person by person: alive, arrested, buried, mourned as dead, missing; single, engaged,
/// married; and which secrets each one knows. The scheduler consults it before placing each scene and never places
/// one it contradicts when another can go first; the audit replays the whole season through it and reports every
/// contradiction left, by episode and scene.
///
/// A person's state is changed by what a scene does (`ArcState.storyEffects`). Someone arrested, mourned or missing
/// still appears in the story that put them there (the trial, the castaway's secret life), and in no other until
/// freed or back; someone buried appears nowhere. Secrets are kept per instance: two instances never share one, even
/// when their arcs name a secret alike.
public struct StoryState: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case alive, arrested, dead
        case presumedDead = "presumed-dead"
        case missing
    }

    public enum Bond: String, Sendable, Equatable {
        case single, engaged, married
    }

    public struct Person: Sendable, Equatable {
        public var status: Status = .alive
        public var bond: Bond = .single
        /// The strand whose story arrested, mourned or lost them: the one place they may still appear.
        public var holder: Int?
        /// Secrets (instance-scoped keys) the person has seen set up or revealed.
        public var knows: Set<String> = []
    }

    /// A scene as the story state sees it: who is in it, what it does to whom, which secrets it hides and reveals.
    public struct Beat: Sendable {
        public var strand: Int
        /// The names of the people in the scene, one per role.
        public var present: [String]
        /// (name, effect), for every role the scene affects (present or not: the drowned wife is mourned in absence).
        public var effects: [(name: String, effect: StoryEffect)]
        public var hides: [String]
        public var reveals: [String]

        public init(strand: Int, present: [String], effects: [(name: String, effect: StoryEffect)], hides: [String],
                    reveals: [String]) {
            self.strand = strand
            self.present = present
            self.effects = effects
            self.hides = hides
            self.reveals = reveals
        }
    }

    public private(set) var people: [String: Person] = [:]
    /// Secrets set up so far.
    public private(set) var hidden: Set<String> = []

    public init() {}

    /// Why `beat` cannot happen now, or nil when it can.
    public func contradiction(_ beat: Beat) -> String? {
        // A scene has a handful of people and effects: linear scans, no sets or dictionaries built per question.
        for (k, name) in beat.present.enumerated() where beat.present[..<k].contains(name) {
            return "\(name) plays two roles in one scene"
        }
        func effectOn(_ name: String) -> StoryEffect? { beat.effects.first { $0.name == name }?.effect }
        for name in beat.present {
            let p = people[name] ?? Person()
            let own = p.holder == beat.strand
            switch p.status {
            case .alive: break
            case .dead: return "\(name) appears after being buried"
            case .arrested where !own && effectOn(name) != .freed:
                return "\(name) is in prison (arrested in another story) and appears free"
            case .presumedDead where !own && effectOn(name) != .returned:
                return "\(name) is mourned as dead and appears alive before the return"
            case .missing where !own && effectOn(name) != .returned:
                return "\(name) is missing and appears before being found"
            default: break
            }
        }
        for (name, effect) in beat.effects {
            let p = people[name] ?? Person()
            switch effect {
            case .arrested where p.status == .arrested: return "\(name) is arrested twice"
            case .dead where p.status == .dead: return "\(name) is buried twice"
            case .presumedDead where p.status == .presumedDead || p.status == .dead:
                return "\(name) is mourned as dead twice"
            case .missing where p.status == .missing: return "\(name) goes missing twice"
            case .returned where p.status != .presumedDead && p.status != .missing:
                return "\(name) returns without having been mourned or missing"
            case .freed where p.status != .arrested: return "\(name) is freed without having been arrested"
            case .married where p.bond == .married: return "\(name) is married twice"
            case .engaged where p.bond == .married: return "\(name) is engaged while married"
            case .married where p.status == .dead, .engaged where p.status == .dead,
                 .arrested where p.status == .dead:
                return "\(name) is dead"
            default: break
            }
        }
        for secret in beat.reveals where !hidden.contains(secret) {
            return "reveals secret '\(Self.display(secret))' before any scene sets it up"
        }
        return nil
    }

    /// Plays `beat` (whether or not it contradicts the state: the audit reports, then carries on).
    public mutating func apply(_ beat: Beat) {
        for (name, effect) in beat.effects {
            var p = people[name] ?? Person()
            switch effect {
            case .arrested: p.status = .arrested; p.holder = beat.strand
            case .freed, .returned: p.status = .alive; p.holder = nil
            case .dead: p.status = .dead; p.holder = nil
            case .presumedDead: p.status = .presumedDead; p.holder = beat.strand
            case .missing: p.status = .missing; p.holder = beat.strand
            case .engaged: if p.bond == .single { p.bond = .engaged }
            case .married: p.bond = .married
            }
            people[name] = p
        }
        hidden.formUnion(beat.hides)
        guard !beat.hides.isEmpty || !beat.reveals.isEmpty else { return }
        for name in beat.present {
            people[name, default: Person()].knows.formUnion(beat.hides)
            people[name, default: Person()].knows.formUnion(beat.reveals)
        }
    }

    /// The key of `secret` in the arc instance labelled `instance` (`Season.Strand.label`): `name@label`, so that
    /// two instances' secrets never collide, whether they are one arc played twice or two arcs that use one name.
    public static func key(_ secret: String, instance: String) -> String { "\(secret)@\(instance)" }

    /// A key as a reader sees it: the secret's name.
    static func display(_ key: String) -> String { key.split(separator: "@").first.map(String.init) ?? key }
}
