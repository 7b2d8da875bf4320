import ArcgenSupport
import Testing
@testable import ArcgenKernels

@Suite("Half-precision panels")
struct HalfPanelsTests {
    /// Random inputs, weights and starting sums for a product of `streams` × `rows` by `rows` × `cols`.
    static func problem(rows: Int, cols: Int, streams: Int, seed: UInt64) -> (xs: [Float], w: [Float], outs: [Float]) {
        var rng = SeededRandom(seed: seed)
        let xs = (0 ..< streams * rows).map { _ in rng.nextFloat() - 0.5 }
        let w = (0 ..< rows * cols).map { _ in rng.nextFloat() - 0.5 }
        let outs = (0 ..< streams * cols).map { _ in rng.nextFloat() - 0.5 }
        return (xs, w, outs)
    }

    static func product(_ panels: HalfPanels, xs: [Float], streams: Int, outs: [Float]) -> [Float] {
        var result = outs
        xs.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { o in
                panels.accumulate(xs: x.baseAddress!, ldx: panels.rows, streams: streams, into: o.baseAddress!,
                                  ldo: panels.cols)
            }
        }
        return result
    }

    @Test("adds the product of the half-rounded weights", arguments: [(5, 33), (384, 200), (7, 16), (12, 100)])
    func naive(_ shape: (rows: Int, cols: Int)) {
        for streams in 1 ... 8 {
            let (xs, w, outs) = Self.problem(rows: shape.rows, cols: shape.cols, streams: streams, seed: 7)
            let panels = w.withUnsafeBufferPointer { HalfPanels($0.baseAddress!, rows: shape.rows, cols: shape.cols) }
            let got = Self.product(panels, xs: xs, streams: streams, outs: outs)
            var worst = 0.0
            for b in 0 ..< streams {
                for j in 0 ..< shape.cols {
                    var sum = Double(outs[b * shape.cols + j])
                    for r in 0 ..< shape.rows {
                        sum += Double(xs[b * shape.rows + r]) * Double(Float(Float16(w[r * shape.cols + j])))
                    }
                    worst = max(worst, abs(sum - Double(got[b * shape.cols + j])))
                }
            }
            #expect(worst < 1e-4 * Double(shape.rows), "\(streams) streams: off by \(worst)")
        }
    }

    @Test("a stream gets the same bits in any batch")
    func batchInvariant() {
        let rows = 67, cols = 150
        let (xs, w, outs) = Self.problem(rows: rows, cols: cols, streams: 8, seed: 11)
        let panels = w.withUnsafeBufferPointer { HalfPanels($0.baseAddress!, rows: rows, cols: cols) }
        let alone = (0 ..< 8).map { b in
            Self.product(panels, xs: Array(xs[b * rows ..< (b + 1) * rows]), streams: 1,
                         outs: Array(outs[b * cols ..< (b + 1) * cols]))
        }
        for streams in 2 ... 8 {
            let together = Self.product(panels, xs: Array(xs[..<(streams * rows)]), streams: streams,
                                        outs: Array(outs[..<(streams * cols)]))
            for b in 0 ..< streams {
                #expect(Array(together[b * cols ..< (b + 1) * cols]).map(\.bitPattern) == alone[b].map(\.bitPattern),
                        "stream \(b) of \(streams)")
            }
        }
    }
}
