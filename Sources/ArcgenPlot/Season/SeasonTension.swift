/// The genre's two-scale tension, the season scale: the target curve a season is planned toward, and how close a
/// season's curve (mean tension per episode) comes to it.
///
/// The target follows the stages of a telenovela (see TELENOVELA.md), as a function of the position x ∈ [0, 1] in
/// the season, in tension units (0–10, the arcs' scale):
///
/// | x             | stage                                   | target                         |
/// |---------------|-----------------------------------------|--------------------------------|
/// | 0 … 0.2       | *prólogo*, *desarrollo*                 | 4.5 → 5.5, calm, rising gently |
/// | 0.2 … 0.85    | *etapa oscura*, *etapa culminante*      | 5.5 → 8.5, the climb           |
/// | 0.85 … 1      | *desenlace*                             | 8.5 → 6, the resolution        |
///
/// The absolute values matter to the planner (a scene is pulled toward the value at its position; the shipped arcs
/// loop between about 5 and 8); the report's correlation does not depend on them, only on the shape.
public enum SeasonTension {
    /// Where the development ends and the climb begins.
    public static let climbStart = 0.2
    /// Where the climb peaks and the desenlace begins.
    public static let peakAt = 0.85
    public static let calm = 4.5, developed = 5.5, peak = 8.5, resolved = 6.0

    /// The target tension at position `x` of the season (0 = the first scene, 1 = the last); see the type's table.
    public static func target(_ x: Double) -> Double {
        let x = min(1, max(0, x))
        if x <= climbStart { return calm + (developed - calm) * x / climbStart }
        if x <= peakAt { return developed + (peak - developed) * (x - climbStart) / (peakAt - climbStart) }
        return peak + (resolved - peak) * (x - peakAt) / (1 - peakAt)
    }

    /// The target for episode `number` (1-based) of `episodes`, taken at the episode's middle.
    public static func target(episode number: Int, of episodes: Int) -> Double {
        target((Double(number) - 0.5) / Double(max(1, episodes)))
    }

    /// The whole target curve, one value per episode.
    public static func targetCurve(episodes n: Int) -> [Double] { (1 ... max(1, n)).map { target(episode: $0, of: n) } }

    /// How a season's curve compares with the target.
    public struct Stats: Sendable, Equatable {
        /// Pearson correlation with the target curve (1 is the genre's shape exactly; 0 for fewer than 3 episodes
        /// or a flat curve).
        public let correlation: Double
        /// Mean tension of the first, middle and last thirds of the episodes (the last third takes the remainder).
        public let thirds: [Double]
        /// The highest episode mean and its episode (the first such).
        public let peak: Double
        public let peakEpisode: Int
        /// The finale episode's mean tension.
        public let finale: Double
    }

    /// - Parameter curve: mean tension per episode, in order.
    public static func stats(_ curve: [Double]) -> Stats {
        let n = curve.count
        guard n > 0 else { return Stats(correlation: 0, thirds: [0, 0, 0], peak: 0, peakEpisode: 0, finale: 0) }
        func mean(_ xs: ArraySlice<Double>) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        let third = n / 3
        let thirds = third == 0 ? [mean(curve[...]), mean(curve[...]), mean(curve[...])]
            : [mean(curve[0 ..< third]), mean(curve[third ..< 2 * third]), mean(curve[(2 * third)...])]
        var p = 0
        for i in 1 ..< n where curve[i] > curve[p] { p = i }
        return Stats(correlation: correlation(curve, targetCurve(episodes: n)), thirds: thirds, peak: curve[p],
            peakEpisode: p + 1,
                     finale: curve[n - 1])
    }

    /// Pearson correlation of two equally long series; 0 when either is constant or shorter than 3.
    public static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = min(a.count, b.count)
        guard n >= 3 else { return 0 }
        let ma = a.prefix(n).reduce(0, +) / Double(n), mb = b.prefix(n).reduce(0, +) / Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0 ..< n {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        guard saa > 0, sbb > 0 else { return 0 }
        return sab / (saa * sbb).squareRoot()
    }
}
