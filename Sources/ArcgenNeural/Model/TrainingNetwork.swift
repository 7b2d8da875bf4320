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

    /// Batch × hidden below which the recurrence stays on one thread (tests lower it to cover the two-thread path).
    var lockstepWork = 4096
    private var pairTeam: LockstepTeam?
    private let soloTeam = LockstepTeam(members: 1)
    /// h and dGates of one time step in the GEMM's packed-A layout, twice (the step being read, the step being written).
    let packedHidden: FloatBuffer
    let packedDGates: FloatBuffer

    // What the last forward pass ran on, for backward.
    private var lastSteps = 0
    private var lastBatch = 0
    private var lastTokens: [Int32] = []

    /// Floats this network allocates for windows of `maxSteps` × `maxBatch`: the sizes `init` allocates below, kept
    /// next to them so that a shape the machine cannot hold is refused before anything is allocated.
    public static func floatCount(config c: LSTMConfig, maxSteps steps: Int, maxBatch batch: Int) -> Int {
        let rows = steps * batch
        let layers = (0 ..< c.layers).reduce(0) { total, l in
            // maskedInput, mask, gates, cells, tanhCells, hidden, carriedH, carriedC
            total + 2 * rows * c.inputSize(layer: l) + 4 * rows * c.hidden + 3 * rows * c.hidden + 2 * batch * c.hidden
                + 2 * c.hidden * batch
        }
        // embedded, outputInput, outputMask, logits, dGates, dHidden, dInput, dhNext, dcNext, packed buffers
        let perRow = c.embedding + 3 * c.hidden + c.vocabularySize + 4 * c.hidden + max(c.embedding, c.hidden)
        let packed = 2 * GEMM.packedCount(m: batch, k: c.hidden) + 2 * GEMM.packedCount(m: batch, k: 4 * c.hidden)
        return layers + rows * perRow + 2 * batch * c.hidden + packed
    }

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
        packedHidden = FloatBuffer(2 * GEMM.packedCount(m: maxBatch, k: config.hidden))
        packedDGates = FloatBuffer(2 * GEMM.packedCount(m: maxBatch, k: 4 * config.hidden))
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

            // The recurrence, step by step; each team member owns a range of hidden units: their four gate columns,
            // their cell update, and their columns of the packed h that the next step multiplies.
            let team = recurrenceTeam(batch: batch)
            let units = unitRanges(members: team.members)
            let whBase = parameters + pl.recurrentWeights.lowerBound
            let packedH = packedHidden.pointer, packedStride = GEMM.packedCount(m: batch, k: h)
            let cells = lb.cells.pointer, tanhCells = lb.tanhCells.pointer, hidden = lb.hidden.pointer
            team.run { member, barrier in
                let own = units[member], u0 = own.lowerBound, width = own.count
                let wh = (0 ..< 4).map { q in GEMM.PackedB(k: h, n: width, b: whBase + q * h + u0, ldb: g4, transposed: false) }
                GEMM.packColumns(m: batch, k: h, columns: own, a: hidden, lda: h, into: packedH)
                barrier.wait()
                for t in 0 ..< steps {
                    let gt = gates + t * batch * g4
                    let hIn = packedH + (t % 2) * packedStride
                    for q in 0 ..< 4 {
                        GEMM.multiplySerial(m: batch, packedA: hIn, b: wh[q], c: gt + q * h + u0, ldc: g4, accumulate: true)
                    }
                    for b in 0 ..< batch {
                        let row = gt + b * g4
                        for q in 0 ..< 3 { Activations.sigmoid(row + q * h + u0, count: width) }
                        Activations.tanh(row + 3 * h + u0, count: width)
                        let cPrev = cells + (t * batch + b) * h
                        let cNew = cells + ((t + 1) * batch + b) * h
                        let tc = tanhCells + (t * batch + b) * h
                        let hNew = hidden + ((t + 1) * batch + b) * h
                        for j in own { cNew[j] = row[h + j] * cPrev[j] + row[j] * row[3 * h + j] }
                        (tc + u0).update(from: cNew + u0, count: width)
                        Activations.tanh(tc + u0, count: width)
                        for j in own { hNew[j] = row[2 * h + j] * tc[j] }
                    }
                    GEMM.packColumns(m: batch, k: h, columns: own, a: hidden + (t + 1) * batch * h, lda: h,
                                     into: packedH + ((t + 1) % 2) * packedStride)
                    barrier.wait()
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

    /// The cell's backward step for units j ..< j + V.scalarCount of one row: d(gates) from dh (from above and from the
    /// next step) and the carried dc; leaves dc·f in `dcNext` for the step before.
    @inline(__always)
    static func cellBackward<V: SIMD>(_ j: Int, gate: UnsafePointer<Float>, da: UnsafeMutablePointer<Float>, dhAbove: UnsafePointer<Float>,
                                     dhNext: UnsafePointer<Float>, dcNext: UnsafeMutablePointer<Float>, tanhCell: UnsafePointer<Float>,
                                     cPrev: UnsafePointer<Float>, h: Int, as: V.Type) where V.Scalar == Float {
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
        let one = V(repeating: 1)
        let i = load(gate + j), f = load(gate + h + j), o = load(gate + 2 * h + j), g = load(gate + 3 * h + j)
        let dh = load(dhAbove + j) + load(dhNext + j)
        let tc = load(tanhCell + j)
        let dc = dh * o * (one - tc * tc) + load(dcNext + j)
        store(dc * g * i * (one - i), da + j)
        store(dc * load(cPrev + j) * f * (one - f), da + h + j)
        store(dh * tc * o * (one - o), da + 2 * h + j)
        store(dc * i * (one - g * g), da + 3 * h + j)
        store(dc * f, dcNext + j)
    }

    /// The team for a recurrence over `batch` streams: two members once the per-step work pays for the second
    /// thread (tests lower `lockstepWork` to cover the two-member path), else the caller alone.
    func recurrenceTeam(batch: Int) -> LockstepTeam {
        if batch * config.hidden >= lockstepWork && config.hidden >= 2 && ProcessInfo.processInfo.activeProcessorCount >= 2 {
            if pairTeam == nil { pairTeam = LockstepTeam(members: 2) }
            return pairTeam!
        }
        return soloTeam
    }

    /// Hidden units per team member. The split falls on a multiple of 32 when the layer is wide, so each member's
    /// gate columns fill whole 32-column GEMM panels.
    func unitRanges(members: Int) -> [Range<Int>] {
        let h = config.hidden
        guard members == 2 else { return [0 ..< h] }
        let split = h >= 64 ? (h / 2 + 16) / 32 * 32 : h / 2
        return [0 ..< split, split ..< h]
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
            dhNext.zero()
            dcNext.zero()
            // Step by step backwards; each member owns the same hidden units as in the forward pass: their cell
            // backward, their four columns of dGates (packed for the recurrent product), and their columns of dh.
            let team = recurrenceTeam(batch: batch)
            let units = unitRanges(members: team.members)
            let whBase = parameters + pl.recurrentWeights.lowerBound
            let gatesP = lb.gates.pointer, dGatesP = dGates.pointer, dHiddenP = dHidden.pointer
            let tanhP = lb.tanhCells.pointer, cellsP = lb.cells.pointer, dhNextP = dhNext.pointer, dcNextP = dcNext.pointer
            let packedD = packedDGates.pointer, packedStride = GEMM.packedCount(m: batch, k: g4)
            team.run { member, barrier in
                let own = units[member], u0 = own.lowerBound
                let whT = GEMM.PackedB(k: g4, n: own.count, b: whBase + u0 * g4, ldb: g4, transposed: true)
                for t in stride(from: steps - 1, through: 0, by: -1) {
                    for b in 0 ..< batch {
                        let r = t * batch + b
                        let gate = gatesP + r * g4
                        let da = dGatesP + r * g4
                        let dhAbove = dHiddenP + r * h
                        let tc = tanhP + r * h
                        let cPrev = cellsP + r * h
                        let dhn = dhNextP + b * h
                        let dcn = dcNextP + b * h
                        var j = own.lowerBound
                        while j + 16 <= own.upperBound {
                            Self.cellBackward(j, gate: gate, da: da, dhAbove: dhAbove, dhNext: dhn, dcNext: dcn, tanhCell: tc, cPrev: cPrev, h: h, as: SIMD16<Float>.self)
                            j += 16
                        }
                        while j < own.upperBound {     // the same arithmetic, one unit at a time
                            let i = gate[j], f = gate[h + j], o = gate[2 * h + j], g = gate[3 * h + j]
                            let dh = dhAbove[j] + dhn[j]
                            let tcj = tc[j]
                            let dc = dh * o * (1 - tcj * tcj) + dcn[j]
                            da[j] = dc * g * i * (1 - i)
                            da[h + j] = dc * cPrev[j] * f * (1 - f)
                            da[2 * h + j] = dh * tcj * o * (1 - o)
                            da[3 * h + j] = dc * i * (1 - g * g)
                            dcn[j] = dc * f
                            j += 1
                        }
                    }
                    if t == 0 { break }
                    let dIn = packedD + (t % 2) * packedStride
                    for q in 0 ..< 4 {
                        GEMM.packColumns(m: batch, k: g4, columns: q * h + u0 ..< q * h + own.upperBound,
                                         a: dGatesP + t * batch * g4, lda: g4, into: dIn)
                    }
                    barrier.wait()
                    GEMM.multiplySerial(m: batch, packedA: dIn, b: whT, c: dhNextP + u0, ldc: h, accumulate: false)
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
