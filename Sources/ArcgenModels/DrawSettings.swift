/// How a scene's candidates are drawn and ranked: what a user may set (`--temperature`, `--top-p`, `--plan-pull`,
/// `--beat-pull`, `--candidates`, `--rank`, `--rank-gain`, `--word-pairs`, `--word-triples`,
/// `--free-plan-words`). One value, so `arcgen episode`, `season` and `eval` draw alike and a season records exactly
/// what it drew with. Each default was chosen by measurement (README, "How a scene is written"; every reading and
/// figure behind them: models/NOTEBOOK.md).
public struct DrawSettings: Sendable, Equatable {
    /// The temperature scenes are drawn at, chosen by measurement (models/NOTEBOOK.md, "What `arcgen eval`
    /// measures"): with the synopsis's words free once, readers found more grammatical speeches at 0.7 than at 0.85
    /// in both readings that compared them (reading 37: 12% and 12% against 11% and 10%; reading 38: 22% and 20%
    /// against 16% and 16%), and raw draws spell 97.7% corpus words (95.2% at 0.85; the floor is 95%), at
    /// the cost of variety (distinct bigrams 0.79 of the corpus's in `eval`, 0.91 at 0.85). Also the one a greedy
    /// run's later draws sample at.
    public static let defaultTemperature: Float = 0.7
    public var temperature = defaultTemperature
    /// Nucleus sampling: each token is drawn from the smallest set of likeliest tokens holding this much probability
    /// (1: off), which cuts the unlikely tail. Off by default: at 0.8 a blind reading found the same share of
    /// grammatical speeches as without (models/NOTEBOOK.md, reading 12).
    public static let defaultTopP: Float = 1
    public var topP = defaultTopP
    /// How strongly the scene's plan words pull on the draw (`WordPull`: added to a token's logit when it carries a
    /// word on towards a plan word not yet written; 0: off). At 1, chosen by measurement (models/NOTEBOOK.md), an
    /// episode's scenes use their own synopsis's words 6.24 times as often as the other scenes' (2.61× without, the
    /// models' own reading of their plan); a blind reading found the same grammar, coherence and synopsis matching
    /// with and without it.
    public static let defaultPlanPull: Float = 1
    public var planPull = defaultPlanPull
    /// How strongly the words that mark the scene's beat pull on the draw (`BeatWords`, from the guards: the same
    /// pull as the plan's, towards other words and not counted in the ranking; 0: off). Off by default: two blind
    /// readings found no gain in placing the beat (models/NOTEBOOK.md, readings 16 and 17).
    public static let defaultBeatPull: Float = 0
    public var beatPull = defaultBeatPull
    /// Candidates per batch: eight found a few more grammatical speeches, in shorter ones, at twice the time
    /// (models/NOTEBOOK.md, readings 10 and 15).
    public static let defaultCandidates = 4
    public var candidates = defaultCandidates
    /// Whether a batch's candidates are ranked paragraph by paragraph (`SamplingOptions.rankParagraphs`: the
    /// candidates' best paragraph of the first one's kind kept each time, the batch one draft) rather than as whole
    /// scenes. On by default, by measurement: two blind readings found about twice the grammatical speeches
    /// (models/NOTEBOOK.md, readings 8 and 9).
    public static let defaultRankParagraphs = true
    public var rankParagraphs = defaultRankParagraphs
    /// Whether every two words written side by side must have stood so in the corpus (`WordPairConstraint`; the
    /// synopsis's words may follow any word). On by default, by measurement: readers found more grammatical speeches
    /// with it in three ratings of two readings (models/NOTEBOOK.md, readings 24 and 25), and matched synopses as
    /// often.
    public static let defaultWordPairs = true
    public var wordPairs = defaultWordPairs
    /// Whether, with the word pairs, every three words written side by side must have stood so in the corpus where
    /// the two before have had more than one follower there (`WordTripleConstraint`). On by default, by measurement:
    /// the beat classifier recognised 40.3% of `eval`'s samples against 31.3% without (models/NOTEBOOK.md, "How a
    /// scene is written"), and two readers found as many grammatical speeches (reading 33).
    public static let defaultWordTriples = true
    public var wordTriples = defaultWordTriples
    /// How the synopsis's content words stand to the word pairs and triples (`PlanWordFreedom`). Free once by
    /// default: four readers of two readings found more grammatical speeches than with them always free (19% and
    /// 21% against 16% and 16% in reading 36, 11% and 10% against 8% and 8% in reading 37), and matched the synopsis
    /// as often; always free, the plan's pull set them anywhere, again and again ("confiesa confiesa"). Held, they
    /// are written much less (own synopsis words 3.67× the others' over the README's episodes, against 11.64× free;
    /// the classifier recognises 17.7% of `eval`'s samples against 40.3%), and the readers' gain did not hold
    /// (readings 34 and 35; models/NOTEBOOK.md).
    public static let defaultFreePlanWords = PlanWordFreedom.once
    public var freePlanWords = defaultFreePlanWords
    /// Ranking paragraphs, the weight of the tag model's gain over the base in a candidate's score
    /// (`SamplingOptions.rankGain`; 0: off, and the base is not loaded). Off by default: at 30 the classifier
    /// recognises 48.3% of `eval`'s samples against 33.3%, but readers found the same grammar and beats
    /// (models/NOTEBOOK.md, reading 44), and an episode takes 1.8 times as long.
    public static let defaultRankGain: Float = 0
    public var rankGain = defaultRankGain
    /// Whether the draw weighs the gain: a weight, paragraphs ranked, and candidates to rank (the base is needed).
    public var weighsGain: Bool { rankGain != 0 && rankParagraphs && candidates > 1 }

    public init() {}

    /// How a scene's synopsis words stand to the word pairs and triples (`--free-plan-words on|once|off`).
    public enum PlanWordFreedom: String, CaseIterable, Sendable {
        /// They may follow any word, however often.
        case free = "on"
        /// Each may follow a word the rules refuse once in a scene (once for each rule); held from then on, and the
        /// word after such a break is held to the pairs, so they do not string together ("un capilla pensar"). (A
        /// synopsis's first 64 content words: any after them stay free, and no synopsis of the arcs has so many.)
        case once
        /// Held as every other word is.
        case held = "off"
    }

    /// A raw draw: one candidate, neither pull, no ranking, no word pairs or triples (what the models write by
    /// themselves; the temperature and top-p still shape it).
    public var raw: DrawSettings {
        var settings = self
        settings.planPull = 0
        settings.beatPull = 0
        settings.candidates = 1
        settings.rankParagraphs = false
        settings.rankGain = 0
        settings.wordPairs = false
        settings.wordTriples = false
        return settings
    }
}
