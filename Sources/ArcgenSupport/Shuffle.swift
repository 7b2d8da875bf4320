extension SeededRandom {
    /// Which end a shuffle fills first. Both give uniform permutations, but different ones from the same stream,
    /// and what was made with one (a held-out split, cross-validation folds, the shipped models' training text and
    /// its recorded hash) is only reproduced by the same one.
    public enum ShuffleOrder: Sendable {
        /// Position 0 first: the first k positions hold a uniform sample after k steps.
        case frontFirst
        /// The last position first (the textbook loop from the end).
        case backFirst
    }

    /// Fisher–Yates with this generator: each step fills the next position from `order`'s end with an element drawn
    /// uniformly (`nextInt(below:)`, counted from the low end) from those not yet placed.
    /// - Parameters:
    ///   - steps: stop after this many positions (nil: the whole array); with `.frontFirst`, the first `steps`
    ///     elements are then a uniform sample without replacement.
    /// - Complexity: O(steps), one draw per step.
    public mutating func shuffle<T>(_ items: inout [T], order: ShuffleOrder = .frontFirst, steps: Int? = nil) {
        let n = items.count
        for s in 0 ..< min(steps ?? n, max(n - 1, 0)) {
            let r = nextInt(below: n - s)
            switch order {
            case .frontFirst: items.swapAt(s, s + r)
            case .backFirst: items.swapAt(n - 1 - s, r)
            }
        }
    }
}
