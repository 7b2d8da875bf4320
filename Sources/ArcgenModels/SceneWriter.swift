import ArcgenCorpus
import ArcgenFountain
import ArcgenNeural
import ArcgenSupport
import ArcgenVocabulary
import Foundation

/// The one way a scene is drawn from a tag model — `arcgen episode`, `arcgen season` and `arcgen eval` all call it,
/// so the figures eval prints are those of what ships (of the draft itself: the episode's reader then drops repeats,
/// the model's own transitions and a cut-off last element, and binds the labels to names). It fixes:
///
/// - **the priming header**: `= <lang> <tag>: <LABELS>`, and the plan line when the models were trained with one
///   (`SynopsisPriming`), spelt by `CorpusScene.trainingHeader`, the function the training text is written with;
/// - **the constraints**: the cue constraint (only the scene's labels, nobody twice in a row, everyone before the
///   end, a silent role called on past half the scene), and the guards (each language's corpus words, no run of
///   `copyLength` characters copied from the training text) when there are guards, and no run of `repeatLength`
///   characters written a second time (the header's runs count: `NoRepeatConstraint`);
/// - **the pull** of the plan's words (`WordPull`, `DrawSettings.planPull`): a word the model begins like one of
///   the synopsis's content words is carried on towards it a little more often; likewise, uncounted in the rank,
///   towards the words that mark the scene's beat (`BeatWords`, `DrawSettings.beatPull`; off by default);
/// - **sample-and-rank**: `DrawSettings.candidates` draws in one batch, each from a seed derived from the scene's,
///   kept by `Score` (below); when no candidate keeps the speaker rules, another batch, up to `attempts` batches.
///   With `DrawSettings.rankParagraphs` the batch's candidates are ranked at every paragraph instead and give one
///   draw.
///
/// The same scene, model and seed give the same draft, however many scenes are written in parallel.
public struct SceneWriter {
    /// What to write: the scene's language, beat, cue labels (in the order they prime) and synopsis with the cast's
    /// names already written as labels (`HEROINE confiesa…`), as the corpus synopses are in training.
    public struct Scene: Sendable {
        public var language: String
        public var tag: String
        public var labels: [String]
        public var synopsis: String?

        public init(language: String, tag: String, labels: [String], synopsis: String?) {
            self.language = language
            self.tag = tag
            self.labels = labels.map { $0.uppercased() }
            self.synopsis = synopsis
        }
    }

    /// How candidates compare, best last (`Comparable`): first the rules — roles of the scene that spoke, speeches
    /// (two count as enough), not restating the synopsis (no run of `restateLength` characters in common), not
    /// looping (`loopShare`) — then the **merit**: the share of the synopsis's content words the scene uses, plus the
    /// model's mean log-likelihood per token (nats; about −1 for a good draw, lower for a stumbling one). Likelihood
    /// keeps the sentences the model believes in; coverage the ones about this scene.
    public struct Score: Comparable, Sendable {
        public var rolesSpoken: Int
        public var speeches: Int
        public var restates: Bool
        public var loops: Bool
        public var coverage: Double
        public var meanLogLikelihood: Double

        public var merit: Double { coverage + meanLogLikelihood }

        public static func < (a: Score, b: Score) -> Bool {
            (a.rolesSpoken, min(a.speeches, 2), !a.restates ? 1 : 0, !a.loops ? 1 : 0, a.merit)
                < (b.rolesSpoken, min(b.speeches, 2), !b.restates ? 1 : 0, !b.loops ? 1 : 0, b.merit)
        }
    }

    /// One scene's chosen draw.
    public struct Draft: Sendable {
        public var text: String
        /// Whether the model ended the scene itself (`===`) rather than running out of characters.
        public var complete: Bool
        /// What replays it: the kept candidate's seed, alone; ranked by paragraphs, the seed of its batch, whose
        /// candidates (`derivedSeed(seed, k)`, k from 0; from 1 in a greedy run's first batch, whose candidate 0 is
        /// the greedy draw) wrote it together.
        public var seed: UInt64
        public var score: Score
        /// Whether every label spoke, with two speeches or more.
        public var keepsRules: Bool
    }

