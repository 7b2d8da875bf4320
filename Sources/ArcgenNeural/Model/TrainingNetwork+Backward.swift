import ArcgenKernels

/// Backpropagation through time over the last forward window, the forward steps in reverse: the output layer, then
/// for each layer from the top the recurrence backwards, the weight gradients of the whole window, and the gradient
/// handed to the layer below (or to the embedding).
extension TrainingNetwork {
    /// Backpropagates the last forward window; adds d(mean loss)/d(parameters) into `gradients`.
    /// - Parameters:
    ///   - parameters: the parameters the forward pass ran with.
    ///   - gradients: (parameters) laid out like them.
    public func backward(parameters: [Float], gradients: inout [Float]) {
        let steps = lastSteps, batch = lastBatch, rows = steps * batch
        precondition(rows > 0, "backward before forward")
        precondition(gradients.count == layout.count, "\(gradients.count) gradients for a network of \(layout.count)")
        withParameters(parameters) { parameters in
            gradients.withUnsafeMutableBufferPointer { buffer in
                let gradients = buffer.baseAddress!
                outputBackward(rows: rows, parameters: parameters, gradients: gradients)
                for l in (0 ..< config.layers).reversed() {
                    recurrenceBackward(l, steps: steps, batch: batch, parameters: parameters)
                    weightGradients(l, rows: rows, batch: batch, gradients: gradients)
                    inputBackward(l, rows: rows, parameters: parameters, gradients: gradients)
                }
            }
        }
    }

    /// The output layer: gradients of its weights and bias, and d loss / d top hidden state into `dHidden`.
    func outputBackward(rows: Int, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let h = config.hidden, v = config.vocabularySize
        let dLogits = GEMM.PackedB(k: rows, n: v, b: logits.pointer, ldb: v, transposed: false)
        GEMM.multiply(m: h, a: outputInput.pointer, lda: h, transA: true, b: dLogits,
                      c: gradients + layout.outputWeights.lowerBound, ldc: v, accumulate: true)
        addColumnSums(logits.pointer, rows: rows, cols: v, into: gradients + layout.outputBias.lowerBound)
        GEMM.multiply(m: rows, n: h, k: v, a: logits.pointer, lda: v, transA: false,
                      b: parameters + layout.outputWeights.lowerBound, ldb: v, transB: true,
                      c: dHidden.pointer, ldc: h, accumulate: false)
        if outputUsesMask { for i in 0 ..< rows * h { dHidden.pointer[i] *= outputMask.pointer[i] } }
    }

    /// Layer `l` step by step backwards into `dGates`. Each member owns the same hidden units as in the forward
    /// pass: their cell backward, their four columns of dGates (packed for the recurrent product), and their columns
    /// of the dh handed to the step before — none for a stream whose document begins at the step.
    func recurrenceBackward(_ l: Int, steps: Int, batch: Int, parameters: UnsafePointer<Float>) {
        let lb = layerBuffers[l], h = config.hidden, g4 = 4 * h
        dhNext.zero()
        dcNext.zero()
        let team = recurrenceTeam(batch: batch)
        let units = unitRanges(members: team.members)
        let recurrentWeights = parameters + layout.layers[l].recurrentWeights.lowerBound
        let gates = lb.gates.pointer, tanhCells = lb.tanhCells.pointer, cells = lb.cells.pointer
        let dGates = dGates.pointer, dHidden = dHidden.pointer, dhNext = dhNext.pointer, dcNext = dcNext.pointer
        let packedD = packedDGates.pointer, packedStride = GEMM.packedCount(m: batch, k: g4)
        let starts = lastDocumentStarts
        team.run { member, barrier in
            let own = units[member], u0 = own.lowerBound
            let whT = GEMM.PackedB(k: g4, n: own.count, b: recurrentWeights + u0 * g4, ldb: g4, transposed: true)
            for t in (0 ..< steps).reversed() {
                for b in 0 ..< batch {
                    let r = t * batch + b
                    LSTMCell.backward(gates: gates + r * g4, gateGradients: dGates + r * g4, hidden: h, units: own,
                                      dhAbove: dHidden + r * h, dhNext: dhNext + b * h, dcNext: dcNext + b * h,
                                      tanhCell: tanhCells + r * h, cell: cells + r * h)
                }
                if t == 0 { break }
                let dIn = packedD + (t % 2) * packedStride
                for q in 0 ..< 4 {
                    GEMM.packColumns(m: batch, k: g4, columns: q * h + u0 ..< q * h + own.upperBound,
                                     a: dGates + t * batch * g4, lda: g4, into: dIn)
                }
                barrier.wait()
                GEMM.multiplySerial(m: batch, packedA: dIn, b: whT, c: dhNext + u0, ldc: h, accumulate: false)
                for b in starts[t] {
                    (dhNext + b * h + u0).update(repeating: 0, count: own.count)
                    (dcNext + b * h + u0).update(repeating: 0, count: own.count)
                }
            }
        }
    }

