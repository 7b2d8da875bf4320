/// One token per Unicode scalar (after NFC), over a fixed vocabulary sorted by code point, so ñ, á, ¿, ¡ and curly
/// quotes are single tokens and round-trip exactly. Characters not in the vocabulary become the unknown token (id 0).
public struct CharTokenizer: Tokenizer {
    public let symbols: [String]
    private let ids: [Unicode.Scalar: Int32]

    init(symbols: [String]) {
        self.symbols = symbols
        var ids: [Unicode.Scalar: Int32] = [:]
        for (i, s) in symbols.enumerated() where i > 0 { ids[s.unicodeScalars.first!] = Int32(i) }
        self.ids = ids
    }

    /// The vocabulary of every scalar in `text`, sorted by code point, after the unknown token.
    public init(learningFrom text: String) {
        let scalars = Set(normalizedText(text).unicodeScalars).sorted { $0.value < $1.value }
        self.init(symbols: [unknownSymbol] + scalars.map { String($0) })
    }

    public func encode(_ text: String) -> [Int32] {
        normalizedText(text).unicodeScalars.map { ids[$0] ?? 0 }
    }

    /// The id of a single character, if it is in the vocabulary.
    public func id(of scalar: Unicode.Scalar) -> Int32? { ids[scalar] }

    public var spec: TokenizerSpec { TokenizerSpec(kind: .char, symbols: symbols, merges: nil, baseCount: nil) }
}
