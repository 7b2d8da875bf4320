import Testing
@testable import ArcgenPlot

@Suite("Planner: plan frequencies follow the weights")
struct PlannerStatisticsTests {
    /// S → A (1), S → B (3), A → A (1), A → E (2), B → B (2), B → E (1), B → A (1), E → A (1); E is the
    /// ending and has an edge out, so a plan may pass through it. Paths of exactly 5 scenes, weights worked out by
    /// hand:
    ///   S A A A E  1·1·1·2 = 2      S A E A E  1·2·1·2 = 4      S B B B E  3·2·2·1 = 12
    ///   S B B A E  3·2·1·2 = 12     S B E A E  3·1·1·2 = 6      S B A A E  3·1·1·2 = 6      total 42
    static let graph = try! ArcGraph(arcID: "hand", ids: ["S", "A", "B", "E"], start: 0, endings: [3], edges: [
        (0, 1, 1), (0, 2, 3), (1, 1, 1), (1, 3, 2), (2, 2, 2), (2, 3, 1), (2, 1, 1), (3, 1, 1),
    ])
    static let expected: [String: Double] = [
        "SAAAE": 2.0 / 42, "SAEAE": 4.0 / 42, "SBBBE": 12.0 / 42,
        "SBBAE": 12.0 / 42, "SBEAE": 6.0 / 42, "SBAAE": 6.0 / 42,
    ]

    static func counts(samples: Int) throws -> [String: Int] {
        let planner = PlotPlanner(graph: graph)
        var counts: [String: Int] = [:]
        for seed in 0 ..< samples {
            let plan = try planner.plan(scenes: .exactly(5), seed: UInt64(seed))
            counts[plan.ids.joined(), default: 0] += 1
        }
        return counts
    }

    static func chiSquare(_ counts: [String: Int], _ p: [String: Double], samples: Int) -> Double {
        p.reduce(0) { sum, kv in
            let e = kv.value * Double(samples)
            let o = Double(counts[kv.key] ?? 0)
            return sum + (o - e) * (o - e) / e
        }
    }

    @Test("chi-square against the hand-computed distribution (5 degrees of freedom)")
    func chiSquare() throws {
        let samples = 12_000
        let counts = try Self.counts(samples: samples)
        #expect(Set(counts.keys) == Set(Self.expected.keys), "only valid paths, and all of them")
        let chi2 = Self.chiSquare(counts, Self.expected, samples: samples)
        // 20.52 is the 0.999 quantile of χ²(5): a correct sampler fails this with probability 1/1000 (and, with
        // fixed seeds, deterministically passes or fails).
        #expect(chi2 < 20.52, "χ² = \(chi2), counts \(counts)")
        // The test has power: the uniform distribution over the same paths is rejected by a wide margin.
        let uniform = Dictionary(uniqueKeysWithValues: Self.expected.keys.map { ($0, 1.0 / 6) })
        #expect(Self.chiSquare(counts, uniform, samples: samples) > 1000)
    }
}
