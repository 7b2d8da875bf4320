/// Byte-pair encoding over characters, learned from the training text: frequent adjacent pairs are merged into new
/// tokens, so common words and endings ("ción", " que", "ing") become single tokens and a step of the LSTM covers
/// more text. Merges never cross a word boundary: text is first cut into chunks of one optional leading space plus a
/// run of letters, or a single other character.
public struct BPETokenizer: Tokenizer {
    public let symbols: [String]
    let baseCount: Int
    let merges: [(Int32, Int32)]
    private let base: CharTokenizer
    /// Rank of each merge by its pair, for encoding.
    private let rank: [Pair: Int]

    struct Pair: Hashable { let a: Int32, b: Int32 }

    init(symbols: [String], baseCount: Int, merges: [(Int32, Int32)]) {
        self.symbols = symbols
        self.baseCount = baseCount
        self.merges = merges
        base = CharTokenizer(symbols: Array(symbols.prefix(baseCount)))
        var rank: [Pair: Int] = [:]
        for (r, m) in merges.enumerated() { rank[Pair(a: m.0, b: m.1)] = r }
        self.rank = rank
    }

    /// Learns up to `vocabularySize` tokens from `text` (fewer when no pair occurs twice); the single-character
    /// alphabet comes from `alphabetText` when given (the whole text, so held-out text has no unknown characters).
    /// - Complexity: O(merges × distinct chunks × chunk length).
    public init(learningFrom text: String, vocabularySize: Int, alphabetFrom alphabetText: String? = nil) {
        let chars = CharTokenizer(learningFrom: alphabetText ?? text)
        var symbols = chars.symbols
        let baseCount = symbols.count
        // Distinct chunks with their counts.
        var chunkCounts: [[Int32]: Int] = [:]
        for chunk in BPETokenizer.chunks(normalizedText(text)) { chunkCounts[chars.encode(chunk), default: 0] += 1 }
        var words = chunkCounts.map { (tokens: $0.key, count: $0.value) }.filter { $0.tokens.count > 1 }
        words.sort { $0.tokens.lexicographicallyPrecedes($1.tokens) }
        var merges: [(Int32, Int32)] = []
        while symbols.count < vocabularySize {
            var pairCounts: [Pair: Int] = [:]
            for w in words where w.tokens.count > 1 {
                for i in 0 ..< w.tokens.count - 1 {
                    pairCounts[Pair(a: w.tokens[i], b: w.tokens[i + 1]), default: 0] += w.count
                }
            }
            // Most frequent pair; ties broken by the smaller ids so training is deterministic.
            guard let best = pairCounts.max(by: { x, y in
                x.value != y.value ? x.value < y.value : (x.key.a, x.key.b) > (y.key.a, y.key.b)
            }), best.value >= 2 else { break }
            let newID = Int32(symbols.count)
            symbols.append(symbols[Int(best.key.a)] + symbols[Int(best.key.b)])
            merges.append((best.key.a, best.key.b))
            for k in words.indices where words[k].tokens.count > 1 {
                words[k].tokens = BPETokenizer.apply(best.key, newID, to: words[k].tokens)
            }
        }
        self.init(symbols: symbols, baseCount: baseCount, merges: merges)
    }

    static func apply(_ pair: Pair, _ id: Int32, to tokens: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            if i + 1 < tokens.count && tokens[i] == pair.a && tokens[i + 1] == pair.b { out.append(id); i += 2 }
            else { out.append(tokens[i]); i += 1 }
        }
        return out
    }

    /// Cuts text into merge domains: " palabra", "palabra", or one non-letter character.
    static func chunks(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        for s in text.unicodeScalars {
            let letter = s.properties.isAlphabetic
            if letter {
                if !inWord {
                    if current.count == 1 && current.first == " " { inWord = true; current.append(s); continue }
                    if !current.isEmpty { out.append(String(current)); current = String.UnicodeScalarView() }
                    inWord = true
                }
                current.append(s)
            } else {
                if !current.isEmpty { out.append(String(current)); current = String.UnicodeScalarView() }
                inWord = false
                current.append(s)
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        for chunk in BPETokenizer.chunks(normalizedText(text)) {
            var tokens = base.encode(chunk)
            while tokens.count > 1 {
                var bestRank = Int.max, bestAt = -1
                for i in 0 ..< tokens.count - 1 {
                    if let r = rank[Pair(a: tokens[i], b: tokens[i + 1])], r < bestRank { bestRank = r; bestAt = i }
                }
                if bestAt < 0 { break }
                let m = merges[bestRank]
                tokens = BPETokenizer.apply(Pair(a: m.0, b: m.1), Int32(baseCount + bestRank), to: tokens)
            }
            out.append(contentsOf: tokens)
        }
        return out
    }

    public var spec: TokenizerSpec {
        TokenizerSpec(kind: .bpe, symbols: symbols, merges: merges.map { [$0.0, $0.1] }, baseCount: baseCount)
    }
}
