/// Answers "what is the longest stretch of this sample that appears word for word in the training corpus?" in
/// time linear in the sample, so that every generated scene can be checked for copying (the 2019 telenovela LSTM
/// showed off 100-character copies of its transcripts; we must not).
///
/// It is a suffix automaton (Blumer et al., 1985) over the corpus's Unicode scalars: the smallest automaton that
/// accepts every substring of the corpus, with at most 2n states and 3n transitions. Walking a sample through it,
/// following suffix links on a mismatch, tracks the longest corpus substring ending at each sample position.
///
/// Layout: states are parallel `Int32` arrays; transitions are stored compactly per state (CSR: each state's
/// outgoing symbols and targets in one contiguous slice, found by linear scan, since almost every state has a
/// handful), except the root's, which sit in a dense table indexed by symbol because every mismatch returns there.
/// Scalars are mapped to dense symbol ids first. Texts are joined by a separator symbol no sample can contain, so a
/// run never spans two corpus texts.
///
/// Compare samples and corpus in the same representation (the text the model was trained on, role slots and
/// all); the index does no normalisation.
public struct VerbatimIndex: Sendable {
    /// Scalar value → dense symbol id.
    let symbolOf: [UInt32: Int32]
    /// Longest string of each state's class. // (states)
    let length: [Int32]
    /// Suffix link of each state; -1 for the root. // (states)
    let link: [Int32]
    /// Offsets of each state's transitions in `edgeSymbol`/`edgeTarget`; the root's are empty. // (states + 1)
    let edgeStart: [Int32]
    /// Transition symbols, grouped by source state. // (edges)
    let edgeSymbol: [Int32]
    /// Transition targets, aligned with `edgeSymbol`. // (edges)
    let edgeTarget: [Int32]
    /// The root's transitions; -1 where the corpus lacks the symbol. // (symbols)
    let rootTarget: [Int32]
    /// Scalars indexed, separators included.
    public let corpusLength: Int

    /// The number of automaton states (for measuring memory).
    public var stateCount: Int { length.count }
    /// The number of transitions, the root's included.
    public var transitionCount: Int { edgeSymbol.count + rootTarget.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
    /// Bytes held by the automaton's arrays.
    public var memoryBytes: Int {
        4 * (length.count + link.count + edgeStart.count + edgeSymbol.count + edgeTarget.count + rootTarget.count)
            + symbolOf.count * 16
    }

    /// Builds the index.
    /// - Parameter corpus: the training texts; no run will span two of them.
    /// - Throws: `EvaluationError.emptyText` when the texts hold no scalars.
    /// - Complexity: O(n · d) for n corpus scalars and d the mean out-degree of the states visited (small).
    public init(corpus: [String]) throws(EvaluationError) {
        var symbolOf: [UInt32: Int32] = [:]
        var symbols: [Int32] = []
        symbols.reserveCapacity(corpus.reduce(0) { $0 + $1.utf8.count } + corpus.count)
        for text in corpus {
            if !symbols.isEmpty { symbols.append(-1) }  // separator, renumbered below
            for s in text.unicodeScalars {
                if let id = symbolOf[s.value] {
                    symbols.append(id)
                } else {
                    let id = Int32(symbolOf.count)
                    symbolOf[s.value] = id
                    symbols.append(id)
                }
            }
        }
        guard !symbolOf.isEmpty else { throw .emptyText(what: "verbatim index") }
        precondition(symbols.count < Int(Int32.max) / 3, "corpus too large for 32-bit automaton indices")
        let separator = Int32(symbolOf.count)
        for i in symbols.indices where symbols[i] < 0 { symbols[i] = separator }
        self.symbolOf = symbolOf
        corpusLength = symbols.count
        (length, link, edgeStart, edgeSymbol, edgeTarget, rootTarget) =
            Self.build(symbols: symbols, symbolCount: Int(separator) + 1)
    }

    /// The longest substring of `sample` that occurs anywhere in the corpus.
    /// - Returns: its length and position in `sample`, both in Unicode scalars; the earliest if several tie.
    /// - Complexity: O(m · d) for m sample scalars (amortised; suffix links only shorten the match).
    public func longestSharedRun(with sample: String) -> VerbatimRun {
        let scalars = Array(sample.unicodeScalars)
        var best = 0
        var bestEnd = 0
        length.withUnsafeBufferPointer { length in
            link.withUnsafeBufferPointer { link in
                var state: Int32 = 0
                var matched = 0
                for (i, s) in scalars.enumerated() {
                    guard let c = symbolOf[s.value] else {
                        state = 0
                        matched = 0
                        continue
                    }
                    var next = transition(from: state, on: c)
                    while next < 0 && state != 0 {
                        state = link[Int(state)]
                        matched = Int(length[Int(state)])
                        next = transition(from: state, on: c)
                    }
                    if next >= 0 {
                        state = next
                        matched += 1
                    } else {
                        state = 0
                        matched = 0
                    }
                    if matched > best {
                        best = matched
                        bestEnd = i + 1
                    }
                }
            }
        }
        let range = (bestEnd - best)..<bestEnd
        return VerbatimRun(length: best, range: range, text: String(String.UnicodeScalarView(scalars[range])))
    }

    /// The copy figures of a set of samples: each sample's longest shared run, and how many reach `threshold`.
    public func copyRate(samples: [String], threshold: Int = CopyFigures.defaultThreshold) -> CopyFigures {
        CopyFigures(runs: samples.map { longestSharedRun(with: $0).length }, threshold: threshold)
    }

    @inline(__always)
    func transition(from state: Int32, on symbol: Int32) -> Int32 {
        if state == 0 { return rootTarget[Int(symbol)] }
        var e = Int(edgeStart[Int(state)])
        let end = Int(edgeStart[Int(state) + 1])
        while e < end {
            if edgeSymbol[e] == symbol { return edgeTarget[e] }
            e += 1
        }
        return -1
    }
}

/// A verbatim run: how long, and where in the sample (offsets in Unicode scalars).
public struct VerbatimRun: Sendable, Hashable, Codable {
    public var length: Int
    public var range: Range<Int>
    /// The run itself, for the report.
    public var text: String
}
