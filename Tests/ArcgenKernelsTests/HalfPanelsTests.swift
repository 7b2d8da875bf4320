import ArcgenSupport
import Testing
@testable import ArcgenKernels

@Suite("Half-precision panels")
struct HalfPanelsTests {
    /// Random inputs (leading dimension `rows + 3`), weights and starting sums (leading dimension `cols + 5`) for a
    /// product of `streams` × `rows` by `rows` × `cols`; the cells past each row hold a sentinel.
    struct Problem {
        let rows: Int, cols: Int, streams: Int
        var ldx: Int { rows + 3 }
        var ldo: Int { cols + 5 }
        let xs: [Float], w: [Float], outs: [Float]
        static let sentinel: Float = 1234.5

        init(rows: Int, cols: Int, streams: Int, seed: UInt64) {
            (self.rows, self.cols, self.streams) = (rows, cols, streams)
            var rng = SeededRandom(seed: seed)
            let ldx = rows + 3, ldo = cols + 5
            xs = (0 ..< streams * ldx).map { $0 % ldx < rows ? rng.nextFloat() - 0.5 : Self.sentinel }
            w = (0 ..< rows * cols).map { _ in rng.nextFloat() - 0.5 }
            outs = (0 ..< streams * ldo).map { $0 % ldo < cols ? rng.nextFloat() - 0.5 : Self.sentinel }
        }

        /// The first `streams` streams' product through `panels`.
        func product(_ panels: HalfPanels, streams: Int, from first: Int = 0) -> [Float] {
            var result = Array(outs[first * ldo ..< (first + streams) * ldo])
            let x = Array(xs[first * ldx ..< (first + streams) * ldx])
            x.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { o in
                    panels.accumulate(xs: x.baseAddress!, ldx: ldx, streams: streams, into: o.baseAddress!, ldo: ldo)
                }
            }
            return result
        }
    }

    @Test("adds the product of the half-rounded weights, and writes nothing past a row",
          arguments: [(3, 5), (5, 33), (384, 114), (7, 16), (12, 100)])
    func naive(_ shape: (rows: Int, cols: Int)) {
        for streams in 1 ... 9 {
            let p = Problem(rows: shape.rows, cols: shape.cols, streams: streams, seed: 7)
            let panels = p.w.withUnsafeBufferPointer { HalfPanels($0.baseAddress!, rows: p.rows, cols: p.cols) }
            let got = p.product(panels, streams: streams)
            var worst = 0.0
            for b in 0 ..< streams {
                for j in 0 ..< p.cols {
                    var sum = Double(p.outs[b * p.ldo + j])
                    for r in 0 ..< p.rows {
                        sum += Double(p.xs[b * p.ldx + r]) * Double(Float(Float16(p.w[r * p.cols + j])))
                    }
                    worst = max(worst, abs(sum - Double(got[b * p.ldo + j])))
                }
                #expect(got[(b * p.ldo + p.cols) ..< ((b + 1) * p.ldo)].allSatisfy { $0 == Problem.sentinel })
            }
            #expect(worst < 1e-6 * Double(p.rows), "\(streams) streams: off by \(worst)")
        }
    }

    @Test("a stream gets the same bits in any batch")
    func batchInvariant() {
        let p = Problem(rows: 67, cols: 150, streams: 9, seed: 11)
        let panels = p.w.withUnsafeBufferPointer { HalfPanels($0.baseAddress!, rows: p.rows, cols: p.cols) }
        let alone = (0 ..< 9).map { b in p.product(panels, streams: 1, from: b).map(\.bitPattern) }
        for streams in 2 ... 9 {
            let together = p.product(panels, streams: streams).map(\.bitPattern)
            for b in 0 ..< streams {
                #expect(Array(together[b * p.ldo ..< (b + 1) * p.ldo]) == alone[b], "stream \(b) of \(streams)")
            }
        }
    }
}
