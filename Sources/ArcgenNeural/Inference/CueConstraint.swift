/// Who may speak in a Fountain scene being written: a rule on the screenplay's shape, checked one candidate token at a
/// time like the word-list constraint, so that the wrong speaker is impossible by construction.
///
/// In Fountain a **cue** is a line with no lower case (but in its extensions) after a blank line, directly followed
/// by dialogue. The constraint follows the lines as they are written. A line after a blank line that has two letters
/// or more and no lower case can only grow into:
/// - one of the scene's own labels (`HEROINE`, `GALAN (O.S.)`, `GALAN (llorando)`: an extension with no capital is
///   free, one with a capital is one of `knownExtensions`), spoken by someone other than the last speaker unless an
///   action paragraph came between them, and followed by dialogue;
/// - or, once every role that must speak has, an upper-case transition (`CUT TO:`), followed by a blank line. (A
///   forced one, `> CORTE A:`, is not cue-shaped and can trap no capitals, so it is not held: holding it too changed
///   every README episode, put more words in action, and left a role silent in one scene of 296.)
/// A lower-case letter outside parentheses turns the line into action at any point (`La lluvia…`, `A door slams.`);
/// `=` may only open a line, and `(` may not open one inside an action paragraph (nor may a word mix a run of
/// capitals with lower case: `WordShapeConstraint`), so no line looks like a cue without being one. And the
/// scene may not end — no line may start with `=`, which opens the end marker `===` and the next scene's header —
/// until every label in `mustSpeak` has spoken. Past `pressAfter` characters, a paragraph can only open with the cue
/// of a label that must speak and has not: a model that would rather describe than let the silent role speak is made
/// to.
public struct CueConstraint: GenerationConstraint, Sendable {
    /// Upper-cased cue labels the scene may use.
    public let labels: Set<String>
    /// Labels that must have spoken before the scene may end.
    public let mustSpeak: Set<String>
    /// Upper-case transitions a line may be, besides a cue (`CUT TO:`); none by default, since a script in
    /// another language than English forces its transitions with `>` (`> CORTE A:`), which no cue can start with.
    public let transitions: [String]
    /// Characters seen (the priming text included) after which a silent role that must speak is called on; nil never.
    public let pressAfter: Int?
    var written = 0
    /// `written` where the line being written began: whether to press is decided as a paragraph opens, and holds for
    /// its first line (a cue must not lose its label when the threshold is crossed halfway through: `HERO`, then no
    /// `I`, left `HEROiNe`).
    var writtenAtLineStart = 0

    /// The line being written.
    var line: [Unicode.Scalar] = []
    /// Whether the line before `line` was blank (or `line` is the first): only then can `line` be a cue.
    var afterBlank = true
    /// What the finished line before demands of the next character: a cue, dialogue; a transition, a blank line.
    var next: Expectation = .anything
    enum Expectation: Sendable { case anything, text, blank }
    /// Inside a speech: the lines after a cue, up to the next blank line, are dialogue and parentheticals.
    var inSpeech = false
    var lastSpeaker: String?
    var actionSinceLastSpeaker = false
    public private(set) var spoken: Set<String> = []
    /// The labels that may speak next: all but the last speaker, unless action came between.
    var speakable: [String]
    /// What the line being written has shown so far, so that most characters cost no look at the whole line.
    var lineLetters = 0
    /// Lower case outside parentheses: the line is action whatever follows.
    var lineHasLowercase = false
    var lineOpenParentheses = 0

    /// - Parameters:
    ///   - labels: the cue labels allowed, in any case.
    ///   - mustSpeak: labels (a subset of `labels`) that must speak before the scene ends; by default all of them.
    ///   - transitions: upper-case transitions allowed besides cues, e.g. `CUT TO:`.
    ///   - pressAfter: characters after which every new paragraph must be the cue of a silent role (see above).
    public init(labels: [String], mustSpeak: [String]? = nil, transitions: [String] = [], pressAfter: Int? = nil) {
        self.labels = Set(labels.map { $0.uppercased() })
        self.mustSpeak = Set((mustSpeak ?? labels).map { $0.uppercased() }).intersection(self.labels)
        self.transitions = transitions
        self.pressAfter = pressAfter
        speakable = self.labels.sorted()
    }

