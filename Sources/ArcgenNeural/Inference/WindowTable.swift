/// A set of 64-bit window hashes for the no-copy constraint, built once and only read after: the members sorted into
/// buckets by their top bits (after Fibonacci hashing, which spreads the polynomial hashes of similar windows), a
/// bucket's members side by side. Built by counting, then placing, the 3 million windows of the corpus take half what
/// inserting them into an open-addressing table took (0.17 s against 0.33 s, the longest part of an episode's start),
/// in about 9 bytes each (the member and its share of the bucket starts) instead of that table's 21. Copies share the
/// storage.
public struct WindowTable: Sendable {
    /// Bucket b's members are `members[starts[b] ..< starts[b + 1]]`, each bucket without repeats.
    private let members: [UInt64]
    private let starts: [UInt32]
    private let shift: UInt64

    /// How many distinct hashes the table holds.
    public var count: Int { members.count }

    /// About this many members a bucket: a lookup reads a bucket's two bounds and a few adjacent members.
    static let perBucket = 4

    /// The table of the hashes `values` gives, which it must give the same both times it is called (a corpus's
    /// hashes are cheaper to compute twice than to keep). Placed straight into a million buckets, every member was a
    /// miss of the cache; here the first call counts each of 1,024 partitions (runs of buckets), the second places the
    /// members by partition (1,024 write fronts, which the cache holds), and then each partition, a few thousand
    /// members, is sorted into its buckets in a scratch the cache holds too.
    init(count: Int, values: ((UInt64) -> Void) -> Void) {
        var buckets = 1
        while buckets * Self.perBucket < count { buckets *= 2 }
        let bucketBits = buckets.trailingZeroBitCount, shift = UInt64(64 - bucketBits)
        let fine = bucketBits - min(bucketBits, 10), partitions = buckets >> fine, fineMask = (1 << fine) - 1
        func bucket(_ v: UInt64) -> Int { Self.bucket(v, shift: shift) }
        var ends = [Int](repeating: 0, count: partitions + 1)
        ends.withUnsafeMutableBufferPointer { ends in values { ends[bucket($0) >> fine + 1] += 1 } }
        for p in 0 ..< partitions { ends[p + 1] += ends[p] }
        var placed = [UInt64](repeating: 0, count: ends[partitions])
        var next = Array(ends.dropLast())
        // `values` must give what it gave the first time: each partition filled exactly to its end, checked as it
        // fills, since the writes go through unchecked pointers.
        let differed = "WindowTable: the values differed between the two calls"
        placed.withUnsafeMutableBufferPointer { placed in
            next.withUnsafeMutableBufferPointer { next in
                values { v in
                    let p = bucket(v) >> fine
                    precondition(next[p] < ends[p + 1], differed)
                    placed[next[p]] = v
                    next[p] += 1
                }
            }
        }
        precondition(zip(next, ends.dropFirst()).allSatisfy(==), differed)
        // Scratch for one partition at a time: its members sorted by bucket, each bucket's end, and where the next
        // member of each bucket goes.
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(
            capacity: max(1, (0 ..< partitions).map { ends[$0 + 1] - ends[$0] }.max() ?? 0))
        let fineEnds = UnsafeMutableBufferPointer<Int>.allocate(capacity: fineMask + 2)
        let at = UnsafeMutableBufferPointer<Int>.allocate(capacity: fineMask + 1)
        defer { scratch.deallocate(); fineEnds.deallocate(); at.deallocate() }
        var starts = [UInt32](repeating: 0, count: buckets + 1)
        var kept = 0
        // A partition's distinct members go back where its members were, from `kept` on, which never passes them.
        placed.withUnsafeMutableBufferPointer { placed in
            for p in 0 ..< partitions {
                let range = ends[p] ..< ends[p + 1]
                fineEnds.update(repeating: 0)
                for i in range { fineEnds[bucket(placed[i]) & fineMask + 1] += 1 }
                for f in 0 ... fineMask { fineEnds[f + 1] += fineEnds[f] }
                for f in 0 ... fineMask { at[f] = fineEnds[f] }
                for i in range {
                    let f = bucket(placed[i]) & fineMask
                    scratch[at[f]] = placed[i]
                    at[f] += 1
                }
                for f in 0 ... fineMask {
                    starts[p << fine | f] = UInt32(kept)
                    let first = kept
                    for j in fineEnds[f] ..< fineEnds[f + 1] where !placed[first ..< kept].contains(scratch[j]) {
                        placed[kept] = scratch[j]
                        kept += 1
                    }
                }
            }
        }
        starts[buckets] = UInt32(kept)
        (members, self.starts, self.shift) = (Array(placed[..<kept]), starts, shift)
    }

    /// The bucket of `value` in a table of 2^(64 − `shift`) buckets: its top bits after Fibonacci hashing.
    @inline(__always)
    static func bucket(_ value: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The table of `values`.
    public init(_ values: [UInt64]) {
        self.init(count: values.count) { visit in values.forEach(visit) }
    }

    @inline(__always)
    public func contains(_ value: UInt64) -> Bool {
        let b = Self.bucket(value, shift: shift)
        return members.withUnsafeBufferPointer { members in
            starts.withUnsafeBufferPointer { starts in
                for i in Int(starts[b]) ..< Int(starts[b + 1]) where members[i] == value { return true }
                return false
            }
        }
    }
}
