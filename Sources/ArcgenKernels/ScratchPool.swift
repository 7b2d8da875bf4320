import Synchronization

/// Float buffers that the GEMM's packing reuses from call to call.
///
/// Why: packing allocates up to 26 MB per product in training, and a fresh allocation of that size is a fresh
/// mapping that the kernel zero-fills page by page — measured at about 7% of a training update. Keeping a few
/// buffers removes that cost; the pool is small and bounded, so memory does not grow with the number of calls.
enum ScratchPool {
    private struct Buffer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Float>
        let capacity: Int
    }

    /// Buffers kept when idle; enough for the products alive at once in a training step on two threads.
    private static let kept = 8
    private static let free = Mutex<[Buffer]>([])

    /// A buffer of at least `count` floats, uninitialised; hand it back with `give`.
    static func take(_ count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let wanted = max(count, 1)
        let reused: Buffer? = free.withLock { buffers in
            guard let best = buffers.indices.filter({ buffers[$0].capacity >= wanted })
                .min(by: { buffers[$0].capacity < buffers[$1].capacity }) else { return nil }
            return buffers.remove(at: best)
        }
        if let reused { return (reused.pointer, reused.capacity) }
        return (.allocate(capacity: wanted), wanted)
    }

    /// Returns a buffer from `take`; the smallest idle buffer is freed when more than `kept` are idle.
    static func give(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let evicted: Buffer? = free.withLock { buffers in
            buffers.append(Buffer(pointer: pointer, capacity: capacity))
            guard buffers.count > kept,
                  let smallest = buffers.indices.min(by: { buffers[$0].capacity < buffers[$1].capacity })
            else { return nil }
            return buffers.remove(at: smallest)
        }
        evicted?.pointer.deallocate()
    }
}
