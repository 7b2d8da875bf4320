import ArcgenKernels

/// One step of turning raw scores into a sampling distribution. Each is a small value, applied in order, so a new
/// strategy is one more struct rather than another branch in the sampler.
public protocol LogitProcessor: Sendable {
    /// Rewrites `logits` in place; `-infinity` removes a token. `recent` holds the last tokens emitted.
    func process(_ logits: inout [Float], recent: ArraySlice<Int32>)
}

/// Divides scores by the temperature: below 1 sharpens the distribution, above 1 flattens it.
public struct TemperatureProcessor: LogitProcessor {
    public let temperature: Float
    public init(_ temperature: Float) { self.temperature = temperature }
    public func process(_ logits: inout [Float], recent: ArraySlice<Int32>) {
        let inv = 1 / temperature
        for i in logits.indices { logits[i] *= inv }
    }
}

/// Makes recently used tokens less likely (the CTRL penalty: divide positive scores, multiply negative ones).
public struct RepetitionPenaltyProcessor: LogitProcessor {
    public let penalty: Float
    public init(_ penalty: Float) { self.penalty = penalty }
    public func process(_ logits: inout [Float], recent: ArraySlice<Int32>) {
        var seen = Set<Int32>()
        for t in recent where seen.insert(t).inserted {
            let i = Int(t)
            logits[i] = logits[i] > 0 ? logits[i] / penalty : logits[i] * penalty
        }
    }
}

/// Keeps the `k` best-scoring tokens.
public struct TopKProcessor: LogitProcessor {
    public let k: Int
    public init(_ k: Int) { self.k = k }
    public func process(_ logits: inout [Float], recent: ArraySlice<Int32>) {
        guard k > 0, k < logits.count else { return }
        let threshold = logits.sorted(by: >)[k - 1]
        var kept = 0
        for i in logits.indices {
            if logits[i] > threshold { kept += 1 } else if logits[i] < threshold { logits[i] = -.infinity }
        }
        // Ties at the threshold: keep the lowest ids until k are kept, so the result is deterministic.
        for i in logits.indices where logits[i] == threshold {
            if kept < k { kept += 1 } else { logits[i] = -.infinity }
        }
    }
}

/// Nucleus sampling: keeps the smallest set of best tokens whose probabilities add up to at least `p`.
public struct TopPProcessor: LogitProcessor {
    public let p: Float
    public init(_ p: Float) { self.p = p }
    public func process(_ logits: inout [Float], recent: ArraySlice<Int32>) {
        guard p < 1 else { return }
        let probs = softmax(logits)
        let order = logits.indices.sorted { probs[$0] != probs[$1] ? probs[$0] > probs[$1] : $0 < $1 }
        var total: Float = 0
        var cut = order.count
        for (n, i) in order.enumerated() {
            total += probs[i]
            if total >= p { cut = n + 1; break }
        }
        for i in order[cut...] { logits[i] = -.infinity }
    }
}

/// Softmax in Float with the maximum subtracted; all −∞ gives all zeros.
func softmax(_ logits: [Float]) -> [Float] {
    guard let m = logits.max(), m > -.infinity else { return [Float](repeating: 0, count: logits.count) }
    var out = logits.map { $0 - m }
    out.withUnsafeMutableBufferPointer { Activations.exp($0.baseAddress!, count: $0.count) }
    var sum: Float = 0
    for i in out.indices { if logits[i] == -.infinity { out[i] = 0 }; sum += out[i] }
    let inv = 1 / sum
    for i in out.indices { out[i] *= inv }
    return out
}
