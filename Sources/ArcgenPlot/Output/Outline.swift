import Foundation
import ArcgenSupport
import ArcgenVocabulary

/// A plan made readable: each scene's beat, heading hint, tension and synopsis with the cast's names filled in.
/// This is what `arcgen plan` prints and what later stages (the scene writer, the season weaver) read as JSON.
public struct Outline: Sendable, Equatable {
    public struct Scene: Sendable, Equatable {
        public internal(set) var number: Int
        public let state: String
        public let tag: String
        /// One location hint chosen with the seed (the scene heading's place).
        public internal(set) var location: String
        public let locations: [String]
        public let time: TimeOfDay
        public let tension: Int
        public let cliffhanger: Bool
        /// (role, name) for the roles that appear.
        public let cast: [CastMember]
        public let synopsis: String
        public let reveals: [String]
        public let hides: [String]
        /// Its state's year in the story (`ArcState.yearsAfterStart`), 0 for none.
        public let yearsAfterStart: Int
        /// The years the story moves on at this scene, from the one before it in its arc: a time jump, for a title
        /// card (`dated(_:)` sets it).
        public internal(set) var yearsLater = 0
        /// The years between this scene and the arc's last: the cast's ages are those of the last scene, so everyone
        /// here is this much younger (`dated(_:)` sets it).
        public internal(set) var yearsAhead = 0

        public init(number: Int, state: String, tag: String, location: String, locations: [String], time: TimeOfDay,
                    tension: Int, cliffhanger: Bool, cast: [CastMember], synopsis: String, reveals: [String],
                    hides: [String], yearsAfterStart: Int = 0) {
            self.number = number
            self.state = state
            self.tag = tag
            self.location = location
            self.locations = locations
            self.time = time
            self.tension = tension
            self.cliffhanger = cliffhanger
            self.cast = cast
            self.synopsis = synopsis
            self.reveals = reveals
            self.hides = hides
            self.yearsAfterStart = yearsAfterStart
        }

        /// Visit `visit` (1-based) of `st`: the variant that visit plays (`ArcState.variant(forVisit:)`), with the
        /// cast's names filled in.
        public init(state st: ArcState, visit: Int, number: Int, location: String, cast: Cast, language: Language) {
            self.init(state: st, visit: visit, number: number, location: location, cast: cast, language: language,
                      template: Self.template(st.variant(forVisit: visit).synopsis[language]))
        }

        /// As above, with the variant's synopsis already parsed (`template(_:)`): a season fills one arc's templates
        /// for many casts.
        init(state st: ArcState, visit: Int, number: Int, location: String, cast: Cast, language: Language,
             template: SynopsisTemplate) {
            let variant = st.variant(forVisit: visit)
            self.init(number: number, state: st.id, tag: st.tag, location: location,
                      locations: variant.locations.map { $0[language] }, time: st.time, tension: variant.tension,
                      cliffhanger: st.cliffhanger,
                      cast: st.roles.map(cast.member),
                      synopsis: template.filled(cast.name(for:)), reveals: st.reveals, hides: st.hides,
                      yearsAfterStart: st.yearsAfterStart ?? 0)
        }

        /// An arc's scenes in the order they play, dated: each plays in the latest year a scene so far has named
        /// (time never goes back, and a revisit is not another twelve years), which sets its `yearsLater` and
        /// `yearsAhead`. A season dates each strand alone.
        public static func dated(_ scenes: [Scene]) -> [Scene] {
            var out = scenes
            // The first scene's year is where the story starts: no title card opens it.
            var year = scenes.first?.yearsAfterStart ?? 0
            var years: [Int] = []
            for i in out.indices {
                let now = max(year, out[i].yearsAfterStart)
                out[i].yearsLater = now - year
                year = now
                years.append(now)
            }
            for i in out.indices { out[i].yearsAhead = year - years[i] }
            return out
        }

        /// A synopsis as a template; a text whose braces do not parse is kept literally.
        static func template(_ text: String) -> SynopsisTemplate {
            (try? SynopsisTemplate(parsing: text)) ?? SynopsisTemplate.literal(text)
        }

        /// This scene numbered `number` (a season renumbers the scenes it weaves into an episode).
        public func renumbered(_ number: Int) -> Scene {
            var scene = self
            scene.number = number
            return scene
        }

        /// The bracketed notes an outline prints after the heading, in `language`: the beat, the tension, a time
        /// jump, the cliffhanger (where `cliffhanger` is marked: a season marks the episode's instead), the secrets.
        public func notes(_ language: Language, markingCliffhanger: Bool = true) -> [String] {
            let es = language == .es
            var notes = [tag, "\(es ? "tensión" : "tension") \(tension)"]
            if let jump = timeJump(language) { notes.append(jump) }
            if markingCliffhanger, cliffhanger { notes.append(es ? "gancho" : "cliffhanger") }
            if !hides.isEmpty { notes.append((es ? "oculta " : "hides ") + hides.joined(separator: ", ")) }
            if !reveals.isEmpty { notes.append((es ? "revela " : "reveals ") + reveals.joined(separator: ", ")) }
            return notes
        }

