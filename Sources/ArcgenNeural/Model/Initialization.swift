import ArcgenSupport

/// How a fresh network's weights are drawn. Recorded in the recipe; nil (recipes from before the choice existed)
/// is `fanIn`, so those runs replay as they were.
public enum WeightInitialization: String, Codable, Sendable, CaseIterable {
    /// Every LSTM and output weight and bias uniform in ±1/√hidden, each LSTM bias the sum of two such draws (the
    /// input and recurrent biases PyTorch keeps apart): PyTorch's defaults. At equal updates it learns as fast as
    /// PyTorch; `fanIn` was 1.13× behind (1.887 against 1.666 nats/char held out after 300 updates, 2×256).
    case hidden
    /// LSTM weights uniform in ±1/√(input + hidden), zero biases but the forget gate's at 1 (Jozefowicz et al.,
    /// 2015), output weights ±1/√hidden: the smaller first steps held every early update back.
    case fanIn = "fan-in"
}

extension ParameterLayout {
    /// Fresh parameters drawn from `rng`: unit-variance Gaussian embeddings, of tokens and of plan words (so the
    /// first layer sees a signal of useful size from the first update, as PyTorch's `nn.Embedding`), the rest as
    /// `scheme` says.
    public func initialParameters(_ c: LSTMConfig, rng: inout SeededRandom,
                                  scheme: WeightInitialization = .hidden) -> [Float] {
        var p = [Float](repeating: 0, count: count)
        func uniform(_ scale: Float) -> Float { (rng.nextFloat() * 2 - 1) * scale }
        func fill(_ r: Range<Int>, scale: Float) {
            for i in r { p[i] = uniform(scale) }
        }
        for i in embedding { p[i] = Float(rng.nextGaussian()) }
        let perHidden = 1 / Float(c.hidden).squareRoot()
        for (l, layer) in layers.enumerated() {
            switch scheme {
            case .hidden:
                fill(layer.inputWeights, scale: perHidden)
                fill(layer.recurrentWeights, scale: perHidden)
                for i in layer.bias { p[i] = uniform(perHidden) + uniform(perHidden) }
            case .fanIn:
                let s = 1 / Float(c.inputSize(layer: l) + c.hidden).squareRoot()
                fill(layer.inputWeights, scale: s)
                fill(layer.recurrentWeights, scale: s)
                for j in 0 ..< c.hidden { p[layer.bias.lowerBound + c.hidden + j] = 1 }
            }
        }
        fill(outputWeights, scale: perHidden)
        if scheme == .hidden { fill(outputBias, scale: perHidden) }
        // Drawn last, so a network without a plan input draws what it always drew.
        for i in planEmbedding { p[i] = Float(rng.nextGaussian()) }
        return p
    }
}
