import ArcgenCorpus
import ArcgenFountain
import ArcgenScript
import ArcgenVocabulary
import Foundation

/// Turns what a tag model wrote — Fountain with role cues (`VILLAIN`, `EXTRA 2`) and cast slots (`{heroine}`) —
/// into script elements with the episode's names, and applies the line-level quality gates: no line repeated within the
/// episode, dialogue of a length that reads like dialogue, no element cut off mid-way at the end, a person's age given
/// once, where the episode first introduces them, and no transition of the model's own.
public struct GeneratedSceneReader {
    /// What the episode has printed so far; each scene's reading adds to it.
    public struct EpisodeSoFar {
        /// Lines and action paragraphs: none is printed twice (short interjections aside, see `named`).
        public var lines = Set<String>()
        /// People already introduced with an age ("Rocío (60)"), and the age: a screenplay gives it once, so a later
        /// one (the model gives them afresh in every scene, and not the same) is dropped, unless the cast's age has
        /// changed since (a time jump: "Marina (29)" after "Marina (17)").
        public var introduced: [String: Int] = [:]

        public init() {}
    }

    /// Role id → the name that plays it in this episode.
    public let names: [String: String]
    /// Longest dialogue line kept (characters); a longer one is cut at its last sentence end within the limit.
    public var maxDialogueLength = 240
    /// Longest action paragraph kept.
    public var maxActionLength = 420

    /// `es` or `en`: the language of the labels given to roles the cast lacks.
    public let language: String

    /// Role id → what the script calls the role, by language, when the cast has no name for it ("el médico").
    public let roleLabels: [String: [String: String]]

    /// Name → that person's age in this scene (the cast's, or the vocabulary's for the role, less any time jump still
    /// to come), printed where they are introduced in place of the one the model wrote; anyone else keeps the model's.
    public let ages: [String: Int]

    /// - Parameters:
    ///   - roleLabels: the vocabulary roles' `label`s (`arcs/vocabulary.json`); a role without one is called by its
    ///     id in title case.
    ///   - ages: name (as in `names`) → age.
    public init(names: [String: String], language: String = "es", roleLabels: [String: [String: String]] = [:],
                ages: [String: Int] = [:]) {
        self.names = names
        self.language = language
        self.roleLabels = roleLabels
        // Sorted, so two names that read alike always give the same age, whatever the dictionary's order.
        self.ages = Dictionary(ages.sorted { $0.key < $1.key }
                                   .map { (NameJoining.withoutArticle($0.key).lowercased(), $0.value) },
                               uniquingKeysWith: { first, _ in first })
        let labels = roleLabels.values.compactMap { $0[language] }
        people = Set(Set(names.values).union(labels).filter { !$0.isEmpty }.map(NameJoining.withoutArticle))
            .sorted { $0.count > $1.count }
    }

    /// Every name this reader prints for a role (the cast's, and the labels of roles the cast lacks), without the
    /// article it may bring ("junto al doctor Espinoza" names the same person), longest first: whom an age follows.
    let people: [String]

    /// The name for a role label such as `HEROINE`, `LOST-RELATIVE` or `EXTRA 2`.
    func name(forLabel label: String) -> (name: String, role: String) {
        let parts = label.split(separator: " ")
        let role = parts.first.map { $0.lowercased() } ?? label.lowercased()
        // A numbered label the cast gives a person of its own (`extra 2`: a second own role of the arc).
        if let n = names[label.lowercased()] { return (n, role) }
        let number = parts.count > 1 ? Int(parts[1]) : nil
        if let n = names[role] { return (number.map { "\(n) \($0)" } ?? n, role) }
        // A role the cast lacks: a plain description ("el médico"), so the script still reads.
        let fallback = roleLabels[role]?[language]
            ?? role.split(separator: "-").map { $0.capitalized }.joined(separator: " ")
        return (number.map { "\(fallback) \($0)" } ?? fallback, role)
    }

