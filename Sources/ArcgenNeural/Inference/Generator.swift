import ArcgenKernels

/// Steps a trained network one token at a time for `batch` independent streams, keeping each stream's hidden and
/// cell state. Small batches — one scene, or its few candidates — avoid GEMM altogether: the first layer's input
/// product is a table lookup (embedding × input weights, precomputed per token), and the rest are matrix–vector
/// products over half-precision copies of the weights (`HalfPanels`), each weight read once for every stream.
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
    /// weights, in half-precision panels: only for batches up to `smallBatch`.
    let panels: (input: [HalfPanels?], recurrent: [HalfPanels], output: HalfPanels)?
    /// The weights packed for GEMM, only for batches above `smallBatch`.
    let packed: (input: [GEMM.PackedB?], recurrent: [GEMM.PackedB], output: GEMM.PackedB)?

    /// Up to this many streams, a step is matrix–vector products (`HalfPanels.accumulate`): they read each weight
    /// once for all streams and give every stream the bits it would get alone. GEMM pads to 6-row tiles and packs,
    /// which only pays for larger batches.
    public static let smallBatch = 8

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
        GEMM.multiply(m: v, n: g4, k: config.embedding, a: w + layout.embedding.lowerBound, lda: config.embedding,
                      transA: false, b: w + l0.inputWeights.lowerBound, ldb: g4, transB: false, c: table.pointer,
                      ldc: g4, accumulate: true)
        firstLayerTable = table
        h = (0 ..< config.layers).map { _ in FloatBuffer(batch * hd) }
        c = (0 ..< config.layers).map { _ in FloatBuffer(batch * hd) }
        gates = FloatBuffer(batch * g4)
        logits = FloatBuffer(batch * v)
        guard batch > Self.smallBatch else {
            panels = ((0 ..< config.layers).map { l in
                l == 0 ? nil : HalfPanels(w + layout.layers[l].inputWeights.lowerBound, rows: hd, cols: g4)
            }, (0 ..< config.layers).map { l in
                HalfPanels(w + layout.layers[l].recurrentWeights.lowerBound, rows: hd, cols: g4)
            }, HalfPanels(w + layout.outputWeights.lowerBound, rows: hd, cols: v))
            packed = nil
            return
        }
        panels = nil
        let input = (0 ..< config.layers).map { l in
            l == 0 ? nil : GEMM.PackedB(k: hd, n: g4, b: w + layout.layers[l].inputWeights.lowerBound, ldb: g4,
                                        transposed: false)
        }
        let recurrent = (0 ..< config.layers).map { l in
            GEMM.PackedB(k: hd, n: g4, b: w + layout.layers[l].recurrentWeights.lowerBound, ldb: g4, transposed: false)
        }
        packed = (input, recurrent,
                  GEMM.PackedB(k: hd, n: v, b: w + layout.outputWeights.lowerBound, ldb: v, transposed: false))
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
        for b in h { b.zero() }
        for b in c { b.zero() }
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
                }
            } else {
                for b in 0 ..< n { (g + b * g4).update(from: w + pl.bias.lowerBound, count: g4) }
            }
            if let packed {
                if l > 0 {
                    GEMM.multiply(m: n, a: h[l - 1].pointer, lda: hd, transA: false, b: packed.input[l]!, c: g,
                                  ldc: g4, accumulate: true)
                }
                GEMM.multiply(m: n, a: h[l].pointer, lda: hd, transA: false, b: packed.recurrent[l], c: g, ldc: g4,
                              accumulate: true)
            } else if let panels {
                panels.input[l]?.accumulate(xs: h[l - 1].pointer, ldx: hd, streams: n, into: g, ldo: g4)
                panels.recurrent[l].accumulate(xs: h[l].pointer, ldx: hd, streams: n, into: g, ldo: g4)
            }
            for b in 0 ..< n {
                let cell = c[l].pointer + b * hd, hidden = h[l].pointer + b * hd
                LSTMCell.forward(gates: g + b * g4, hidden: hd, units: 0 ..< hd, cell: cell, newCell: cell,
                                 tanhCell: hidden, output: hidden)
            }
        }
        let top = h[config.layers - 1].pointer
        for b in 0 ..< n { (logits.pointer + b * v).update(from: w + layout.outputBias.lowerBound, count: v) }
        if let packed {
            GEMM.multiply(m: n, a: top, lda: hd, transA: false, b: packed.output, c: logits.pointer, ldc: v,
                          accumulate: true)
        } else if let panels {
            panels.output.accumulate(xs: top, ldx: hd, streams: n, into: logits.pointer, ldo: v)
        }
    }

    /// Copies stream `from`'s hidden and cell state into stream `to` (to move an unfinished stream to the front).
    public func moveStream(from: Int, to: Int) {
        precondition(from >= 0 && from < batch && to >= 0 && to < batch)
        let hd = config.hidden
        for l in 0 ..< config.layers {
            (h[l].pointer + to * hd).update(from: h[l].pointer + from * hd, count: hd)
            (c[l].pointer + to * hd).update(from: c[l].pointer + from * hd, count: hd)
        }
    }
}
