/// The bars issue 5 sets, as values so that a table carries the targets it was judged against.
public struct EvaluationTargets: Sendable, Hashable, Codable {
    /// Overall share of samples the classifier recognises (chance is 1/15).
    public var minimumRecognisability: Double
    /// Share of sample words in the corpus vocabulary, per tag and overall.
    public var minimumWordValidity: Double
    /// Share of samples with a verbatim run of `copyThreshold` characters or more; must stay *below* this.
    public var maximumCopyShare: Double
    public var copyThreshold: Int

    /// Issue 5: recognisability ≥ 60% overall, word validity ≥ 95%, under 1% of samples with a ≥ 40-character
    /// copy, and every tag model below the base model on its own held-out scenes.
    public static let issue5 = EvaluationTargets(
        minimumRecognisability: 0.60, minimumWordValidity: 0.95, maximumCopyShare: 0.01,
        copyThreshold: CopyFigures.defaultThreshold
    )

    public init(minimumRecognisability: Double, minimumWordValidity: Double, maximumCopyShare: Double,
                copyThreshold: Int) {
        self.minimumRecognisability = minimumRecognisability
        self.minimumWordValidity = minimumWordValidity
        self.maximumCopyShare = maximumCopyShare
        self.copyThreshold = copyThreshold
    }

    /// A target a row is judged on.
    public enum Check: String, Sendable, Hashable, Codable, CaseIterable {
        /// The tag model's held-out bits/char is below the base model's.
        case beatsBase = "bpc"
        /// Recognisability reaches the minimum (judged on the overall row only).
        case recognisability = "recog"
        case wordValidity = "words"
        case copying = "copy"
    }

    /// The checks `row` misses; figures that are `nil` are not judged. Per-tag rows are judged on bits/char, word
    /// validity and copying; the overall row on recognisability, word validity, copying, and on bits/char when
    /// any tag row misses it (`tagRows`).
    public func missed(by row: EvaluationRow, isOverall: Bool, tagRows: [EvaluationRow] = []) -> [Check] {
        var missed: [Check] = []
        if isOverall {
            if tagRows.contains(where: { self.missed(by: $0, isOverall: false).contains(.beatsBase) }) {
                missed.append(.beatsBase)
            } else if let tag = row.bitsPerCharacterTag, let base = row.bitsPerCharacterBase, tag >= base {
                missed.append(.beatsBase)
            }
            if let r = row.recognisability, r < minimumRecognisability { missed.append(.recognisability) }
        } else if let tag = row.bitsPerCharacterTag, let base = row.bitsPerCharacterBase, tag >= base {
            missed.append(.beatsBase)
        }
        if let w = row.wordValidity, w < minimumWordValidity { missed.append(.wordValidity) }
        if let c = row.copyShare, c >= maximumCopyShare { missed.append(.copying) }
        return missed
    }
}
