/// The shape of a network: token embedding (beside the plan's vector, when there is a plan input) → `layers` LSTM
/// layers of `hidden` units → linear → softmax.
public struct LSTMConfig: Sendable, Equatable, Codable {
    public var vocabularySize: Int
    public var embedding: Int
    public var hidden: Int
    public var layers: Int
    /// The plan read beside every step, as a bag of its words or of the letters that continue them (nil: none; the
    /// models made before it existed).
    public var plan: PlanInput?

    public init(vocabularySize: Int, embedding: Int, hidden: Int, layers: Int, plan: PlanInput? = nil) {
        self.vocabularySize = vocabularySize
        self.embedding = embedding
        self.hidden = hidden
        self.layers = layers
        self.plan = plan
    }

    /// Width of the plan's vector, 0 without a plan input.
    public var planWidth: Int { plan?.width ?? 0 }

    /// Input width of layer `l`: the embedding and the plan's vector for the first layer, the previous layer's
    /// hidden state after it.
    public func inputSize(layer l: Int) -> Int { l == 0 ? embedding + planWidth : hidden }

    /// Refuses shapes that cannot make a network, with the reason.
    public func validate() throws {
        if vocabularySize < 2 {
            throw NeuralError.invalidConfiguration("the vocabulary needs at least 2 tokens, has \(vocabularySize)")
        }
        if embedding < 1 {
            throw NeuralError.invalidConfiguration("embedding size must be at least 1, got \(embedding)")
        }
        if hidden < 1 { throw NeuralError.invalidConfiguration("hidden size must be at least 1, got \(hidden)") }
        if layers < 1 { throw NeuralError.invalidConfiguration("a network needs at least 1 layer, got \(layers)") }
        if layers > 16 || hidden > 8192 || embedding > 8192 || vocabularySize > 1 << 20 {
            throw NeuralError.invalidConfiguration("network too large (layers ≤ 16, hidden and embedding ≤ 8192)")
        }
        try plan?.validate()
    }
}

/// Where each parameter group lives in the one flat parameter vector. A single vector keeps Adam, clipping,
/// checkpointing and gradient checks to one loop each.
public struct ParameterLayout: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        /// (input, 4·hidden) input weights, gates ordered i, f, o, g (the three sigmoids first, so one call covers
        /// them).
        public let inputWeights: Range<Int>
        /// (hidden, 4·hidden) recurrent weights.
        public let recurrentWeights: Range<Int>
        /// (4·hidden) biases.
        public let bias: Range<Int>
    }

    /// (vocabulary, embedding)
    public let embedding: Range<Int>
    public let layers: [Layer]
    /// (hidden, vocabulary)
    public let outputWeights: Range<Int>
    /// (vocabulary)
    public let outputBias: Range<Int>
    /// (plan words, plan width); last, so a network without a plan input keeps the layout it always had.
    public let planEmbedding: Range<Int>
    public let count: Int

    public init(_ c: LSTMConfig) {
        var offset = 0
        func take(_ n: Int) -> Range<Int> { defer { offset += n }; return offset ..< offset + n }
        embedding = take(c.vocabularySize * c.embedding)
        var ls: [Layer] = []
        for l in 0 ..< c.layers {
            let g = 4 * c.hidden
            ls.append(Layer(inputWeights: take(c.inputSize(layer: l) * g), recurrentWeights: take(c.hidden * g),
                            bias: take(g)))
        }
        layers = ls
        outputWeights = take(c.hidden * c.vocabularySize)
        outputBias = take(c.vocabularySize)
        planEmbedding = take((c.plan?.words.count ?? 0) * c.planWidth)
        count = offset
    }

    /// Named groups, for gradient checks and reports.
    public var groups: [(name: String, range: Range<Int>)] {
        var g: [(String, Range<Int>)] = [("embedding", embedding)]
        for (l, layer) in layers.enumerated() {
            g.append(("layer\(l).input", layer.inputWeights))
            g.append(("layer\(l).recurrent", layer.recurrentWeights))
            g.append(("layer\(l).bias", layer.bias))
        }
        g.append(("output.weights", outputWeights))
        g.append(("output.bias", outputBias))
        if !planEmbedding.isEmpty { g.append(("plan.embedding", planEmbedding)) }
        return g
    }
}

/// Errors of the engine, each saying what is wrong and what to do.
public enum NeuralError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(String)
    case textTooShort(have: Int, need: Int, what: String)
    case badModelFile(path: String, reason: String)
    case incompatibleCheckpoint(String)
    /// Training this shape would need more memory than the machine has.
    case notEnoughMemory(what: String, needed: UInt64, available: UInt64)

    public var description: String {
        switch self {
        case let .invalidConfiguration(s): return s
        case let .textTooShort(have, need, what):
            return "\(what) is too short: \(have) tokens, need at least \(need) "
                + "(one batch of streams × sequence length + 1); use more text or a smaller --batch/--seq"
        case let .badModelFile(path, reason): return "\(path): \(reason)"
        case let .incompatibleCheckpoint(s): return s
        case let .notEnoughMemory(what, needed, available):
            func gb(_ bytes: UInt64) -> String { String(format: "%.1f GB", Double(bytes) / 1e9) }
            return "\(what) needs about \(gb(needed)) of memory to train, and this machine has \(gb(available)); "
                + "use a smaller --hidden, --layers, --batch or --seq"
        }
    }
}
