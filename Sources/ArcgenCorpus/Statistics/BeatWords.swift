import Foundation

/// The words that mark each beat in each language: the words a beat's scenes use far more than the other beats'
/// scenes of their language ("anillo", "arrodilla", "cásate" for a proposal; "ataúd", "luto" for a false death).
///
/// Why: a scene's synopsis names its people and events but seldom the words that make a reader, or the beat
/// classifier, know the beat, and the tag models, fine-tuned briefly from the base, hardly write them more than it
/// does. The scene writer can pull towards these words (`DrawSettings.beatPull`) as it pulls towards the synopsis's;
/// `arcgen corpus stats` lists them.
///
/// Each word is scored by its log-odds ratio in the beat's scenes against the other beats' (token counts, with an
/// informative Dirichlet prior from the language's own word frequencies, and divided by its standard error:
/// Monroe, Colaresi and Quinn 2008), so a word is chosen for being typical of the beat, not merely frequent in it.
public struct BeatWords: Sendable, Equatable {
    /// Per language and tag, the beat's words, the most typical first.
    public let words: [String: [String: [String]]]

    public init(words: [String: [String: [String]]]) { self.words = words }

    /// The words of `tag` in `language` (empty when there are none).
    public func words(tag: String, language: String) -> [String] { words[language]?[tag] ?? [] }

    /// A scene's text as the scorer reads it: its language, main tag and training body (cues as labels, cast names
    /// as `{role}` slots).
    public struct Scene: Sendable {
        public var language: String
        public var tag: String
        public var body: String

        public init(language: String, tag: String, body: String) {
            self.language = language
            self.tag = tag
            self.body = body
        }

        /// A corpus scene, whose `trainingBody` (costly) the caller has already computed.
        public init(_ scene: CorpusScene, body: String) {
            self.init(language: scene.lang, tag: scene.mainTag, body: body)
        }
    }

    /// - Parameters:
    ///   - perBeat: how many words each beat keeps, at most.
    ///   - minScenes: a word must occur in this many of the beat's scenes, so one scene's prop does not count.
    public static func build(_ scenes: [Scene], perBeat: Int = defaultPerBeat, minScenes: Int = 3) -> BeatWords {
        var result: [String: [String: [String]]] = [:]
        for language in Set(scenes.map(\.language)) {
            let mine = scenes.filter { $0.language == language }
            result[language] = build(mine, language: language, perBeat: perBeat, minScenes: minScenes)
        }
        return BeatWords(words: result)
    }

    /// How many words a beat keeps: about as many as a scene's synopsis gives the plan's pull.
    public static let defaultPerBeat = 30

    /// How many words of the language's own frequencies the prior adds to each side: enough that a word seen a few
    /// times in one beat does not outrank one seen far more often (chosen by reading the shipped corpus's lists).
    static let priorWords = 500.0

    /// The words of the beats of `scenes`, all in `language`.
    static func build(_ scenes: [Scene], language: String, perBeat: Int, minScenes: Int) -> [String: [String]] {
        var total: [String: Int] = [:]
        var byTag: [String: [String: Int]] = [:]
        var scenesWith: [String: [String: Int]] = [:]
        var names = ProperNames()
        for scene in scenes {
            let words = Self.words(in: scene.body, names: &names)
            for word in words {
                total[word, default: 0] += 1
                byTag[scene.tag, default: [:]][word, default: 0] += 1
            }
            for word in Set(words) { scenesWith[scene.tag, default: [:]][word, default: 0] += 1 }
        }
        let stop = SynopsisWords.functionWords(of: language)
        let all = Double(total.values.reduce(0, +))
        let prior = priorWords // a shorter name for the formula below
        var result: [String: [String]] = [:]
        for (tag, counts) in byTag {
            let inTag = Double(counts.values.reduce(0, +))
            var scored: [(z: Double, word: String)] = []
            for (word, k) in counts where word.count >= 3 && !stop.contains(word) && !names.isName(word)
                && (scenesWith[tag]?[word] ?? 0) >= minScenes {
                let a = prior * Double(total[word]!) / all
                let own = Double(k), rest = Double(total[word]! - k)
                let delta = log((own + a) / (inTag + prior - own - a))
                    - log((rest + a) / (all - inTag + prior - rest - a))
                let z = delta / (1 / (own + a) + 1 / (rest + a)).squareRoot()
                if z > 0 { scored.append((z, word)) }
            }
            scored.sort { $0.z != $1.z ? $0.z > $1.z : $0.word < $1.word }
            result[tag] = scored.prefix(perBeat).map(\.word)
        }
        return result
    }

    /// Marks after which a sentence begins.
    static let sentenceMarks: Set<Character> = [".", "!", "?", "¡", "¿", ":", ";", "—", "…", "\""]
    /// Titles whose abbreviating period does not end a sentence ("Dr. Salas"), lower-cased.
    static let titles: Set<String> = ["mr", "mrs", "ms", "dr", "dra", "sr", "sra", "srta", "st"]

    /// The lower-cased words (`SynopsisWords.wordRanges`, in NFC, as the models' text is) of a body's action and
    /// dialogue: cue lines (no lower-case letter), parentheticals ("pausa", "beat": directions, not a beat's
    /// words), the `===` end marker and `{role}` slots are left out, and words with anything but letters too (the
    /// pull cannot follow them). Records in `names` how each word is spelt where no sentence begins.
    static func words(in body: String, names: inout ProperNames) -> [String] {
        var out: [String] = []
        for line in body.precomposedStringWithCanonicalMapping.split(separator: "\n")
        where line.contains(where: \.isLowercase) && !line.hasPrefix("(") {
            let text = String(line)
            var previous = (end: text.startIndex, word: "")
            for range in SynopsisWords.wordRanges(in: text) {
                let word = String(text[range])
                let gap = text[previous.end ..< range.lowerBound]
                let begins = previous.end == text.startIndex
                    || gap.contains(where: sentenceMarks.contains) && !titles.contains(previous.word.lowercased())
                previous = (range.upperBound, word)
                if gap.hasSuffix("{") { continue }
                let lower = word.lowercased()
                if !begins { names.record(lower, spelt: word) }
                if word.allSatisfy(\.isLetter) { out.append(lower) }
            }
        }
        return out
    }

    /// How each word is spelt where no sentence begins: a word mostly capitalised there is a name ("Mateo",
    /// "Dallas"), which the cast of another story would not share. A word in capitals (an introduction, "un
    /// DOCTOR", or a sound) says nothing either way.
    struct ProperNames {
        var inside: [String: (all: Int, capitalised: Int)] = [:]

        mutating func record(_ lower: String, spelt word: String) {
            guard word != word.uppercased() else { return }
            let seen = inside[lower] ?? (0, 0)
            inside[lower] = (seen.all + 1, seen.capitalised + (word.first!.isUppercase ? 1 : 0))
        }

        func isName(_ word: String) -> Bool {
            guard let seen = inside[word], seen.all > 0 else { return false }
            return seen.capitalised * 2 >= seen.all
        }
    }
}
