import ArcgenNeural

/// Draws scene text from a tag's model the way it was trained to write one: primed with the training header
/// (`= es: HEROINE, VILLAIN`), so the model writes in that language for those roles, and stopped at the `===` that
/// ends every training scene. Evaluation and the episode generator both sample through here.
public struct SceneSampler {
    public let model: LanguageModel
    let sampler: TextSampler

    public init(model: LanguageModel) {
        self.model = model
        sampler = TextSampler(model: model)
    }

    /// The priming header for a scene in `language` with these role labels (upper-case, e.g. `LOST-RELATIVE`).
    public static func header(language: String, roles: [String]) -> String {
        "= \(language): " + roles.map { $0.uppercased() }.joined(separator: ", ") + "\n\n"
    }

    /// Options for scene text: stop at the end-of-scene marker, at most `maxCharacters`.
    public static func options(temperature: Float, maxCharacters: Int = 1800) -> SamplingOptions {
        var o = SamplingOptions()
        o.temperature = temperature
        o.maxCharacters = maxCharacters
        o.stopStrings = ["\n===", "\n= "]
        return o
    }

    /// One scene per (header, seed), generated together in one batch.
    public func scenes(headers: [String], seeds: [UInt64], options: SamplingOptions,
                       constraints: [[any GenerationConstraint]]? = nil) -> [GeneratedText] {
        guard !headers.isEmpty else { return [] }
        let cons = constraints ?? Array(repeating: [], count: headers.count)
        if headers.count == 1 {
            return [sampler.generate(prime: headers[0], options: options, seed: seeds[0], constraints: cons[0])]
        }
        return sampler.generate(primes: headers, options: options, seeds: seeds, constraints: cons)
    }
}
