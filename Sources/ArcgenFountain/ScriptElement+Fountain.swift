/// The two directions between Fountain's line-level elements and the grouped script elements: the one place that
/// knows a speech is a cue followed by its parentheticals and dialogue lines.
extension ScriptElement {
    /// Groups Fountain elements into script elements: each cue with the parentheticals and dialogue lines after it
    /// becomes one `Speech`, action paragraphs and transitions stay as they are.
    ///
    /// A parenthetical opens a segment that holds the dialogue lines after it (joined with `\n`); lines before the
    /// first parenthetical form a segment without one; a parenthetical with no line after it is a segment with
    /// empty text. Notes and boneyards are comments, left out without ending a speech; any other element (heading,
    /// synopsis, section, page break, centred text, title field) ends it and has no script form. Parentheticals and
    /// dialogue lines with no cue before them are left out. The speaker is the cue's name as written and the role
    /// is unknown; a dual-dialogue mark (`^`) is dropped, as the script lays speeches out one after another.
    /// - Complexity: O(n) in the number of elements.
    public static func grouping(_ elements: [FountainElement]) -> [ScriptElement] {
        var out: [ScriptElement] = []
        var speech: Speech?
        func endSpeech() {
            if let finished = speech { out.append(.dialogue(finished)) }
            speech = nil
        }
        for element in elements {
            switch element.kind {
            case let .character(cue):
                endSpeech()
                speech = Speech(speaker: cue.name, extensions: cue.extensions, segments: [])
            case let .parenthetical(text):
                speech?.segments.append(Speech.Segment(parenthetical: text, text: ""))
            case let .dialogue(line):
                guard var current = speech else { continue }
                if let last = current.segments.popLast() {
                    current.segments.append(Speech.Segment(
                        parenthetical: last.parenthetical, text: last.text.isEmpty ? line : last.text + "\n" + line
                    ))
                } else {
                    current.segments.append(Speech.Segment(text: line))
                }
                speech = current
            case let .action(text):
                endSpeech()
                out.append(.action(text))
            case let .transition(text):
                endSpeech()
                out.append(.transition(text))
            case .note, .boneyard:
                continue
            case .titleField, .sceneHeading, .centered, .section, .synopsis, .pageBreak:
                endSpeech()
            }
        }
        endSpeech()
        return out
    }

    /// The inverse of `grouping`: the Fountain elements of script elements, in order, for `FountainWriter`.
    ///
    /// A speech is its cue (speaker and extensions as they are: upper-casing a name is the caller's choice), then
    /// each segment's parenthetical and the non-empty lines of its text. A speech with no parenthetical and no line
    /// has no Fountain form (a cue needs a line after it) and is left out.
    public static func fountainKinds(of elements: [ScriptElement]) -> [FountainElementKind] {
        elements.flatMap { element -> [FountainElementKind] in
            switch element {
            case let .action(text):
                return [.action(text)]
            case let .transition(text):
                return [.transition(text)]
            case let .dialogue(speech):
                let lines = speech.segments.flatMap { segment -> [FountainElementKind] in
                    let words = segment.text.split(separator: "\n").map { FountainElementKind.dialogue(String($0)) }
                    return (segment.parenthetical.map { [.parenthetical($0)] } ?? []) + words
                }
                guard !lines.isEmpty else { return [] }
                return [.character(CharacterCue(name: speech.speaker, extensions: speech.extensions))] + lines
            }
        }
    }
}
