/// One paragraph-level element of a Fountain screenplay, with the 1-based line it starts on in its source.
///
/// Equality of elements is equality of `kind`: two parses of the same screenplay laid out differently (for example
/// the original file and what `FountainWriter` makes of it) have equal kinds but may differ in line numbers, so
/// round-trip tests compare `kind`s.
public struct FountainElement: Sendable, Equatable {
    public var kind: FountainElementKind
    /// The 1-based source line the element starts on; 0 for elements built in code.
    public var line: Int

    public init(_ kind: FountainElementKind, line: Int = 0) {
        self.kind = kind
        self.line = line
    }
}

/// What a Fountain element is, with its text. Text never carries the Fountain markup that forced the element
/// (`.`, `!`, `@`, `>`): the writer adds markup back only where plain text would be read as something else.
public enum FountainElementKind: Sendable, Equatable {
    /// `Key: value` on the title page; a value written over several indented lines keeps its line breaks.
    case titleField(key: String, value: String)
    /// `INT. HACIENDA - NOCHE`, without a scene number; `number` is the text between `#…#` at the end, if any.
    case sceneHeading(text: String, number: String?)
    /// One action paragraph; its lines are joined with `\n`.
    case action(String)
    /// A character cue: the name, the extensions without parentheses (`V.O.`, `CONT'D`), and whether it is the
    /// second speaker of dual dialogue (`^`).
    case character(CharacterCue)
    /// A `(…)` line inside a speech, without the parentheses.
    case parenthetical(String)
    /// One line of dialogue.
    case dialogue(String)
    /// `CUT TO:`, or a forced `> CORTE A:` (without the `>`).
    case transition(String)
    /// `> THE END <`, without the markers.
    case centered(String)
    /// A `[[note]]` standing on its own line(s), without the brackets.
    case note(String)
    /// A `/* boneyard */` block, without the markers: text the screenplay leaves out.
    case boneyard(String)
    /// `# Act one`: `depth` is the number of `#`.
    case section(depth: Int, text: String)
    /// `= A synopsis line`.
    case synopsis(String)
    /// `===`: a forced page break; the corpus's training text also uses it to end a scene.
    case pageBreak
}

/// A character cue split into its parts, so the corpus can look the name up in a scene's roles note while the
/// writer puts the extensions back.
public struct CharacterCue: Sendable, Equatable, Hashable {
    /// The name as written, without `@`, extensions or `^`: `DOÑA CHUY`.
    public var name: String
    /// Extensions in order, without parentheses: `["V.O."]`, `["O.S.", "CONT'D"]`.
    public var extensions: [String]
    /// `^` at the end: this speaker talks at the same time as the previous one.
    public var isDual: Bool

    public init(name: String, extensions: [String] = [], isDual: Bool = false) {
        self.name = name
        self.extensions = extensions
        self.isDual = isDual
    }

    /// The cue line without forcing markup: `VILLAIN (O.S.) ^`.
    public var text: String {
        ([name] + extensions.map { "(\($0))" } + (isDual ? ["^"] : [])).joined(separator: " ")
    }
}

/// A parsed Fountain file: title page fields first (as `.titleField` elements), then the body, in source order.
public struct FountainDocument: Sendable, Equatable {
    public var elements: [FountainElement]

    public init(elements: [FountainElement]) { self.elements = elements }

    /// The kinds alone, for comparing two parses of the same screenplay.
    public var kinds: [FountainElementKind] { elements.map(\.kind) }
}
