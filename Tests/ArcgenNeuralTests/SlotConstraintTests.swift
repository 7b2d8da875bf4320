import Testing
@testable import ArcgenNeural

@Suite("Slot constraint")
struct SlotConstraintTests {
    /// The constraint after `text`, written as if chosen, or nil when it refuses it somewhere.
    static func written(_ text: String, labels: [String] = ["HEROINE", "GALAN"]) -> SlotConstraint? {
        var constraint = SlotConstraint(labels: labels)
        for s in text.unicodeScalars {
            guard constraint.allows([s]) else { return nil }
            constraint.append([s])
        }
        return constraint
    }

    @Test("a slot names one of the scene's own people, and never the speaker in their own speech")
    func slots() {
        // In action anyone of the scene, never a label it lacks; a slot closes only on a whole label.
        #expect(Self.written("{heroine} entra con {galan}.\n\n") != nil)
        #expect(Self.written("{villain} entra.") == nil && Self.written("{hero} entra.") == nil)
        #expect(Self.written("Ella cierra la puerta}") == nil && Self.written("{heroine\n") == nil)
        // In a speech the speaker's own label is refused at its first letter, parentheticals included.
        #expect(Self.written("HEROINE\n{h") == nil && Self.written("HEROINE\nHola, {galan}.\n\n") != nil)
        #expect(Self.written("GALAN\n(a {g") == nil && Self.written("GALAN\n(a {heroine})\nHola.\n\n") != nil)
        // Once the speech is over the speaker may be named again; a scene's only person never opens a slot.
        #expect(Self.written("HEROINE\nHola.\n\n{heroine} sale.") != nil)
        #expect(Self.written("HEROINE\n{", labels: ["HEROINE"]) == nil)
        #expect(Self.written("{lost-relative} y {extra 2}", labels: ["LOST-RELATIVE", "EXTRA 2"]) != nil)
        // A piece of several characters is judged as they would be one by one.
        #expect(Self.written("HEROINE\n")?.allows(Array("{galan}".unicodeScalars)) == true)
        #expect(Self.written("HEROINE\n")?.allows(Array("{heroine}".unicodeScalars)) == false)
    }

    @Test("a slot does not name again someone its sentence has named; the next sentence may")
    func namedOncePerSentence() {
        let labels = ["HEROINE", "GALAN", "PRIEST"]
        #expect(Self.written("PRIEST\n{galan}, ¿aceptas a {g", labels: labels) == nil)
        #expect(Self.written("PRIEST\n{galan}, ¿aceptas a {heroine}?", labels: labels) != nil)
        #expect(Self.written("{galan} entra. {galan} sale.\n\n{galan} vuelve", labels: labels) != nil)
        #expect(Self.written("{galan} mira a {galan}", labels: labels) == nil)
        // Judged as one piece as letter by letter, a sentence end inside it included.
        let after = Self.written("{galan} y ", labels: labels)
        #expect(after?.allows(Array("{galan}".unicodeScalars)) == false)
        #expect(after?.allows(Array("{heroine}. {galan}".unicodeScalars)) == true)
        // With nobody left to name, no slot opens.
        #expect(Self.written("HEROINE\n{galan}, ¿y {") == nil && Self.written("HEROINE\n{galan}. ¿Y {") != nil)
    }

    @Test("priming text is recorded, never refused; a slot it broke lets text through to its end")
    func priming() {
        var constraint = SlotConstraint(labels: ["HEROINE", "GALAN"])
        let priming = "= es encounter: HEROINE, GALAN\n\nVILLAIN\nJa {villain}.\n\nGALAN\n{her"
        constraint.append(Array(priming.unicodeScalars))
        #expect(constraint.speaker == "GALAN" && constraint.slot == Array("her".unicodeScalars))
        #expect(constraint.allows(["o"]) && !constraint.allows(["a"]) && !constraint.allows(["}"]))
        constraint.append(Array("{gal".unicodeScalars))         // GALAN naming himself: the slot breaks
        #expect(constraint.slot == nil && constraint.broken)
        #expect(constraint.allows(Array("an}".unicodeScalars)) && constraint.allows(Array("an.\n".unicodeScalars)))
        constraint.append(Array("an}".unicodeScalars))
        #expect(!constraint.broken && !constraint.allows(["}"]))
    }

    /// A model that has seen speakers name themselves, people of other scenes, and one person twice in a sentence,
    /// does none of it.
    @Test("sampling with the constraint: every slot names someone of the scene other than the speaker, once a sentence")
    func sampling() throws {
        let scenes = [
            "HEROINE\nsoy {heroine}.\n\nGALAN\nsoy {galan}, {heroine}.\n\n===\n\n",
            "GALAN\nya {galan} se va.\n\nHEROINE\nadios {galan}.\n\n{villain} entra.\n\n===\n\n",
            "VILLAIN\nsoy {villain}.\n\nHEROINE\nvete {villain}.\n\n===\n\n",
            "GALAN\n{heroine}, ¿y {heroine}?\n\nHEROINE\n{galan} y {galan}.\n\n===\n\n",
        ]
        let model = try Fixtures.tinyModel(text: String(repeating: scenes.joined(), count: 12), updates: 200)
        var options = SamplingOptions()
        options.maxCharacters = 300
        options.stopStrings = ["\n==="]
        let sampler = TextSampler(model: model)
        let reader = CueConstraint(labels: [])
        var slots = 0
        for seed in UInt64(1) ... 6 {
            let constraints: [any GenerationConstraint] = [CueConstraint(labels: ["HEROINE", "GALAN"]),
                                                           SlotConstraint(labels: ["HEROINE", "GALAN"])]
            let out = sampler.generate(prime: "\n", options: options, seed: seed, constraints: constraints)
            for paragraph in out.text.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n").map(String.init)
                let speaker = lines.count > 1 ? reader.cueLabel(Array(lines[0].unicodeScalars)) : nil
                for slot in paragraph.split(separator: "{").dropFirst().map({ $0.prefix { $0 != "}" } }) {
                    slots += 1
                    #expect(["heroine", "galan"].contains(String(slot)), "seed \(seed): \(out.text)")
                    #expect(String(slot) != speaker?.lowercased(), "seed \(seed): \(out.text)")
                }
                for sentence in paragraph.split(whereSeparator: { ".?!\n".contains($0) }) {
                    let named = sentence.split(separator: "{").dropFirst().map { String($0.prefix { $0 != "}" }) }
                    #expect(Set(named).count == named.count, "seed \(seed): \(sentence)")
                }
            }
        }
        #expect(slots >= 6, "the model names people: the test must see it try")
    }

    @Test("where a firm rule refuses the one letter a slot has left, the slot gives way and the firm rule holds")
    func givesWay() {
        var slot = SlotConstraint(labels: ["HEROINE", "GALAN"])
        slot.append(Array("GALAN\n{h".unicodeScalars))
        #expect(slot.liftedFirst && slot.allows(["e"]) && !slot.allows(["x"]))
        let sampler = TextSampler(model: SamplingTests.model)
        var options = SamplingOptions()
        options.maxCharacters = 20
        for letter: Unicode.Scalar in ["o", "u"] {
            let firm = WordPairsTests.Only(letters: [letter])
            let out = sampler.generate(prime: "GALAN\n{h", options: options, seed: 1, constraints: [slot, firm])
            // Lifted once; the slot, broken, then holds nothing more.
            #expect(out.text == String(repeating: String(letter), count: 20) && out.relaxedSteps == 1)
        }
    }
}
