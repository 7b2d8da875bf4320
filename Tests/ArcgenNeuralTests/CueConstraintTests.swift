import Testing
@testable import ArcgenNeural

@Suite("Cue constraint")
struct CueConstraintTests {
    /// The constraint after `text`, written as if chosen (enforced), or nil when it refuses it somewhere.
    static func written(_ text: String, labels: [String] = ["HEROINE", "GALAN"],
                        mustSpeak: [String]? = nil) -> CueConstraint? {
        var constraint = CueConstraint(labels: labels, mustSpeak: mustSpeak)
        for s in text.unicodeScalars {
            guard constraint.allows([s]) else { return nil }
            constraint.append([s])
        }
        return constraint
    }

    @Test("a scene's own labels may speak, with extensions; another label may not")
    func labels() {
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.S.)\nAdiós.\n\n")?.spoken == ["HEROINE", "GALAN"])
        #expect(Self.written("@GALAN\nHola.\n\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\nVILLAIN\nJa.") == nil)
        // Refused at the first character of the speech, not before: the cue line itself may still stand as action.
        #expect(Self.written("HEROINE\nHola.\n\nVILLAIN\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\nSILENCIO.\n\nGALAN\nBueno.\n") != nil)
    }

    @Test("nobody speaks twice in a row unless action comes between")
    func alternation() {
        #expect(Self.written("HEROINE\nHola.\n\nHEROINE\nOtra vez.") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nHEROINE (CONT'D)\nOtra vez.") == nil)
        #expect(Self.written("HEROINE\nHola.\n(pausa)\nOtra vez.\n\nGALAN\nSí.\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\nElla se sienta.\n\nHEROINE\nOtra vez.\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\n> CORTE A:\n\nHEROINE\nOtra vez.\n") != nil)
    }

    @Test("transitions, headings and action are never read as cues")
    func notCues() {
        #expect(CueConstraint.cueLabel(Array("CUT TO:".unicodeScalars)) == nil)
        #expect(CueConstraint.cueLabel(Array("INT. CASA - NOCHE".unicodeScalars)) == nil)
        #expect(CueConstraint.cueLabel(Array("{heroine} entra.".unicodeScalars)) == nil)
        #expect(CueConstraint.cueLabel(Array("Ella entra.".unicodeScalars)) == nil)
        #expect(CueConstraint.cueLabel(Array("EXTRA 2 (V.O.) ^".unicodeScalars)) == "EXTRA 2")
        #expect(CueConstraint.cueLabel(Array("@LOST-RELATIVE".unicodeScalars)) == "LOST-RELATIVE")
    }

    @Test("the scene cannot end until every role that must speak has spoken")
    func everyoneSpeaks() {
        #expect(Self.written("HEROINE\nHola.\n\n===") == nil)
        #expect(Self.written("HEROINE\nHola.\n\n= es") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN\nSí.\n\n===\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\n===\n", mustSpeak: ["HEROINE"]) != nil)
        // An `=` inside a line is text, not the end marker.
        #expect(Self.written("HEROINE\n2 = 2.\n\n") != nil)
    }

    @Test("priming text is recorded, never refused")
    func priming() {
        var constraint = CueConstraint(labels: ["HEROINE", "GALAN"])
        constraint.append(Array("= es encounter: HEROINE, GALAN\n\nVILLAIN\nJa.\n\nHEROINE\nHola.\n\n".unicodeScalars))
        #expect(constraint.spoken == ["VILLAIN", "HEROINE"])
        #expect(!constraint.allows(Array("HEROINE\nX".unicodeScalars)) && constraint.allows(Array("GALAN\nX".unicodeScalars)))
    }

    /// A model that has seen four speakers writes only the two allowed, alternating, and both speak.
    @Test("sampling with the constraint: only listed labels, no speaker twice in a row, every label speaks")
    func sampling() throws {
        let scenes = [
            "VILLAIN\nya te vi.\n\nMOTHER\nno me digas.\n\nVILLAIN\nsi te digo.\n\n===\n\n",
            "HEROINE\nhola amor.\n\nGALAN\nhola vida.\n\nHEROINE\nme voy.\n\n===\n\n",
            "MOTHER\nven aca.\n\nHEROINE\nya voy.\n\nMOTHER\napurate.\n\n===\n\n",
            "GALAN\nte quiero.\n\nVILLAIN\nno lo creo.\n\nGALAN\nya veras.\n\n===\n\n",
        ]
        let model = try Fixtures.tinyModel(text: String(repeating: scenes.joined(), count: 12), updates: 200)
        var options = SamplingOptions()
        options.maxCharacters = 400
        options.stopStrings = ["\n==="]
        let sampler = TextSampler(model: model)
        for seed in UInt64(1) ... 6 {
            let constraint = CueConstraint(labels: ["HEROINE", "GALAN"])
            let out = sampler.generate(prime: "\n", options: options, seed: seed, constraints: [constraint])
            // Read the sample as Fountain: a paragraph's first line is a cue when it has no lower case and a line
            // follows it; any other paragraph is action, which lets the same speaker come back.
            var cues: [String] = []
            var repeats = 0
            var actionSinceCue = false
            let lines = ("\n" + out.text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for i in 1 ..< max(1, lines.count - 1) where lines[i - 1].isEmpty && !lines[i].isEmpty {
                if !lines[i + 1].isEmpty, let label = CueConstraint.cueLabel(Array(lines[i].unicodeScalars)) {
                    if label == cues.last && !actionSinceCue { repeats += 1 }
                    cues.append(label)
                    actionSinceCue = false
                } else {
                    actionSinceCue = true
                }
            }
            #expect(Set(cues).isSubset(of: ["HEROINE", "GALAN"]), "seed \(seed): \(out.text)")
            #expect(repeats == 0, "seed \(seed): \(out.text)")
            if out.stop == .stopString { #expect(Set(cues) == ["HEROINE", "GALAN"], "seed \(seed): \(out.text)") }
        }
    }
}
