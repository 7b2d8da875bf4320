import Foundation
import ArcgenSupport

/// The LSTM unrolled over one window of `steps` time steps for `batch` parallel streams: forward with the loss, and
/// backpropagation through time into a gradient vector laid out like the parameters.
///
/// Rows are time-major (`t * batch + b`), so each time step is one contiguous block and the input-to-hidden products
/// of a whole window are one large GEMM; only the recurrent product runs step by step. The hidden and cell state at
/// the end of a window are kept and fed to the next window of the same streams (truncated BPTT).
public final class TrainingNetwork {
    public let config: LSTMConfig
    public let layout: ParameterLayout
    public let maxSteps: Int
    public let maxBatch: Int

    final class LayerBuffers {
        /// (steps·batch, input) dropout-masked input for layers above the first.
        let maskedInput: FloatBuffer
        /// (steps·batch, input) dropout mask, already scaled by 1/(1-p).
        let mask: FloatBuffer
        /// (steps·batch, 4·hidden) gate activations i, f, o, g.
        let gates: FloatBuffer
        /// ((steps+1)·batch, hidden) cell states; block 0 is the state carried in.
        let cells: FloatBuffer
        /// (steps·batch, hidden) tanh of the cell states.
        let tanhCells: FloatBuffer
        /// ((steps+1)·batch, hidden) hidden states; block 0 is the state carried in.
        let hidden: FloatBuffer
        /// (batch, hidden) the state carried between windows.
        let carriedH: FloatBuffer
        let carriedC: FloatBuffer
        var usesMask = false

        init(input: Int, hidden h: Int, steps: Int, batch: Int) {
            maskedInput = FloatBuffer(steps * batch * input)
            mask = FloatBuffer(steps * batch * input)
            gates = FloatBuffer(steps * batch * 4 * h)
            cells = FloatBuffer((steps + 1) * batch * h)
            tanhCells = FloatBuffer(steps * batch * h)
            hidden = FloatBuffer((steps + 1) * batch * h)
            carriedH = FloatBuffer(batch * h)
            carriedC = FloatBuffer(batch * h)
        }
    }

    let layerBuffers: [LayerBuffers]
    /// (steps·batch, embedding) embedded input tokens.
    let embedded: FloatBuffer
    /// (steps·batch, hidden) dropout-masked top hidden state and its mask.
    let outputInput: FloatBuffer
    let outputMask: FloatBuffer
    var outputUsesMask = false
    /// (steps·batch, vocabulary) logits, then probabilities, then d loss / d logits.
    let logits: FloatBuffer
    /// Backward scratch: (steps·batch, 4·hidden), (steps·batch, hidden), (steps·batch, max(embedding, hidden)), (batch, hidden)×2.
    let dGates: FloatBuffer
    let dHidden: FloatBuffer
    let dInput: FloatBuffer
    let dhNext: FloatBuffer
    let dcNext: FloatBuffer

    /// Rows × width below which cell updates stay on one thread (tests lower it to cover the parallel path).
    var parallelRowWork = 4096

    // What the last forward pass ran on, for backward.
    private var lastSteps = 0
    private var lastBatch = 0
    private var lastTokens: [Int32] = []

    public init(config: LSTMConfig, maxSteps: Int, maxBatch: Int) {
        self.config = config
        layout = ParameterLayout(config)
        self.maxSteps = maxSteps
        self.maxBatch = maxBatch
        let rows = maxSteps * maxBatch
        layerBuffers = (0 ..< config.layers).map {
            LayerBuffers(input: config.inputSize(layer: $0), hidden: config.hidden, steps: maxSteps, batch: maxBatch)
        }
        embedded = FloatBuffer(rows * config.embedding)
        outputInput = FloatBuffer(rows * config.hidden)
        outputMask = FloatBuffer(rows * config.hidden)
        logits = FloatBuffer(rows * config.vocabularySize)
        dGates = FloatBuffer(rows * 4 * config.hidden)
        dHidden = FloatBuffer(rows * config.hidden)
        dInput = FloatBuffer(rows * max(config.embedding, config.hidden))
        dhNext = FloatBuffer(maxBatch * config.hidden)
        dcNext = FloatBuffer(maxBatch * config.hidden)
    }

