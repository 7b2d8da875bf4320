/// Who may speak in a Fountain scene being written: a rule on the screenplay's shape, checked one candidate token at a
/// time like the word-list constraint, so that the wrong speaker is impossible by construction.
///
/// In Fountain a **cue** is a line with no lower case after a blank line, directly followed by dialogue. The
/// constraint follows the lines as they are written and, where a line would become a cue, allows only:
/// - one of the scene's own labels (`HEROINE`, `GALAN (O.S.)`: extensions in parentheses are free);
/// - a speaker other than the one who spoke last, unless an action paragraph came between them.
/// A line with no lower case that is not an allowed cue may still be written, but only as what Fountain then reads it
/// as: action or a transition, followed by a blank line (`CUT TO:`, `SILENCIO.`). And the scene may not end — no
/// line may start with `=`, which opens the end marker `===` and the next scene's header — until every label in
/// `mustSpeak` has spoken.
public struct CueConstraint: GenerationConstraint {
    /// Upper-cased cue labels the scene may use.
    public let labels: Set<String>
    /// Labels that must have spoken before the scene may end.
    public let mustSpeak: Set<String>

    /// The line being written.
    var line: [Unicode.Scalar] = []
    /// Whether the line before `line` was blank (or `line` is the first): only then can `line` be a cue.
    var afterBlank = true
    /// The label of a finished line that reads as a cue if a non-blank line follows; `valid` says whether it may.
    var pendingCue: (label: String, valid: Bool)?
    /// Inside a speech: the lines after a cue, up to the next blank line, are dialogue and parentheticals.
    var inSpeech = false
    var lastSpeaker: String?
    var actionSinceLastSpeaker = false
    public private(set) var spoken: Set<String> = []

    /// - Parameters:
    ///   - labels: the cue labels allowed, in any case.
    ///   - mustSpeak: labels (a subset of `labels`) that must speak before the scene ends; by default all of them.
    public init(labels: [String], mustSpeak: [String]? = nil) {
        self.labels = Set(labels.map { $0.uppercased() })
        self.mustSpeak = Set((mustSpeak ?? labels).map { $0.uppercased() }).intersection(self.labels)
    }

    /// Whether every label of `mustSpeak` has spoken.
    public var everyoneSpoke: Bool { mustSpeak.isSubset(of: spoken) }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool {
        var copy = self
        return copy.advance(piece)
    }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        // Text we did not choose (the priming header) is recorded whatever it says.
        _ = advance(piece, enforcing: false)
    }

    /// Moves through `piece`; false as soon as a character breaks a rule (when enforcing).
    mutating func advance(_ piece: [Unicode.Scalar], enforcing: Bool = true) -> Bool {
        for s in piece {
            if let cue = pendingCue {
                pendingCue = nil
                if s != "\n" {
                    // The line before was a cue after all: it needs a label of the scene and another speaker.
                    if enforcing && !cue.valid { return false }
                    lastSpeaker = cue.label
                    actionSinceLastSpeaker = false
                    spoken.insert(cue.label)
                    inSpeech = true
                } else {
                    actionSinceLastSpeaker = true     // an upper-case line standing alone: action or a transition
                }
            }
            if s == "\n" {
                finishLine()
                continue
            }
            if enforcing && line.isEmpty && afterBlank && s == "=" && !everyoneSpoke { return false }
            line.append(s)
        }
        return true
    }

    mutating func finishLine() {
        defer { line = [] }
        guard !line.isEmpty else {
            afterBlank = true
            inSpeech = false
            return
        }
        let wasAfterBlank = afterBlank
        afterBlank = false
        if inSpeech { return }
        if wasAfterBlank, let label = Self.cueLabel(line) {
            let valid = labels.contains(label) && (label != lastSpeaker || actionSinceLastSpeaker)
            pendingCue = (label, valid)
        } else {
            actionSinceLastSpeaker = true
        }
    }

    /// The label of a line shaped like a cue: it starts with a letter (or `@`, which forces one), has no lower case,
    /// and is not a transition (`… TO:`) or a scene heading. Extensions in parentheses and a dual-dialogue `^` are
    /// dropped; nil for any other line.
    static func cueLabel(_ line: [Unicode.Scalar]) -> String? {
        var text = String(String.UnicodeScalarView(line))
        if text.hasPrefix("@") { text.removeFirst() }
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return nil }
        guard !text.unicodeScalars.contains(where: { $0.properties.isLowercase }) else { return nil }
        let trimmed = text.trimmingCharacters(in: " ^")
        if trimmed.hasSuffix("TO:") { return nil }
        for heading in ["INT.", "EXT.", "EST.", "INT./EXT.", "I/E"] where trimmed.hasPrefix(heading) { return nil }
        let name = trimmed.split(separator: "(", maxSplits: 1).first.map(String.init) ?? trimmed
        let label = name.trimmingCharacters(in: " ")
        return label.isEmpty ? nil : label
    }
}

extension String {
    /// Drops the given characters from both ends (Foundation-free, for the engine).
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = Array(unicodeScalars)
        guard let start = scalars.firstIndex(where: { !drop.contains($0) }),
              let end = scalars.lastIndex(where: { !drop.contains($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[start ... end]))
    }
}