    /// A synopsis run this long, found in a scene, is restating it (the measure of copying the plan).
    public static let restateLength = 30
    /// A draw whose word trigrams repeat an earlier one of the draw more often than this is looping. The no-repeat
    /// rule below stops exact loops but not near ones ("de la cara de la camisa de la cara…"), which the model rates
    /// likely: greedy scenes of the 2×320 models repeat 48–55% of their trigrams, samples at 0.8 under 2%, the
    /// hand-written corpus 1.3% on average and 10% at most.
    public static let loopShare = 0.15
    /// A run this long written twice in one scene is a loop (`NoRepeatConstraint`).
    public static let repeatLength = 32

    /// How candidates are drawn and ranked (temperature, top-p, the pulls, candidates, the rank). Set through
    /// `use(_:library:)`, which loads the base model a rank weighing the gain over it needs.
    public internal(set) var draw = DrawSettings()
    public var maxCharacters = 1600
    /// Batches of candidates drawn at most, while none keeps the speaker rules.
    public var attempts = 3
    /// What a scene was drawn from at most, for the warning about one still without speech.
    public var mostDrawn: String { "up to \(attempts) batches of \(draw.candidates) candidates" }
    /// The cue constraint (the scene's own speakers, in turn, all of them), `NoRepeatConstraint`,
    /// `WordShapeConstraint`, `SlotConstraint` and refused cues begun again; off only to measure raw samples (the
    /// ranking still applies).
    public var cueRules = true
    public let priming: SynopsisPriming
    public let guards: GenerationGuards?
    /// The model the tag models were fine-tuned from, which `DrawSettings.rankGain` weighs their gain over; set by
    /// `use(_:library:)`.
    public private(set) var baseline: LanguageModel?
    let noCopy: NoCopyConstraint?

    public init(priming: SynopsisPriming, guards: GenerationGuards?) {
        self.priming = priming
        self.guards = guards
        noCopy = guards?.noCopyConstraint()
    }

    /// Draws with `draw` from now on, and loads the base of `library` when its rank weighs the gain over it.
    /// - Throws: `ModelsError` when the base cannot be read, or spells other tokens than the tag models.
    public mutating func use(_ draw: DrawSettings, library: ModelLibrary) throws {
        self.draw = draw
        baseline = nil
        guard draw.weighsGain else { return }
        let base = try library.baseModel()
        for tag in library.manifest.tags.keys.sorted()
        where try library.model(for: tag).tokenizer.symbols != base.tokenizer.symbols {
            throw ModelsError.baseSpellsOtherTokens(tag: tag)
        }
        baseline = base
    }

    /// The priming text of `scene`, the blank line after the header included.
    public func header(_ scene: Scene) -> String {
        let plan = scene.synopsis.flatMap { priming.line(synopsis: $0, language: scene.language) }
        return SceneSampler.header(language: scene.language, tag: scene.tag, roles: scene.labels, synopsis: plan)
    }

    /// The transitions the corpus writes in capitals without `>` (`CUT TO:` closes 1,407 English scenes), which a
    /// model may write as it learned to: refused, the English models went on past where their scenes end, to the
    /// length limit (30 of 44 scenes). The episode's reader drops every transition of the model's own, forced
    /// (`> CORTE A:`, action to the cue constraint) or not: the plan decides a scene's edges. Only those Fountain
    /// reads as transitions (ending `TO:`); an upper-case line is otherwise one of the scene's cues.
    static let modelTransitions = ["CUT TO:", "SMASH CUT TO:", "MATCH CUT TO:", "DISSOLVE TO:", "FADE TO:"]

