/// The LSTM cell, written once for training and for sampling.
///
/// Gates are ordered i, f, o, g (the three sigmoids first, so one call covers them):
/// `c' = f·c + i·g`, `h' = o·tanh(c')`. Both passes work on one stream's row and a range of hidden units, so the
/// training recurrence can split the units between two threads and sampling can take them all.
package enum LSTMCell {
    /// One step of the cell for `units` of one stream.
    /// - Parameters:
    ///   - gates: (4·hidden) pre-activations; replaced by the activations, which backward reads.
    ///   - cell: (hidden) the cell state before the step.
    ///   - newCell: (hidden) the cell state after it; may be `cell` itself (sampling updates in place).
    ///   - tanhCell: (hidden) tanh of the new cell state; may be `output` when nothing keeps it.
    ///   - output: (hidden) the new hidden state.
    package static func forward(
        gates: UnsafeMutablePointer<Float>, hidden h: Int, units: Range<Int>, cell: UnsafePointer<Float>,
        newCell: UnsafeMutablePointer<Float>, tanhCell: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let u0 = units.lowerBound, width = units.count
        for q in 0 ..< 3 { Activations.sigmoid(gates + q * h + u0, count: width) }
        Activations.tanh(gates + 3 * h + u0, count: width)
        let i = gates, f = gates + h, o = gates + 2 * h, g = gates + 3 * h
        for j in units { newCell[j] = f[j] * cell[j] + i[j] * g[j] }
        (tanhCell + u0).update(from: newCell + u0, count: width)
        Activations.tanh(tanhCell + u0, count: width)
        for j in units { output[j] = o[j] * tanhCell[j] }
    }

    /// The step's backward pass for `units` of one stream: d(gate pre-activations) from the hidden-state gradient
    /// (from the layer above and from the next step) and the cell-state gradient carried back from the next step.
    /// - Parameters:
    ///   - gates: (4·hidden) the activations `forward` left.
    ///   - gateGradients: (4·hidden) written: d loss / d pre-activations.
    ///   - dhAbove, dhNext: (hidden) the two parts of d loss / d h.
    ///   - dcNext: (hidden) d loss / d c from the next step; replaced by d loss / d c of the step before.
    ///   - tanhCell: (hidden) tanh of this step's cell state; `cell`: (hidden) the cell state before the step.
    package static func backward(
        gates: UnsafePointer<Float>, gateGradients: UnsafeMutablePointer<Float>, hidden h: Int, units: Range<Int>,
        dhAbove: UnsafePointer<Float>, dhNext: UnsafePointer<Float>, dcNext: UnsafeMutablePointer<Float>,
        tanhCell: UnsafePointer<Float>, cell: UnsafePointer<Float>
    ) {
        typealias V = SIMD16<Float>
        // Sixteen units at a time; the last partial group runs the same arithmetic on zero-padded lanes.
        var j = units.lowerBound
        while j < units.upperBound {
            let n = min(V.scalarCount, units.upperBound - j)
            @inline(__always) func load(_ p: UnsafePointer<Float>) -> V {
                if n == V.scalarCount { return UnsafeRawPointer(p + j).loadUnaligned(as: V.self) }
                var v = V()
                for k in 0 ..< n { v[k] = p[j + k] }
                return v
            }
            @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
                if n == V.scalarCount { return UnsafeMutableRawPointer(p + j).storeBytes(of: v, as: V.self) }
                for k in 0 ..< n { p[j + k] = v[k] }
            }
            let d = gradients(i: load(gates), f: load(gates + h), o: load(gates + 2 * h), g: load(gates + 3 * h),
                              dh: load(dhAbove) + load(dhNext), dcNext: load(dcNext), tanhCell: load(tanhCell),
                              cell: load(cell))
            store(d.i, gateGradients)
            store(d.f, gateGradients + h)
            store(d.o, gateGradients + 2 * h)
            store(d.g, gateGradients + 3 * h)
            store(d.cell, dcNext)
            j += n
        }
    }

    /// The derivative of the cell, lane by lane: d loss / d each gate's pre-activation, and d loss / d the previous
    /// cell state.
    @inline(__always)
    static func gradients(i: SIMD16<Float>, f: SIMD16<Float>, o: SIMD16<Float>, g: SIMD16<Float>, dh: SIMD16<Float>,
                          dcNext: SIMD16<Float>, tanhCell tc: SIMD16<Float>, cell: SIMD16<Float>)
        -> (i: SIMD16<Float>, f: SIMD16<Float>, o: SIMD16<Float>, g: SIMD16<Float>, cell: SIMD16<Float>) {
        let one = SIMD16<Float>(repeating: 1)
        let dc = dh * o * (one - tc * tc) + dcNext
        return (i: dc * g * i * (one - i), f: dc * cell * f * (one - f), o: dh * tc * o * (one - o),
                g: dc * i * (one - g * g), cell: dc * f)
    }
}
