import ArcgenSupport

extension ParameterLayout {
    /// Fresh parameters: unit-variance Gaussian embeddings (so the first layer sees a signal of useful size from the
    /// first update), uniform weights scaled by fan-in, forget-gate biases at 1 so early gradients flow through time
    /// (Jozefowicz et al., 2015), everything drawn from `rng`.
    public func initialParameters(_ c: LSTMConfig, rng: inout SeededRandom) -> [Float] {
        var p = [Float](repeating: 0, count: count)
        func fill(_ r: Range<Int>, scale: Float) {
            for i in r { p[i] = (rng.nextFloat() * 2 - 1) * scale }
        }
        for i in embedding { p[i] = Float(rng.nextGaussian()) }
        for (l, layer) in layers.enumerated() {
            let fanIn = Float(c.inputSize(layer: l) + c.hidden)
            let s = 1 / fanIn.squareRoot()
            fill(layer.inputWeights, scale: s)
            fill(layer.recurrentWeights, scale: s)
            let h = c.hidden
            for j in 0 ..< h { p[layer.bias.lowerBound + h + j] = 1 }
        }
        fill(outputWeights, scale: 1 / Float(c.hidden).squareRoot())
        return p
    }
}