    /// Gradients of layer `l`'s recurrent weights, input weights and bias for the whole window at once. The
    /// recurrent product reads each step's h before it, zero where a document begins, as the forward pass read it.
    func weightGradients(_ l: Int, rows: Int, batch: Int, gradients: UnsafeMutablePointer<Float>) {
        let lb = layerBuffers[l], pl = layout.layers[l], h = config.hidden, g4 = 4 * h
        let width = config.inputSize(layer: l)
        let dA = GEMM.PackedB(k: rows, n: g4, b: dGates.pointer, ldb: g4, transposed: false)
        let startRows = lastDocumentStarts.enumerated().flatMap { t, streams in streams.map { t * batch + $0 } }
        let kept = startRows.map { Array(UnsafeBufferPointer(start: lb.hidden.pointer + $0 * h, count: h)) }
        for r in startRows { (lb.hidden.pointer + r * h).update(repeating: 0, count: h) }
        GEMM.multiply(m: h, a: lb.hidden.pointer, lda: h, transA: true, b: dA,
                      c: gradients + pl.recurrentWeights.lowerBound, ldc: g4, accumulate: true)
        for (r, row) in zip(startRows, kept) { (lb.hidden.pointer + r * h).update(from: row, count: h) }
        GEMM.multiply(m: width, a: layerInput(l, batch: batch), lda: width, transA: true, b: dA,
                      c: gradients + pl.inputWeights.lowerBound, ldc: g4, accumulate: true)
        addColumnSums(dGates.pointer, rows: rows, cols: g4, into: gradients + pl.bias.lowerBound)
    }

    /// What layer `l` read in the forward pass, (rows, input).
    func layerInput(_ l: Int, batch: Int) -> UnsafePointer<Float> {
        if l == 0 { return UnsafePointer(embedded.pointer) }
        if layerBuffers[l].usesMask { return UnsafePointer(layerBuffers[l].maskedInput.pointer) }
        return UnsafePointer(layerBuffers[l - 1].hidden.pointer + batch * config.hidden)
    }

    /// d loss / d layer `l`'s input: into `dHidden` for the layer below (through its dropout mask), or added into
    /// the embedding rows of the window's tokens and, shared equally, the vectors of their plan bags' words.
    func inputBackward(_ l: Int, rows: Int, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let lb = layerBuffers[l], h = config.hidden, g4 = 4 * h, width = config.inputSize(layer: l)
        GEMM.multiply(m: rows, n: width, k: g4, a: dGates.pointer, lda: g4, transA: false,
                      b: parameters + layout.layers[l].inputWeights.lowerBound, ldb: g4, transB: true,
                      c: dInput.pointer, ldc: width, accumulate: false)
        if l > 0 {
            if lb.usesMask {
                for i in 0 ..< rows * h { dHidden.pointer[i] = dInput.pointer[i] * lb.mask.pointer[i] }
            } else {
                dHidden.pointer.update(from: dInput.pointer, count: rows * h)
            }
            return
        }
        let embedding = config.embedding, planWidth = config.planWidth
        let table = gradients + layout.embedding.lowerBound, planTable = gradients + layout.planEmbedding.lowerBound
        for (r, token) in lastTokens.enumerated() {
            let dst = table + Int(token) * embedding, src = dInput.pointer + r * width
            for j in 0 ..< embedding { dst[j] += src[j] }
            guard planWidth > 0, !lastPlans[r].isEmpty else { continue }
            let share = 1 / Float(lastPlans[r].count), dPlan = src + embedding
            for word in lastPlans[r] {
                let dWord = planTable + Int(word) * planWidth
                for j in 0 ..< planWidth { dWord[j] += share * dPlan[j] }
            }
        }
    }
}
