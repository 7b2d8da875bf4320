import Dispatch

/// A value the compiler cannot prove thread-safe but that we hand to threads writing disjoint memory.
struct UncheckedSendable<T>: @unchecked Sendable { let value: T }

/// Runs `body(0..<n)` across the cores. Callers guarantee that iterations touch disjoint outputs, which is what keeps
/// results independent of scheduling.
@inline(__always)
func parallelFor(_ n: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: n) { box.value($0) }
    }
}
