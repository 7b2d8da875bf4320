extension PlotPlanner {
    /// The lengths an episode takes when none is asked for: a telenovela episode runs 10–14 scenes.
    public static let episodeScenes = 10 ... 14
    /// The longest episode an arc may be stretched to when it allows none of `episodeScenes`.
    public static let longestEpisode = 60

    /// The length of an episode when none is asked for: `episodeScenes` when the arc allows any of them, else the
    /// length nearest their middle that it allows (up to `longestEpisode`); nil when the arc reaches no ending in
    /// that many scenes.
    public func episodeLength() -> SceneCount? {
        let feasible = FeasibleLengths(graph: graph)
        if !feasible.lengths(in: Self.episodeScenes).isEmpty { return .range(Self.episodeScenes) }
        let middle = (Self.episodeScenes.lowerBound + Self.episodeScenes.upperBound) / 2
        return feasible.lengths(in: 1 ... Self.longestEpisode).min { abs($0 - middle) < abs($1 - middle) }
            .map { .exactly($0) }
    }
}
