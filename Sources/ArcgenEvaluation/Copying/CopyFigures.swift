/// How much a set of samples copies: each sample's longest verbatim run shared with the training corpus, the
/// distribution of those runs, and the share at or above the copying threshold.
public struct CopyFigures: Sendable, Hashable, Codable {
    /// Issue 5: a shared run of 40 characters or more counts as copying; fewer than 1% of samples may have one.
    public static let defaultThreshold = 40

    /// Longest shared run of each sample, in Unicode scalars, in sample order.
    public var runs: [Int]
    public var threshold: Int

    public init(runs: [Int], threshold: Int = defaultThreshold) {
        self.runs = runs
        self.threshold = threshold
    }

    /// Samples whose longest run reaches `threshold`.
    public var atOrAbove: Int { runs.reduce(0) { $0 + ($1 >= threshold ? 1 : 0) } }
    /// `atOrAbove` ÷ samples; 0 for no samples.
    public var share: Double { runs.isEmpty ? 0 : Double(atOrAbove) / Double(runs.count) }
    public var max: Int { runs.max() ?? 0 }
    public var mean: Double { runs.isEmpty ? 0 : Double(runs.reduce(0, +)) / Double(runs.count) }
    /// The middle run, or the mean of the two middle runs; 0 for no samples.
    public var median: Double {
        guard !runs.isEmpty else { return 0 }
        let sorted = runs.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }
}
