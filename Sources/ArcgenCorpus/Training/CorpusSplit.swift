import ArcgenSupport

/// A deterministic split of scenes into a training part and a held-out part, by whole scenes, so validation text
/// never shares a scene with training text.
public struct CorpusSplit: Sendable {
    public let training: [CorpusScene]
    public let heldOut: [CorpusScene]
}

extension Corpus {
    /// Holds out about `heldOutFraction` of the scenes of every (main tag, language) group, so each tag's
    /// validation text has both languages. Every group of two or more scenes gives at least one scene to each side;
    /// a group of one stays in training. Both parts keep the input order.
    ///
    /// - Parameters:
    ///   - heldOutFraction: in `0 ..< 1`.
    ///   - seed: the same seed and scenes always give the same split; each group draws from its own stream
    ///     (`SeededRandom.derived`, keyed by a hash of the group), so adding scenes to one tag does not reshuffle
    ///     the others.
    public static func split(scenes: [CorpusScene], heldOutFraction: Double, seed: UInt64) -> CorpusSplit {
        precondition(heldOutFraction >= 0 && heldOutFraction < 1, "heldOutFraction must be in 0..<1")
        var groups: [String: [Int]] = [:]
        for (i, scene) in scenes.enumerated() { groups[scene.mainTag + "\u{0}" + scene.lang, default: []].append(i) }
        var heldOut = Set<Int>()
        for key in groups.keys.sorted() {
            var members = groups[key]!
            guard members.count >= 2, heldOutFraction > 0 else { continue }
            let count = min(members.count - 1, max(1, Int((heldOutFraction * Double(members.count)).rounded())))
            var random = SeededRandom.derived(seed: seed, stream: FNV1a64.hash(Array(key.utf8)))
            random.shuffle(&members, steps: count)
            heldOut.formUnion(members.prefix(count))
        }
        return CorpusSplit(
            training: scenes.indices.filter { !heldOut.contains($0) }.map { scenes[$0] },
            heldOut: scenes.indices.filter { heldOut.contains($0) }.map { scenes[$0] }
        )
    }
}
