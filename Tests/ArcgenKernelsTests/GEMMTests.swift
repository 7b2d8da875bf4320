import ArcgenSupport
import Testing
@testable import ArcgenKernels

@Suite("GEMM")
struct GEMMTests {
    struct Shape: CustomStringConvertible, Sendable {
        let m: Int, n: Int, k: Int, transA: Bool, transB: Bool, accumulate: Bool
        var description: String { "\(m)x\(n)x\(k) tA \(transA) tB \(transB) acc \(accumulate)" }
    }

    @Test("matches a naive triple loop", arguments: [
        Shape(m: 1, n: 1, k: 1, transA: false, transB: false, accumulate: false),
        Shape(m: 7, n: 33, k: 5, transA: false, transB: false, accumulate: true),
        Shape(m: 17, n: 65, k: 300, transA: true, transB: false, accumulate: false),
        Shape(m: 64, n: 96, k: 257, transA: false, transB: true, accumulate: true),
        Shape(m: 9, n: 31, k: 513, transA: true, transB: true, accumulate: false),
        Shape(m: 130, n: 260, k: 40, transA: false, transB: false, accumulate: false),  // parallel path
    ])
    func naive(_ s: Shape) {
        var rng = SeededRandom(seed: UInt64(s.m * 1000 + s.n))
        let a = (0 ..< s.m * s.k).map { _ in rng.nextFloat() - 0.5 }
        let b = (0 ..< s.k * s.n).map { _ in rng.nextFloat() - 0.5 }
        let c0 = (0 ..< s.m * s.n).map { _ in rng.nextFloat() - 0.5 }
        let lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n
        var c = c0
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            GEMM.multiply(m: s.m, n: s.n, k: s.k, a: ap.baseAddress!, lda: lda, transA: s.transA,
                          b: bp.baseAddress!, ldb: ldb, transB: s.transB, c: cp.baseAddress!, ldc: s.n,
                          accumulate: s.accumulate)
        } } }
        var worst: Float = 0
        for i in 0 ..< s.m {
            for j in 0 ..< s.n {
                var sum: Double = s.accumulate ? Double(c0[i * s.n + j]) : 0
                for p in 0 ..< s.k {
                    let av = s.transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = s.transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                worst = max(worst, abs(Float(sum) - c[i * s.n + j]))
            }
        }
        #expect(worst < 1e-3 * Float(max(1, s.k / 64)))
    }

    @Test("activations match libm closely")
    func activations() {
        for x in stride(from: Float(-20), through: 20, by: 0.37) {
            #expect(abs(Activations.exp(x) - Foundation.exp(x)) <= 3e-6 * Foundation.exp(x))
            #expect(abs(Activations.tanh(x) - Foundation.tanh(x)) < 2e-6)
            #expect(abs(Activations.sigmoid(x) - 1 / (1 + Foundation.exp(-x))) < 2e-6)
        }
        #expect(Activations.exp(-200) >= 0 && Activations.exp(200).isFinite)
    }
}

import Foundation
