import ArcgenSupport
import Foundation

/// Held-out cross-entropy in bits per character: the figure every model of this project is judged by. Tokens are
/// walked as parallel streams with the state carried across windows, exactly as in training but without dropout.
public enum HeldOut {
    /// - Parameters:
    ///   - plans: the plan bag after each token (`PlanBag.bags`), empty for a network without a plan input (always
    ///     passed: a plan model cannot be read without its bags).
    ///   - scalarCounts: characters spelled by each token id, so BPE and character models are compared per character.
    ///   - documentStarts: the tokens that begin a document, read from a zero state as in training (empty: the
    ///     state runs on through the whole text).
    /// - Returns: bits per character over every predicted token (nil when there are fewer than two tokens).
    public static func bitsPerCharacter(
        network: TrainingNetwork, parameters: [Float], tokens: [Int32], plans: [[Int32]], scalarCounts: [Int],
        documentStarts: [Int] = []
    ) -> Double? {
        guard tokens.count >= 2 else { return nil }
        let steps = network.maxSteps
        let batch = max(1, min(network.maxBatch, (tokens.count - 1) / steps))
        let length = (tokens.count - 1) / batch
        guard length >= 1 else { return nil }
        let beginsDocument = TokenStreams.marks(documentStarts, count: tokens.count)
        let saved = network.carriedState
        defer { network.carriedState = saved }
        network.resetState()
        var nats = 0.0
        var chars = 0
        var rng = SeededRandom(seed: 0)     // unused: no dropout in evaluation
        var offset = 0
        while offset < length {
            let t = min(steps, length - offset)
            var inputs = [Int32](repeating: 0, count: t * batch), targets = inputs
            var windowPlans = [[Int32]](repeating: [], count: plans.isEmpty ? 0 : t * batch)
            var starts: [Int] = []
            for s in 0 ..< t {
                for b in 0 ..< batch {
                    let i = b * length + offset + s
                    inputs[s * batch + b] = tokens[i]
                    targets[s * batch + b] = tokens[i + 1]
                    if !plans.isEmpty { windowPlans[s * batch + b] = plans[i] }
                    if !beginsDocument.isEmpty && beginsDocument[i] { starts.append(s * batch + b) }
                    chars += scalarCounts[Int(tokens[i + 1])]
                }
            }
            nats += network.forward(parameters: parameters, inputs: inputs, targets: targets, plans: windowPlans,
                                    documentStarts: starts, steps: t, batch: batch, dropout: 0, rng: &rng)
            offset += t
        }
        return nats / (Foundation.log(2.0) * Double(max(chars, 1)))
    }
}
