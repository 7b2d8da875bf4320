/// A weight matrix (rows × cols) kept for sampling: in half precision, cut into panels of 32 columns where the host
/// has 512-bit vectors (16 where it has 256: `ARCGEN_WIDE_VECTORS`, as for the GEMM), each panel's rows contiguous. A
/// sampling step is matrix–vector products that read every weight once, so half the bytes is less time, and a 3×384
/// model's matrices (6 MB) stay in the cache while the other core samples another model. Panels let a product walk the
/// weights in order and keep its sums in registers from the first row to the last.
package final class HalfPanels {
    #if ARCGEN_WIDE_VECTORS
    package static let width = 32
    typealias V = SIMD16<Float>
    typealias H = SIMD16<Float16>
    #else
    package static let width = 16
    typealias V = SIMD8<Float>
    typealias H = SIMD8<Float16>
    #endif
    /// A panel row is two vectors of halves: `halfRow` bytes each.
    static let halfRow = MemoryLayout<H>.size

    /// The vector of halves at `offset`, in single precision. Sixteen are converted as two eights: the compiler calls
    /// a generic function for sixteen at once, per vector, and that took twice the time of the narrow panels.
    @inline(__always)
    static func widen(_ raw: UnsafeRawPointer, _ offset: Int) -> V {
        #if ARCGEN_WIDE_VECTORS
        let lo = SIMD8<Float>(raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float16>.self))
        let hi = SIMD8<Float>(raw.loadUnaligned(fromByteOffset: offset + 16, as: SIMD8<Float16>.self))
        return V(lowHalf: lo, highHalf: hi)
        #else
        return V(raw.loadUnaligned(fromByteOffset: offset, as: H.self))
        #endif
    }
    package let rows: Int
    package let cols: Int
    /// (panels, rows, width); the last panel's columns past `cols` are zero.
    let pointer: UnsafeMutablePointer<Float16>
    var panels: Int { (cols + Self.width - 1) / Self.width }

    /// Packs `w` (rows × cols, row-major, leading dimension `cols`).
    package init(_ w: UnsafePointer<Float>, rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        let width = Self.width, panels = (cols + width - 1) / width
        pointer = .allocate(capacity: max(panels * rows * width, 1))
        pointer.initialize(repeating: 0, count: max(panels * rows * width, 1))
        for p in 0 ..< panels {
            for r in 0 ..< rows {
                for k in 0 ..< min(width, cols - p * width) {
                    pointer[(p * rows + r) * width + k] = Float16(w[r * cols + p * width + k])
                }
            }
        }
    }

    deinit { pointer.deallocate() }

    /// outs (streams, cols) += xs (streams, rows) · W. Every output's sum runs over the rows in order, starting from
    /// what `outs` holds, whatever the number of streams: a stream drawn in a batch gets the bits it would get alone.
    /// Each pass keeps eight or six vectors of sums in registers: four or three streams on a panel (they share each
    /// weight load), two streams on two panels, or one stream on four, so no sum waits on another's multiply-add.
    /// The weights are read once per pass: once for up to four streams, twice for five to eight. (Three streams
    /// were a pass of two and a pass of one, as dear as four: a ranked paragraph's candidates end at different
    /// times, and a fifth of an episode's steps ran three.)
    package func accumulate(xs: UnsafePointer<Float>, ldx: Int, streams: Int, into outs: UnsafeMutablePointer<Float>,
                            ldo: Int) {
        var b = 0
        while b + 4 <= streams {
            for p in 0 ..< panels { fourStreams(panel: p, xs: xs + b * ldx, ldx: ldx, outs: outs + b * ldo, ldo: ldo) }
            b += 4
        }
        if b + 3 == streams {
            for p in 0 ..< panels { threeStreams(panel: p, xs: xs + b * ldx, ldx: ldx, outs: outs + b * ldo, ldo: ldo) }
            return
        }
        if b + 2 <= streams {
            for p in stride(from: 0, to: panels, by: 2) {
                twoStreams(panels: p, min(2, panels - p), xs: xs + b * ldx, ldx: ldx, outs: outs + b * ldo, ldo: ldo)
            }
            b += 2
        }
        if b < streams {
            for p in stride(from: 0, to: panels, by: 4) {
                oneStream(panels: p, min(4, panels - p), x: xs + b * ldx, out: outs + b * ldo)
            }
        }
    }

    /// The panel's sums of one stream, as two vectors (a partial last panel goes through zeroed ones).
    @inline(__always)
    func load(_ out: UnsafeMutablePointer<Float>, panel p: Int) -> (V, V) {
        let c0 = p * Self.width, n = min(Self.width, cols - c0), half = V.scalarCount
        if n == Self.width {
            let o = UnsafeRawPointer(out + c0)
            return (o.loadUnaligned(as: V.self), o.loadUnaligned(fromByteOffset: MemoryLayout<V>.size, as: V.self))
        }
        var lo = V(), hi = V()
        for k in 0 ..< n { if k < half { lo[k] = out[c0 + k] } else { hi[k - half] = out[c0 + k] } }
        return (lo, hi)
    }

    @inline(__always)
    func store(_ sums: (V, V), _ out: UnsafeMutablePointer<Float>, panel p: Int) {
        let c0 = p * Self.width, n = min(Self.width, cols - c0), half = V.scalarCount
        if n == Self.width {
            let o = UnsafeMutableRawPointer(out + c0)
            o.storeBytes(of: sums.0, as: V.self)
            o.storeBytes(of: sums.1, toByteOffset: MemoryLayout<V>.size, as: V.self)
            return
        }
        for k in 0 ..< n { out[c0 + k] = k < half ? sums.0[k] : sums.1[k - half] }
    }

    func fourStreams(panel p: Int, xs: UnsafePointer<Float>, ldx: Int, outs: UnsafeMutablePointer<Float>, ldo: Int) {
        var (a0, b0) = load(outs, panel: p), (a1, b1) = load(outs + ldo, panel: p)
        var (a2, b2) = load(outs + 2 * ldo, panel: p), (a3, b3) = load(outs + 3 * ldo, panel: p)
        let w = UnsafeRawPointer(pointer + p * rows * Self.width)
        let x0 = xs, x1 = xs + ldx, x2 = xs + 2 * ldx, x3 = xs + 3 * ldx
        for r in 0 ..< rows {
            let lo = Self.widen(w, 2 * Self.halfRow * r)
            let hi = Self.widen(w, 2 * Self.halfRow * r + Self.halfRow)
            let s0 = V(repeating: x0[r]), s1 = V(repeating: x1[r])
            let s2 = V(repeating: x2[r]), s3 = V(repeating: x3[r])
            a0 = a0.addingProduct(s0, lo); b0 = b0.addingProduct(s0, hi)
            a1 = a1.addingProduct(s1, lo); b1 = b1.addingProduct(s1, hi)
            a2 = a2.addingProduct(s2, lo); b2 = b2.addingProduct(s2, hi)
            a3 = a3.addingProduct(s3, lo); b3 = b3.addingProduct(s3, hi)
        }
        store((a0, b0), outs, panel: p)
        store((a1, b1), outs + ldo, panel: p)
        store((a2, b2), outs + 2 * ldo, panel: p)
        store((a3, b3), outs + 3 * ldo, panel: p)
    }

    func threeStreams(panel p: Int, xs: UnsafePointer<Float>, ldx: Int, outs: UnsafeMutablePointer<Float>,
                      ldo: Int) {
        var (a0, b0) = load(outs, panel: p), (a1, b1) = load(outs + ldo, panel: p)
        var (a2, b2) = load(outs + 2 * ldo, panel: p)
        let w = UnsafeRawPointer(pointer + p * rows * Self.width)
        let x0 = xs, x1 = xs + ldx, x2 = xs + 2 * ldx
        for r in 0 ..< rows {
            let lo = Self.widen(w, 2 * Self.halfRow * r)
            let hi = Self.widen(w, 2 * Self.halfRow * r + Self.halfRow)
            let s0 = V(repeating: x0[r]), s1 = V(repeating: x1[r]), s2 = V(repeating: x2[r])
            a0 = a0.addingProduct(s0, lo); b0 = b0.addingProduct(s0, hi)
            a1 = a1.addingProduct(s1, lo); b1 = b1.addingProduct(s1, hi)
            a2 = a2.addingProduct(s2, lo); b2 = b2.addingProduct(s2, hi)
        }
        store((a0, b0), outs, panel: p)
        store((a1, b1), outs + ldo, panel: p)
        store((a2, b2), outs + 2 * ldo, panel: p)
    }

    /// Two streams over `count` (1 or 2) panels from `p`; a missing panel repeats the first and is not stored.
    func twoStreams(panels p: Int, _ count: Int, xs: UnsafePointer<Float>, ldx: Int, outs: UnsafeMutablePointer<Float>,
                    ldo: Int) {
        let q = count == 2 ? p + 1 : p
        var (a0, b0) = load(outs, panel: p), (c0, d0) = load(outs, panel: q)
        var (a1, b1) = load(outs + ldo, panel: p), (c1, d1) = load(outs + ldo, panel: q)
        let w = UnsafeRawPointer(pointer + p * rows * Self.width), u = UnsafeRawPointer(pointer + q * rows * Self.width)
        let x0 = xs, x1 = xs + ldx
        for r in 0 ..< rows {
            let wl = Self.widen(w, 2 * Self.halfRow * r)
            let wh = Self.widen(w, 2 * Self.halfRow * r + Self.halfRow)
            let ul = Self.widen(u, 2 * Self.halfRow * r)
            let uh = Self.widen(u, 2 * Self.halfRow * r + Self.halfRow)
            let s0 = V(repeating: x0[r]), s1 = V(repeating: x1[r])
            a0 = a0.addingProduct(s0, wl); b0 = b0.addingProduct(s0, wh)
            c0 = c0.addingProduct(s0, ul); d0 = d0.addingProduct(s0, uh)
            a1 = a1.addingProduct(s1, wl); b1 = b1.addingProduct(s1, wh)
            c1 = c1.addingProduct(s1, ul); d1 = d1.addingProduct(s1, uh)
        }
        store((a0, b0), outs, panel: p)
        store((a1, b1), outs + ldo, panel: p)
        if count == 2 {
            store((c0, d0), outs, panel: q)
            store((c1, d1), outs + ldo, panel: q)
        }
    }

    /// One stream over `count` (1 to 4) panels from `p`; missing panels repeat the first and are not stored.
    func oneStream(panels p: Int, _ count: Int, x: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>) {
        let p1 = count > 1 ? p + 1 : p, p2 = count > 2 ? p + 2 : p, p3 = count > 3 ? p + 3 : p
        var (a0, b0) = load(out, panel: p), (a1, b1) = load(out, panel: p1)
        var (a2, b2) = load(out, panel: p2), (a3, b3) = load(out, panel: p3)
        let w0 = UnsafeRawPointer(pointer + p * rows * Self.width)
        let w1 = UnsafeRawPointer(pointer + p1 * rows * Self.width)
        let w2 = UnsafeRawPointer(pointer + p2 * rows * Self.width)
        let w3 = UnsafeRawPointer(pointer + p3 * rows * Self.width)
        for r in 0 ..< rows {
            let s = V(repeating: x[r])
            a0 = a0.addingProduct(s, Self.widen(w0, 2 * Self.halfRow * r))
            b0 = b0.addingProduct(s, Self.widen(w0, 2 * Self.halfRow * r + Self.halfRow))
            a1 = a1.addingProduct(s, Self.widen(w1, 2 * Self.halfRow * r))
            b1 = b1.addingProduct(s, Self.widen(w1, 2 * Self.halfRow * r + Self.halfRow))
            a2 = a2.addingProduct(s, Self.widen(w2, 2 * Self.halfRow * r))
            b2 = b2.addingProduct(s, Self.widen(w2, 2 * Self.halfRow * r + Self.halfRow))
            a3 = a3.addingProduct(s, Self.widen(w3, 2 * Self.halfRow * r))
            b3 = b3.addingProduct(s, Self.widen(w3, 2 * Self.halfRow * r + Self.halfRow))
        }
        store((a0, b0), out, panel: p)
        if count > 1 { store((a1, b1), out, panel: p1) }
        if count > 2 { store((a2, b2), out, panel: p2) }
        if count > 3 { store((a3, b3), out, panel: p3) }
    }
}
