import Foundation

/// Adam (Kingma & Ba) with bias correction, over the one flat parameter vector. Its moments are part of every
/// checkpoint, which is what makes a resumed run continue exactly where the interrupted one stopped.
public struct Adam: Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// (parameters) first and second moment estimates.
    public var m: [Float]
    public var v: [Float]
    /// Updates taken so far.
    public var step: Int = 0

    public init(parameterCount: Int) {
        m = [Float](repeating: 0, count: parameterCount)
        v = [Float](repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` against `gradients` at learning rate `rate`.
    public mutating func update(parameters: inout [Float], gradients: [Float], rate: Float) {
        step += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let c1 = 1 - Float(Foundation.pow(Double(b1), Double(step)))
        let c2 = 1 - Float(Foundation.pow(Double(b2), Double(step)))
        let stepSize = rate / c1
        let c2Root = c2.squareRoot()
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    gradients.withUnsafeBufferPointer { g in
                        for i in 0 ..< n {
                            let gi = g[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            p[i] -= stepSize * m[i] / (v[i].squareRoot() / c2Root + eps)
                        }
                    }
                }
            }
        }
    }
}

/// Scales `gradients` so their global L2 norm is at most `maxNorm`; returns the norm before clipping.
@discardableResult
public func clipGlobalNorm(_ gradients: inout [Float], maxNorm: Float) -> Float {
    var sum = 0.0
    for g in gradients { sum += Double(g) * Double(g) }
    let norm = Float(sum.squareRoot())
    if maxNorm > 0 && norm > maxNorm {
        let s = maxNorm / norm
        for i in gradients.indices { gradients[i] *= s }
    }
    return norm
}

/// Cosine decay from the base rate to `floor × base` over the run's progress (0…1), the usual choice for short
/// char-LSTM runs: high rate early to learn fast, low rate late to settle.
/// The learning rate over a run: cosine decay to a tenth (the default), or constant, as PyTorch's reference runs
/// keep it (the per-update comparison with PyTorch needs both).
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
    case cosine
    case constant

    public func rate(base: Float, progress: Double) -> Float {
        self == .constant ? base : decayedLearningRate(base: base, progress: progress)
    }
}

public func decayedLearningRate(base: Float, progress: Double, floor: Float = 0.1) -> Float {
    let p = min(max(progress, 0), 1)
    return base * (floor + (1 - floor) * Float(0.5 * (1 + Foundation.cos(Double.pi * p))))
}
