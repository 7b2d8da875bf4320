import ArcgenSupport
import Testing
@testable import ArcgenNeural

/// Finite differences against backpropagation for every parameter group: if any derivative in the forward or
/// backward pass is wrong, the two disagree.
@Suite("Gradient check")
struct GradientCheckTests {
    struct Case: CustomStringConvertible, Sendable {
        let layers: Int, hidden: Int, embedding: Int, dropout: Float
        var parallelRows = false
        /// Plan words and their width (0: no plan input).
        var planWords = 0, planWidth = 0
        /// Rows (t · 3 + b) whose token begins a document.
        var documentStarts: [Int] = []
        var description: String {
            "\(layers)x\(hidden) emb \(embedding) dropout \(dropout)\(parallelRows ? " parallel rows" : "")"
                + (planWords > 0 ? " plan \(planWords)×\(planWidth)" : "")
                + (documentStarts.isEmpty ? "" : " documents begin at rows \(documentStarts)")
        }
    }

    @Test("backprop matches central differences", arguments: [
        Case(layers: 1, hidden: 5, embedding: 3, dropout: 0),
        Case(layers: 2, hidden: 4, embedding: 3, dropout: 0),
        Case(layers: 3, hidden: 3, embedding: 2, dropout: 0.3),
        Case(layers: 2, hidden: 4, embedding: 3, dropout: 0.1, parallelRows: true),
        Case(layers: 2, hidden: 4, embedding: 3, dropout: 0.1, planWords: 5, planWidth: 2),
        Case(layers: 2, hidden: 4, embedding: 3, dropout: 0, documentStarts: [0, 5, 7, 8]),
        Case(layers: 2, hidden: 4, embedding: 3, dropout: 0.1, parallelRows: true, documentStarts: [2, 4, 11]),
    ])
    func gradients(_ c: Case) {
        let plan = c.planWords > 0
            ? PlanInput(words: (0 ..< c.planWords).map { "w\($0)" }, width: c.planWidth) : nil
        let config = LSTMConfig(vocabularySize: 6, embedding: c.embedding, hidden: c.hidden, layers: c.layers,
                                plan: plan)
        let steps = 4, batch = 3
        let net = TrainingNetwork(config: config, maxSteps: steps, maxBatch: batch)
        net.lockstepWork = c.parallelRows ? 0 : .max
        var rng = SeededRandom(seed: 11)
        var params = net.layout.initialParameters(config, rng: &rng, scheme: .fanIn)
        // Larger weights than the fan-in draw, so every gate is away from its linear regime (and not so large that
        // Float central differences lose the tolerance below).
        for i in params.indices { params[i] *= 2.5 }
        let inputs: [Int32] = (0 ..< steps * batch).map { _ in Int32(rng.nextInt(below: 6)) }
        let targets: [Int32] = (0 ..< steps * batch).map { _ in Int32(rng.nextInt(below: 6)) }
        // Bags of none to three words (a word may sit in several rows' bags).
        let plans: [[Int32]] = plan == nil ? [] : (0 ..< steps * batch).map { _ in
            Array(Set((0 ..< rng.nextInt(below: 4)).map { _ in Int32(rng.nextInt(below: c.planWords)) }))
        }
        // A non-zero carried state, as in the middle of an epoch.
        let carried: [Float] = (0 ..< config.layers * 2 * batch * config.hidden).map { _ in rng.nextFloat() - 0.5 }

        func loss(_ p: [Float]) -> Double {
            net.carriedState = carried
            var maskRNG = SeededRandom(seed: 99)
            return net.forward(parameters: p, inputs: inputs, targets: targets, plans: plans,
                               documentStarts: c.documentStarts, steps: steps, batch: batch, dropout: c.dropout,
                               rng: &maskRNG) / Double(steps * batch)
        }

        _ = loss(params)
        var grads = [Float](repeating: 0, count: params.count)
        net.backward(parameters: params, gradients: &grads)

        for (name, range) in net.layout.groups {
            var worst: Float = 0
            var steepest: Float = 0
            for i in range {
                let eps: Float = 1e-2
                var plus = params, minus = params
                plus[i] += eps
                minus[i] -= eps
                let numeric = Float((loss(plus) - loss(minus)) / Double(2 * eps))
                let analytic = grads[i]
                let error = abs(numeric - analytic) / max(1e-3, abs(numeric) + abs(analytic))
                worst = max(worst, error)
                steepest = max(steepest, abs(numeric))
            }
            // Both sides near zero would agree whatever backward computes: the loss must move with every group.
            #expect(steepest > 1e-3, "\(name): the loss does not depend on these parameters")
            #expect(worst < 2e-2, "\(name): worst relative error \(worst)")
        }
    }

