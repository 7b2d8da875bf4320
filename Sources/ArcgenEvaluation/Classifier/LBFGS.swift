/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, algorithm 7.5) with a backtracking Armijo line
/// search: the full-batch optimiser of `SoftmaxRegression`.
///
/// Why this and not gradient descent: the regularised logistic loss is smooth and convex but badly conditioned
/// (tf-idf features, C = 10), so plain or even accelerated gradient steps need thousands of iterations; L-BFGS
/// reaches the optimum to four or five digits in a hundred or two. Nothing here is random and every sum runs in a
/// fixed order, so the same objective gives bit-identical parameters on every run.
///
/// Every accepted step satisfies f(x + t·d) ≤ f(x) + c₁ · t · ∇f·d with ∇f·d < 0, so the loss decreases
/// strictly from iteration to iteration (`Result.lossHistory`). A curvature pair with s·y ≤ 0 (possible without a
/// Wolfe condition) is skipped rather than stored, which keeps the implicit Hessian approximation positive definite.
struct LBFGS: Sendable {
    /// Curvature pairs kept (m).
    var memory: Int = 10
    var maximumIterations: Int = 200
    /// Converged when the largest gradient component is at most this.
    var gradientTolerance: Double = 1e-5
    /// Also stop when a step lowers the loss by less than this fraction of it (progress lost in rounding).
    var relativeLossTolerance: Double = 1e-12
    /// Armijo constant c₁.
    var sufficientDecrease: Double = 1e-4
    /// Halvings of the step before the search gives up (the loss is flat to machine precision).
    var maximumBacktracks: Int = 50

    struct Result: Sendable {
        var parameters: [Double]
        var loss: Double
        /// Accepted steps taken.
        var iterations: Int
        /// True when the gradient tolerance was met (rather than the iteration cap or a flat line search).
        var converged: Bool
        /// The loss at the start and after every accepted step; strictly decreasing.
        var lossHistory: [Double]
    }

    /// Minimises `objective`, which writes the gradient at its first argument into its second and returns the loss.
    /// - Complexity: per iteration, one or more objective evaluations plus O(memory · parameters).
    func minimize(
        from start: [Double],
        _ objective: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double
    ) -> Result {
        let n = start.count
        let m = max(1, memory)
        var x = start  // (n)
        var g = [Double](repeating: 0, count: n)  // (n)
        var loss = x.withUnsafeBufferPointer { xp in g.withUnsafeMutableBufferPointer { objective(xp, $0) } }
        var history = [loss]
        var s = [Double](repeating: 0, count: m * n)  // (m, n) steps x_{k+1} - x_k, ring buffer
        var y = [Double](repeating: 0, count: m * n)  // (m, n) gradient changes g_{k+1} - g_k, ring buffer
        var rho = [Double](repeating: 0, count: m)  // (m) 1 / (s·y)
        var alpha = [Double](repeating: 0, count: m)  // (m)
        var stored = 0
        var newest = -1
        var d = [Double](repeating: 0, count: n)  // (n) search direction
        var xNew = [Double](repeating: 0, count: n)  // (n)
        var gNew = [Double](repeating: 0, count: n)  // (n)
        var iterations = 0
        var converged = false

        while true {
            if Self.maximumMagnitude(g) <= gradientTolerance {
                converged = true
                break
            }
            if iterations >= maximumIterations { break }

            // Two-loop recursion: d = -H·g.
            var slope = 0.0
            s.withUnsafeBufferPointer { s in
                y.withUnsafeBufferPointer { y in
                    d.withUnsafeMutableBufferPointer { q in
                        for i in 0..<n { q[i] = g[i] }
                        for k in 0..<stored {
                            let slot = (newest - k + m) % m
                            let sk = UnsafeBufferPointer(rebasing: s[(slot * n)..<(slot * n + n)])
                            let yk = UnsafeBufferPointer(rebasing: y[(slot * n)..<(slot * n + n)])
                            alpha[slot] = rho[slot] * Self.dot(sk, UnsafeBufferPointer(q))
                            Self.axpy(-alpha[slot], yk, q)
                        }
                        if stored > 0 {
                            let yn = UnsafeBufferPointer(rebasing: y[(newest * n)..<(newest * n + n)])
                            let gamma = 1 / (rho[newest] * Self.dot(yn, yn))
                            for i in 0..<n { q[i] *= gamma }
                        }
                        for k in stride(from: stored - 1, through: 0, by: -1) {
                            let slot = (newest - k + m) % m
                            let sk = UnsafeBufferPointer(rebasing: s[(slot * n)..<(slot * n + n)])
                            let yk = UnsafeBufferPointer(rebasing: y[(slot * n)..<(slot * n + n)])
                            let beta = rho[slot] * Self.dot(yk, UnsafeBufferPointer(q))
                            Self.axpy(alpha[slot] - beta, sk, q)
                        }
                        for i in 0..<n { q[i] = -q[i] }
                    }
                }
                slope = Self.dot(g, d)
            }
            if !(slope < 0) {
                // Not a descent direction (rounding after many updates): restart from steepest descent.
                stored = 0
                for i in 0..<n { d[i] = -g[i] }
                slope = -Self.dot(g, g)
            }

            // Backtracking line search; the first step, without curvature information, has unit length.
            var step = stored == 0 ? min(1, 1 / (-slope).squareRoot()) : 1
            var accepted = false
            var newLoss = loss
            for _ in 0...maximumBacktracks {
                for i in 0..<n { xNew[i] = x[i] + step * d[i] }
                newLoss = xNew.withUnsafeBufferPointer { xp in
                    gNew.withUnsafeMutableBufferPointer { objective(xp, $0) }
                }
                if newLoss <= loss + sufficientDecrease * step * slope, newLoss < loss {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }

            // Store the curvature pair (s, y) when it keeps the approximation positive definite.
            let slot = (newest + 1) % m
            var sy = 0.0
            for i in 0..<n {
                let si = xNew[i] - x[i]
                let yi = gNew[i] - g[i]
                s[slot * n + i] = si
                y[slot * n + i] = yi
                sy += si * yi
            }
            if sy > 1e-12 {
                rho[slot] = 1 / sy
                newest = slot
                stored = min(stored + 1, m)
            }
            let decrease = loss - newLoss
            swap(&x, &xNew)
            swap(&g, &gNew)
            loss = newLoss
            history.append(loss)
            iterations += 1
            if decrease <= relativeLossTolerance * max(1, abs(loss)) { break }
        }
        return Result(parameters: x, loss: loss, iterations: iterations, converged: converged, lossHistory: history)
    }

    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a, b) } }
    }

    /// y += a · x
    static func axpy(_ a: Double, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<x.count { y[i] += a * x[i] }
    }

    static func maximumMagnitude(_ v: [Double]) -> Double {
        var m = 0.0
        for e in v { m = max(m, abs(e)) }
        return m
    }
}
