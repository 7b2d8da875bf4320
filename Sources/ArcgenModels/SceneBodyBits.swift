import ArcgenCorpus
import ArcgenNeural
import ArcgenSupport
import Foundation

/// Bits per character of scene bodies, each read after its own training header from a fresh state. This is what
/// generation asks of a model: the header (language, beat, labels, plan line) is given and never written. The
/// training text's held-out figure also scores the headers, so models trained with different plan lines
/// (`SynopsisPriming`) compare fairly only here, on the same characters.
public struct SceneBodyBits: Sendable {
    /// Bits per character over every body character, over each body's opening `opening` tokens, and over the
    /// characters of the scene's own plan words where the body writes them (the words a plan line could tell).
    public var bits: Double
    public var characters: Int
    public var openingBits: Double
    public var openingCharacters: Int
    public var planWordBits: Double
    public var planWordCharacters: Int

    /// The default training window (`TrainingOptions.steps`, `--seq`): a body's first characters are the ones
    /// whose gradient can reach the header in training, which truncates backpropagation at the window.
    public static let opening = 100

    /// The figure over `scenes` (both languages pooled, weighted by characters), their headers written as
    /// `priming` says; scenes are read in parallel on every core, each on a generator of its own.
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
        let scalarCounts = model.tokenizer.scalarCounts
        let results = ParallelResults([[Sum]](repeating: [], count: scenes.count))
        // One generator per worker (its half-precision tables are built once), each reading every workers-th scene.
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, scenes.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let generator = Generator(model: model)
            for i in stride(from: w, to: scenes.count, by: workers) {
                let scene = scenes[i], donor = donors[i]
                let header = CorpusScene.trainingHeader(
                    language: scene.lang, tag: scene.mainTag, roles: scene.speakerLabels,
                    synopsis: priming.line(synopsis: donor.labelledSynopsis, language: donor.lang))
                let prime = model.tokenizer.encode(header + "\n\n")
                let text = normalizedText(scene.trainingBody)        // what the tokenizer reads
                let body = model.tokenizer.encode(text)
                let nats = generator.nats(of: body, after: prime)
                let onPlanWord = Self.planWordScalars(in: text, words: SynopsisCoverage.words(
                    of: scene.labelledSynopsis, language: scene.lang))
                var sums = [Sum](repeating: Sum(), count: 3)
                var at = 0
                for (k, token) in body.enumerated() {
                    let n = scalarCounts[Int(token)]
                    sums[0].add(nats[k], n)
                    if k < Self.opening { sums[1].add(nats[k], n) }
                    // A token counts when any of its characters is a plan word's (a BPE piece may open with a space).
                    if onPlanWord[min(at, onPlanWord.count) ..< min(at + n, onPlanWord.count)].contains(true) {
                        sums[2].add(nats[k], n)
                    }
                    at += n
                }
                results.set(i, sums)
            }
        }
        let total = results.values.reduce([Sum](repeating: Sum(), count: 3)) { a, b in zip(a, b).map { $0 + $1 } }
        (bits, characters) = (total[0].bits, total[0].characters)
        (openingBits, openingCharacters) = (total[1].bits, total[1].characters)
        (planWordBits, planWordCharacters) = (total[2].bits, total[2].characters)
    }

    /// Nats and characters summed over some tokens.
    struct Sum: Sendable {
        var nats = 0.0
        var characters = 0
        mutating func add(_ n: Double, _ c: Int) { nats += n; characters += c }
        static func + (a: Sum, b: Sum) -> Sum { Sum(nats: a.nats + b.nats, characters: a.characters + b.characters) }
        var bits: Double { nats / (Foundation.log(2.0) * Double(max(characters, 1))) }
    }

    /// For each scalar of `text`, whether it belongs to a whole word of `text` that is one of `words` (lower-cased),
    /// the words as synopsis coverage reads them (`SynopsisWords.wordRanges`).
    static func planWordScalars(in text: String, words: Set<String>) -> [Bool] {
        let scalars = text.unicodeScalars
        var marks = [Bool](repeating: false, count: scalars.count)
        // The ranges come in order, so one walk through the scalars finds every offset.
        var cursor = scalars.startIndex, offset = 0
        for range in SynopsisWords.wordRanges(in: text) {
            offset += scalars.distance(from: cursor, to: range.lowerBound)
            let count = scalars.distance(from: range.lowerBound, to: range.upperBound)
            let word = String(text[range]).lowercased().replacingOccurrences(of: "’", with: "'")
            if words.contains(word) { for j in offset ..< offset + count { marks[j] = true } }
            cursor = range.lowerBound
        }
        return marks
    }
}
