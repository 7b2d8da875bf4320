import ArcgenKernels

/// Steps a trained network one token at a time for `batch` independent streams, keeping each stream's hidden and
/// cell state. The first layer's input product is a table lookup (embedding × input weights, precomputed per token);
/// the rest are matrix–vector products over half-precision copies of the weights (`HalfPanels`), which give each
/// stream the bits it would get alone, in a batch of any size. A model with a plan input reads each stream's plan
/// bag from the tokens it is fed, as training read it, and adds the bag's share of the first layer's gates, which
/// changes only when the bag does.
public final class Generator {
    public let model: LanguageModel
    public let batch: Int
    let config: LSTMConfig
    let layout: ParameterLayout
    /// (parameters) the model's weights, for raw access.
    let weights: FloatBuffer
    /// (vocabulary, 4·hidden) embedding · W_x of layer 0, plus its bias.
    let firstLayerTable: FloatBuffer
    /// Per layer (batch, hidden).
    let h: [FloatBuffer]
    let c: [FloatBuffer]
    /// (batch, 4·hidden), (batch, vocabulary)
    let gates: FloatBuffer
    let logits: FloatBuffer
    /// Per layer the input (nil for layer 0, whose product is the table) and recurrent weights, and the output
    /// weights, in half-precision panels.
    let panels: (input: [HalfPanels?], recurrent: [HalfPanels], output: HalfPanels)
    /// Per stream its plan bag and (4·hidden) plan vector · W_x of layer 0; none without a plan input.
    var planBags: [PlanBag]
    let planGates: FloatBuffer
    /// (plan width) scratch for the bag's mean vector (read as continuations, the bag changes nearly every step).
    let planVector: FloatBuffer
    /// The scalars each token spells, for reading plan bags.
    let pieces: [[Unicode.Scalar]]

    public init(model: LanguageModel, batch: Int = 1) {
        precondition(batch >= 1)
        self.model = model
        self.batch = batch
        let config = model.config
        let layout = ParameterLayout(config)
        self.config = config
        self.layout = layout
        let hd = config.hidden, g4 = 4 * hd, v = config.vocabularySize
        let weights = FloatBuffer(model.parameters.count)
        model.parameters.withUnsafeBufferPointer { weights.pointer.update(from: $0.baseAddress!, count: $0.count) }
        self.weights = weights
        let w = weights.pointer
        let table = FloatBuffer(v * g4)
        let l0 = layout.layers[0]
        for t in 0 ..< v { (table.pointer + t * g4).update(from: w + l0.bias.lowerBound, count: g4) }
        // The embedding's rows of W_x come first; the plan's, if any, after them.
        GEMM.multiply(m: v, n: g4, k: config.embedding, a: w + layout.embedding.lowerBound, lda: config.embedding,
                      transA: false, b: w + l0.inputWeights.lowerBound, ldb: g4, transB: false, c: table.pointer,
                      ldc: g4, accumulate: true)
        firstLayerTable = table
        planBags = config.plan.map { plan in (0 ..< batch).map { _ in PlanBag(plan) } } ?? []
        planGates = FloatBuffer(config.plan == nil ? 0 : batch * g4)
        planVector = FloatBuffer(config.planWidth)
        pieces = model.tokenizer.symbols.map { Array($0.unicodeScalars) }
        h = (0 ..< config.layers).map { _ in FloatBuffer(batch * hd) }
        c = (0 ..< config.layers).map { _ in FloatBuffer(batch * hd) }
        gates = FloatBuffer(batch * g4)
        logits = FloatBuffer(batch * v)
        panels = ((0 ..< config.layers).map { l in
            l == 0 ? nil : HalfPanels(w + layout.layers[l].inputWeights.lowerBound, rows: hd, cols: g4)
        }, (0 ..< config.layers).map { l in
            HalfPanels(w + layout.layers[l].recurrentWeights.lowerBound, rows: hd, cols: g4)
        }, HalfPanels(w + layout.outputWeights.lowerBound, rows: hd, cols: v))
    }

    /// Lends `body` the next-token scores of stream `b` after the last `step`, (vocabulary). The buffer is the
    /// generator's own and the next step overwrites it, so it must not escape `body`.
    public func withScores<R>(stream b: Int, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(b >= 0 && b < batch, "stream \(b) of a generator with \(batch)")
        let v = config.vocabularySize
        return try body(UnsafeBufferPointer(start: logits.pointer + b * v, count: v))
    }

    /// Zeroes every stream's state.
    public func reset() {
        for b in 0 ..< batch { resetStream(b) }
    }

    /// Zeroes one stream's state and empties its plan bag.
    public func resetStream(_ b: Int) {
        let hd = config.hidden
        for l in 0 ..< config.layers {
            (h[l].pointer + b * hd).update(repeating: 0, count: hd)
            (c[l].pointer + b * hd).update(repeating: 0, count: hd)
        }
        guard let plan = config.plan else { return }
        planBags[b] = PlanBag(plan)
        (planGates.pointer + b * 4 * hd).update(repeating: 0, count: 4 * hd)
    }