        /// "12 años después" / "12 years later" where the story's year moves on at this scene; nil elsewhere.
        public func timeJump(_ language: Language) -> String? {
            guard yearsLater > 0 else { return nil }
            return switch language {
            case .es: "\(yearsLater) \(yearsLater == 1 ? "año" : "años") después"
            case .en: "\(yearsLater) \(yearsLater == 1 ? "year" : "years") later"
            }
        }

        /// `INT. HACIENDA - SALA - NOCHE`.
        public func heading(_ language: Language) -> String { location + " - " + time.label(language) }
    }

    public let arcID: String
    public let title: String
    public let language: Language
    public let seed: UInt64
    public let cast: [CastMember]
    public let scenes: [Scene]
    /// The names no time jump makes younger: in a season, people cast in more than one arc live in every arc's time
    /// at once, and keep one age all season.
    public let timeless: Set<String>
    /// Scene number → the cast of the arc instance it plays, where the outline weaves several (a season's episode);
    /// empty when every scene is of one arc, whose cast is `cast`.
    let arcCasts: [Int: [CastMember]]

    /// An outline assembled elsewhere (a season's episode weaves scenes of several arcs).
    /// - Parameter arcCasts: scene number → its arc instance's cast, for scenes that are not of `cast`'s arc.
    public init(arcID: String, title: String, language: Language, seed: UInt64, cast: [CastMember], scenes: [Scene],
                timeless: Set<String> = [], arcCasts: [Int: [CastMember]] = [:]) {
        self.arcID = arcID
        self.title = title
        self.language = language
        self.seed = seed
        self.cast = cast
        self.scenes = scenes
        self.timeless = timeless
        self.arcCasts = arcCasts
    }

    /// The cast of the arc `scene` plays: whom a role its state does not list names there. In a season's episode,
    /// `cast` holds every woven arc's people, a villain for each; the scene's own arc says which is meant.
    public func arcCast(of scene: Scene) -> [CastMember] { arcCasts[scene.number] ?? cast }

    /// - Parameters:
    ///   - plan: a plan drawn over `arc` (its state ids must be the arc's).
    ///   - cast: names for the roles; roles without one show in capitals.
    public init(arc: Arc, plan: Plan, cast: Cast, language: Language) {
        var random = SeededRandom.derived(seed: plan.seed, stream: 3)
        var scenes: [Scene] = []
        var visits: [String: Int] = [:]
        for (i, id) in plan.ids.enumerated() {
            guard let st = arc.state(id) else { continue }
            visits[id, default: 0] += 1
            let locations = st.variant(forVisit: visits[id]!).locations.map { $0[language] }
            let location = locations.isEmpty ? "" : locations[random.nextInt(below: locations.count)]
            scenes.append(Scene(state: st, visit: visits[id]!, number: i + 1, location: location, cast: cast,
                                language: language))
        }
        arcID = arc.id
        title = arc.title[language]
        self.language = language
        seed = plan.seed
        self.cast = arc.roles.map(cast.member)
        self.scenes = Scene.dated(scenes)
        timeless = []
        arcCasts = [:]
    }

    /// A person's age in `scene`, from `age`, theirs in the arc's last scene: younger by the years the story still
    /// has to move on there (`Scene.yearsAhead`), never below 0, but for the timeless.
    public func age(_ age: Int, of name: String, in scene: Scene) -> Int {
        timeless.contains(name) ? age : max(0, age - scene.yearsAhead)
    }

    /// The cast with the ages they are first seen at: in the first scene that shows each, else at the arc's end.
    public var castAsFirstSeen: [CastMember] {
        cast.map { member in
            var member = member
            if let age = member.age, let first = scenes.first(where: { $0.cast.contains { $0.name == member.name } }) {
                member.age = self.age(age, of: member.name, in: first)
            }
            return member
        }
    }
}

extension Cast {
    /// A role and who plays it: the one cast type (`ArcgenVocabulary.CastMember`), by the name the planner's
    /// files have long used.
    public typealias Member = CastMember
}

extension SynopsisTemplate {
    /// A template with no slots (for text that failed to parse, which a linted arc never has).
    static func literal(_ text: String) -> SynopsisTemplate {
        // A text without braces always parses.
        let braceless = text.replacingOccurrences(of: "{", with: "(").replacingOccurrences(of: "}", with: ")")
        return (try? SynopsisTemplate(parsing: braceless))
            ?? (try! SynopsisTemplate(parsing: ""))
    }
}
