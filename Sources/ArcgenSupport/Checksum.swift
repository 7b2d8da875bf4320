/// 64-bit FNV-1a: a fast checksum that catches any single flipped bit, used to seal model files and to name the
/// exact training text a model was built from.
public struct FNV1a64: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        // Contiguous storage takes the raw-pointer loop (model files are megabytes; the generic path is slow).
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        value = h
    }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        var h = value
        if let base = buffer.baseAddress {
            let p = base.assumingMemoryBound(to: UInt8.self)
            for i in 0 ..< buffer.count { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3 }
        }
        value = h
    }

    /// The hash of `bytes` in one call.
    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = FNV1a64(); h.update(bytes); return h.value
    }

    /// Sixteen lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// Decodes UTF-8 and, on failure, says at which byte: the engine and the corpus both refuse text they cannot read
/// and tell the user where to look.
public enum UTF8Text {
    /// - Throws: `SupportError.invalidUTF8` with the offset of the first bad byte.
    public static func decode(_ bytes: [UInt8], path: String) throws -> String {
        if let offset = firstInvalidOffset(bytes) { throw SupportError.invalidUTF8(path: path, byteOffset: offset) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The byte offset of the first ill-formed UTF-8 sequence, or nil when the bytes are valid.
    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var minimum: UInt32 = 0
            var scalar: UInt32 = 0
            if b & 0xE0 == 0xC0 { need = 1; scalar = UInt32(b & 0x1F); minimum = 0x80 }
            else if b & 0xF0 == 0xE0 { need = 2; scalar = UInt32(b & 0x0F); minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { need = 3; scalar = UInt32(b & 0x07); minimum = 0x10000 }
            else { return i }
            if i + need >= n { return i }
            for k in 1 ... need {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i }
                scalar = (scalar << 6) | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800 ... 0xDFFF).contains(scalar) { return i }
            i += need + 1
        }
        return nil
    }
}
