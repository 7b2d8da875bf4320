import Testing
@testable import ArcgenNeural

@Suite("Cue constraint")
struct CueConstraintTests {
    /// English transitions, for the tests that allow some besides cues.
    static let englishTransitions = ["CUT TO:", "SMASH CUT TO:", "MATCH CUT TO:", "DISSOLVE TO:", "FADE TO:",
                                     "JUMP CUT TO:", "CUT TO BLACK.", "FADE OUT.", "FADE TO BLACK."]

    /// The constraint after `text`, written as if chosen (enforced), or nil when it refuses it somewhere.
    static func written(_ text: String, labels: [String] = ["HEROINE", "GALAN"],
                        mustSpeak: [String]? = nil) -> CueConstraint? {
        var constraint = CueConstraint(labels: labels, mustSpeak: mustSpeak,
                                       transitions: Self.englishTransitions)
        for s in text.unicodeScalars {
            guard constraint.allows([s]) else { return nil }
            constraint.append([s])
        }
        return constraint
    }

    static let reader = CueConstraint(labels: [], transitions: Self.englishTransitions)

    @Test("a scene's own labels may speak, with extensions; another label may not")
    func labels() {
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.S.)\nAdiós.\n\n")?.spoken == ["HEROINE", "GALAN"])
        #expect(Self.written("@GALAN\nHola.\n\n") != nil)
        // `@` forces a cue whatever follows: only a label may follow it.
        for forced in ["@,\nHola.", "@galan\nHola.", "@\nHola.", "@ GALAN\nHola.", "@VILLANA\nHola."] {
            #expect(Self.written(forced) == nil, "\(forced)")
        }
        #expect(Self.written("HEROINE\nHola.\n\n@GALAN (O.S.)\nSí.\n") != nil)
        #expect(Self.written("Ella entra.\n@GALAN\nHola.") == nil && Self.written("HEROINE\nHola.\n@GALAN") == nil)
        // Capitals after punctuation read as a cue too: only a label may be spelt so.
        #expect(Self.written(", CONTIGO\nTres años.") == nil && Self.written("¡NO!\nSí.") == nil)
        #expect(Self.written("¡No! Ella corre.\n\nHEROINE\nSí.") != nil)
        // A line of spaces is a blank line: a cue may follow it, and only a label may be one.
        #expect(Self.written("Ella entra.\n \nVILLANA\nHola.") == nil)
        #expect(Self.written("Ella entra.\n \t\nGALAN\nHola.\n")?.spoken == ["GALAN"])
        #expect(Self.written("HEROINE\nHola.\n  \nOtra línea.\n\nGALAN\nSí.\n")?.spoken == ["HEROINE", "GALAN"])
        // Marks that force another element are not cues; lyrics and notes are no exception to our reader.
        for forced in ["!NO\nSí.", "# ACTO UNO\n\n", ".EXT. RÍO\n\n", "> FIN <\n\n", "> CORTE A:\n\n"] {
            #expect(Self.written(forced) != nil, "\(forced)")
        }
        for cue in ["~AMOR\nTe quiero.", "[[NOTA\nSí.", "...Y NO\nSí."] {
            #expect(Self.written(cue) == nil, "\(cue)")
        }
        #expect(Self.written("HEROINE\nHola.\n\n@HEROINE\nOtra vez.\n") == nil)
        // Refused as soon as the upper-case line can no longer become an allowed label.
        #expect(Self.written("HEROINE\nHola.\n\nV") != nil && Self.written("HEROINE\nHola.\n\nVI") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.S.) (CONT'D)\nSí.\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALANES\n") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.S.\n") == nil)
        // Extensions in capitals are Fountain's own: none made up, refused at the letter that leaves them.
        for known in ["V.O.", "O.S.", "O.C.", "CONT'D", "CONT’D"] {
            #expect(Self.written("HEROINE\nHola.\n\nGALAN (\(known))\nSí.\n") != nil, "\(known)")
        }
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (Llorando)\nSí.\n") == nil, "a capital holds it to the list")
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.") != nil && Self.written("HEROINE\nHola.\n\nGALAN (G") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.X") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN (O.S.S)") == nil)
        // An extension may be in lower case, as Fountain readers take it: still a cue, its speaker heard, and the
        // same speaker may not follow; it must close, and an empty one makes the whole line a name.
        let crying = Self.written("HEROINE (llorando)\nNo.\n")
        #expect(crying?.spoken == ["HEROINE"] && crying?.allows(["\n"]) == true)
        #expect(Self.written("HEROINE (llorando)\nNo.\n\nHEROINE\nOtra.") == nil)
        #expect(Self.written("HEROINE (llorando\n") == nil && Self.written("HEROINE ( )\n") == nil)
        #expect(Self.written("HEROINE (llorando) se va.\n\nHEROINE\nSí.\n")?.spoken == ["HEROINE"])
        #expect(Self.written("(PAUSA)\nSí.") == nil && Self.written("(pausa) Ella se va.\n\n") != nil)
        // With no name before them, a line's parentheses are not extensions: their lower case makes it action.
        #expect(Self.written("(pausa) NO\nSí.\n") != nil)
        // The dual-dialogue mark only ends a cue.
        #expect(Self.written("HEROINE (llorando) ^\nNo.") != nil)
        // Anything after the extensions makes the whole line the name, as our parser reads it: action, if it has
        // lower case anywhere.
        #expect(Self.written("HEROINE (llorando) ^ (O.S.)\nNo.\n")?.spoken == [])
        #expect(Self.written("HEROINE\nHola.\n\nA (sonriendo) ROSA entra.\n\n")?.spoken == ["HEROINE"])
        // A cue is followed by dialogue; an upper-case transition by a blank line.
        #expect(Self.written("GALAN\n\n") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN\nBueno.\n\nCUT TO:\n\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\nCUT TO:\n\n", mustSpeak: ["HEROINE"]) != nil)
        #expect(Self.written("HEROINE\nHola.\n\nCUT TO:\nX", mustSpeak: ["HEROINE"]) == nil)
        // A transition ends the scene: not while a role that must speak is silent, as the end marker may not.
        #expect(Self.written("HEROINE\nHola.\n\nC") != nil && Self.written("HEROINE\nHola.\n\nCU") == nil)
        // Without English transitions (a Spanish scene), CUT TO: is no more than a wrong cue.
        var spanish = CueConstraint(labels: ["HEROINE"])
        spanish.append(Array("HEROINE\nHola.\n\n> CORTE A:\n\n".unicodeScalars))
        #expect(!spanish.allows(Array("CU".unicodeScalars)) && spanish.allows(Array("HEROINE\nOtra.".unicodeScalars)))
    }

    @Test("= only opens a line: the end marker may be written, the header's syntax inside text may not")
    func equalsSign() {
        let spoke = "HEROINE\nHola.\n\nGALAN\nAdiós.\n\n"
        #expect(Self.written(spoke + "===\n") != nil)
        #expect(Self.written(spoke + "I= = 2 2, crucifijo") == nil)
        #expect(Self.written(spoke + "I== = 2 2, crucifijo") == nil)
        #expect(Self.written(spoke + "O=. = se le contesta") == nil)
        #expect(Self.written(spoke + "HEROINE\nDos = uno.") == nil)
        #expect(Self.written(spoke + "HEROINE\nDos y uno.\n\n===\n") != nil)
    }

    @Test("a lower-case letter makes a line action, whatever its first capitals")
    func action() {
        #expect(Self.written("La lluvia cae.\n\nA door slams.\n\nI think so.\n\n{heroine} entra.\n\n") != nil)
        #expect(Self.written("(pausa)\n\n¡No!\n\n> CORTE A:\n\n!NO.\n\n") != nil)
        // Capitals alone on a line are a cue if a line follows, whatever comes first: "¡NO!" like "NO".
        #expect(Self.written("(pausa)\n\n¡NO!\n") == nil && Self.written("(pausa)\n\n...Y NO\n") == nil)
        // Two capitals in a row start a cue: a shouted word or a name in capitals cannot open an action line.
        #expect(Self.written("A GUEST opens the door.") == nil)
        // A line of one capital is a cue once it ends, and "A" is no label.
        #expect(Self.written("HEROINE\nHola.\n\nA\n") == nil && Self.written("HEROINE\nHola.\n\nA d") != nil)
    }

    @Test("inside an action paragraph no line opens with a parenthesis: a mixed-case pseudo-cue cannot take one")
    func parenthesisInAction() {
        #expect(Self.written("HaRaPIENTO\n(sin voz)\n¿Alejandra?") == nil)
        #expect(Self.written("Ella entra.\n(") == nil && Self.written("Ella entra.\nSe sienta (cansada).\n") != nil)
        // A paragraph may still open with one, and a speech's parentheticals are untouched.
        #expect(Self.written("(pausa)\n\nHEROINE\n(llorando)\nNo.\n(pausa)\nVete.\n\n") != nil)
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
        #expect(Self.reader.cueLabel(Array("CUT TO:".unicodeScalars)) == nil)
        #expect(Self.reader.cueLabel(Array("INT. CASA - NOCHE".unicodeScalars)) == nil)
        #expect(Self.reader.cueLabel(Array("{heroine} entra.".unicodeScalars)) == nil)
        #expect(Self.reader.cueLabel(Array("Ella entra.".unicodeScalars)) == nil)
        #expect(Self.reader.cueLabel(Array("EXTRA 2 (V.O.) ^".unicodeScalars)) == "EXTRA 2")
        #expect(Self.reader.cueLabel(Array("@LOST-RELATIVE".unicodeScalars)) == "LOST-RELATIVE")
    }

    @Test("the scene cannot end until every role that must speak has spoken")
    func everyoneSpeaks() {
        #expect(Self.written("HEROINE\nHola.\n\n===") == nil)
        #expect(Self.written("HEROINE\nHola.\n\n= es") == nil)
        #expect(Self.written("HEROINE\nHola.\n===") == nil && Self.written("HEROINE\nHola.\n\nLlueve.\n===") == nil)
        #expect(Self.written("HEROINE\nHola.\n\nGALAN\nSí.\n\n===\n") != nil)
        #expect(Self.written("HEROINE\nHola.\n\n===\n", mustSpeak: ["HEROINE"]) != nil)
    }

    @Test("past pressAfter characters, a new paragraph can only open with the cue of a role still silent")
    func pressing() {
        let start = Array("HEROINE\nHola, hola.\n\n".unicodeScalars)     // 21 characters
        var calm = CueConstraint(labels: ["HEROINE", "GALAN", "MOTHER"], pressAfter: 30)
        calm.append(start)
        #expect(calm.allows(Array("Ella sale.".unicodeScalars)))            // under the threshold: action is fine
        var pressed = CueConstraint(labels: ["HEROINE", "GALAN", "MOTHER"], pressAfter: 20)
        for s in start { #expect(pressed.allows([s])); pressed.append([s]) }
        #expect(!pressed.allows(Array("Ella sale.".unicodeScalars)))        // no action while someone is silent
        #expect(!pressed.allows(Array("Madre sale.".unicodeScalars)))       // even one that begins like a cue
        #expect(!pressed.allows(Array("GALÁN".unicodeScalars)))
        #expect(pressed.allows(Array("@GALAN (O.S.)\nSí.".unicodeScalars)))
        #expect(!pressed.allows(Array("HEROINE".unicodeScalars)))           // not the one who spoke
        #expect(pressed.allows(Array("GALAN\nSí.".unicodeScalars)))
        #expect(pressed.allows(Array("MOTHER\nNo.".unicodeScalars)))
        // Once everyone has spoken, anything goes again.
        for s in "MOTHER\nNo.\n\nGALAN\nSí.\n\n".unicodeScalars { #expect(pressed.allows([s])); pressed.append([s]) }
        #expect(pressed.everyoneSpoke && pressed.allows(Array("Ella sale.".unicodeScalars)))
    }

    @Test("whether to press is decided as a paragraph opens: a cue begun before the threshold is finished")
    func pressingAtLineStart() {
        let start = Array("GALAN\nSí.\n\nElla sale.\n\n".unicodeScalars)
        var constraint = CueConstraint(labels: ["HEROINE", "GALAN", "MOTHER"], pressAfter: start.count + 2)
        constraint.append(start)
        #expect(constraint.allows(Array("GALAN\nOtra vez.\n\n".unicodeScalars)))
        // The next paragraph opens past the threshold: only the silent may speak.
        constraint.append(Array("GALAN\nOtra vez.\n\n".unicodeScalars))
        #expect(!constraint.allows(Array("Ella".unicodeScalars)))
        #expect(constraint.allows(Array("MOTHER\nNo.".unicodeScalars)))
    }

    @Test("priming text is recorded, never refused")
    func priming() {
        var constraint = CueConstraint(labels: ["HEROINE", "GALAN"])
        constraint.append(Array("= es encounter: HEROINE, GALAN\n\nVILLAIN\nJa.\n\nHEROINE\nHola.\n\n".unicodeScalars))
        #expect(constraint.spoken == ["VILLAIN", "HEROINE"])
        #expect(!constraint.allows(Array("HEROINE\nX".unicodeScalars)))
        #expect(constraint.allows(Array("GALAN\nX".unicodeScalars)))
    }

    /// A model of scenes with four speakers and a few action lines, all in lower case: a capital opening a paragraph
    /// always began a cue in training.
    static let fourSpeakers: LanguageModel = {
        let scenes = [
            "VILLAIN\nya te vi.\n\nllueve.\n\nMOTHER\nno me digas.\n\nVILLAIN\nsi te digo.\n\n===\n\n",
            "HEROINE\nhola amor.\n\nGALAN\nhola vida.\n\nsale.\n\nHEROINE\nme voy.\n\n===\n\n",
            "MOTHER\nven aca.\n\nHEROINE\nya voy.\n\nentra.\n\nMOTHER\napurate.\n\n===\n\n",
            "GALAN\nte quiero.\n\nVILLAIN\nno lo creo.\n\nGALAN\nya veras.\n\n===\n\n",
        ]
        return try! Fixtures.tinyModel(text: String(repeating: scenes.joined(), count: 12), updates: 200)
    }()

    /// A model that has seen four speakers writes only the two allowed, alternating, and both speak.
    @Test("sampling with the constraint: only listed labels, no speaker twice in a row, every label speaks")
    func sampling() throws {
        let model = Self.fourSpeakers
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
                if !lines[i + 1].isEmpty, let label = Self.reader.cueLabel(Array(lines[i].unicodeScalars)) {
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

    /// The paragraphs of the four-speaker model's samples (seeds 1–8) held to `cues`, refused cues redrawn or not.
    func paragraphs(redraw: Bool, _ cues: CueConstraint) -> [String] {
        let sampler = TextSampler(model: Self.fourSpeakers)
        var options = SamplingOptions()
        options.maxCharacters = 400
        options.stopStrings = ["\n==="]
        options.redrawRefusedCues = redraw
        return (UInt64(1) ... 8).flatMap { seed in
            sampler.generate(prime: "\n", options: options, seed: seed, constraints: [cues]).text
                .components(separatedBy: "\n\n")
        }
    }

    @Test("a cue the constraint refuses is begun again rather than turned into an action line that begins like it")
    func refusedCuesRedrawn() throws {
        /// Paragraphs that open with a capital and go on in lower case: refused cues turned into action.
        func diverted(redraw: Bool) -> Int {
            paragraphs(redraw: redraw, CueConstraint(labels: ["HEROINE", "GALAN"])).filter { paragraph in
                let letters = Array(paragraph.unicodeScalars.prefix(2))
                return letters.count == 2 && letters[0].properties.isUppercase && letters[1].properties.isLowercase
            }.count
        }
        let without = diverted(redraw: false)
        #expect(without >= 3)
        #expect(diverted(redraw: true) * 3 <= without)
    }

    @Test("capitals a transition lets through, then refused, are begun again too: no 'VILLAin' for 'VILLA TO:'")
    func refusedCapitalRunsRedrawn() throws {
        /// Paragraphs that open with `VILLA` and go on as anything but the transition.
        func trapped(redraw: Bool) -> Int {
            paragraphs(redraw: redraw, CueConstraint(labels: ["HEROINE", "GALAN"], mustSpeak: [],
                                                     transitions: ["VILLA TO:"]))
                .filter { $0.hasPrefix("VILLA") && !$0.hasPrefix("VILLA TO:") }.count
        }
        let without = trapped(redraw: false)
        #expect(without >= 3)
        #expect(trapped(redraw: true) * 3 <= without)
    }
}
