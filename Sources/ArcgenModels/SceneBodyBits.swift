import ArcgenCorpus
import ArcgenNeural
import ArcgenSupport
import Foundation

/// Bits per character of scene bodies, each read after its own training header from a fresh state. This is what
/// generation asks of a model: the header (language, beat, labels, plan line) is given and never written. The
/// training text's held-out figure also scores the headers, so models trained with different plan lines
/// (`SynopsisPriming`) compare fairly only here, on the same characters.
public struct SceneBodyBits: Sendable {
    /// Bits per character over every body character, and over each body's opening `opening` tokens.
    public var bits: Double
    public var characters: Int
    public var openingBits: Double
    public var openingCharacters: Int

    /// The training window (`TrainingOptions.steps`): a body's first characters are the only ones whose gradient
    /// reaches the header in training, which truncates backpropagation at the window.
    public static let opening = 100

    /// The figure over `scenes` (both languages pooled, weighted by characters), their headers written as
    /// `priming` says; scenes are read two at a time in parallel, each on a generator of its own.
    /// - Parameter othersPlans: each scene's header carries the plan line of another scene of its language (half
    ///   the language's scenes further on in `scenes`), everything else its own: the gap to the figure with its own
    ///   plan line is what the plan line tells the model about the scene.
    public init(_ model: LanguageModel, scenes: [CorpusScene], priming: SynopsisPriming, othersPlans: Bool = false) {
        var planOf = Array(scenes.indices)
        if othersPlans {
            for language in Set(scenes.map(\.lang)) {
                let same = scenes.indices.filter { scenes[$0].lang == language }
                for (k, i) in same.enumerated() { planOf[i] = same[(k + same.count / 2) % same.count] }
            }
        }
        let donors = planOf.map { scenes[$0] }
        typealias Sums = (nats: Double, chars: Int, openingNats: Double, openingChars: Int)
        let results = ParallelResults([Sums](repeating: (0, 0, 0, 0), count: scenes.count))
        DispatchQueue.concurrentPerform(iterations: scenes.count) { i in
            let scene = scenes[i], donor = donors[i]
            let header = CorpusScene.trainingHeader(
                language: scene.lang, tag: scene.mainTag, roles: scene.speakerLabels,
                synopsis: priming.line(synopsis: donor.labelledSynopsis, language: donor.lang))
            let prime = model.tokenizer.encode(header + "\n\n")
            let body = model.tokenizer.encode(scene.trainingBody)
            let nats = Generator(model: model).nats(of: body, after: prime)
            let chars = body.map { model.tokenizer.scalarCounts[Int($0)] }
            let k = min(Self.opening, body.count)
            results.set(i, (nats.reduce(0, +), chars.reduce(0, +), nats[..<k].reduce(0, +), chars[..<k].reduce(0, +)))
        }
        let all = results.values
        func perCharacter(_ nats: Double, _ chars: Int) -> Double {
            nats / (Foundation.log(2.0) * Double(max(chars, 1)))
        }
        characters = all.reduce(0) { $0 + $1.chars }
        openingCharacters = all.reduce(0) { $0 + $1.openingChars }
        bits = perCharacter(all.reduce(0) { $0 + $1.nats }, characters)
        openingBits = perCharacter(all.reduce(0) { $0 + $1.openingNats }, openingCharacters)
    }
}
