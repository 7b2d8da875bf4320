/// What a `{slot}` may name, letter by letter: one of the scene's own people, and in a speech never the one speaking.
/// Every slot of the corpus names a role its scene's header lists (25,128 of them), and a speaker names themselves in
/// 1.1% of its speeches (introductions, mostly); the shipped set's episodes did in 5.4% of theirs ("María Fernanda,
/// ¿aceptas a Alejandro?", said by María Fernanda), which readers noted. A slot is refused at the first letter that
/// can only spell the speaker's own label, so the model turns to another person while it still can. A preference
/// (`liftedFirst`): a slot's letters are forced once begun, and where the no-copy rule refuses the one left, the slot
/// gives way rather than the no-copy rule. A slot so broken (or one the priming text broke) lets anything through
/// until its `}` or the line's end: the script's reader prints a broken slot as plain words. Nor does a slot name
/// again someone its sentence has named: 20 of the corpus's 116,730 sentences do ("Lady Darla, Lady Darla"), 77 of
/// the README's episodes' 6,977 did ("Mariana mira a Mariana", "Valeria, ¿aceptas a Valeria?").
public struct SlotConstraint: GenerationConstraint, Sendable {
    /// The scene's cue labels as slots spell them (`lost-relative`, `extra 2`).
    let labels: [[Unicode.Scalar]]
    /// The letters of the slot being written, after its `{`; nil outside a slot.
    var slot: [Unicode.Scalar]?
    /// Whether a slot was begun and then broken by a letter the rule refused: until `}` (which may close it) or a
    /// line break, the rule holds nothing.
    var broken = false
    /// Who is speaking: the cue rules, read (never enforced) over the same text.
    var speech: CueConstraint
    /// The labels slots have named since the sentence began.
    var named: Set<[Unicode.Scalar]> = []
    /// What ends a sentence, and with it what `named` holds.
    static let sentenceEnds: Set<Unicode.Scalar> = [".", "!", "?", "…", "\n"]

    public init(labels: [String]) {
        self.labels = labels.map { Array($0.lowercased().unicodeScalars) }
        speech = CueConstraint(labels: labels)
    }

    /// The upper-case label of the speech being written; nil outside speeches.
    var speaker: String? { speech.inSpeech ? speech.lastSpeaker : nil }

    /// The labels a slot may spell now: not the speaker's own, nor one the sentence has named.
    var nameable: [[Unicode.Scalar]] {
        let own = speaker.map { Array($0.lowercased().unicodeScalars) }
        guard own != nil || !named.isEmpty else { return labels }
        return labels.filter { $0 != own && !named.contains($0) }
    }

    public func allows(_ piece: [Unicode.Scalar]) -> Bool {
        // Outside a slot only a brace can be refused.
        if slot == nil && !piece.contains("{") && !piece.contains("}") { return true }
        guard piece.count > 1 else { return piece.first.map(allows) ?? true }
        var copy = self
        for s in piece {
            guard copy.allows(s) else { return false }
            copy.append([s])
        }
        return true
    }

    /// Whether `s` keeps the slot on its way to a label that may be named (or `s` is outside any slot).
    func allows(_ s: Unicode.Scalar) -> Bool {
        guard let slot else {
            if s == "}" { return broken }               // a brace that closes nothing, or a broken slot
            return s != "{" || !nameable.isEmpty
        }
        if s == "}" { return nameable.contains(slot) }
        let grown = slot + [s]
        return nameable.contains { $0.starts(with: grown) }
    }

    public var liftedFirst: Bool { true }

    /// Records `piece`, allowed or not (priming text, or a letter drawn with the rule lifted, breaks the slot).
    public mutating func append(_ piece: [Unicode.Scalar]) {
        // Outside a slot, with no brace, only the speech moves (and a sentence end forgets who it named): no
        // letter-by-letter copy of the cue state.
        if slot == nil && !broken && !piece.contains("{") && !piece.contains("}") {
            if !named.isEmpty && piece.contains(where: Self.sentenceEnds.contains) { named = [] }
            speech.append(piece)
            return
        }
        for s in piece {
            if s == "{" {
                (slot, broken) = ([], false)
            } else if s == "}" || s == "\n" {
                if s == "}", let written = slot, labels.contains(written) { named.insert(written) }
                if s == "\n" { named = [] }
                (slot, broken) = (nil, false)
            } else if let written = slot {
                if allows(s) { slot = written + [s] } else { (slot, broken) = (nil, true) }
            } else if Self.sentenceEnds.contains(s) {
                named = []
            }
            speech.append([s])
        }
    }
}