    /// The constraints of one stream writing `scene` after `header`.
    func constraints(_ scene: Scene, header: String) -> (CueConstraint, [any GenerationConstraint]) {
        let cues = CueConstraint(labels: scene.labels, transitions: Self.modelTransitions,
                                 pressAfter: header.unicodeScalars.count + maxCharacters / 2)
        // Where together they leave no letter, the preferences give way in turn, the last first: the word triples,
        // the word pairs, then the slots, then the word shapes (`TextSampler.firmOnly`).
        var all: [any GenerationConstraint] = cueRules
            ? [cues, NoRepeatConstraint(length: Self.repeatLength), WordShapeConstraint(),
               SlotConstraint(labels: scene.labels)] : []
        if let guards, let noCopy {
            all += guards.constraints(noCopy: noCopy, language: scene.language, wordPairs: draw.wordPairs,
                                      wordTriples: draw.wordTriples,
                                      planWords: draw.freePlanWords == .held ? [] : planWords(scene).sorted(),
                                      planWordsOnce: draw.freePlanWords == .once)
        }
        return (cues, all)
    }

    /// The content words of `scene`'s synopsis: what synopsis coverage counts and the plan pulls towards.
    func planWords(_ scene: Scene) -> Set<String> {
        SynopsisCoverage.words(of: scene.synopsis ?? "", language: scene.language)
    }

    /// The pull of `scene`'s plan words on one stream (the content words synopsis coverage counts) and of its
    /// beat's words; nil when neither pulls.
    func pull(_ scene: Scene) -> WordPull? {
        let words = draw.planPull == 0 ? [] : planWords(scene)
        let beat = draw.beatPull == 0 ? [] : guards?.beatWords.words(tag: scene.tag, language: scene.language) ?? []
        guard !words.isEmpty || !beat.isEmpty else { return nil }
        return WordPull(words: words, strength: draw.planPull, alsoPulling: beat, at: draw.beatPull)
    }

    /// Draws `scene` from `model` (see the type's documentation).
    public func write(_ scene: Scene, model: LanguageModel, seed: UInt64) -> Draft {
        precondition(!draw.weighsGain || baseline != nil,
                     "a rank gain needs the base: set the draw with use(_:library:)")
        let header = header(scene)
        let (cues, constraints) = constraints(scene, header: header)
        let sampler = SceneSampler(model: model)
        let n = max(1, draw.candidates)
        let pull = pull(scene)
        var best: Draft?
        var batchSeed = seed
        for attempt in 0 ..< max(1, attempts) {
            let seeds = (0 ..< n).map { Self.derivedSeed(batchSeed, $0) }
            // Greedy decoding gives one draw whatever the seed: its first candidate is greedy, the others sample.
            var drawn: [GeneratedText] = []
            if draw.temperature <= 0 && attempt == 0 {
                drawn = sampler.scenes(headers: [header], seeds: [seeds[0]], options: options(temperature: 0),
                                       constraints: [constraints], pulls: pull.map { [$0] })
            }
            let sampled = Array(seeds.dropFirst(drawn.count))
            if !sampled.isEmpty {
                let t = draw.temperature <= 0 ? DrawSettings.defaultTemperature : draw.temperature
                drawn += sampler.scenes(headers: Array(repeating: header, count: sampled.count), seeds: sampled,
                                        options: options(temperature: t),
                                        constraints: Array(repeating: constraints, count: sampled.count),
                                        pulls: pull.map { Array(repeating: $0, count: sampled.count) },
                                        baseline: baseline)
            }
            for (k, (out, s)) in zip(drawn, seeds).enumerated() {
                let (score, everyoneSpoke) = Self.score(out, of: scene, cues: cues)
                let keeps = everyoneSpoke && score.speeches >= 2
                if best.map({ score > $0.score }) ?? true {
                    let ranked = draw.rankParagraphs && k >= drawn.count - sampled.count && sampled.count > 1
                    best = Draft(text: out.text, complete: out.stop == .stopString, seed: ranked ? batchSeed : s,
                                 score: score, keepsRules: keeps)
                }
            }
            if best!.keepsRules { break }
            batchSeed = Self.derivedSeed(batchSeed, n)
        }
        return best!
    }

