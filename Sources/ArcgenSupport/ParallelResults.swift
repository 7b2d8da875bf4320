import Synchronization

/// Results written by parallel workers (`DispatchQueue.concurrentPerform`) at distinct indices, read once they
/// have all finished.
public final class ParallelResults<T: Sendable>: Sendable {
    private let storage: Mutex<[T]>
    public init(_ values: [T]) { storage = Mutex(values) }
    public func set(_ i: Int, _ v: T) { storage.withLock { $0[i] = v } }
    public var values: [T] { storage.withLock { $0 } }
}
