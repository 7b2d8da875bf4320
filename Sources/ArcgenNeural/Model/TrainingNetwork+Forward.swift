import ArcgenKernels
import ArcgenSupport
import Foundation

/// The forward pass, step by step as the equations read: embed, then for each layer dropout, the input gates of the
/// whole window and the recurrence; then the output layer and the loss.
extension TrainingNetwork {
    /// Runs one window forward and returns the summed cross-entropy in nats over all `steps · batch` targets; leaves
    /// d(mean loss)/d(logits) for `backward`.
    /// - Parameters:
    ///   - inputs, targets: (steps, batch) time-major token ids.
    ///   - plans: the plan bag beside each input token (`PlanBag.bags`), time-major like them; empty for a network
    ///     without a plan input.
    ///   - documentStarts: rows (`t · batch + b`) whose input token begins a document: that stream's state is zero
    ///     before the step, as generation starts each scene, and no gradient flows back past it.
    ///   - dropout: probability of zeroing a unit between layers and before the output (0 for evaluation).
    ///   - parameters: (parameters) laid out by `layout`.
    ///   - rng: draws the dropout masks.
    public func forward(
        parameters: [Float], inputs: [Int32], targets: [Int32], plans: [[Int32]] = [], documentStarts: [Int] = [],
        steps: Int, batch: Int, dropout: Float, rng: inout SeededRandom
    ) -> Double {
        precondition(targets.count == steps * batch, "token count must be steps × batch")
        withParameters(parameters) {
            computeLogits(parameters: $0, inputs: inputs, plans: plans, documentStarts: documentStarts, steps: steps,
                          batch: batch, dropout: dropout, rng: &rng)
        }
        return crossEntropy(targets: targets, rows: steps * batch)
    }

    /// The logits of one window without dropout, (steps·batch, vocabulary): what the sampler's network must agree
    /// with. Carries the state forward like `forward`.
    func logits(parameters: [Float], inputs: [Int32], plans: [[Int32]] = [], documentStarts: [Int] = [],
                steps: Int, batch: Int) -> [Float] {
        var unused = SeededRandom(seed: 0)
        withParameters(parameters) {
            computeLogits(parameters: $0, inputs: inputs, plans: plans, documentStarts: documentStarts, steps: steps,
                          batch: batch, dropout: 0, rng: &unused)
        }
        return Array(UnsafeBufferPointer(start: logits.pointer, count: steps * batch * config.vocabularySize))
    }

