import ArcgenFountain

/// Who speaks after whom in a scene. Two speeches are **adjacent** when nothing but dialogue, parentheticals and
/// notes lies between them; an adjacent pair by the same speaker is a **repeat**, which a screenplay writes as one
/// speech. The corpus has none (`corpus check` refuses them) so that the models learn to alternate, and generated
/// scenes are measured the same way.
public struct SpeakerTurns: Sendable, Equatable {
    /// A speech by the same speaker as the adjacent one before it.
    public struct Repeat: Sendable, Equatable {
        /// The cue name, upper-cased.
        public let name: String
        /// Source lines of the repeated cue and of the one before it.
        public let line: Int
        public let previousLine: Int
    }

    /// Pairs of adjacent speeches.
    public private(set) var adjacentPairs = 0
    public private(set) var repeats: [Repeat] = []

    public init(_ elements: [FountainElement]) {
        var previous: (name: String, line: Int)?
        for element in elements {
            switch element.kind {
            case let .character(cue):
                let name = cue.name.uppercased()
                if let previous {
                    adjacentPairs += 1
                    if previous.name == name { repeats.append(Repeat(name: name, line: element.line,
                                                                     previousLine: previous.line)) }
                }
                previous = (name, element.line)
            case .dialogue, .parenthetical, .note, .boneyard:
                continue
            default:
                previous = nil
            }
        }
    }
}
