/// One paragraph-level element of a scene's script.
///
/// JSON: an object whose `type` says which case it is:
/// - `{"type": "action", "text": "…"}` — a paragraph of stage directions; a blank line inside `text` starts a new
///   paragraph in the writers' output.
/// - `{"type": "dialogue", "speaker": "…", "role": "…", "extensions": ["V.O."], "segments": [Segment…]}` — one
///   speech (`role` omitted when unknown, `extensions` omitted when empty).
/// - `{"type": "transition", "text": "CORTE A:"}`.
public enum ScriptElement: Sendable, Equatable, Codable {
    case action(String)
    case dialogue(Speech)
    case transition(String)

    enum CodingKeys: String, CodingKey {
        case type, text
    }

    enum Kind: String, Codable {
        case action, dialogue, transition
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .type) {
        case .action: self = .action(try c.decode(String.self, forKey: .text))
        case .transition: self = .transition(try c.decode(String.self, forKey: .text))
        case .dialogue: self = .dialogue(try Speech(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .action(text):
            try c.encode(Kind.action, forKey: .type)
            try c.encode(text, forKey: .text)
        case let .transition(text):
            try c.encode(Kind.transition, forKey: .type)
            try c.encode(text, forKey: .text)
        case let .dialogue(speech):
            try c.encode(Kind.dialogue, forKey: .type)
            try speech.encode(to: encoder)
        }
    }
}

/// One character's speech: a cue and what follows it until the next blank line.
///
/// A speech is a list of segments, each an optional delivery `(parenthetical)` followed by the words it governs,
/// so `(pausa)` in the middle of a speech is a segment with a parenthetical and the words after the pause. A beat
/// with no words (`(pausa)` at the very end) is a segment whose `text` is empty.
public struct Speech: Sendable, Equatable, Codable {
    /// The character's name as cast (`doña Consuelo`); Fountain cues upper-case it.
    public var speaker: String
    /// The role the speaker plays (`mother`), when known.
    public var role: String?
    /// Cue extensions without parentheses: `V.O.`, `O.S.`, `CONT'D`.
    public var extensions: [String]
    public var segments: [Segment]

    /// A delivery and the words it governs.
    ///
    /// JSON keys: `parenthetical` (string without the parentheses, omitted when none) and `text` (string, may be
    /// empty; a line break inside it is a line break of the speech).
    public struct Segment: Sendable, Equatable, Codable {
        public var parenthetical: String?
        public var text: String

        public init(parenthetical: String? = nil, text: String) {
            self.parenthetical = parenthetical
            self.text = text
        }
    }

    public init(speaker: String, role: String? = nil, extensions: [String] = [], segments: [Segment]) {
        self.speaker = speaker
        self.role = role
        self.extensions = extensions
        self.segments = segments
    }

    /// A one-segment speech: the common case.
    public init(speaker: String, role: String? = nil, extensions: [String] = [], parenthetical: String? = nil,
                text: String) {
        self.init(speaker: speaker, role: role, extensions: extensions,
                  segments: [Segment(parenthetical: parenthetical, text: text)])
    }

    enum CodingKeys: String, CodingKey {
        case speaker, role, extensions, segments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        speaker = try c.decode(String.self, forKey: .speaker)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        extensions = try c.decodeIfPresent([String].self, forKey: .extensions) ?? []
        segments = try c.decode([Segment].self, forKey: .segments)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(speaker, forKey: .speaker)
        try c.encodeIfPresent(role, forKey: .role)
        if !extensions.isEmpty { try c.encode(extensions, forKey: .extensions) }
        try c.encode(segments, forKey: .segments)
    }
}
