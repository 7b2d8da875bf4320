/// A fixed-size, zero-initialised block of floats that the hot loops index without bounds checks. Owning it in a
/// class keeps the pointer alive exactly as long as the workspace that uses it.
package final class FloatBuffer {
    package let pointer: UnsafeMutablePointer<Float>
    package let count: Int

    package init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    package func zero() { pointer.update(repeating: 0, count: count) }

    package subscript(offset: Int) -> UnsafeMutablePointer<Float> { pointer + offset }
}

/// Column sums of a (rows × cols) row-major block, added into `out` (bias gradients).
package func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0 ..< rows {
        let row = m + r * cols
        for j in 0 ..< cols { out[j] += row[j] }
    }
}
