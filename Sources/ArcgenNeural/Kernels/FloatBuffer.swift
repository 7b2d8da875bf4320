/// A fixed-size, zero-initialised block of floats that the hot loops index without bounds checks. Owning it in a
/// class keeps the pointer alive exactly as long as the workspace that uses it.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    func zero() { pointer.update(repeating: 0, count: count) }

    subscript(offset: Int) -> UnsafeMutablePointer<Float> { pointer + offset }
}

/// Column sums of a (rows × cols) row-major block, added into `out` (bias gradients).
@inline(__always)
func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0 ..< rows {
        let row = m + r * cols
        for j in 0 ..< cols { out[j] += row[j] }
    }
}