    /// Lends the passes the parameters' storage once its size is checked against the layout.
    func withParameters<R>(_ parameters: [Float], _ body: (UnsafePointer<Float>) -> R) -> R {
        precondition(parameters.count == layout.count, "\(parameters.count) parameters, the layout has \(layout.count)")
        return parameters.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Everything up to the logits: the network proper.
    func computeLogits(
        parameters: UnsafePointer<Float>, inputs: [Int32], plans: [[Int32]], documentStarts: [Int], steps: Int,
        batch: Int, dropout: Float, rng: inout SeededRandom
    ) {
        precondition((1 ... maxSteps).contains(steps) && (1 ... maxBatch).contains(batch), "window too large")
        precondition(inputs.count == steps * batch, "token count must be steps × batch")
        precondition(config.plan == nil ? plans.isEmpty : plans.count == inputs.count,
                     "a plan bag for each input token when, and only when, the network reads a plan")
        lastSteps = steps
        lastBatch = batch
        lastTokens = inputs
        lastPlans = plans
        lastDocumentStarts = Array(repeating: [], count: steps)
        for row in documentStarts.sorted() {
            precondition((0 ..< steps * batch).contains(row), "a document start outside the window")
            lastDocumentStarts[row / batch].append(row % batch)
        }
        let rows = steps * batch
        embed(inputs, plans: plans, parameters: parameters)
        var below = UnsafePointer(embedded.pointer)
        for l in 0 ..< config.layers {
            let input = dropLayerInput(l, below: below, rows: rows, dropout: dropout, rng: &rng)
            inputGates(l, input: input, rows: rows, parameters: parameters)
            recurrence(l, steps: steps, batch: batch, parameters: parameters)
            below = UnsafePointer(layerBuffers[l].hidden.pointer + batch * config.hidden)
        }
        let top = dropOutputInput(below, rows: rows, dropout: dropout, rng: &rng)
        outputLogits(top, rows: rows, parameters: parameters)
    }

    /// Embedding lookup into `embedded`, (rows, embedding + plan width): each token's embedding, then the mean of
    /// its plan bag's word vectors (zero for an empty bag).
    func embed(_ tokens: [Int32], plans: [[Int32]], parameters: UnsafePointer<Float>) {
        let width = config.embedding, planWidth = config.planWidth, rowWidth = width + planWidth
        let table = parameters + layout.embedding.lowerBound
        let planTable = parameters + layout.planEmbedding.lowerBound
        for (r, token) in tokens.enumerated() {
            let row = embedded.pointer + r * rowWidth
            row.update(from: table + Int(token) * width, count: width)
            guard planWidth > 0 else { continue }
            PlanVector.mean(of: plans[r], table: planTable, width: planWidth, into: row + width)
        }
    }

    /// Layer `l`'s input, (rows, input): what the layer below gave, dropped out above the first layer.
    func dropLayerInput(
        _ l: Int, below: UnsafePointer<Float>, rows: Int, dropout: Float, rng: inout SeededRandom
    ) -> UnsafePointer<Float> {
        let lb = layerBuffers[l]
        lb.usesMask = l > 0 && dropout > 0
        guard lb.usesMask else { return below }
        let count = rows * config.inputSize(layer: l)
        fillMask(lb.mask.pointer, count: count, dropout: dropout, rng: &rng)
        for i in 0 ..< count { lb.maskedInput.pointer[i] = below[i] * lb.mask.pointer[i] }
        return UnsafePointer(lb.maskedInput.pointer)
    }

    /// The input's share of the gates for the whole window at once: bias + input · W_x, (rows, 4·hidden).
    func inputGates(_ l: Int, input: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>) {
        let g4 = 4 * config.hidden, width = config.inputSize(layer: l), pl = layout.layers[l]
        let gates = layerBuffers[l].gates.pointer
        for r in 0 ..< rows { (gates + r * g4).update(from: parameters + pl.bias.lowerBound, count: g4) }
        GEMM.multiply(m: rows, n: g4, k: width, a: input, lda: width, transA: false,
                      b: parameters + pl.inputWeights.lowerBound, ldb: g4, transB: false,
                      c: gates, ldc: g4, accumulate: true)
    }

    /// Layer `l` step by step from the carried state: h · W_h added to the gates, then the cell. Each team member
    /// owns a range of hidden units: their four gate columns, their cell update, and their columns of the packed h
    /// that the next step multiplies; a stream whose document begins at a step reads a zero state there (its cell
    /// row is cleared, its packed h zeroed; the h row itself stays the step before's output). Leaves the last state
    /// carried for the next window.
    func recurrence(_ l: Int, steps: Int, batch: Int, parameters: UnsafePointer<Float>) {
        let lb = layerBuffers[l], h = config.hidden, g4 = 4 * h
        // (steps+1)·batch rows of state: block 0 is the state carried in, block t+1 the state after step t.
        let gates = lb.gates.pointer, cells = lb.cells.pointer, tanhCells = lb.tanhCells.pointer
        let hidden = lb.hidden.pointer
        hidden.update(from: lb.carriedH.pointer, count: batch * h)
        cells.update(from: lb.carriedC.pointer, count: batch * h)
        let team = recurrenceTeam(batch: batch)
        let units = unitRanges(members: team.members)
        let recurrentWeights = parameters + layout.layers[l].recurrentWeights.lowerBound
        let packedH = packedHidden.pointer, packedStride = GEMM.packedCount(m: batch, k: h)
        let starts = lastDocumentStarts
        team.run { member, barrier in
            let own = units[member], u0 = own.lowerBound
            let wh = (0 ..< 4).map { q in
                GEMM.PackedB(k: h, n: own.count, b: recurrentWeights + q * h + u0, ldb: g4, transposed: false)
            }
            GEMM.packColumns(m: batch, k: h, columns: own, a: hidden, lda: h, into: packedH)
            GEMM.clearPackedRows(starts[0], m: batch, k: h, columns: own, in: packedH)
            barrier.wait()
            for t in 0 ..< steps {
                let stepGates = gates + t * batch * g4
                let hIn = packedH + (t % 2) * packedStride
                for q in 0 ..< 4 {
                    GEMM.multiplySerial(m: batch, packedA: hIn, b: wh[q], c: stepGates + q * h + u0, ldc: g4,
                                        accumulate: true)
                }
                for b in starts[t] { (cells + (t * batch + b) * h + u0).update(repeating: 0, count: own.count) }
                for b in 0 ..< batch {
                    let r = t * batch + b
                    LSTMCell.forward(gates: gates + r * g4, hidden: h, units: own, cell: cells + r * h,
                                     newCell: cells + (r + batch) * h, tanhCell: tanhCells + r * h,
                                     output: hidden + (r + batch) * h)
                }
                let hNext = packedH + ((t + 1) % 2) * packedStride
                GEMM.packColumns(m: batch, k: h, columns: own, a: hidden + (t + 1) * batch * h, lda: h, into: hNext)
                if t + 1 < steps { GEMM.clearPackedRows(starts[t + 1], m: batch, k: h, columns: own, in: hNext) }
                barrier.wait()
            }
        }
        lb.carriedH.pointer.update(from: hidden + steps * batch * h, count: batch * h)
        lb.carriedC.pointer.update(from: cells + steps * batch * h, count: batch * h)
    }

    /// The output layer's input, (rows, hidden): the top hidden state, dropped out; kept in `outputInput` for
    /// backward.
    func dropOutputInput(
        _ top: UnsafePointer<Float>, rows: Int, dropout: Float, rng: inout SeededRandom
    ) -> UnsafePointer<Float> {
        let count = rows * config.hidden
        outputUsesMask = dropout > 0
        if outputUsesMask {
            fillMask(outputMask.pointer, count: count, dropout: dropout, rng: &rng)
            for i in 0 ..< count { outputInput.pointer[i] = top[i] * outputMask.pointer[i] }
            return UnsafePointer(outputInput.pointer)
        }
        outputInput.pointer.update(from: top, count: count)
        return top
    }

    /// Logits = bias + top · W_out, (rows, vocabulary).
    func outputLogits(_ top: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>) {
        let h = config.hidden, v = config.vocabularySize
        let lg = logits.pointer
        for r in 0 ..< rows { (lg + r * v).update(from: parameters + layout.outputBias.lowerBound, count: v) }
        GEMM.multiply(m: rows, n: v, k: h, a: top, lda: h, transA: false,
                      b: parameters + layout.outputWeights.lowerBound, ldb: v, transB: false, c: lg, ldc: v,
                      accumulate: true)
    }

    /// Softmax cross-entropy summed over the rows, in nats; leaves d(mean loss)/d(logits) in place of the logits.
    func crossEntropy(targets: [Int32], rows: Int) -> Double {
        let v = config.vocabularySize
        var total = 0.0
        let scale = 1 / Float(rows)
        for r in 0 ..< rows {
            let row = logits.pointer + r * v, target = Int(targets[r])
            total += softmaxInPlace(row, count: v, target: target)
            row[target] -= 1
            for j in 0 ..< v { row[j] *= scale }
        }
        return total
    }

    /// Replaces a row of logits by probabilities; returns −log p(target).
    @inline(__always)
    func softmaxInPlace(_ row: UnsafeMutablePointer<Float>, count v: Int, target: Int) -> Double {
        var m = row[0]
        for j in 1 ..< v where row[j] > m { m = row[j] }
        let targetLogit = row[target]
        for j in 0 ..< v { row[j] -= m }
        Activations.exp(row, count: v)
        var sum: Float = 0
        for j in 0 ..< v { sum += row[j] }
        let inv = 1 / sum
        for j in 0 ..< v { row[j] *= inv }
        return Foundation.log(Double(sum)) + Double(m) - Double(targetLogit)
    }
}
