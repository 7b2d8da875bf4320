import Foundation

extension Generator {
    /// Nats of each token of `continuation` read after `prime`, on stream 0 from a fresh state: what the model is
    /// asked when it writes the continuation primed with `prime`, which is given and never scored. Other streams
    /// are untouched.
    /// - Precondition: `prime` is not empty (the first continuation token is predicted from its last token).
    public func nats(of continuation: [Int32], after prime: [Int32]) -> [Double] {
        precondition(!prime.isEmpty, "a continuation is scored after a prime of one token or more")
        resetStream(0)
        for t in prime { step([t]) }
        var nats: [Double] = []
        nats.reserveCapacity(continuation.count)
        for (i, t) in continuation.enumerated() {
            nats.append(-withScores(stream: 0) { Self.logSoftmax($0, at: Int(t)) })
            if i + 1 < continuation.count { step([t]) }
        }
        return nats
    }

    /// log softmax(scores)[index], computed stably.
    static func logSoftmax(_ scores: UnsafeBufferPointer<Float>, at index: Int) -> Double {
        let top = scores.max() ?? 0
        var sum = 0.0
        for s in scores { sum += Foundation.exp(Double(s - top)) }
        return Double(scores[index] - top) - Foundation.log(sum)
    }
}
