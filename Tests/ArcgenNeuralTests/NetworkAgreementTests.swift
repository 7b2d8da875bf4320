import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenNeural

/// The sampler's network and the training network are two schedules of one model: fed the same tokens, they must
/// give the same scores, or a model would be trained as one thing and sampled as another.
@Suite("Inference and training agree")
struct NetworkAgreementTests {
    /// A random model of a shape with partial SIMD groups and GEMM tiles (hidden 21, vocabulary 13).
    static func model(layers: Int) -> LanguageModel {
        let symbols = [unknownSymbol] + "abcdefghijkl".map { String($0) }
        let config = LSTMConfig(vocabularySize: symbols.count, embedding: 6, hidden: 21, layers: layers)
        var rng = SeededRandom(seed: 21)
        // The fan-in draw: with these random weights the greedy path visits several tokens (checked below).
        var parameters = ParameterLayout(config).initialParameters(config, rng: &rng, scheme: .fanIn)
        // Saturate some gates, as trained weights do; and keep every weight a half-precision value, since the
        // sampler multiplies by half-precision copies: the two schedules must then agree to float rounding.
        for i in parameters.indices { parameters[i] = Float(Float16(parameters[i] * 3)) }
        return LanguageModel(config: config, tokenizer: CharTokenizer(symbols: symbols), parameters: parameters,
                             recipe: Fixtures.recipe())
    }

    /// Greedy decoding with the sampler's network: each step's scores, and the tokens fed.
    static func greedy(_ model: LanguageModel, batch: Int, first: Int32, steps: Int)
        -> (tokens: [Int32], scores: [[Float]]) {
        let generator = Generator(model: model, batch: batch)
        var tokens = [first], scores: [[Float]] = []
        for _ in 0 ..< steps {
            generator.step([Int32](repeating: tokens.last!, count: batch))
            let row = generator.withScores(stream: batch - 1) { Array($0) }
            scores.append(row)
            tokens.append(Int32(row.indices.max { row[$0] < row[$1] }!))
        }
        return (tokens, scores)
    }

    @Test("the same logits and the same greedy tokens", arguments: [(layers: 1, batch: 1), (layers: 2, batch: 1),
                                                                     (layers: 2, batch: 3)])
    func agree(_ shape: (layers: Int, batch: Int)) {
        let model = Self.model(layers: shape.layers)
        let steps = 24, v = model.config.vocabularySize
        let (tokens, scores) = Self.greedy(model, batch: shape.batch, first: 1, steps: steps)
        // The training network reads the whole greedy sequence in one window.
        let network = TrainingNetwork(config: model.config, maxSteps: steps, maxBatch: 1)
        let inputs = Array(tokens.dropLast())
        let logits = network.logits(parameters: model.parameters, inputs: inputs, steps: steps, batch: 1)
        var worst: Float = 0
        for t in 0 ..< steps {
            let row = Array(logits[t * v ..< (t + 1) * v])
            for j in 0 ..< v { worst = max(worst, abs(row[j] - scores[t][j]) / max(1, abs(row[j]))) }
            #expect(Int32(row.indices.max { row[$0] < row[$1] }!) == tokens[t + 1], "step \(t)")
        }
        #expect(worst < 1e-5, "worst relative difference \(worst)")
        #expect(Set(tokens).count > 2)       // the greedy path moves: the comparison covers more than one token
    }

