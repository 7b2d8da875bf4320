/// The plan lengths an arc allows: the numbers N such that some path of exactly N scenes runs from the start to an
/// ending. Such a set is always eventually periodic (the set of states reachable in exactly k steps is a function of
/// the set at k − 1, so it must repeat). We follow those sets until one repeats, which gives the whole, exact,
/// infinite answer, or until a horizon, and say it compactly: "6–9, 11, 13–∞".
public struct FeasibleLengths: Sendable, Equatable, CustomStringConvertible {
    /// `prefix[k - 1]`: whether k scenes are possible, for k = 1 … prefix.count.
    public let prefix: [Bool]
    /// When known: for k > prefix.count, k is possible exactly when k − period is. nil: unknown past the prefix.
    public let period: Int?

    /// How far to follow when no repetition shows up first: the longest plan arcgen makes, so a length it could
    /// plan is never reported as impossible.
    public static let defaultHorizon = PlotPlanner.maxScenes

    public init(prefix: [Bool], period: Int?) {
        self.prefix = prefix
        self.period = period
    }

    /// The lengths that keep every visit cap of `graph` (see `ArcGraph.visitCaps`).
    /// - Complexity: O(min(horizon, until repetition) × edges / 64 … edges); with binding caps, the same over
    ///   walkers (state, visits) instead of states.
    public init(graph: ArcGraph, horizon: Int = FeasibleLengths.defaultHorizon) {
        if graph.hasBindingCaps, let ledger = try? VisitLedger(graph: graph) {
            self.init(graph: graph, ledger: ledger, horizon: horizon)
            return
        }
        let n = graph.stateCount
        let words = (n + 63) / 64
        var current = [UInt64](repeating: 0, count: words) // (words): the states where a path of k scenes may stand
        current[graph.start / 64] |= 1 << UInt64(graph.start % 64)
        var endings = [UInt64](repeating: 0, count: words)
        for s in 0 ..< n where graph.isEnding[s] { endings[s / 64] |= 1 << UInt64(s % 64) }
        var seen: [[UInt64]: Int] = [:]
        var feasible: [Bool] = []
        var next = [UInt64](repeating: 0, count: words)
        for k in 1 ... max(1, horizon) {
            if let j = seen[current] {
                self.init(prefix: feasible, period: k - j)
                return
            }
            seen[current] = k
            feasible.append(zip(current, endings).contains { $0 & $1 != 0 })
            for w in 0 ..< words { next[w] = 0 }
            for w in 0 ..< words where current[w] != 0 {
                var bits = current[w]
                while bits != 0 {
                    let s = w * 64 + bits.trailingZeroBitCount
                    bits &= bits - 1
                    for e in graph.edgeOffsets[s] ..< graph.edgeOffsets[s + 1] {
                        let t = graph.edgeTargets[e]
                        next[t / 64] |= 1 << UInt64(t % 64)
                    }
                }
            }
            swap(&current, &next)
        }
        self.init(prefix: feasible, period: nil)
    }

    /// The same following of sets, over walkers: the set of walkers after k scenes is a function of the set after
    /// k − 1, so it repeats too (with caps on every loop, it soon becomes empty and stays so).
    private init(graph: ArcGraph, ledger: VisitLedger, horizon: Int) {
        var current = [ledger.start(graph)]
        var seen: [Set<VisitLedger.Walker>: Int] = [:]
        var feasible: [Bool] = []
        for k in 1 ... max(1, horizon) {
            let set = Set(current)
            if let j = seen[set] {
                self.init(prefix: feasible, period: k - j)
                return
            }
            seen[set] = k
            feasible.append(current.contains { graph.isEnding[Int($0.state)] })
            guard current.count <= PlotPlanner.maxWalkers / 16 else { break }
            current = ledger.step(current, graph: graph)
        }
        self.init(prefix: feasible, period: nil)
    }

    /// Whether exactly `k` scenes are possible (false past the horizon when the period is unknown).
    public func contains(_ k: Int) -> Bool {
        guard k >= 1 else { return false }
        if k <= prefix.count { return prefix[k - 1] }
        guard let period else { return false }
        let cycleStart = prefix.count + 1 - period
        return prefix[cycleStart - 1 + (k - cycleStart) % period]
    }

    /// No length at all is possible (as far as known).
    public var isEmpty: Bool { !prefix.contains(true) }

    /// Every length from some point on is possible.
    public var isUnbounded: Bool {
        guard let period else { return false }
        return prefix.suffix(period).contains(true)
    }

    /// The possible lengths within `range`.
    public func lengths(in range: ClosedRange<Int>) -> [Int] { range.filter(contains) }

    /// "6–9, 11, 13–∞"; "4, 6, 8, 10, … (every 2nd length from 4 on)"; "none".
    public var description: String {
        guard let period else {
            let text = Self.ranges(of: prefix, through: prefix.count, open: false)
            return (text.isEmpty ? "none" : text) + " up to \(prefix.count) scenes, the longest plan arcgen makes"
        }
        let cycleStart = prefix.count + 1 - period
        let tail = prefix.suffix(period)
        if !tail.contains(true) {
            let text = Self.ranges(of: prefix, through: prefix.count, open: false)
            return text.isEmpty ? "none" : text
        }
        if !tail.contains(false) {
            return Self.ranges(of: prefix, through: cycleStart, open: true)
        }
        // A true period: list enough lengths to show the pattern, then say it repeats.
        var shown: [Bool] = []
        var tailShown = 0
        var k = 1
        while k <= cycleStart + 2 * period - 1 || tailShown < 4 {
            let c = contains(k)
            shown.append(c)
            if c && k >= cycleStart { tailShown += 1 }
            k += 1
        }
        let steps = tail.filter { $0 }.count
        let pattern = steps == 1 ? "every \(Self.ordinal(period)) length" : "\(steps) of every \(period) lengths"
        let firstRepeating = (cycleStart ..< cycleStart + period).first(where: contains) ?? cycleStart
        return Self.ranges(of: shown, through: shown.count, open: false)
            + ", … (\(pattern) from \(firstRepeating) on)"
    }

    /// Consecutive possible lengths among 1 … `through` as ranges; `open` makes the last one run to ∞.
    private static func ranges(of flags: [Bool], through last: Int, open: Bool) -> String {
        var parts: [String] = []
        var k = 1
        while k <= last {
            guard k - 1 < flags.count, flags[k - 1] else { k += 1; continue }
            let a = k
            while k + 1 <= last, flags[k] { k += 1 }
            if open && k == last {
                parts.append("\(a)–∞")
            } else {
                parts.append(a == k ? "\(a)" : "\(a)–\(k)")
            }
            k += 1
        }
        if parts.count > 24 { return parts.prefix(24).joined(separator: ", ") + ", …" }
        return parts.joined(separator: ", ")
    }

    private static func ordinal(_ n: Int) -> String {
        let lastDigit = n % 10 == 1 && n % 100 != 11 ? 1
            : n % 10 == 2 && n % 100 != 12 ? 2
            : n % 10 == 3 && n % 100 != 13 ? 3 : 0
        switch lastDigit {
        case 1: return "\(n)st"
        case 2: return "\(n)nd"
        case 3: return "\(n)rd"
        default: return "\(n)th"
        }
    }
}