    /// Whether every label of `mustSpeak` has spoken.
    public var everyoneSpoke: Bool { mustSpeak.isSubset(of: spoken) }

    mutating func updateSpeakable() {
        speakable = labels.filter { $0 != lastSpeaker || actionSinceLastSpeaker }.sorted()
    }

    /// Who may open the next cue: whoever may speak, or, while pressing, those of them still silent.
    var callable: [String] {
        guard pressing else { return speakable }
        let silent = speakable.filter { mustSpeak.contains($0) && !spoken.contains($0) }
        return silent.isEmpty ? speakable : silent
    }

    /// Past `pressAfter` with a role still silent: the next paragraph must give it a line.
    var pressing: Bool { pressAfter.map { writtenAtLineStart >= $0 } == true && !everyoneSpoke }

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
            if enforcing {
                switch next {
                case .text where s == "\n", .blank where s != "\n": return false
                default: break
                }
            }
            next = .anything
            if line.isEmpty { writtenAtLineStart = written }
            written += 1
            if s == "\n" {
                if enforcing && !finishLineAllowed() { return false }
                finishLine()
                continue
            }
            // No line may start the end marker (or the next header) while a role is silent: the stop string
            // `\n===` ends a scene at any line, after a blank one or not.
            if enforcing && line.isEmpty && s == "=" && !everyoneSpoke { return false }
            // `=` only opens a line (the end marker): inside text it is the header's syntax leaking into a scene.
            // The corpus's scenes have none elsewhere (notes, where `LUCÍA = heroine` is written, are not trained on).
            if enforcing && s == "=" && !line.allSatisfy({ $0 == "=" }) { return false }
            // While pressing, the paragraph's first line must grow into a silent role's cue, not merely begin like one
            // (`Gira la silla.` for `GALAN`, chosen by the model as action, kept the role silent).
            if enforcing && afterBlank && !inSpeech && pressing && !Self.grows(Self.text(line + [s]), into: callable) {
                return false
            }
            // `@` forces a cue in Fountain, whatever follows it and even straight after an action line: it may open
            // only a line that can be a cue (after a blank line), and that line must become a label that may speak
            // (a scene once had a speech cued `@,`).
            if enforcing && line.isEmpty && s == "@" && (!afterBlank || inSpeech) { return false }
            // Inside an action paragraph no line opens with `(`: the corpus's action never does, and a mixed-case
            // pseudo-cue (`HaRaPIENTO`, then `(sin voz)` and a line of dialogue) reads as a speech with no speaker.
            if enforcing && line.isEmpty && s == "(" && !afterBlank && !inSpeech { return false }
            if enforcing && afterBlank && !inSpeech && line.first == "@" && !canGrowForced(line + [s]) { return false }
            line.append(s)
            if s == "(" {
                lineOpenParentheses += 1
            } else if s == ")" {
                lineOpenParentheses = max(0, lineOpenParentheses - 1)
            } else if s.properties.isAlphabetic {
                lineLetters += 1
                // Lower case inside parentheses may be a cue's extension (`HEROINE (llorando)`): `isCueShaped` decides.
                if s.properties.isLowercase && lineOpenParentheses == 0 { lineHasLowercase = true }
            }
            // Only a line after a blank line with two capitals and no lower case yet can be a cue.
            if enforcing && afterBlank && !inSpeech && lineLetters >= 2 && !lineHasLowercase
                && !canGrow(line, into: callable) { return false }
        }
        return true
    }

    /// A cue-shaped line may end only as a label that may speak now, or as a transition.
    func finishLineAllowed() -> Bool {
        if afterBlank && !inSpeech && line == ["@"] { return false }
        // A whole line of one capital ("A") is a cue too once it ends: only a line still growing may be action.
        guard afterBlank, !inSpeech, Self.isCueShaped(line, minimumLetters: 1) else { return true }
        guard let label = cueLabel(line) else { return everyoneSpoke && transitions.contains(Self.text(line)) }
        return callable.contains(label) && Self.extensionsAreComplete(line, label: label)
    }

    mutating func finishLine() {
        defer {
            line = []
            lineLetters = 0
            lineHasLowercase = false
            lineOpenParentheses = 0
            updateSpeakable()
        }
        // A line of spaces is blank to Fountain readers, but for two spaces inside a speech, which keep it going.
        let blank = line.allSatisfy { $0.properties.isWhitespace } && !(inSpeech && line == [" ", " "])
        guard !blank else {
            afterBlank = true
            inSpeech = false
            return
        }
        let wasAfterBlank = afterBlank
        afterBlank = false
        if inSpeech { return }
        if wasAfterBlank, Self.isCueShaped(line, minimumLetters: 1), let label = cueLabel(line) {
            lastSpeaker = label
            actionSinceLastSpeaker = false
            spoken.insert(label)
            inSpeech = true
            next = .text
        } else {
            actionSinceLastSpeaker = true
            if wasAfterBlank, Self.isCueShaped(line, minimumLetters: 1) { next = .blank }   // a transition
        }
    }

    /// Whether `line` opens with a mark that makes it something other than a cue to our Fountain reader (and
    /// screenplain), whatever follows: a transition or centred text (`>`), action (`!`), a section (`#`), a synopsis
    /// or page break (`=`), a heading (one `.`, not an ellipsis). Lyrics (`~`) and notes are not exempt: our reader
    /// has no lyrics, and a note left open reads as a cue. (ArcgenFountain's `FountainRules.hasMarkupPrefix` is the
    /// writer's wider list; the engine cannot import it.)
    static func forcesAnotherElement(_ line: [Unicode.Scalar]) -> Bool {
        guard let first = line.first else { return false }
        switch first {
        case ">", "!", "#", "=": return true
        case ".": return line.count > 1 && line[1] != "."
        default: return false
        }
    }

    static func text(_ line: [Unicode.Scalar]) -> String {
        var text = String(String.UnicodeScalarView(line))
        if text.hasPrefix("@") { text.removeFirst() }
        return text
    }

    /// Two letters or more, none lower case: a line that reads as a cue or an upper-case transition, not as action.
    /// Whatever its first character (a Fountain reader takes `, CONTIGO` or `¡NO!` followed by a line for a cue),
    /// except the marks that force another element (`> CORTE A:`, `!NO`, `#`, `=`, `.EXT`). After a name, a run of
    /// extensions (`extensionsCanGrow`) may be in any case (`HEROINE (llorando)` is a cue to Fountain readers);
    /// anything else makes the whole line the name, as our parser reads it, so every letter counts (`(PAUSA)` is a
    /// cue, `A (sonriendo) ROSA` action).
    static func isCueShaped(_ line: [Unicode.Scalar], minimumLetters: Int = 2) -> Bool {
        if forcesAnotherElement(line) { return false }
        let scalars = Array(text(line).unicodeScalars)
        var counted = scalars[...]
        if let open = scalars.firstIndex(of: "("), scalars[..<open].contains(where: \.properties.isAlphabetic),
           extensionsCanGrow(String(String.UnicodeScalarView(scalars[open...]))) {
            counted = scalars[..<open]
        }
        let letters = counted.filter(\.properties.isAlphabetic)
        return letters.count >= minimumLetters && !letters.contains(where: \.properties.isLowercase)
    }

    /// Whether a cue-shaped line can still become one of `labels` (with extensions) or a transition; a line that is
    /// not cue-shaped (yet, or any more) is always fine. A transition ends a scene, so it waits, as the end marker
    /// does, until every role that must speak has: before, a model that meant to end wrote `CUT TO:` over and over,
    /// until the no-repeat rule refused even the silent role's cue (`CUT TO:`, `CUT TO:`, then `HEnce`).
    func canGrow(_ line: [Unicode.Scalar], into labels: [String]) -> Bool {
        guard Self.isCueShaped(line) else { return true }
        let written = Self.text(line)
        return (everyoneSpoke && transitions.contains { $0.hasPrefix(written) }) || Self.grows(written, into: labels)
    }

    /// Whether `line`, opened by `@`, is still the start of a label that may speak next, or such a label with the
    /// start of its extensions (a forced cue is never a transition).
    func canGrowForced(_ line: [Unicode.Scalar]) -> Bool { Self.grows(Self.text(line), into: callable) }

    /// Whether `written` is the start of one of `labels`, or one of them followed by the start of its extensions
    /// (`extensionsCanGrow`, those with a capital `extensionsAreKnown`).
    static func grows(_ written: String, into labels: [String]) -> Bool {
        labels.contains { label in
            guard !label.hasPrefix(written) else { return true }
            guard written.hasPrefix(label) else { return false }
            let rest = String(written.dropFirst(label.count))
            return extensionsCanGrow(rest) && extensionsAreKnown(rest)
        }
    }

    /// The extensions with capitals a cue may carry: Fountain's own (the corpus writes `V.O.`, `O.S.` and `CONT'D`).
    static let knownExtensions = ["V.O.", "O.S.", "O.C.", "CONT'D", "CONT’D"]

    /// Whether every extension of `rest` with a capital in it is one of `knownExtensions` (or, unclosed, the start of
    /// one): a model left free made up `(G.S.)`. Those with no capital (`(llorando)`) stay free, as Fountain reads
    /// them; one with a capital anywhere (`(Llorando)`) is held to the list.
    /// `rest` is read as `extensionsCanGrow` lets it be: each `(` opens a group, closed by the next `)` or not yet.
    static func extensionsAreKnown(_ rest: String) -> Bool {
        rest.split(separator: "(", omittingEmptySubsequences: false).dropFirst().allSatisfy { group in
            let close = group.firstIndex(of: ")")
            let inside = String(group[..<(close ?? group.endIndex)]).trimmingCharacters(in: " ")
            guard inside.contains(where: \.isUppercase) else { return true }
            return knownExtensions.contains { close == nil ? $0.hasPrefix(inside) : $0 == inside }
        }
    }

    /// ` (O.S.) (CONT'D)`, or the start of such a run: spaces, then groups of letters (either case, as Fountain
    /// readers take them: `(llorando)`), dots and apostrophes in parentheses, the last one possibly unclosed, and at
    /// most a `^` at the end.
    static func extensionsCanGrow(_ rest: String) -> Bool {
        var open = false, inside = 0, dual = false
        for c in rest {
            // The dual-dialogue mark ends the line: Fountain readers drop a `^` only there.
            if dual && c != " " { return false }
            if open {
                if c == ")" {
                    guard inside > 0 else { return false }      // `( )`: Fountain readers take the line for a name
                    open = false
                } else if c.isLetter || c == "." || c == "'" || c == "’" {
                    inside += 1
                } else if c != " " {
                    return false
                }
            } else if c == "(" {
                (open, inside) = (true, 0)
            } else if c == "^" {
                dual = true
            } else if c != " " {
                return false
            }
        }
        return true
    }

    static func extensionsAreComplete(_ line: [Unicode.Scalar], label: String) -> Bool {
        let rest = String(text(line).dropFirst(label.count))
        return extensionsCanGrow(rest) && rest.filter { $0 == "(" }.count == rest.filter { $0 == ")" }.count
    }

    /// The label of a cue-shaped line: extensions in parentheses and a dual-dialogue `^` dropped; nil for a
    /// transition (`… TO:`, `FADE OUT.`) or a scene heading.
    func cueLabel(_ line: [Unicode.Scalar]) -> String? {
        guard Self.isCueShaped(line, minimumLetters: 1) else { return nil }
        let trimmed = Self.text(line).trimmingCharacters(in: " ^")
        if trimmed.hasSuffix("TO:") || transitions.contains(trimmed) { return nil }
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
