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

    /// Documents encoded one by one and joined by `separator`'s tokens, with the index of each one's first token
    /// (where a run that begins every document from a zero state resets it). Characters encode the joined text so.
    public func encode(documents: [String], separator: String) -> (tokens: [Int32], starts: [Int]) {
        let between = encode(separator)
        var tokens: [Int32] = [], starts: [Int] = []
        for (i, document) in documents.enumerated() {
            if i > 0 { tokens += between }
            starts.append(tokens.count)
            tokens += encode(document)
        }
        return (tokens, starts)
    }
}

/// The unknown token: what any character missing from the vocabulary becomes. It decodes to U+FFFD and the sampler
/// never emits it.
public let unknownSymbol = "\u{FFFD}"

/// The serialisable description of a tokenizer, stored in model files.
public struct TokenizerSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case char, bpe }
    public var kind: Kind
    /// Surface text per id; for BPE the first `baseCount` are single characters.
    public var symbols: [String]
    /// BPE only: merge rules in order, as pairs of ids; rule r creates id `baseCount + r`.
    public var merges: [[Int32]]?
    public var baseCount: Int?

    /// Rebuilds the tokenizer this spec describes, once every field is checked: a file can carry a valid checksum
    /// and still describe a vocabulary no training run writes (an empty or repeated symbol, a merge that does not
    /// spell its token), and the tokenizers index by these fields without further checks.
    /// - Throws: `NeuralError.invalidConfiguration` naming the first bad field.
    public func makeTokenizer() throws -> any Tokenizer {
        func bad(_ s: String) -> NeuralError { .invalidConfiguration(s) }
        guard symbols.first == unknownSymbol else { throw bad("the vocabulary must start with the unknown token") }
        switch kind {
        case .char:
            try Self.checkCharacters(symbols)
            return CharTokenizer(symbols: symbols)
        case .bpe:
            guard let merges, let baseCount, (1 ... symbols.count).contains(baseCount),
                  merges.count == symbols.count - baseCount else {
                throw bad("the BPE vocabulary does not match its merge count")
            }
            try Self.checkCharacters(Array(symbols.prefix(baseCount)))
            for (r, merge) in merges.enumerated() {
                let id = baseCount + r
                guard merge.count == 2, merge.allSatisfy({ (0 ..< id).contains(Int($0)) }) else {
                    throw bad("BPE merge \(r) does not name two earlier tokens")
                }
                let spelled = symbols[Int(merge[0])] + symbols[Int(merge[1])]
                guard symbols[id].unicodeScalars.elementsEqual(spelled.unicodeScalars) else {
                    throw bad("BPE token \(id) is not the merge of its two parts")
                }
            }
            return BPETokenizer(symbols: symbols, baseCount: baseCount, merges: merges.map { ($0[0], $0[1]) })
        }
    }

    /// Every symbol after the unknown token is one Unicode scalar, and no scalar is listed twice.
    static func checkCharacters(_ symbols: [String]) throws {
        var seen: [Unicode.Scalar: Int] = [:]
        for (id, symbol) in symbols.enumerated().dropFirst() {
            guard symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first else {
                let what = symbol.isEmpty ? "empty" : "not one character"
                throw NeuralError.invalidConfiguration("symbol \(id) is \(what)")
            }
            if let first = seen.updateValue(id, forKey: scalar) {
                throw NeuralError.invalidConfiguration("symbol \(id) repeats symbol \(first)")
            }
        }
    }
}

/// Text as the tokenizers see it: canonically composed (NFC), so "á" typed as a + combining accent and "á" typed as
/// one character are the same token, and with Windows line ends folded to "\n".
public func normalizedText(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
}
