import ArcgenKernels

/// Steps a trained network one token at a time for `batch` independent streams, keeping each stream's hidden and
/// cell state. Batch 1 — the common case when writing a scene — avoids GEMM altogether: the first layer's input
/// product is a table lookup (embedding × input weights, precomputed per token), and the rest are matrix–vector
/// products that stream each weight row once with SIMD fused multiply-adds.
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
    let packedInput: [GEMM.PackedB?]
    let packedRecurrent: [GEMM.PackedB]
    let packedOutput: GEMM.PackedB

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
        packedInput = (0 ..< config.layers).map { l in
            l == 0 ? nil : GEMM.PackedB(k: hd, n: g4, b: w + layout.layers[l].inputWeights.lowerBound, ldb: g4,
                                        transposed: false)
        }
        packedRecurrent = (0 ..< config.layers).map { l in
            GEMM.PackedB(k: hd, n: g4, b: w + layout.layers[l].recurrentWeights.lowerBound, ldb: g4, transposed: false)
        }
        packedOutput = GEMM.PackedB(k: hd, n: v, b: w + layout.outputWeights.lowerBound, ldb: v, transposed: false)
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

    /// Feeds one token per stream; afterwards `logits` holds (batch, vocabulary) scores for the next token.
    public func step(_ tokens: [Int32]) {
        precondition(tokens.count == batch)
        let hd = config.hidden, g4 = 4 * hd, v = config.vocabularySize
        let w = weights.pointer
        for l in 0 ..< config.layers {
            let pl = layout.layers[l]
            let g = gates.pointer
            if l == 0 {
                for b in 0 ..< batch {
                    (g + b * g4).update(from: firstLayerTable.pointer + Int(tokens[b]) * g4, count: g4)
                }
            } else {
                for b in 0 ..< batch { (g + b * g4).update(from: w + pl.bias.lowerBound, count: g4) }
            }
            if batch == 1 {
                if l > 0 {
                    matrixVectorAccumulate(x: h[l - 1].pointer, rows: hd, w: w + pl.inputWeights.lowerBound, cols: g4,
                                           into: g)
                }
                matrixVectorAccumulate(x: h[l].pointer, rows: hd, w: w + pl.recurrentWeights.lowerBound, cols: g4,
                                       into: g)
            } else {
                if l > 0 {
                    GEMM.multiply(m: batch, a: h[l - 1].pointer, lda: hd, transA: false, b: packedInput[l]!, c: g,
                                  ldc: g4, accumulate: true)
                }
                GEMM.multiply(m: batch, a: h[l].pointer, lda: hd, transA: false, b: packedRecurrent[l], c: g, ldc: g4,
                              accumulate: true)
            }
            for b in 0 ..< batch {
                let cell = c[l].pointer + b * hd, hidden = h[l].pointer + b * hd
                LSTMCell.forward(gates: g + b * g4, hidden: hd, units: 0 ..< hd, cell: cell, newCell: cell,
                                 tanhCell: hidden, output: hidden)
            }
        }
        let top = h[config.layers - 1].pointer
        for b in 0 ..< batch { (logits.pointer + b * v).update(from: w + layout.outputBias.lowerBound, count: v) }
        if batch == 1 {
            matrixVectorAccumulate(x: top, rows: hd, w: w + layout.outputWeights.lowerBound, cols: v,
                                   into: logits.pointer)
        } else {
            GEMM.multiply(m: batch, a: top, lda: hd, transA: false, b: packedOutput, c: logits.pointer, ldc: v,
                          accumulate: true)
        }
    }
}
