import ArcgenCorpus
import ArcgenNeural

/// Draws scene text from a tag's model the way it was trained to write one: primed with the training header
/// (`= es scheme: HEROINE, VILLAIN`), so the model writes that beat in that language for those roles, and stopped at
/// the `===` that ends every training scene. Evaluation and the episode generator both sample through here.
public struct SceneSampler {
    public let model: LanguageModel
    let sampler: TextSampler

    public init(model: LanguageModel) {
        self.model = model
        sampler = TextSampler(model: model)
    }

    /// The priming header for a scene in `language` of beat `tag` with these role labels (upper-cased, e.g.
    /// `LOST-RELATIVE`), followed by the blank line that follows it in training: `CorpusScene.trainingHeader`'s
    /// spelling, so a model is primed with exactly the line its training scenes of that tag began with.
    /// `synopsis` is the plan line (`SynopsisPriming.line`) for models trained with one, nil for the others.
    public static func header(language: String, tag: String, roles: [String], synopsis: String? = nil) -> String {
        CorpusScene.trainingHeader(language: language, tag: tag, roles: roles.map { $0.uppercased() },
                                   synopsis: synopsis) + "\n\n"
    }

    /// Options for scene text: stop at the end-of-scene marker, at most `maxCharacters`.
    public static func options(temperature: Float, maxCharacters: Int) -> SamplingOptions {
        var o = SamplingOptions()
        o.temperature = temperature
        o.maxCharacters = maxCharacters
        o.stopStrings = ["\n===", "\n= "]
        return o
    }

    /// One scene per (header, seed), generated together in one batch.
    /// - Parameter baseline: the model a rank's gain is measured over (`SamplingOptions.rankGain`).
    public func scenes(headers: [String], seeds: [UInt64], options: SamplingOptions,
                       constraints: [[any GenerationConstraint]]? = nil, pulls: [WordPull]? = nil,
                       baseline: LanguageModel? = nil) -> [GeneratedText] {
        guard !headers.isEmpty else { return [] }
        var cons = constraints ?? Array(repeating: [], count: headers.count)
        // Greedy decoding: a character model's single best character after a blank line is another line break, so
        // without this limit temperature 0 writes nothing else.
        if options.temperature <= 0 { cons = cons.map { $0 + [BlankLineLimit()] } }
        return sampler.generate(primes: headers, options: options, seeds: seeds, constraints: cons, pulls: pulls,
                                baseline: baseline)
    }
}

/// At most one blank line in a row, as in a Fountain scene: refuses a third consecutive line break.
public struct BlankLineLimit: GenerationConstraint {
    var trailingBreaks = 0

    public init() {}

    public func allows(_ piece: [Unicode.Scalar]) -> Bool {
        var breaks = trailingBreaks
        for s in piece {
            breaks = s == "\n" ? breaks + 1 : 0
            if breaks > 2 { return false }
        }
        return true
    }

    public mutating func append(_ piece: [Unicode.Scalar]) {
        for s in piece { trailingBreaks = s == "\n" ? trailingBreaks + 1 : 0 }
    }
}
