/// out (cols) += xᵀ (rows) · W (rows, cols): the batch-1 sampling product. It is memory-bound, so it streams each
/// weight row once, four rows per pass so `out` is loaded and stored a quarter as often.
package func matrixVectorAccumulate(
    x: UnsafePointer<Float>, rows: Int, w: UnsafePointer<Float>, cols: Int, into out: UnsafeMutablePointer<Float>
) {
    typealias V = SIMD16<Float>
    let vecCols = cols & ~15
    let o = UnsafeMutableRawPointer(out)
    var r = 0
    while r + 4 <= rows {
        let x0 = V(repeating: x[r]), x1 = V(repeating: x[r + 1])
        let x2 = V(repeating: x[r + 2]), x3 = V(repeating: x[r + 3])
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
            out[jj] += x[r] * w[r * cols + jj] + x[r + 1] * w[(r + 1) * cols + jj]
                + x[r + 2] * w[(r + 2) * cols + jj] + x[r + 3] * w[(r + 3) * cols + jj]
        }
        r += 4
    }
    while r < rows {
        let s = x[r]
        let row = w + r * cols
        for j in 0 ..< cols { out[j] += s * row[j] }
        r += 1
    }
}
