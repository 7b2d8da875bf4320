import ArcgenFountain

/// One scene of an episode: where the planner was (state, tag, tension), which model wrote it, and the script.
///
/// JSON keys: `number` (int, 1-based), `heading` (`SceneHeading`), `stateID`, `tag`, `modelFile` (string, omitted
/// when none), `modelSeed` (unsigned 64-bit, omitted when none), `synopsis` (cast names filled in), `tension`
/// (int), `cliffhanger` (bool), `elements` (array of `ScriptElement`).
public struct ScriptScene: Sendable, Equatable, Codable {
    /// The scene's number in the episode, printed as `#n#` after the Fountain heading.
    public var number: Int
    public var heading: SceneHeading
    /// The arc state this scene plays.
    public var stateID: String
    /// The state's beat tag, which chose the model (`revelation`, `slap`, …).
    public var tag: String
    /// The model file that wrote the dialogue, as the user named it (no absolute paths, so bytes do not depend on
    /// the machine); nil when no model wrote this scene.
    public var modelFile: String?
    /// The seed the model sampled this scene with.
    public var modelSeed: UInt64?
    /// The state's one-line synopsis with cast names filled in.
    public var synopsis: String
    /// The state's tension, 1…10 in shipped arcs.
    public var tension: Int
    /// The story is left hanging here: the state is a cliffhanger (the episode may end on it), or the scene closes
    /// an episode that does not end its arc, on a cut to black.
    public var cliffhanger: Bool
    public var elements: [ScriptElement]

    public init(number: Int, heading: SceneHeading, stateID: String, tag: String, modelFile: String? = nil,
                modelSeed: UInt64? = nil, synopsis: String, tension: Int, cliffhanger: Bool = false,
                elements: [ScriptElement]) {
        self.number = number
        self.heading = heading
        self.stateID = stateID
        self.tag = tag
        self.modelFile = modelFile
        self.modelSeed = modelSeed
        self.synopsis = synopsis
        self.tension = tension
        self.cliffhanger = cliffhanger
        self.elements = elements
    }

    /// The speeches of the scene, in order.
    public var speeches: [Speech] {
        elements.compactMap { if case let .dialogue(s) = $0 { return s } else { return nil } }
    }
}

/// A scene heading's three parts: `INT.` + `HACIENDA LOS ROBLES` + `NOCHE`.
///
/// JSON keys: `interiorExterior` (`"INT."`, `"EXT."`, `"INT./EXT."`, `"I/E"`, `"EST."`), `location`, `time`
/// (`"NOCHE"`, `"NIGHT"`, may be empty).
public struct SceneHeading: Sendable, Equatable, Hashable, Codable {
    public var interiorExterior: String
    public var location: String
    public var time: String

    public init(interiorExterior: String, location: String, time: String) {
        self.interiorExterior = interiorExterior
        self.location = location
        self.time = time
    }

    /// `INT. HACIENDA LOS ROBLES - NOCHE` as written (not upper-cased); parts that are empty are left out.
    public var text: String {
        let place = [interiorExterior, location].map(ScriptText.oneLine).filter { !$0.isEmpty }.joined(separator: " ")
        let time = ScriptText.oneLine(time)
        return time.isEmpty ? place : "\(place) - \(time)"
    }
}
