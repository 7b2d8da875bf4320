/// Vectorised exp, sigmoid and tanh. Glibc's `expf`/`tanhf` cost about as much as the gate GEMM itself; this
/// polynomial exp (Cody–Waite range reduction, degree-6 minimax, error ≈ 2 ulp) runs sixteen lanes at once.
package enum Activations {
    typealias V = SIMD16<Float>

    @inline(__always)
    static func exp(_ x: V) -> V {
        // Clamp with compares and selects: the generic `clamped` and float→int conversions are not vectorised.
        var xc = x.replacing(with: V(repeating: -87.3), where: x .< V(repeating: -87.3))
        xc = xc.replacing(with: V(repeating: 88.3), where: xc .> V(repeating: 88.3))
        // n = round(x / ln2) by the 1.5·2²³ trick: after the add, the low mantissa bits hold n as an integer.
        let magic = V(repeating: 12_582_912)
        let shifted = xc * V(repeating: 1.442_695_04) + magic
        let n = shifted - magic
        // r = x − n·ln2, with ln2 split in two for precision.
        var r = xc - n * V(repeating: 0.693_145_751_953_125)
        r = r - n * V(repeating: 1.428_606_765_330_187e-06)
        var p = V(repeating: 1.987_569_150_0e-4)
        p = V(repeating: 1.398_199_950_7e-3).addingProduct(p, r)
        p = V(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
        p = V(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
        p = V(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
        p = V(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
        p = r.addingProduct(p, r * r)
        p = p + V(repeating: 1)
        // 2ⁿ: the integer n sits in the low bits of `shifted`; move it into the exponent field.
        let nBits = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
        let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: V.self)
        return p * scale
    }

    @inline(__always)
    static func sigmoid(_ x: V) -> V { V(repeating: 1) / (V(repeating: 1) + exp(-x)) }

    /// tanh through exp of a negative argument only, so it never overflows: tanh|x| = (1 - e)/(1 + e), e = exp(-2|x|).
    @inline(__always)
    static func tanh(_ x: V) -> V {
        let e = exp(-2 * abs(x))
        let t = (V(repeating: 1) - e) / (V(repeating: 1) + e)
        return t.replacing(with: -t, where: x .< V())
    }

    @inline(__always)
    static func abs(_ x: V) -> V { x.replacing(with: -x, where: x .< V()) }

    /// Applies `f` to `count` floats in place, sixteen at a time, padding the tail.
    @inline(__always)
    static func apply(_ p: UnsafeMutablePointer<Float>, _ count: Int, _ f: (V) -> V) {
        let raw = UnsafeMutableRawPointer(p)
        var i = 0
        while i + 16 <= count {
            raw.storeBytes(of: f(raw.loadUnaligned(fromByteOffset: 4 * i, as: V.self)), toByteOffset: 4 * i, as: V.self)
            i += 16
        }
        if i < count {
            var v = V()
            for j in 0 ..< count - i { v[j] = p[i + j] }
            let y = f(v)
            for j in 0 ..< count - i { p[i + j] = y[j] }
        }
    }

    package static func sigmoid(_ p: UnsafeMutablePointer<Float>, count: Int) { apply(p, count, sigmoid) }
    package static func tanh(_ p: UnsafeMutablePointer<Float>, count: Int) { apply(p, count, tanh) }
    package static func exp(_ p: UnsafeMutablePointer<Float>, count: Int) { apply(p, count, exp) }

    /// Scalar versions on the same polynomial, so scalar and vector paths agree.
    package static func sigmoid(_ x: Float) -> Float { sigmoid(V(repeating: x))[0] }
    package static func tanh(_ x: Float) -> Float { tanh(V(repeating: x))[0] }
    package static func exp(_ x: Float) -> Float { exp(V(repeating: x))[0] }
}
