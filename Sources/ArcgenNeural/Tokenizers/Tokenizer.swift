import Foundation

/// Turns text into token ids and back. Both tokenizers share one vocabulary of symbol strings: id → surface text.
public protocol Tokenizer: Sendable {
    /// The surface text of every token, indexed by id. Id 0 is always the unknown token.
    var symbols: [String] { get }
    func encode(_ text: String) -> [Int32]
    /// What the tokenizer is, for the model file.
    var spec: TokenizerSpec { get }
}

extension Tokenizer {
    public var vocabularySize: Int { symbols.count }

    public func decode<S: Sequence>(_ tokens: S) -> String where S.Element == Int32 {
        var out = ""
        for t in tokens { out += symbols[Int(t)] }
        return out
    }

    /// How many Unicode scalars each token spells (for bits-per-character accounting).
    public var scalarCounts: [Int] { symbols.map { $0.unicodeScalars.count } }
}

/// The unknown token: what any character missing from the vocabulary becomes. It decodes to U+FFFD and the sampler
/// never emits it.
public let unknownSymbol = "\u{FFFD}"

/// The serialisable description of a tokenizer, stored in model files.
public struct TokenizerSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case char, bpe }
    public var kind: Kind
    /// Surface text per id; for BPE the first `baseCount` are single characters.
    public var symbols: [String]
    /// BPE only: merge rules in order, as pairs of ids; rule r creates id `baseCount + r`.
    public var merges: [[Int32]]?
    public var baseCount: Int?

    /// Rebuilds the tokenizer this spec describes.
    public func makeTokenizer() throws -> any Tokenizer {
        guard symbols.first == unknownSymbol else { throw NeuralError.invalidConfiguration("tokenizer vocabulary must start with the unknown token") }
        switch kind {
        case .char: return CharTokenizer(symbols: symbols)
        case .bpe:
            guard let merges, let baseCount, baseCount <= symbols.count, merges.count == symbols.count - baseCount,
                  merges.allSatisfy({ $0.count == 2 }) else {
                throw NeuralError.invalidConfiguration("BPE tokenizer description is inconsistent")
            }
            return BPETokenizer(symbols: symbols, baseCount: baseCount, merges: merges.map { ($0[0], $0[1]) })
        }
    }
}

/// Text as the tokenizers see it: canonically composed (NFC), so "á" typed as a + combining accent and "á" typed as
/// one character are the same token, and with Windows line ends folded to "\n".
public func normalizedText(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
}