    @Test("a model with a plan input: the same logits, its bags read from the tokens by both, moved and reset")
    func agreeWithPlan() throws {
        let text = "= ab cd\n= ef\n\nabcab\n===\n= cd\nab ef\n= ab\n\nfedcba\n"
        // Another text of the same length with other plan lines, for the stream that is moved away from.
        let other = "= ef\n\nfedcba\n===\n= ab cd ef\n\nabcdef ab\n===\n= cd\n"
        let tokenizer = CharTokenizer(learningFrom: text + other)
        let plan = PlanInput(words: ["ab", "cd", "ef"], width: 4)
        let config = LSTMConfig(vocabularySize: tokenizer.vocabularySize, embedding: 6, hidden: 21, layers: 2,
                                plan: plan)
        var rng = SeededRandom(seed: 8)
        var parameters = ParameterLayout(config).initialParameters(config, rng: &rng, scheme: .fanIn)
        for i in parameters.indices { parameters[i] = Float(Float16(parameters[i] * 3)) }
        let model = LanguageModel(config: config, tokenizer: tokenizer, parameters: parameters,
                                  recipe: Fixtures.recipe())
        let tokens = tokenizer.encode(text), otherTokens = tokenizer.encode(other), v = config.vocabularySize
        try #require(tokens.count == otherTokens.count)
        let pieces = tokenizer.symbols.map { Array($0.unicodeScalars) }
        let plans = PlanBag.bags(of: tokens, pieces: pieces, plan: plan)
        #expect(Set(plans.map { $0.count }).count > 2)       // the bags change along the text
        let network = TrainingNetwork(config: config, maxSteps: tokens.count, maxBatch: 1)
        let logits = network.logits(parameters: parameters, inputs: tokens, plans: plans, steps: tokens.count,
                                    batch: 1)
        let withoutPlans = TrainingNetwork(config: config, maxSteps: tokens.count, maxBatch: 1)
            .logits(parameters: parameters, inputs: tokens, plans: plans.map { _ in [] }, steps: tokens.count,
                    batch: 1)
        #expect(logits != withoutPlans)                      // the plan moves the scores
        // Stream 1 reads the text, stream 0 the other one; halfway stream 1 moves to slot 0, bag and all, and
        // goes on there.
        let generator = Generator(model: model, batch: 2)
        var worst: Float = 0
        let half = tokens.count / 2
        for t in tokens.indices {
            if t == half { generator.moveStream(from: 1, to: 0) }
            generator.step(t < half ? [otherTokens[t], tokens[t]] : [tokens[t], otherTokens[t]])
            let row = generator.withScores(stream: t < half ? 1 : 0) { Array($0) }
            for j in 0 ..< v { worst = max(worst, abs(logits[t * v + j] - row[j]) / max(1, abs(logits[t * v + j]))) }
        }
        #expect(worst < 1e-5, "worst relative difference \(worst)")
        // A stream reset empties its bag and forgets the line it was in: left inside a plan line, a prime with no
        // plan line of its own reads as it does on a fresh generator.
        for t in tokenizer.encode("\n= ab ") { generator.step([t, t]) }
        let prime = tokenizer.encode("cd\nab"), continuation = tokenizer.encode("cab fed")
        let fresh = Generator(model: model).nats(of: continuation, after: prime)
        #expect(generator.nats(of: continuation, after: prime) == fresh)
        // A state kept aside and put back (as ranked paragraphs do) carries its plan bag: put into a slot that read
        // another plan line, it scores what the kept stream scored.
        for (a, b) in zip(tokenizer.encode("\n= ab c"), tokenizer.encode("\n= ef\n\n")) { generator.step([a, b]) }
        let kept = generator.state(of: 0), next = tokenizer.encode("d\nab")
        for t in next { generator.step([t, t]) }
        let expected = generator.withScores(stream: 0) { Array($0) }
        generator.restore(kept, to: 1)
        for t in next { generator.step([t, t]) }
        #expect(generator.withScores(stream: 1) { Array($0) } == expected)
    }

    @Test("a continuation's nats after a prime are the training network's on the same tokens, the prime unscored")
    func conditionalNats() {
        let model = Self.model(layers: 2)
        let tokens: [Int32] = [1, 4, 4, 7, 2, 9, 12, 3, 3, 5, 8, 1, 6, 10, 11, 2]
        let primeLength = 5
        let network = TrainingNetwork(config: model.config, maxSteps: tokens.count - 1, maxBatch: 1)
        let logits = network.logits(parameters: model.parameters, inputs: Array(tokens.dropLast()),
                                    steps: tokens.count - 1, batch: 1)
        let v = model.config.vocabularySize
        var expected = 0.0
        for t in primeLength - 1 ..< tokens.count - 1 {
            let row = logits[t * v ..< (t + 1) * v].map(Double.init)
            let top = row.max()!
            expected -= row[Int(tokens[t + 1])] - top - Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - top) })
        }
        let generator = Generator(model: model, batch: 2)
        generator.step([3, 3])           // a state left over from before: the score starts afresh
        let perToken = generator.nats(of: Array(tokens[primeLength...]), after: Array(tokens[..<primeLength]))
        #expect(perToken.count == tokens.count - primeLength && perToken.allSatisfy { $0 > 0 })
        let nats = perToken.reduce(0, +)
        #expect(abs(nats - expected) < 1e-4 * expected, "\(nats) against \(expected)")
    }
}
