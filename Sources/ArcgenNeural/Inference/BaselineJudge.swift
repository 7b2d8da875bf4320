/// A second model that reads the paragraphs a ranked draw's candidates wrote, for the rank's gain term
/// (`SamplingOptions.rankGain`): how much likelier the drawing model finds a paragraph than this one does. The
/// drawing model is a fine-tune of the baseline on one beat's scenes, so the gain is what the beat adds to the
/// language both share: the paragraph the beat's model alone would write. The judge follows the kept text, one
/// paragraph behind the draw: it reads each round's finished candidates from where the kept text ended, then keeps
/// the winner's state, so it costs one batched pass over the candidates' paragraphs a round and never reads a draft
/// the draw began again.
final class BaselineJudge {
    let generator: Generator
    /// The kept text's state and next-token scores: where every candidate's paragraph begins.
    private var start: Generator.StreamState
    private var startScores: [Float]
    /// After `judge`, each candidate's slot (nil: not judged) and each slot's paragraph length.
    private var slots: [Int?] = []
    private var lengths: [Int] = []

    /// A judge for `batch` candidates, primed with `prime` (the draw's own prime, every candidate's).
    init(model: LanguageModel, batch: Int, prime: [Int32]) {
        generator = Generator(model: model, batch: batch)
        for token in prime { generator.step([token]) }
        start = generator.state(of: 0)
        startScores = generator.withScores(stream: 0) { Array($0) }
    }

    /// The judge's log-likelihood (natural log) of each paragraph's tokens from `counted[i]` on (an index into the
    /// paragraph), every paragraph read from the kept text's state; nil where the paragraph is nil (not a candidate).
    /// Paragraphs are read together, the longest first, so each step costs the candidates still reading.
    func judge(_ paragraphs: [ArraySlice<Int32>?], counted: [Int]) -> [Double?] {
        precondition(paragraphs.count == counted.count && paragraphs.count <= generator.batch)
        let order = paragraphs.indices.filter { paragraphs[$0] != nil }
            .sorted { paragraphs[$0]!.count != paragraphs[$1]!.count
                ? paragraphs[$0]!.count > paragraphs[$1]!.count : $0 < $1 }
        slots = Array(repeating: nil, count: paragraphs.count)
        var sums = [Double?](repeating: nil, count: paragraphs.count)
        let tokens = order.map { Array(paragraphs[$0]!) }
        lengths = tokens.map(\.count)
        for (slot, i) in order.enumerated() {
            generator.restore(start, to: slot)
            slots[i] = slot
            sums[i] = 0
        }
        // A slot's scores after its last step stay in the generator: later steps read only the longer paragraphs.
        var t = 0
        while let longest = tokens.first, t < longest.count {
            let reading = tokens.prefix { $0.count > t }.count
            for slot in 0 ..< reading where t >= counted[order[slot]] {
                let token = Int(tokens[slot][t])
                sums[order[slot]]! += t == 0
                    ? startScores.withUnsafeBufferPointer { Generator.logSoftmax($0, at: token) }
                    : generator.withScores(stream: slot) { Generator.logSoftmax($0, at: token) }
            }
            generator.step(tokens.prefix(reading).map { $0[t] })
            t += 1
        }
        return sums
    }

    /// Candidate `i`'s paragraph (judged by the last `judge`) is kept: the next paragraphs begin after it.
    func keep(_ i: Int) {
        guard let slot = slots[i] else { preconditionFailure("candidate \(i) was not judged") }
        start = generator.state(of: slot)
        if lengths[slot] > 0 { startScores = generator.withScores(stream: slot) { Array($0) } }
    }
}