    // MARK: Carried state

    /// Zeroes the state carried between windows (start of an epoch or of a validation pass).
    public func resetState() {
        for lb in layerBuffers { lb.carriedH.zero(); lb.carriedC.zero() }
    }

    /// The carried state, (layers, 2, maxBatch, hidden), for checkpoints and for saving around validation.
    public var carriedState: [Float] {
        get {
            var out: [Float] = []
            out.reserveCapacity(config.layers * 2 * maxBatch * config.hidden)
            for lb in layerBuffers {
                out.append(contentsOf: UnsafeBufferPointer(start: lb.carriedH.pointer, count: lb.carriedH.count))
                out.append(contentsOf: UnsafeBufferPointer(start: lb.carriedC.pointer, count: lb.carriedC.count))
            }
            return out
        }
        set {
            precondition(newValue.count == config.layers * 2 * maxBatch * config.hidden, "carried state has the wrong size")
            var o = 0
            for lb in layerBuffers {
                for b in [lb.carriedH, lb.carriedC] {
                    newValue.withUnsafeBufferPointer { src in b.pointer.update(from: src.baseAddress! + o, count: b.count) }
                    o += b.count
                }
            }
        }
    }

    // MARK: Forward

    /// Runs one window forward and returns the summed cross-entropy in nats over all `steps · batch` targets.
    /// - Parameters:
    ///   - inputs, targets: (steps, batch) time-major token ids.
    ///   - dropout: probability of zeroing a unit between layers and before the output (0 for evaluation).
    ///   - rng: draws the dropout masks.
    public func forward(
        parameters: UnsafePointer<Float>, inputs: [Int32], targets: [Int32], steps: Int, batch: Int,
        dropout: Float, rng: inout SeededRandom
    ) -> Double {
        precondition(steps >= 1 && steps <= maxSteps && batch >= 1 && batch <= maxBatch, "window larger than the workspace")
        precondition(inputs.count == steps * batch && targets.count == steps * batch, "token count must be steps × batch")
        let c = config, h = c.hidden, g4 = 4 * h, rows = steps * batch, v = c.vocabularySize
        lastSteps = steps
        lastBatch = batch
        lastTokens = inputs

        // Embedding lookup: (rows, embedding).
        let emb = parameters + layout.embedding.lowerBound
        for r in 0 ..< rows {
            (embedded.pointer + r * c.embedding).update(from: emb + Int(inputs[r]) * c.embedding, count: c.embedding)
        }

        var below = UnsafePointer(embedded.pointer)
        var belowWidth = c.embedding
        for (l, lb) in layerBuffers.enumerated() {
            let pl = layout.layers[l]
            let inputWidth = c.inputSize(layer: l)
            // Dropout on the input of every layer above the first.
            var input = below
            lb.usesMask = l > 0 && dropout > 0
            if lb.usesMask {
                fillMask(lb.mask.pointer, count: rows * inputWidth, dropout: dropout, rng: &rng)
                for i in 0 ..< rows * inputWidth { lb.maskedInput.pointer[i] = below[i] * lb.mask.pointer[i] }
                input = UnsafePointer(lb.maskedInput.pointer)
            }
            precondition(belowWidth == inputWidth)

            // Gates for the whole window: bias + input · Wx, (rows, 4h).
            let gates = lb.gates.pointer
            let bias = parameters + pl.bias.lowerBound
            for r in 0 ..< rows { (gates + r * g4).update(from: bias, count: g4) }
            GEMM.multiply(m: rows, n: g4, k: inputWidth, a: input, lda: inputWidth, transA: false,
                          b: parameters + pl.inputWeights.lowerBound, ldb: g4, transB: false,
                          c: gates, ldc: g4, accumulate: true)

            // Carried state into block 0.
            lb.hidden.pointer.update(from: lb.carriedH.pointer, count: batch * h)
            lb.cells.pointer.update(from: lb.carriedC.pointer, count: batch * h)
            let wh = GEMM.PackedB(k: h, n: g4, b: parameters + pl.recurrentWeights.lowerBound, ldb: g4, transposed: false)
            for t in 0 ..< steps {
                let gt = gates + t * batch * g4
                GEMM.multiply(m: batch, a: lb.hidden.pointer + t * batch * h, lda: h, transA: false, b: wh, c: gt, ldc: g4, accumulate: true)
                let cells = lb.cells.pointer, tanhCells = lb.tanhCells.pointer, hidden = lb.hidden.pointer
                rowsInParallel(batch, width: h) { b in
                    let row = gt + b * g4
                    Activations.sigmoid(row, count: 3 * h)
                    Activations.tanh(row + 3 * h, count: h)
                    let cPrev = cells + (t * batch + b) * h
                    let cNew = cells + ((t + 1) * batch + b) * h
                    let tc = tanhCells + (t * batch + b) * h
                    let hNew = hidden + ((t + 1) * batch + b) * h
                    for j in 0 ..< h { cNew[j] = row[h + j] * cPrev[j] + row[j] * row[3 * h + j] }
                    tc.update(from: cNew, count: h)
                    Activations.tanh(tc, count: h)
                    for j in 0 ..< h { hNew[j] = row[2 * h + j] * tc[j] }
                }
            }
            lb.carriedH.pointer.update(from: lb.hidden.pointer + steps * batch * h, count: batch * h)
            lb.carriedC.pointer.update(from: lb.cells.pointer + steps * batch * h, count: batch * h)
            below = UnsafePointer(lb.hidden.pointer + batch * h)
            belowWidth = h
        }

        // Output layer on the (dropped-out) top hidden state.
        var top = below
        outputUsesMask = dropout > 0
        if outputUsesMask {
            fillMask(outputMask.pointer, count: rows * h, dropout: dropout, rng: &rng)
            for i in 0 ..< rows * h { outputInput.pointer[i] = below[i] * outputMask.pointer[i] }
            top = UnsafePointer(outputInput.pointer)
        } else {
            outputInput.pointer.update(from: below, count: rows * h)
        }
        let lg = logits.pointer
        let outBias = parameters + layout.outputBias.lowerBound
        for r in 0 ..< rows { (lg + r * v).update(from: outBias, count: v) }
        GEMM.multiply(m: rows, n: v, k: h, a: top, lda: h, transA: false,
                      b: parameters + layout.outputWeights.lowerBound, ldb: v, transB: false, c: lg, ldc: v, accumulate: true)

        // Softmax cross-entropy; leaves d(mean loss)/d(logits) in place.
        var total = 0.0
        let scale = 1 / Float(rows)
        for r in 0 ..< rows {
            let row = lg + r * v
            total += softmaxInPlace(row, count: v, target: Int(targets[r]))
            row[Int(targets[r])] -= 1
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

    /// Runs `body` for each of `rows` independent rows, split over two threads when the rows are wide enough to
    /// pay for the hand-off. Rows write disjoint memory, so the result does not depend on the split.
    @inline(__always)
    func rowsInParallel(_ rows: Int, width: Int, _ body: (Int) -> Void) {
        if rows >= 2 && rows * width >= parallelRowWork {
            let half = (rows + 1) / 2
            parallelFor(2) { part in
                for b in (part == 0 ? 0 ..< half : half ..< rows) { body(b) }
            }
        } else {
            for b in 0 ..< rows { body(b) }
        }
    }

    /// Inverted dropout: each unit kept with probability 1−p and scaled by 1/(1−p).
    func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int, dropout: Float, rng: inout SeededRandom) {
        let keep = 1 / (1 - dropout)
        for i in 0 ..< count { mask[i] = rng.nextFloat() < dropout ? 0 : keep }
    }

    // MARK: Backward

    /// Backpropagates the last forward window; adds d(mean loss)/d(parameters) into `gradients`.
    public func backward(parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let c = config, h = c.hidden, g4 = 4 * h, v = c.vocabularySize
        let steps = lastSteps, batch = lastBatch, rows = steps * batch
        precondition(rows > 0, "backward before forward")

        // Output layer.
        let dLogits = GEMM.PackedB(k: rows, n: v, b: logits.pointer, ldb: v, transposed: false)
        GEMM.multiply(m: h, a: outputInput.pointer, lda: h, transA: true, b: dLogits,
                      c: gradients + layout.outputWeights.lowerBound, ldc: v, accumulate: true)
        addColumnSums(logits.pointer, rows: rows, cols: v, into: gradients + layout.outputBias.lowerBound)
        GEMM.multiply(m: rows, n: h, k: v, a: logits.pointer, lda: v, transA: false,
                      b: parameters + layout.outputWeights.lowerBound, ldb: v, transB: true,
                      c: dHidden.pointer, ldc: h, accumulate: false)
        if outputUsesMask { for i in 0 ..< rows * h { dHidden.pointer[i] *= outputMask.pointer[i] } }

        for l in stride(from: c.layers - 1, through: 0, by: -1) {
            let lb = layerBuffers[l]
            let pl = layout.layers[l]
            let inputWidth = c.inputSize(layer: l)
            let whT = GEMM.PackedB(k: g4, n: h, b: parameters + pl.recurrentWeights.lowerBound, ldb: g4, transposed: true)
            dhNext.zero()
            dcNext.zero()
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let gatesP = lb.gates.pointer, dGatesP = dGates.pointer, dHiddenP = dHidden.pointer
                let tanhP = lb.tanhCells.pointer, cellsP = lb.cells.pointer, dhNextP = dhNext.pointer, dcNextP = dcNext.pointer
                rowsInParallel(batch, width: h) { b in
                    let r = t * batch + b
                    let gate = gatesP + r * g4
                    let da = dGatesP + r * g4
                    let dhAbove = dHiddenP + r * h
                    let tc = tanhP + r * h
                    let cPrev = cellsP + r * h
                    let dhn = dhNextP + b * h
                    let dcn = dcNextP + b * h
                    for j in 0 ..< h {
                        let i = gate[j], f = gate[h + j], o = gate[2 * h + j], gg = gate[3 * h + j]
                        let dh = dhAbove[j] + dhn[j]
                        let tcj = tc[j]
                        let dc = dh * o * (1 - tcj * tcj) + dcn[j]
                        da[j] = dc * gg * i * (1 - i)
                        da[h + j] = dc * cPrev[j] * f * (1 - f)
                        da[2 * h + j] = dh * tcj * o * (1 - o)
                        da[3 * h + j] = dc * i * (1 - gg * gg)
                        dcn[j] = dc * f
                    }
                }
                if t > 0 {
                    GEMM.multiply(m: batch, a: dGates.pointer + t * batch * g4, lda: g4, transA: false, b: whT,
                                  c: dhNext.pointer, ldc: h, accumulate: false)
                }
            }
            // Weight gradients for the whole window at once.
            let dA = GEMM.PackedB(k: rows, n: g4, b: dGates.pointer, ldb: g4, transposed: false)
            GEMM.multiply(m: h, a: lb.hidden.pointer, lda: h, transA: true, b: dA,
                          c: gradients + pl.recurrentWeights.lowerBound, ldc: g4, accumulate: true)
            let input: UnsafePointer<Float> = l == 0
                ? UnsafePointer(embedded.pointer)
                : (lb.usesMask ? UnsafePointer(lb.maskedInput.pointer) : UnsafePointer(layerBuffers[l - 1].hidden.pointer + batch * h))
            GEMM.multiply(m: inputWidth, a: input, lda: inputWidth, transA: true, b: dA,
                          c: gradients + pl.inputWeights.lowerBound, ldc: g4, accumulate: true)
            addColumnSums(dGates.pointer, rows: rows, cols: g4, into: gradients + pl.bias.lowerBound)
            GEMM.multiply(m: rows, n: inputWidth, k: g4, a: dGates.pointer, lda: g4, transA: false,
                          b: parameters + pl.inputWeights.lowerBound, ldb: g4, transB: true,
                          c: dInput.pointer, ldc: inputWidth, accumulate: false)
            if l > 0 {
                if lb.usesMask {
                    for i in 0 ..< rows * h { dHidden.pointer[i] = dInput.pointer[i] * lb.mask.pointer[i] }
                } else {
                    dHidden.pointer.update(from: dInput.pointer, count: rows * h)
                }
            } else {
                let gEmb = gradients + layout.embedding.lowerBound
                for r in 0 ..< rows {
                    let dst = gEmb + Int(lastTokens[r]) * c.embedding
                    let src = dInput.pointer + r * c.embedding
                    for j in 0 ..< c.embedding { dst[j] += src[j] }
                }
            }
        }
    }
}