    /// Replaces `{role}` and `{role 2}` slots with names. A slot the model wrote against a letter (`{heroine}eres`)
    /// gets a space on that side: in training text a slot is always a whole word, and the word-list constraint
    /// checked the letters beside it as a word of their own, so gluing them to the name would make a word it never
    /// allowed. A brace that opens or closes no slot — the model began one and never closed it (`{doctor.`), or
    /// closed one it never opened (`servant}`) — is never printed: the word beside it becomes the name when it is a
    /// role, and stays a plain word otherwise (a word of its own, as a slot's neighbours are).
    func filled(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let brace = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            out += rest[..<brace]
            rest = rest[rest.index(after: brace)...]
            if text[brace] == "}" {
                // A slot closed but never opened: the word just written is its label.
                let word = out.reversed().prefix { $0.isLetter || $0 == "-" }
                if !word.isEmpty, isRole(String(word.reversed())) {
                    out.removeLast(word.count)
                    append(name(forLabel: String(word.reversed()).uppercased()).name, to: &out)
                }
                if out.last?.isLetter == true, rest.first?.isLetter == true { out += " " }
                continue
            }
            let label = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " }
            if rest.dropFirst(label.count).first == "}" {
                if out.last?.isLetter == true { out += " " }
                append(name(forLabel: String(label).uppercased()).name, to: &out)
                rest = rest.dropFirst(label.count + 1)
                if rest.first?.isLetter == true { out += " " }
                continue
            }
            // A slot opened and never closed: its first word names the role, or is a plain word.
            let word = rest.prefix { $0.isLetter || $0 == "-" }
            if out.last?.isLetter == true, rest.first?.isLetter == true { out += " " }
            if !word.isEmpty, isRole(String(word)) {
                append(name(forLabel: String(word).uppercased()).name, to: &out)
                rest = rest.dropFirst(word.count)
                if rest.first?.isLetter == true { out += " " }
            }
        }
        return labelsNamed(out + rest)
    }

    /// `text` with every bare cue label written as a word ("A cracked HEROINE dishes") named: the plan line of the
    /// header writes the cast as cue labels, and the models sometimes carry that into the scene. Only a word in
    /// capitals that is a role id counts, so a capitalised word of the text ("NO", "SOUS CHEF") stays.
    func labelsNamed(_ text: String) -> String {
        guard text.contains(where: { $0.isUppercase }) else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(where: { $0.isLetter }) {
            out += rest[..<start]
            let word = rest[start...].prefix { $0.isLetter || $0 == "-" }
            rest = rest[word.endIndex...]
            if word.count > 1, word.allSatisfy({ $0 == "-" || $0.isUppercase }), isRole(String(word)) {
                // A numbered label the cast gives a person (`EXTRA 2`) is that person, number and all.
                let number = rest.first == " " ? rest.dropFirst().prefix { $0.isNumber } : ""
                let numbered = "\(word) \(number)"
                if !number.isEmpty, names[numbered.lowercased()] != nil {
                    append(name(forLabel: numbered).name, to: &out)
                    rest = rest.dropFirst(1 + number.count)
                } else {
                    append(name(forLabel: String(word)).name, to: &out)
                }
            } else {
                out += word
            }
        }
        return out + rest
    }

    /// Writes a role's name after `out`, joined to the words before it as `NameJoining` says ("La {extra}" reads
    /// "El abogado"; a name opening a sentence takes a capital).
    func append(_ name: String, to out: inout String) {
        out = NameJoining.appending(name, to: out, droppingDefiniteArticle: true)
    }

    /// `text` with an age after a name ("Rocío (60)") kept only where the episode first gives one for that name
    /// (or where the cast's age for it differs from the one given), and there the cast's age for that person when
    /// `ages` has one: `introduced` holds the names already given an age, with the age, and takes the new ones; a
    /// numbered person ("el camarero 2") is one of its own. A bracketed number after anything else ("Sala 3 (12)")
    /// is left as written. Not `introducing` (a delivery), every age after a person goes.
    func agesOnce(_ text: String, introduced: inout [String: Int], introducing: Bool = true) -> String {
        guard text.contains("(") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: " (") {
            let digits = rest[open.upperBound...].prefix { $0.isNumber }
            let close = rest.index(open.upperBound, offsetBy: digits.count)
            guard (1 ... 3).contains(digits.count), close < rest.endIndex, rest[close] == ")" else {
                out += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            let before = out + rest[..<open.lowerBound]
            // A numbered person ("el camarero 2 (30)") is the name and its number: another one than "camarero 3".
            var named = Substring(before), number = ""
            if let space = before.lastIndex(of: " "), case let tail = before[before.index(after: space)...],
               (1 ... 2).contains(tail.count), tail.allSatisfy(\.isNumber) {
                named = before[..<space]
                number = " " + tail
            }
            let person = people.first { name in
                guard let r = named.range(of: name, options: [.caseInsensitive, .backwards, .anchored]) else {
                    return false
                }
                return r.lowerBound == named.startIndex || !named[named.index(before: r.lowerBound)].isLetter
            }.map { $0 + number }
            out = before
            if let person {
                let key = person.lowercased()
                let age = number.isEmpty ? ages[key] : nil
                if !introducing {
                    // a delivery introduces nobody: the age goes
                } else if let given = introduced[key], age == nil || age == given {
                    // already introduced at this age: the age goes
                } else if let age {
                    out += " (\(age))"
                    introduced[key] = age
                } else {
                    out += rest[open.lowerBound ... close]
                    introduced[key] = Int(digits) ?? 0
                }
            } else {
                out += rest[open.lowerBound ... close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Whether `word` is a role id this reader can name (from the cast or the vocabulary's labels).
    func isRole(_ word: String) -> Bool {
        let role = word.lowercased()
        return names[role] != nil || roleLabels[role] != nil
    }

    /// Reads one scene's generated text; `soFar` is what the episode printed before it, and the scene is added to it.
    /// - Parameter complete: false when generation stopped on the length limit, so the last element may be cut off.
    public func read(_ raw: String, complete: Bool, soFar: inout EpisodeSoFar) -> [ScriptElement] {
        var elements = ScriptElement.grouping(FountainParser.parseSceneBody(raw).elements)
        // Stopped by the length limit: the last element may end mid-sentence, so it goes (before it can take a
        // line or an introduction from the episode).
        if !complete, !elements.isEmpty { elements.removeLast() }
        // Each speaker's last speech in the scene: if none of theirs was kept before it, its lines that an earlier
        // scene printed stay, or a role whose one line the episode had heard ("¿Quién es usted?") would go silent in
        // its own scene (a line this scene printed still goes: an echo).
        let earlier = soFar.lines
        var lastSpeech: [String: Int] = [:]
        for (i, element) in elements.enumerated() {
            if case let .dialogue(speech) = element { lastSpeech[speech.speaker.uppercased()] = i }
        }
        var heard = Set<String>()
        var out: [ScriptElement] = []
        for (i, element) in elements.enumerated() {
            switch element {
            case let .dialogue(speech):
                let label = speech.speaker.uppercased()
                let lastChance = lastSpeech[label] == i && !heard.contains(label)
                guard let kept = named(speech, seen: &soFar.lines, mayRepeat: lastChance ? earlier : []) else {
                    continue
                }
                heard.insert(label)
                // What stood between two speeches of one speaker may be gone (a repeat, a transition, a plan line):
                // the second goes on the first, as one speech, rather than a cue no script would write twice (but
                // not one with other extensions: `(O.S.)` then on screen is two speeches).
                if case var .dialogue(last)? = out.last, last.speaker == kept.speaker,
                   last.extensions == kept.extensions {
                    last.segments += kept.segments
                    out[out.count - 1] = .dialogue(last)
                } else {
                    out.append(.dialogue(kept))
                }
            case let .action(written):
                // A sentence that carries on the header's plan line is not prose.
                let sentences = SynopsisWords.sentences(in: written)
                let prose = sentences.filter { !SynopsisWords.readsAsPlanLine($0, language: language) }
                let text = prose.count == sentences.count ? written : prose.joined(separator: " ")
                // A paragraph is a repeat by its words as the model wrote them, ages included.
                let paragraph = Self.withoutUnpairedQuote([cut(filled(text), limit: maxActionLength)])[0]
                if !paragraph.isEmpty && soFar.lines.insert(paragraph).inserted {
                    out.append(.action(agesOnce(paragraph, introduced: &soFar.introduced)))
                }
            case .transition:
                // The plan decides a scene's edges (`EpisodeGenerator.closing`): a transition of the model's own
                // falls mid-scene, or in the other language.
                continue
            }
        }
        return out
    }

    /// A speech of role cues with the episode's names, one segment per dialogue line kept, each with the delivery
    /// written last before it; nil when no line is kept (a parenthetical with no line after it goes with it).
    /// `mayRepeat`: lines kept although `seen` holds them (a silent role's last chance to speak).
    func named(_ speech: Speech, seen: inout Set<String>, mayRepeat: Set<String> = []) -> Speech? {
        let (name, role) = self.name(forLabel: speech.speaker.uppercased())
        var kept = Speech(speaker: name, role: role, extensions: speech.extensions, segments: [])
        var delivery: String?
        for segment in speech.segments {
            if let parenthetical = segment.parenthetical { delivery = trimmedDelivery(parenthetical) }
            for text in segment.text.split(separator: "\n") {
                // An unclosed "(" opens a delivery the model never finished: a short one becomes the
                // parenthetical it meant, a long one loses the bracket.
                var body = String(text)
                // Deliveries that open a line of dialogue ("(bajito) Ya voy.") are read as such by Fountain readers,
                // their spaces trimmed: the last one is kept as the line's delivery.
                if body.hasPrefix("("), body.contains(")") {
                    var parts = FountainRules.splitLeadingParentheticals(body)
                    if let last = parts.last, !(last.hasPrefix("(") && last.hasSuffix(")")) {
                        body = last
                        parts.removeLast()
                    } else {
                        body = ""
                    }
                    for part in parts { delivery = trimmedDelivery(part.dropFirst().dropLast()) ?? delivery }
                    if body.isEmpty { continue }
                }
                if body.hasPrefix("("), !body.contains(")") {
                    let inner = body.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: " .,;"))
                    if inner.count <= 30 { if !inner.isEmpty { delivery = trimmedDelivery(inner) }; continue }
                    body = String(body.dropFirst())
                }
                // Spaces around a line are nothing a reader sees (a dropped slot can leave one at its start).
                let line = cut(filled(body), limit: maxDialogueLength).trimmingCharacters(in: .whitespaces)
                // A repeated line is dropped; short interjections ("¡No!", "Yes.") may recur, and so may a name called
                // (`¿{galan}?`: short as the model wrote it, whatever the name; it may be a silent role's one line).
                let short = body.trimmingCharacters(in: .whitespaces).count <= 12
                if seen.contains(line) && !short && !mayRepeat.contains(line) {
                    delivery = nil
                    continue
                }
                seen.insert(line)
                kept.segments.append(Speech.Segment(parenthetical: delivery, text: line))
                delivery = nil
            }
        }
        let texts = Self.withoutUnpairedQuote(kept.segments.map(\.text)).map(Self.withMatchingOpeners)
        for i in kept.segments.indices { kept.segments[i].text = texts[i] }
        kept.segments = kept.segments.filter { !$0.text.isEmpty }
        return kept.segments.isEmpty ? nil : kept
    }

    /// `texts` (a speech's lines, or one paragraph) without their last straight quote when they hold an odd number:
    /// the model opened a quotation and never closed it (`Eso dice "para la señorita.`), about once an episode, and a
    /// quote left open reads as a slip in any screenplay tool. The space it leaves doubled is single again.
    static func withoutUnpairedQuote(_ texts: [String]) -> [String] {
        guard texts.reduce(0, { $0 + $1.count { $0 == "\"" } }) % 2 == 1,
              let i = texts.lastIndex(where: { $0.contains("\"") }) else { return texts }
        var out = texts
        var text = out[i]
        let quote = text.lastIndex(of: "\"")!
        let before = text[..<quote], after = text[text.index(after: quote)...]
        text = String(before.last == " " && (after.first == " " || after.isEmpty) ? before.dropLast() : before) + after
        out[i] = text.trimmingCharacters(in: .whitespaces)
        return out
    }

    /// `text` with each Spanish opening mark matching the mark that closes it: an exclamation the model ended as a
    /// question (`¡Sí, Andrés?`) opens as one (`¿Sí, Andrés?`), and the other way round; the closing mark is the
    /// model's last word on it. An opener whose sentence ends otherwise is left as written. Three speeches over the
    /// README's Spanish episodes had such a pair.
    static func withMatchingOpeners(_ text: String) -> String {
        guard text.contains("¡") || text.contains("¿") else { return text }
        var chars = Array(text)
        var open: Int?
        for i in chars.indices {
            switch chars[i] {
            case "¡", "¿": open = i
            case "!", "?":
                if let o = open { chars[o] = chars[i] == "?" ? "¿" : "¡" }
                open = nil
            case ".", "…": open = nil                         // the opener's sentence ended unclosed
            default: break
            }
        }
        return String(chars)
    }

    /// A delivery with its slots named, no age after a name (a delivery introduces nobody) and no space at either
    /// end (a Fountain reader drops them, and a stray brace dropped can leave one); nil when nothing is left.
    func trimmedDelivery(_ text: some StringProtocol) -> String? {
        var delivery = filled(String(text))
        if delivery.contains("(") {
            var nobody: [String: Int] = [:]
            delivery = agesOnce(delivery, introduced: &nobody, introducing: false)
        }
        delivery = delivery.trimmingCharacters(in: .whitespaces)
        return delivery.isEmpty ? nil : delivery
    }

    /// Cuts `text` to `limit` characters at the last sentence end (or word end) inside the limit.
    func cut(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = String(text.prefix(limit))
        if let end = head.lastIndex(where: { ".!?…".contains($0) }) { return String(head[...end]) }
        if let space = head.lastIndex(of: " ") { return String(head[..<space]) + "…" }
        return head
    }
}