    /// Reads `token` into stream `b`'s plan bag and, when the bag changed, recomputes the stream's plan gates.
    func readPlan(_ token: Int32, stream b: Int) {
        guard planBags[b].read(pieces[Int(token)]) else { return }
        let hd = config.hidden, g4 = 4 * hd, width = config.planWidth, w = weights.pointer
        let vector = planVector.pointer
        PlanVector.mean(of: planBags[b].words, table: w + layout.planEmbedding.lowerBound, width: width, into: vector)
        let out = planGates.pointer + b * g4
        out.update(repeating: 0, count: g4)
        let planRows = w + layout.layers[0].inputWeights.lowerBound + config.embedding * g4
        for j in 0 ..< width where vector[j] != 0 {
            let x = vector[j]
            let row = planRows + j * g4
            for k in 0 ..< g4 { out[k] += x * row[k] }
        }
    }

    /// Feeds one token to each of the first `tokens.count` streams (a sampler moves its unfinished streams to the
    /// front, so finished ones cost nothing); afterwards `logits` holds their (streams, vocabulary) next-token scores.
    public func step(_ tokens: [Int32]) {
        let n = tokens.count
        precondition(n >= 1 && n <= batch)
        let hd = config.hidden, g4 = 4 * hd, v = config.vocabularySize
        let w = weights.pointer
        for l in 0 ..< config.layers {
            let pl = layout.layers[l]
            let g = gates.pointer
            if l == 0 {
                for b in 0 ..< n {
                    (g + b * g4).update(from: firstLayerTable.pointer + Int(tokens[b]) * g4, count: g4)
                    guard config.plan != nil else { continue }
                    readPlan(tokens[b], stream: b)
                    let planned = planGates.pointer + b * g4
                    for k in 0 ..< g4 { g[b * g4 + k] += planned[k] }
                }
            } else {
                for b in 0 ..< n { (g + b * g4).update(from: w + pl.bias.lowerBound, count: g4) }
            }
            panels.input[l]?.accumulate(xs: h[l - 1].pointer, ldx: hd, streams: n, into: g, ldo: g4)
            panels.recurrent[l].accumulate(xs: h[l].pointer, ldx: hd, streams: n, into: g, ldo: g4)
            for b in 0 ..< n {
                let cell = c[l].pointer + b * hd, hidden = h[l].pointer + b * hd
                LSTMCell.forward(gates: g + b * g4, hidden: hd, units: 0 ..< hd, cell: cell, newCell: cell,
                                 tanhCell: hidden, output: hidden)
            }
        }
        let top = h[config.layers - 1].pointer
        for b in 0 ..< n { (logits.pointer + b * v).update(from: w + layout.outputBias.lowerBound, count: v) }
        panels.output.accumulate(xs: top, ldx: hd, streams: n, into: logits.pointer, ldo: v)
    }

    /// Copies stream `from`'s hidden and cell state (and plan bag) into stream `to` (to move an unfinished stream to
    /// the front).
    public func moveStream(from: Int, to: Int) {
        precondition(from >= 0 && from < batch && to >= 0 && to < batch)
        let hd = config.hidden
        for l in 0 ..< config.layers {
            (h[l].pointer + to * hd).update(from: h[l].pointer + from * hd, count: hd)
            (c[l].pointer + to * hd).update(from: c[l].pointer + from * hd, count: hd)
        }
        guard config.plan != nil else { return }
        planBags[to] = planBags[from]
        (planGates.pointer + to * 4 * hd).update(from: planGates.pointer + from * 4 * hd, count: 4 * hd)
    }

    /// One stream's state, kept aside: what a sampler ranking paragraphs holds while the stream's slot is reused.
    public struct StreamState {
        var hidden: [[Float]]
        var cell: [[Float]]
        var planBag: PlanBag?
        var planGates: [Float]
    }

    /// Stream `b`'s state (hidden and cell state of every layer, plan bag and gates), copied out.
    public func state(of b: Int) -> StreamState {
        precondition(b >= 0 && b < batch)
        let hd = config.hidden, g4 = 4 * hd
        func row(_ buffer: FloatBuffer, _ width: Int) -> [Float] {
            Array(UnsafeBufferPointer(start: buffer.pointer + b * width, count: width))
        }
        return StreamState(hidden: h.map { row($0, hd) }, cell: c.map { row($0, hd) },
                           planBag: config.plan == nil ? nil : planBags[b],
                           planGates: config.plan == nil ? [] : row(planGates, g4))
    }

    /// Puts `state` (taken from this generator by `state(of:)`) into stream `b`.
    public func restore(_ state: StreamState, to b: Int) {
        precondition(b >= 0 && b < batch && state.hidden.count == config.layers)
        let hd = config.hidden
        for l in 0 ..< config.layers {
            state.hidden[l].withUnsafeBufferPointer { (h[l].pointer + b * hd).update(from: $0.baseAddress!, count: hd) }
            state.cell[l].withUnsafeBufferPointer { (c[l].pointer + b * hd).update(from: $0.baseAddress!, count: hd) }
        }
        guard let bag = state.planBag else { return }
        planBags[b] = bag
        state.planGates.withUnsafeBufferPointer {
            (planGates.pointer + b * 4 * hd).update(from: $0.baseAddress!, count: 4 * hd)
        }
    }
}
