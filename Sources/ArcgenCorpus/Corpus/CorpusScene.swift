import ArcgenFountain

/// One tagged scene of the corpus: where it is, what beat it plays, in which language, who speaks as which role,
/// and its Fountain elements. Built only from a scene that passed the structural checks, so `tags` is never empty
/// and every cue name has a role.
public struct CorpusScene: Sendable, Equatable {
    /// The languages the corpus format allows in `[[lang: …]]`.
    public static let languages = ["es", "en"]

    /// The file's path as the corpus was opened (directory + relative path).
    public let file: String
    /// The 1-based line of the scene heading.
    public let line: Int
    /// The heading text, `INT. HACIENDA LOS ROBLES - NOCHE`.
    public let heading: String
    /// Beat tags; the first is the scene's main beat and picks the model trained on it.
    public let tags: [String]
    /// `es` or `en`.
    public let lang: String
    /// Upper-cased cue name → role id, from the roles note.
    public let cast: [String: String]
    /// The cue names of `cast` in the roles note's order.
    public let castOrder: [String]
    /// What happens in the scene, in its language, with the cast's names: the `[[synopsis: …]]` note. It links the
    /// scene to an arc state's synopsis, which is how a plan can steer the dialogue.
    public let synopsis: String
    /// Every element after the heading up to the next heading, notes included, with source line numbers.
    public let elements: [FountainElement]
    /// UTF-8 bytes of the scene's source lines, heading to the line before the next heading.
    public let sourceBytes: Int

    public init(file: String, line: Int, heading: String, tags: [String], lang: String, cast: [String: String],
                castOrder: [String], synopsis: String, elements: [FountainElement], sourceBytes: Int) {
        self.file = file
        self.line = line
        self.heading = heading
        self.tags = tags
        self.lang = lang
        self.cast = cast
        self.castOrder = castOrder
        self.synopsis = synopsis
        self.elements = elements
        self.sourceBytes = sourceBytes
    }

    /// The main beat: the first tag.
    public var mainTag: String { tags[0] }

    /// `file:line`, for messages.
    public var location: String { "\(file):\(line)" }

    /// The role of a cue name (any case, extensions already removed).
    public func role(of name: String) -> String? { cast[name.uppercased()] }

    /// The speeches in order: each cue with its dialogue lines (parentheticals and notes left out).
    public var speeches: [(cue: CharacterCue, lines: [String])] {
        var result: [(cue: CharacterCue, lines: [String])] = []
        for element in elements {
            switch element.kind {
            case let .character(cue): result.append((cue, []))
            case let .dialogue(text): if !result.isEmpty { result[result.count - 1].lines.append(text) }
            default: break
            }
        }
        return result
    }

    /// Every dialogue line of the scene, in order.
    public var dialogueLines: [String] {
        elements.compactMap { if case let .dialogue(text) = $0.kind { return text } else { return nil } }
    }
}
