/// The secrets ledger's rule, checked on the graph: a scene that `reveals` a secret must, on every road from the
/// start, come after a scene that `hides` it. Otherwise some plan pays off a secret it never set up ("¡Yo soy tu
/// madre!" before anyone knew there was a question). We treat this as an error, because plans are drawn at random:
/// "some road" means "some plan".
///
/// A forward must-analysis over bit sets: `setUp[v]` holds the secrets hidden on every road to `v` (before `v`),
/// the intersection over predecessors of their own `setUp ∪ hides`.
public struct SecretsLedger {
    /// One reveal that some road reaches before its setup.
    public struct Violation: Sendable, Equatable {
        public let state: Int
        public let secret: String
    }

    /// The shortest road from `start` to a violation that passes no scene hiding its secret (for the message; built
    /// only for the violations that are printed).
    public static func road(to v: Violation, graph: Digraph, start: Int, hides: [[String]]) -> [Int] {
        graph.shortestPath(from: start, to: v.state) { hides[$0].contains(v.secret) } ?? [start, v.state]
    }

    /// - Parameters:
    ///   - graph: the arc's transitions.
    ///   - start: the start state.
    ///   - hides, reveals: per state, the secrets it sets up and pays off.
    /// - Returns: every violation, states in index order.
    /// - Complexity: O(passes × edges × secrets / 64); passes are few (loop nesting depth + 2).
    public static func violations(graph: Digraph, start: Int, hides: [[String]], reveals: [[String]]) -> [Violation] {
        let secrets = Array(Set(reveals.joined())).sorted()
        guard !secrets.isEmpty else { return [] }
        let number = Dictionary(uniqueKeysWithValues: secrets.enumerated().map { ($1, $0) })
        let words = (secrets.count + 63) / 64
        let n = graph.count
        let reachable = graph.reachable(from: [start])
        var hidden = [UInt64](repeating: 0, count: n * words) // (states, words): secrets each state hides
        for v in 0 ..< n {
            for s in hides[v] {
                if let k = number[s] { hidden[v * words + k / 64] |= 1 << UInt64(k % 64) }
            }
        }
        var setUp = [UInt64](repeating: ~0, count: n * words) // (states, words): secrets set up on every road before v
        for w in 0 ..< words { setUp[start * words + w] = 0 }
        let order = breadthFirstOrder(graph, from: start)
        var changed = true
        var meet = [UInt64](repeating: 0, count: words)
        while changed {
            changed = false
            for v in order where v != start {
                for w in 0 ..< words { meet[w] = ~0 }
                for p in graph.predecessors[v] where reachable[p] {
                    for w in 0 ..< words { meet[w] &= setUp[p * words + w] | hidden[p * words + w] }
                }
                for w in 0 ..< words where meet[w] != setUp[v * words + w] {
                    setUp[v * words + w] = meet[w]
                    changed = true
                }
            }
        }
        var out: [Violation] = []
        for v in 0 ..< n where reachable[v] {
            for s in reveals[v] {
                let k = number[s]!
                if setUp[v * words + k / 64] & (1 << UInt64(k % 64)) == 0 { out.append(Violation(state: v, secret: s)) }
            }
        }
        return out
    }

    private static func breadthFirstOrder(_ graph: Digraph, from start: Int) -> [Int] {
        var seen = [Bool](repeating: false, count: graph.count)
        var order = [start]
        seen[start] = true
        var head = 0
        while head < order.count {
            let v = order[head]
            head += 1
            for w in graph.successors[v] where !seen[w] {
                seen[w] = true
                order.append(w)
            }
        }
        return order
    }
}
