import ArcgenSupport

/// A deterministic split of scenes into a training part and a held-out part, by whole scenes, so validation text
/// never shares a scene with training text.
public struct CorpusSplit: Sendable {
    public let training: [CorpusScene]
    public let heldOut: [CorpusScene]
}

extension Corpus {
    /// The indices of `scenes` by (main tag, language) group, keyed `tag NUL language`: the unit both the held-out
    /// split and a training share draw from.
    static func groups(_ scenes: [CorpusScene]) -> [String: [Int]] {
        var groups: [String: [Int]] = [:]
        for (i, scene) in scenes.enumerated() { groups[scene.mainTag + "\u{0}" + scene.lang, default: []].append(i) }
        return groups
    }

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
        let groups = Self.groups(scenes)
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

extension CorpusSplit {
    /// The split with only `share` of each (main tag, language) group's training scenes (at least one a group), the
    /// held-out part unchanged: the points of a data curve, measured on the same held-out scenes. Each group's
    /// scenes are drawn in one seeded order and a share keeps a prefix of it, so a smaller share's scenes are
    /// always among a larger one's. Kept scenes stay in the input order.
    /// - Parameter share: in `0 < share ≤ 1`; 1 returns the split as it is.
    public func keepingTrainingShare(_ share: Double, seed: UInt64) -> CorpusSplit {
        precondition(share > 0 && share <= 1, "share must be in 0 < share ≤ 1")
        guard share < 1 else { return self }
        let groups = Corpus.groups(training)
        var kept = Set<Int>()
        for key in groups.keys.sorted() {
            var members = groups[key]!
            let count = max(1, Int((share * Double(members.count)).rounded()))
            var random = SeededRandom.derived(seed: seed, stream: FNV1a64.hash(Array(("share\u{0}" + key).utf8)))
            random.shuffle(&members)
            kept.formUnion(members.prefix(count))
        }
        return CorpusSplit(training: training.indices.filter { kept.contains($0) }.map { training[$0] },
                           heldOut: heldOut)
    }
}