    /// How a batch is sampled at `temperature` (0: one greedy draw): the scene's length, the rank and top-p of the
    /// draw settings, and refused cues begun again whenever the cue rules hold.
    func options(temperature: Float) -> SamplingOptions {
        var options = SceneSampler.options(temperature: temperature, maxCharacters: maxCharacters)
        if temperature > 0 {
            options.rankParagraphs = draw.rankParagraphs
            options.rankGain = draw.rankGain
            options.topP = draw.topP
        }
        options.redrawRefusedCues = cueRules
        return options
    }

    /// How a candidate drawn for `scene` scores (`cues`: the scene's cue constraint before the draw), and whether
    /// every role it must hear spoke.
    static func score(_ out: GeneratedText, of scene: Scene, cues: CueConstraint) -> (Score, everyoneSpoke: Bool) {
        var heard = cues
        heard.append(Array(out.text.unicodeScalars))
        let synopsis = scene.synopsis ?? ""
        let lowered = Array(synopsis.lowercased().unicodeScalars)
        let score = Score(rolesSpoken: heard.spoken.count, speeches: speechCount(out.text),
                          restates: shares(out.text, lowered, length: restateLength),
                          loops: repeatedTrigramShare(out.text) > loopShare,
                          coverage: coverage(of: SynopsisCoverage.words(of: synopsis, language: scene.language),
                                             in: out.text),
                          meanLogLikelihood: out.logLikelihood / Double(max(out.tokens, 1)))
        return (score, heard.everyoneSpoke)
    }

    /// Candidate k's seed in the batch of `seed`, and (k = candidates) the next batch's.
    static func derivedSeed(_ seed: UInt64, _ k: Int) -> UInt64 {
        var r = SeededRandom.derived(seed: seed, stream: UInt64(k))
        return r.next()
    }

    /// The share of `words` (content words of a synopsis, lower-cased) that occur as words of `text`.
    public static func coverage(of words: Set<String>, in text: String) -> Double {
        guard !words.isEmpty else { return 0 }
        let present = Set(SynopsisWords.words(in: text).map { $0.lowercased() })
        return Double(words.intersection(present).count) / Double(words.count)
    }

    /// Whether `text` and `synopsis` (lower-cased scalars) share a run of `length` characters, case aside.
    public static func shares(_ text: String, _ synopsis: [Unicode.Scalar], length: Int) -> Bool {
        guard synopsis.count >= length else { return false }
        var runs = Set<[Unicode.Scalar]>()
        for i in 0 ... synopsis.count - length { runs.insert(Array(synopsis[i ..< i + length])) }
        let t = Array(text.lowercased().unicodeScalars)
        guard t.count >= length else { return false }
        for i in 0 ... t.count - length where runs.contains(Array(t[i ..< i + length])) { return true }
        return false
    }

    /// The share of `text`'s word trigrams that repeat an earlier one of it.
    public static func repeatedTrigramShare(_ text: String) -> Double {
        let words = WordTrie.words(in: text)
        guard words.count >= 3 else { return 0 }
        var seen = Set<[String]>()
        var repeated = 0
        for i in 0 ... words.count - 3 where !seen.insert(Array(words[i ..< i + 3])).inserted { repeated += 1 }
        return Double(repeated) / Double(words.count - 2)
    }

    /// Speeches in a raw draw, by the Fountain parser's rule for a cue.
    public static func speechCount(_ text: String) -> Int { FountainParser.parseSceneBody(text).cues.count }
}

/// The speaker cues the models know: each vocabulary role's own cue (`LOST-RELATIVE`); any other role of an arc (the
/// midwife, the baker) speaks under the extra's cue.
public struct CueLabels: Sendable {
    let cueByRole: [String: String]
    /// The extra's cue, which every role the vocabulary does not list speaks under.
    public let extra: String

    public init(vocabulary: VocabularyFile) {
        cueByRole = Dictionary(vocabulary.roles.map { ($0.id, $0.cue) }, uniquingKeysWith: { first, _ in first })
        extra = cueByRole["extra"] ?? "EXTRA"
    }

    /// Whether the models know `role` by its own cue.
    public func knows(_ role: String) -> Bool { cueByRole[role] != nil }

