/// outs (streams, cols) += xs (streams, rows) · W (rows, cols): the sampling product for one scene or its few
/// candidates drawn together. It is memory-bound, so it streams each weight row once for all the streams, four rows
/// per pass so each output is loaded and stored a quarter as often. Each stream's sums run in the same order
/// whatever the number of streams, so a stream drawn in a batch gets the bits it would get alone. (GEMM would pad
/// the streams to its 6-row tile and pack them first, which costs more than the product here.)
package func matrixVectorsAccumulate(
    xs: UnsafePointer<Float>, ldx: Int, streams: Int, rows: Int, w: UnsafePointer<Float>, cols: Int,
    into outs: UnsafeMutablePointer<Float>, ldo: Int
) {
    typealias V = SIMD16<Float>
    let vecCols = cols & ~15
    var r = 0
    if streams == 1 {
        // One stream (a single draft, `arcgen sample`): the same sums in the same order, with the four inputs held
        // in registers across the row (the stores below could alias `xs`, so the general loop reloads them).
        let o = UnsafeMutableRawPointer(outs)
        while r + 4 <= rows {
            let x0 = V(repeating: xs[r]), x1 = V(repeating: xs[r + 1])
            let x2 = V(repeating: xs[r + 2]), x3 = V(repeating: xs[r + 3])
            let w0 = UnsafeRawPointer(w + r * cols), w1 = UnsafeRawPointer(w + (r + 1) * cols)
            let w2 = UnsafeRawPointer(w + (r + 2) * cols), w3 = UnsafeRawPointer(w + (r + 3) * cols)
            var j = 0
            while j < vecCols {
                let off = 4 * j
                var acc = o.loadUnaligned(fromByteOffset: off, as: V.self)
                acc = acc.addingProduct(x0, w0.loadUnaligned(fromByteOffset: off, as: V.self))
                acc = acc.addingProduct(x1, w1.loadUnaligned(fromByteOffset: off, as: V.self))
                acc = acc.addingProduct(x2, w2.loadUnaligned(fromByteOffset: off, as: V.self))
                acc = acc.addingProduct(x3, w3.loadUnaligned(fromByteOffset: off, as: V.self))
                o.storeBytes(of: acc, toByteOffset: off, as: V.self)
                j += 16
            }
            for jj in vecCols ..< cols {
                outs[jj] += xs[r] * w[r * cols + jj] + xs[r + 1] * w[(r + 1) * cols + jj]
                    + xs[r + 2] * w[(r + 2) * cols + jj] + xs[r + 3] * w[(r + 3) * cols + jj]
            }
            r += 4
        }
    }
    while r + 4 <= rows {
        let w0 = UnsafeRawPointer(w + r * cols), w1 = UnsafeRawPointer(w + (r + 1) * cols)
        let w2 = UnsafeRawPointer(w + (r + 2) * cols), w3 = UnsafeRawPointer(w + (r + 3) * cols)
        var j = 0
        while j < vecCols {
            let off = 4 * j
            let v0 = w0.loadUnaligned(fromByteOffset: off, as: V.self)
            let v1 = w1.loadUnaligned(fromByteOffset: off, as: V.self)
            let v2 = w2.loadUnaligned(fromByteOffset: off, as: V.self)
            let v3 = w3.loadUnaligned(fromByteOffset: off, as: V.self)
            for b in 0 ..< streams {
                let x = xs + b * ldx + r
                let o = UnsafeMutableRawPointer(outs + b * ldo)
                var acc = o.loadUnaligned(fromByteOffset: off, as: V.self)
                acc = acc.addingProduct(V(repeating: x[0]), v0)
                acc = acc.addingProduct(V(repeating: x[1]), v1)
                acc = acc.addingProduct(V(repeating: x[2]), v2)
                acc = acc.addingProduct(V(repeating: x[3]), v3)
                o.storeBytes(of: acc, toByteOffset: off, as: V.self)
            }
            j += 16
        }
        for b in 0 ..< streams {
            let x = xs + b * ldx, out = outs + b * ldo
            for jj in vecCols ..< cols {
                out[jj] += x[r] * w[r * cols + jj] + x[r + 1] * w[(r + 1) * cols + jj]
                    + x[r + 2] * w[(r + 2) * cols + jj] + x[r + 3] * w[(r + 3) * cols + jj]
            }
        }
        r += 4
    }
    while r < rows {
        let row = w + r * cols
        for b in 0 ..< streams {
            let s = xs[b * ldx + r], out = outs + b * ldo
            for j in 0 ..< cols { out[j] += s * row[j] }
        }
        r += 1
    }
}
