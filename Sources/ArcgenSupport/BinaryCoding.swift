/// Little-endian binary writing for model and checkpoint files.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ v: UInt8) { bytes.append(v) }
    public mutating func write(_ v: UInt16) { write16(v) }
    public mutating func write(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(bytes b: [UInt8]) { bytes.append(contentsOf: b) }

    /// A length-prefixed UTF-8 string.
    public mutating func write(string s: String) {
        let u = Array(s.utf8)
        write(UInt64(u.count))
        bytes.append(contentsOf: u)
    }

    /// Floats as fp32, or as IEEE half precision when `half` is set (halves the file; values beyond ±65504 clamp).
    public mutating func write(floats: [Float], half: Bool) {
        write(UInt64(floats.count))
        if half {
            bytes.reserveCapacity(bytes.count + floats.count * 2)
            for f in floats { write16(Float16(f).bitPattern) }
        } else {
            bytes.reserveCapacity(bytes.count + floats.count * 4)
            floats.withUnsafeBytes { raw in
                #if _endian(little)
                bytes.append(contentsOf: raw)
                #else
                for f in floats { write(UInt32(f.bitPattern)) }
                #endif
            }
        }
    }

    /// A count, then the values: tables of indexes, as the guards cache keeps them.
    public mutating func write(int32s: [Int32]) {
        write(UInt64(int32s.count))
        bytes.reserveCapacity(bytes.count + int32s.count * 4)
        for v in int32s { write(UInt32(bitPattern: v)) }
    }

    private mutating func write16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
}

/// Bounds-checked little-endian reading: running off the end is an error naming the offset, never a crash.
public struct BinaryReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int = 0
    /// What is being read, for error messages ("model file x.lstm").
    public let what: String

    public init(bytes: [UInt8], what: String) { self.bytes = bytes; self.what = what }

    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw SupportError.truncated(what: what, offset: offset) }
        defer { offset += n }
        return bytes[offset ..< offset + n]
    }

    public mutating func readUInt8() throws -> UInt8 { try take(1).first! }

    public mutating func readUInt16() throws -> UInt16 {
        let b = try take(2)
        return UInt16(b[b.startIndex]) | UInt16(b[b.startIndex + 1]) << 8
    }

    public mutating func readUInt32() throws -> UInt32 {
        var v: UInt32 = 0
        for (i, b) in try take(4).enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    public mutating func readUInt64() throws -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in try take(8).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    public mutating func readBytes(_ n: Int) throws -> [UInt8] { Array(try take(n)) }

    /// Lends `body` the next `n` bytes without copying them, and moves past them.
    public mutating func withBytes<R>(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        let slice = try take(n)
        return try slice.withUnsafeBufferPointer(body)
    }

    /// A length-prefixed string; a length larger than what is left is a truncation error.
    public mutating func readString() throws -> String {
        let n = try readUInt64()
        guard n <= UInt64(remaining) else { throw SupportError.truncated(what: what, offset: offset) }
        return String(decoding: try take(Int(n)), as: UTF8.self)
    }

    /// What `write(int32s:)` wrote.
    public mutating func readInt32s() throws -> [Int32] {
        let n = try readUInt64()
        guard n <= UInt64(remaining / 4) else { throw SupportError.truncated(what: what, offset: offset) }
        let count = Int(n)
        let slice = try take(count * 4)
        return slice.withUnsafeBytes { raw in
            (0 ..< count).map {
                Int32(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian)
            }
        }
    }

    public mutating func readFloats(half: Bool) throws -> [Float] {
        let n = try readUInt64()
        let width = half ? 2 : 4
        guard n <= UInt64(remaining / width) else { throw SupportError.truncated(what: what, offset: offset) }
        let count = Int(n)
        let slice = try take(count * width)
        var out = [Float](repeating: 0, count: count)
        slice.withUnsafeBytes { raw in
            if half {
                for i in 0 ..< count {
                    let v = UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8
                    out[i] = Float(Float16(bitPattern: v))
                }
            } else {
                for i in 0 ..< count {
                    out[i] = Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian)
                }
            }
        }
        return out
    }
}
