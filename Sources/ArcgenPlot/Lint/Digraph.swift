/// A directed graph on `0..<count` with the few analyses the lint needs: what the start reaches, what reaches an
/// ending, and strongly connected components (to find loops with no exit). All are iterative, so a 10,000-state
/// chain cannot overflow the stack.
public struct Digraph: Sendable {
    public let count: Int
    public let successors: [[Int]]
    public let predecessors: [[Int]]

    public init(count: Int, successors: [[Int]]) {
        precondition(successors.count == count)
        self.count = count
        self.successors = successors
        var preds = [[Int]](repeating: [], count: count)
        for (s, ts) in successors.enumerated() { for t in ts { preds[t].append(s) } }
        predecessors = preds
    }

    /// Nodes reachable from `sources` following edges forward (the sources included).
    /// - Complexity: O(nodes + edges).
    public func reachable(from sources: [Int]) -> [Bool] { search(sources, successors) }

    /// Nodes from which some node of `targets` can be reached (the targets included).
    public func canReach(_ targets: [Int]) -> [Bool] { search(targets, predecessors) }

    private func search(_ sources: [Int], _ adjacency: [[Int]]) -> [Bool] {
        var seen = [Bool](repeating: false, count: count)
        var queue = sources.filter { !seen[$0] }
        for s in queue { seen[s] = true }
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for w in adjacency[v] where !seen[w] {
                seen[w] = true
                queue.append(w)
            }
        }
        return seen
    }

    /// A shortest path from `source` to `target` that avoids `blocked` nodes in between, as node indices.
    public func shortestPath(
        from source: Int, to target: Int, avoiding blocked: (Int) -> Bool = { _ in false }
    ) -> [Int]? {
        var parent = [Int](repeating: -1, count: count)
        var seen = [Bool](repeating: false, count: count)
        seen[source] = true
        var queue = [source]
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            if v == target { break }
            if v != source, blocked(v) { continue }
            for w in successors[v] where !seen[w] {
                seen[w] = true
                parent[w] = v
                queue.append(w)
            }
        }
        guard seen[target] else { return nil }
        var path = [target]
        while let last = path.last, last != source { path.append(parent[last]) }
        return path.reversed()
    }

    /// Strongly connected components by Tarjan's algorithm, run with an explicit stack.
    /// - Returns: the component number of every node; components are numbered in reverse topological order.
    /// - Complexity: O(nodes + edges).
    public func stronglyConnectedComponents() -> (component: [Int], count: Int) {
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var component = [Int](repeating: -1, count: count)
        var stack: [Int] = []
        var calls: [(node: Int, edge: Int)] = []
        var counter = 0
        var components = 0
        for root in 0 ..< count where index[root] < 0 {
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            calls.append((root, 0))
            while let (v, e) = calls.last {
                if e < successors[v].count {
                    calls[calls.count - 1].edge += 1
                    let w = successors[v][e]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        calls.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    calls.removeLast()
                    if let parent = calls.last?.node { low[parent] = min(low[parent], low[v]) }
                    if low[v] == index[v] {
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component[w] = components
                            if w == v { break }
                        }
                        components += 1
                    }
                }
            }
        }
        return (component, components)
    }
}
