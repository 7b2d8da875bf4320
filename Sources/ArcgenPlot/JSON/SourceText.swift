/// A line and column in a source file, for messages a person reads (both 1-based) and for editors' jump-to-error.
/// The column counts Unicode scalars, not bytes, so a line with accents (`"título"`) is counted as an editor shows it.
public struct SourcePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    /// Byte offset from the start of the file (0-based).
    public let offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }
}

/// The bytes of one file with an index of its line starts. Parsed values remember only byte offsets (cheap to keep for
/// 10,000 states); the line and column are worked out here, only for the few positions that end up in a message.
public struct SourceText: Sendable {
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line; `lineStarts[0] == 0`.
    private let lineStarts: [Int]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { b in
            for i in 0 ..< b.count where b[i] == 0x0A { starts.append(i + 1) }
        }
        lineStarts = starts
    }

    /// The line and column of a byte offset (clamped to the file).
    /// - Complexity: O(log lines + length of that line).
    public func position(ofOffset offset: Int) -> SourcePosition {
        let o = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < o {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // An offset inside a multi-byte character belongs to that character.
        if o < bytes.count, bytes[o] & 0xC0 == 0x80 { column -= 1 }
        return SourcePosition(line: lo + 1, column: max(1, column), offset: o)
    }
}
