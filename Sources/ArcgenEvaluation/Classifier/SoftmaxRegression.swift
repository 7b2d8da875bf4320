import Foundation

/// Multinomial logistic (softmax) regression on sparse rows: the regularised loss, its gradient, and the fit.
///
/// The objective is the one scikit-learn's `LogisticRegression(C:)` minimises, divided by the number of rows N:
///
///     L(W, b) = (1/N) Σᵢ [log Σ_c exp(zᵢc) − zᵢyᵢ] + λ/2 · ‖W‖²,
///     zᵢc = xᵢ·W[·, c] + b_c,   λ = 1 / (C · N),
///
/// with the biases b unregularised. Parameters live in one flat buffer: `W` as (features, classes) row-major,
/// so that a sparse row touches `classes` contiguous weights per nonzero, then `b` (classes).
struct SoftmaxRegression: Sendable {
    let rows: [SparseRow]
    /// Class id of each row. // (rows)
    let targets: [Int]
    let classCount: Int
    let featureCount: Int
    /// λ, the L2 strength on W.
    let l2: Double
    /// Whether the parameters end with `classCount` free biases.
    let fitsBias: Bool

    var parameterCount: Int { featureCount * classCount + (fitsBias ? classCount : 0) }

    /// The loss at `theta`, with its gradient written to `gradient`.
    /// - Complexity: O(nonzeros · classes + parameters).
    func loss(_ theta: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let k = classCount
        let weightCount = featureCount * k
        let scale = 1 / Double(max(1, rows.count))
        var total = 0.0
        var squares = 0.0
        for i in 0..<weightCount {
            let w = theta[i]
            squares += w * w
            gradient[i] = l2 * w
        }
        if fitsBias { for c in 0..<k { gradient[weightCount + c] = 0 } }
        var z = [Double](repeating: 0, count: k)  // (classes) logits, then probabilities − one-hot
        z.withUnsafeMutableBufferPointer { z in
            for (row, target) in zip(rows, targets) {
                for c in 0..<k { z[c] = fitsBias ? theta[weightCount + c] : 0 }
                row.indices.withUnsafeBufferPointer { indices in
                    row.values.withUnsafeBufferPointer { values in
                        for j in 0..<indices.count {
                            let base = Int(indices[j]) * k
                            let v = values[j]
                            for c in 0..<k { z[c] += v * theta[base + c] }
                        }
                    }
                }
                var top = z[0]
                for c in 1..<k { top = max(top, z[c]) }
                var sum = 0.0
                for c in 0..<k {
                    z[c] = Foundation.exp(z[c] - top)
                    sum += z[c]
                }
                // −log p(target) = log Σ exp(z) − z_target, computed from the shifted logits.
                total += Foundation.log(sum) - Foundation.log(z[target])
                let inverse = 1 / sum
                for c in 0..<k { z[c] = z[c] * inverse * scale }
                z[target] -= scale
                row.indices.withUnsafeBufferPointer { indices in
                    row.values.withUnsafeBufferPointer { values in
                        for j in 0..<indices.count {
                            let base = Int(indices[j]) * k
                            let v = values[j]
                            for c in 0..<k { gradient[base + c] += v * z[c] }
                        }
                    }
                }
                if fitsBias { for c in 0..<k { gradient[weightCount + c] += z[c] } }
            }
        }
        return total * scale + 0.5 * l2 * squares
    }

    /// Convenience for tests: the loss and gradient at `theta`.
    func loss(at theta: [Double]) -> (loss: Double, gradient: [Double]) {
        var gradient = [Double](repeating: 0, count: parameterCount)
        let value = theta.withUnsafeBufferPointer { t in
            gradient.withUnsafeMutableBufferPointer { loss(t, gradient: $0) }
        }
        return (value, gradient)
    }

    /// Fits from zero parameters with `optimizer`.
    func fit(with optimizer: LBFGS) -> LBFGS.Result {
        optimizer.minimize(from: [Double](repeating: 0, count: parameterCount)) { theta, gradient in
            loss(theta, gradient: gradient)
        }
    }
}
