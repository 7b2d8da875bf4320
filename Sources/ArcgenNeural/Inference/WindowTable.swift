/// A set of 64-bit window hashes in one flat open-addressing table, for the no-copy constraint. A `Set<UInt64>` of
/// the 2.6 million windows of a 2.6 MB corpus takes half a second to build and scatters its buckets; this table
/// fills in a tenth of that, answers with one or two probes of adjacent slots, and copies share its storage.
public struct WindowTable: Sendable {
    /// Slots holding hashes, 0 meaning empty; a count of a power of two, at most 5/8 full.
    private var slots: [UInt64]
    /// Whether the hash 0, which marks an empty slot, is a member.
    private var hasZero = false
    private let shift: UInt64
    public private(set) var count = 0

    /// A table sized for about `capacity` members.
    public init(capacity: Int) {
        var size = 16
        while size * 5 < max(capacity, 1) * 8 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Fibonacci hashing spreads hashes whose low bits agree (polynomial hashes of similar windows do).
    @inline(__always)
    private func home(_ value: UInt64) -> Int { Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    public mutating func insert(_ value: UInt64) {
        if value == 0 {
            if !hasZero { hasZero = true; count += 1 }
            return
        }
        let mask = slots.count - 1
        var i = home(value)
        while slots[i] != 0 {
            if slots[i] == value { return }
            i = (i + 1) & mask
        }
        slots[i] = value
        count += 1
        precondition(count * 8 <= slots.count * 5, "WindowTable sized for fewer members than inserted")
    }

    /// Inserts `values`, each one's home slot read first: those reads miss the cache side by side, where inserts one by
    /// one would wait on each miss in turn (a corpus's table is tens of megabytes, so nearly every insert misses). The
    /// reads are kept only because their result decides a branch (an insert that changes nothing): measure again
    /// (`bench --only episode`, its guards) after a new toolchain.
    public mutating func insert(batch values: ArraySlice<UInt64>) {
        let touched = slots.withUnsafeBufferPointer { slots in values.reduce(0) { $0 | slots[home($1)] } }
        if touched == 1 && values.contains(0) { insert(0) }
        for value in values { insert(value) }
    }

    @inline(__always)
    public func contains(_ value: UInt64) -> Bool {
        if value == 0 { return hasZero }
        let mask = slots.count - 1
        var i = home(value)
        while true {
            let slot = slots[i]
            if slot == value { return true }
            if slot == 0 { return false }
            i = (i + 1) & mask
        }
    }
}