    @Test("from a document's first token on, its stream reads nothing of what came before, on one thread or two",
          arguments: [(Int.max, 2), (0, 2), (0, 0), (0, 4)])
    func documentStartsForget(_ run: (lockstepWork: Int, step: Int)) {
        let config = LSTMConfig(vocabularySize: 7, embedding: 4, hidden: 40, layers: 2)
        let steps = 5, batch = 3, lockstepWork = run.lockstepWork
        let start = run.step * batch + 1                      // stream 1's document begins at `run.step`
        var rng = SeededRandom(seed: 5)
        let params = ParameterLayout(config).initialParameters(config, rng: &rng, scheme: .fanIn)
        let inputs: [Int32] = (0 ..< steps * batch).map { _ in Int32(rng.nextInt(below: 7)) }
        let carried: [Float] = (0 ..< config.layers * 2 * batch * 40).map { _ in rng.nextFloat() - 0.5 }
        // Another past for stream 1: other tokens before its document, another state carried in.
        var otherInputs = inputs
        for t in 0 ..< run.step { otherInputs[t * batch + 1] = (inputs[t * batch + 1] + 1 + Int32(t)) % 7 }
        let otherCarried = carried.map { -$0 }

        func logits(_ tokens: [Int32], _ state: [Float], starts: [Int]) -> [Float] {
            let net = TrainingNetwork(config: config, maxSteps: steps, maxBatch: batch)
            net.lockstepWork = lockstepWork
            net.carriedState = state
            return net.logits(parameters: params, inputs: tokens, documentStarts: starts, steps: steps, batch: batch)
        }
        func rows(_ l: [Float], stream: Int, steps range: Range<Int>) -> [Float] {
            range.flatMap { t in l[(t * batch + stream) * 7 ..< (t * batch + stream + 1) * 7] }
        }
        let one = logits(inputs, carried, starts: [start])
        let other = logits(otherInputs, otherCarried, starts: [start])
        let from = run.step ..< steps, before = 0 ..< run.step
        #expect(rows(one, stream: 1, steps: from) == rows(other, stream: 1, steps: from))
        if run.step > 0 { #expect(rows(one, stream: 1, steps: before) != rows(other, stream: 1, steps: before)) }
        // Without the start the past carries through; the other streams are untouched by it.
        let carriedOn = logits(inputs, carried, starts: [])
        #expect(rows(carriedOn, stream: 1, steps: from) != rows(one, stream: 1, steps: from))
        #expect(rows(carriedOn, stream: 0, steps: 0 ..< steps) == rows(one, stream: 0, steps: 0 ..< steps))
    }

    @Test("the embedding of a token that never occurs gets no gradient")
    func unusedTokens() {
        let config = LSTMConfig(vocabularySize: 5, embedding: 2, hidden: 3, layers: 1)
        let net = TrainingNetwork(config: config, maxSteps: 2, maxBatch: 1)
        var rng = SeededRandom(seed: 1)
        let params = net.layout.initialParameters(config, rng: &rng, scheme: .fanIn)
        _ = net.forward(parameters: params, inputs: [0, 1], targets: [1, 2], steps: 2, batch: 1, dropout: 0, rng: &rng)
        var grads = [Float](repeating: 0, count: params.count)
        net.backward(parameters: params, gradients: &grads)
        let emb = net.layout.embedding
        #expect(grads[emb].prefix(4).contains { $0 != 0 })            // tokens 0 and 1
        #expect(grads[emb].dropFirst(4).allSatisfy { $0 == 0 })       // tokens 2, 3, 4
    }

    @Test("the two-thread recurrence gives the same loss, gradients and carried state as one thread, bit for bit",
          arguments: [(hidden: 40, batch: 11), (hidden: 96, batch: 8)])
    func lockstepMatchesSolo(_ shape: (hidden: Int, batch: Int)) {
        // 40 splits 20/20 (no whole GEMM panel), 96 splits 64/32; batch 11 leaves a partial row tile.
        let config = LSTMConfig(vocabularySize: 7, embedding: 5, hidden: shape.hidden, layers: 2)
        let steps = 5
        var rng = SeededRandom(seed: 3)
        let params = ParameterLayout(config).initialParameters(config, rng: &rng, scheme: .fanIn)
        let inputs: [Int32] = (0 ..< steps * shape.batch).map { _ in Int32(rng.nextInt(below: 7)) }
        let targets: [Int32] = (0 ..< steps * shape.batch).map { _ in Int32(rng.nextInt(below: 7)) }

        func run(lockstepWork: Int) -> (loss: Double, gradients: [Float], carried: [Float]) {
            let net = TrainingNetwork(config: config, maxSteps: steps, maxBatch: shape.batch)
            net.lockstepWork = lockstepWork
            var maskRNG = SeededRandom(seed: 8)
            var grads = [Float](repeating: 0, count: params.count)
            var loss = 0.0
            for _ in 0 ..< 2 {     // two windows, so the carried state feeds the second
                loss = net.forward(parameters: params, inputs: inputs, targets: targets, steps: steps,
                                   batch: shape.batch, dropout: 0.2, rng: &maskRNG)
                net.backward(parameters: params, gradients: &grads)
            }
            return (loss, grads, net.carriedState)
        }

        let solo = run(lockstepWork: .max)
        let pair = run(lockstepWork: 0)
        #expect(solo.loss == pair.loss)
        #expect(solo.gradients == pair.gradients)
        #expect(solo.carried == pair.carried)
        #expect(solo.gradients.contains { $0 != 0 })
    }
}