    public func label(for role: String) -> String { cueByRole[role] ?? extra }

    /// The labels of `roles`, one each, in order: a label two of them share (two of an arc's own roles both speak
    /// as the extra) is numbered from its second, `EXTRA 2`, as the corpus numbers speakers who share a role.
    public func labels(for roles: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return roles.map { role in
            let label = label(for: role)
            seen[label, default: 0] += 1
            return CorpusScene.numbered(label, seen[label]!)
        }
    }
}

/// Scenes are written in parallel with one writer: its only non-`Sendable` part is the no-copy constraint's window
/// table, which is built once and only read.
extension SceneWriter: @unchecked Sendable {}

/// Who speaks in a raw draw and how: the figures behind speaker fidelity and alternation, read from the text the
/// model wrote by the Fountain parser (`FountainParser.parseSceneBody`), so they count the speeches the candidate
/// ranking counts. A cue's name leaves out `@` and extensions such as `(O.S.)`.
public struct SpeakerFigures: Sendable, Equatable {
    public var speeches = 0
    /// Speeches whose cue is one of the scene's labels.
    public var byOwnLabels = 0
    /// Consecutive speeches, and those by one speaker with no other paragraph (action, transition, note) between.
    public var adjacentPairs = 0
    public var sameSpeakerPairs = 0
    /// Words of dialogue (parentheticals aside).
    public var dialogueWords = 0
    /// Whether every label spoke.
    public var everyLabelSpoke = false

    public init(text: String, labels: [String]) {
        let own = Set(labels.map { $0.uppercased() })
        var heard = Set<String>()
        var last: String?
        var actionSince = false
        for element in FountainParser.parseSceneBody(text).elements {
            switch element.kind {
            case let .character(cue):
                speeches += 1
                if own.contains(cue.name) { byOwnLabels += 1; heard.insert(cue.name) }
                if let last {
                    adjacentPairs += 1
                    if last == cue.name && !actionSince { sameSpeakerPairs += 1 }
                }
                last = cue.name
                actionSince = false
            case let .dialogue(line):
                dialogueWords += SynopsisWords.words(in: line).count
            case .parenthetical:
                continue
            default:
                actionSince = true
            }
        }
        everyLabelSpoke = own.isSubset(of: heard)
    }
}


/// How much each scene talks about its own synopsis rather than the others': the mean share of a scene's own
/// synopsis content words it uses, and the mean share of the other scenes' synopses' words it uses (both over
/// synopses with content words). Their ratio is
/// the "synopsis content words, own scene ÷ other scenes" (1 when the synopsis steers nothing).
public struct SynopsisCoverage: Sendable, Equatable {
    public var own: Double
    public var other: Double
    public var ratio: Double? { other > 0 ? own / other : nil }

    /// - Parameter scenes: each scene's text and its synopsis's content words (lower-cased, labels left out).
    public init(_ scenes: [(text: String, words: Set<String>)]) {
        let present = scenes.map { Set(SynopsisWords.words(in: $0.text).map { $0.lowercased() }) }
        func share(_ words: Set<String>, _ i: Int) -> Double {
            words.isEmpty ? 0 : Double(words.intersection(present[i]).count) / Double(words.count)
        }
        var (own, owned, other, pairs) = (0.0, 0, 0.0, 0)
        for i in scenes.indices {
            if !scenes[i].words.isEmpty {
                own += share(scenes[i].words, i)
                owned += 1
            }
            for j in scenes.indices where j != i && !scenes[j].words.isEmpty {
                other += share(scenes[j].words, i)
                pairs += 1
            }
        }
        self.own = owned == 0 ? 0 : own / Double(owned)
        self.other = pairs == 0 ? 0 : other / Double(pairs)
    }

    /// The content words coverage counts: those of `synopsis` that are not cue labels, lower-cased.
    public static func words(of synopsis: String, language: String) -> Set<String> {
        Set(SynopsisWords.contentWords(of: synopsis, language: language).filter { $0 != $0.uppercased() })
    }
}
