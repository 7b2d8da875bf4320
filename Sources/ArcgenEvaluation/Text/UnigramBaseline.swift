import Foundation

/// The floor every language model must clear: a character (Unicode scalar) unigram model with add-one smoothing.
/// If an LSTM's held-out bits/char is not well below this, it has learnt letter frequencies and nothing else.
///
/// The alphabet is the training text's scalars plus one shared "unseen" symbol, so held-out text with a scalar
/// the training text lacks still gets a finite cost: P(s) = (count(s) + 1) / (N + V), with V = seen scalars + 1,
/// and every unseen scalar costs P(unseen) = 1 / (N + V). Pass `alphabet` to price against a fixed vocabulary
/// instead (the LSTM tokenizer's, for a like-for-like comparison); then V is its size (plus one if the training
/// text has scalars outside it).
public struct UnigramBaseline: Sendable {
    /// Add-one smoothed log2-probability of each known scalar.
    let log2Probability: [Unicode.Scalar: Double]
    /// Log2-probability of any scalar outside the alphabet.
    public let log2UnseenProbability: Double
    /// The number of symbols probability is spread over, the unseen symbol included.
    public let alphabetSize: Int

    /// Fits the model.
    /// - Parameters:
    ///   - training: the text to count; usually every training scene of the corpus.
    ///   - alphabet: a fixed set of scalars to smooth over; `nil` for the training text's own.
    /// - Throws: `EvaluationError.emptyText` when `training` has no scalars.
    public init(training: String, alphabet: Set<Unicode.Scalar>? = nil) throws(EvaluationError) {
        var counts: [Unicode.Scalar: Int] = [:]
        var total = 0
        for s in training.unicodeScalars {
            counts[s, default: 0] += 1
            total += 1
        }
        guard total > 0 else { throw .emptyText(what: "unigram baseline") }
        var symbols = alphabet ?? Set(counts.keys)
        let outside = counts.keys.contains { !symbols.contains($0) }
        for s in counts.keys { symbols.insert(s) }
        // One unseen slot, unless a fixed alphabet already covers everything the training text has.
        let size = symbols.count + (alphabet == nil || outside ? 1 : 0)
        let denominator = Double(total + size)
        var table: [Unicode.Scalar: Double] = [:]
        for s in symbols { table[s] = Foundation.log2(Double(counts[s, default: 0] + 1) / denominator) }
        log2Probability = table
        log2UnseenProbability = Foundation.log2(1 / denominator)
        alphabetSize = size
    }

    /// The mean cost of `text` in bits per Unicode scalar; 0 for empty text.
    public func bitsPerCharacter(on text: String) -> Double {
        var bits = 0.0
        var n = 0
        for s in text.unicodeScalars {
            bits -= log2Probability[s] ?? log2UnseenProbability
            n += 1
        }
        return n == 0 ? 0 : bits / Double(n)
    }

    /// The cost of several texts pooled, weighted by their length (not a mean of per-text means).
    public func bitsPerCharacter(on texts: [String]) -> Double {
        var bits = 0.0
        var n = 0
        for text in texts {
            let count = text.unicodeScalars.count
            bits += bitsPerCharacter(on: text) * Double(count)
            n += count
        }
        return n == 0 ? 0 : bits / Double(n)
    }
}
