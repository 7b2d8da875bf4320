import ArcgenSupport
import Foundation

/// The one binary container behind model files and checkpoints: magic, format version, kind, a JSON header that
/// describes everything (so a file explains itself), a list of float tensors, and a checksum over all of it. Loading
/// checks each of these in turn, so a truncated, bit-flipped, wrong-version or foreign file is an error that says
/// which, never a crash or a silently wrong model.
/// How a file stores its weights; computation is fp32 whatever the file holds.
public enum WeightPrecision: String, Codable, Sendable, CaseIterable {
    /// 4 bytes a weight, exact.
    case fp32
    /// 2 bytes a weight (IEEE half).
    case fp16
    /// About 1.06 bytes a weight: blocks of 32 weights, each an fp16 scale (the block's largest magnitude ÷ 127) and
    /// 32 signed bytes, as llama.cpp's Q8_0. A weight moves by at most half a step, 1/254 of its block's largest.
    case int8
    /// About 0.56 bytes a weight: blocks of 32 weights, each an fp16 scale (the block's largest magnitude ÷ 7) and
    /// 32 signed nibbles (−7…7), two to a byte. A weight moves by at most 1/14 of its block's largest: for a model
    /// too big for the budget at int8, when measurement shows what it costs.
    case int4

    /// The byte that names the precision in a file.
    var code: UInt8 {
        switch self {
        case .fp32: 0
        case .fp16: 1
        case .int8: 2
        case .int4: 3
        }
    }
}

enum ContainerFile {
    static let magic: [UInt8] = Array("ARCGENLM".utf8)
    static let formatVersion: UInt32 = 1

    enum Kind: UInt8 { case model = 0, checkpoint = 1 }

    struct Contents {
        var kind: Kind
        var precision: WeightPrecision
        var header: Data
        var tensors: [[Float]]
    }

    static func encode(_ c: Contents) -> [UInt8] {
        var w = BinaryWriter()
        w.write(bytes: magic)
        w.write(formatVersion)
        w.write(c.kind.rawValue)
        w.write(c.precision.code)
        w.write(string: String(decoding: c.header, as: UTF8.self))
        w.write(UInt32(c.tensors.count))
        for t in c.tensors {
            switch c.precision {
            case .int8: writeBlocks(t, levels: 127, into: &w)
            case .int4: writeBlocks(t, levels: 7, into: &w)
            case .fp32, .fp16: w.write(floats: t, half: c.precision == .fp16)
            }
        }
        let sum = FNV1a64.hash(w.bytes)
        w.write(sum)
        return w.bytes
    }

    /// - Throws: `NeuralError.badModelFile` naming `path` and what is wrong.
    static func decode(_ bytes: [UInt8], path: String) throws -> Contents {
        func bad(_ reason: String) -> NeuralError { .badModelFile(path: path, reason: reason) }
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else {
            throw bad("not an arcgen model file (it does not start with ARCGENLM); "
                + "point --model at a file written by 'arcgen train'")
        }
        guard bytes.count >= magic.count + 4 + 8 else { throw bad("file is truncated (\(bytes.count) bytes)") }
        var r = BinaryReader(bytes: bytes, what: path)
        _ = try r.readBytes(magic.count)
        let version = try r.readUInt32()
        guard version == formatVersion else {
            throw bad("format version \(version), but this arcgen reads version \(formatVersion); "
                + "retrain the model or use the arcgen that wrote it")
        }
        let body = bytes.prefix(bytes.count - 8)
        var tail = BinaryReader(bytes: Array(bytes.suffix(8)), what: path)
        let stored = try tail.readUInt64()
        guard FNV1a64.hash(body) == stored else {
            throw bad("checksum mismatch: the file is truncated or corrupted; copy it again or retrain it")
        }
        do {
            r = BinaryReader(bytes: Array(body), what: path)
            _ = try r.readBytes(magic.count + 4)
            guard let kind = Kind(rawValue: try r.readUInt8()) else { throw bad("unknown file kind") }
            let code = try r.readUInt8()
            guard let precision = WeightPrecision.allCases.first(where: { $0.code == code }) else {
                throw bad("unknown weight precision \(code); use the arcgen that wrote the file")
            }
            let header = Data(try r.readString().utf8)
            let count = try r.readUInt32()
            guard count <= 64 else { throw bad("implausible tensor count \(count)") }
            var tensors: [[Float]] = []
            for _ in 0 ..< count {
                switch precision {
                case .int8, .int4: tensors.append(try readBlocks(&r, nibbles: precision == .int4))
                case .fp32, .fp16: tensors.append(try r.readFloats(half: precision == .fp16))
                }
            }
            guard r.remaining == 0 else { throw bad("\(r.remaining) unexpected bytes after the last tensor") }
            return Contents(kind: kind, precision: precision, header: header, tensors: tensors)
        } catch let e as SupportError {
            throw bad("\(e)")
        }
    }

    static func read(path: String) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NeuralError.badModelFile(path: path, reason: "cannot read the file (does it exist?)")
        }
        return try decode([UInt8](data), path: path)
    }

    static let blockSize = 32

    /// `int8` and `int4` storage: the count, then per block of 32 (the last may be shorter) an fp16 scale, the block's
    /// largest magnitude ÷ `levels`, and each weight rounded to the nearest multiple of it: a signed byte a weight
    /// (127 levels), or a signed nibble (7 levels), two to a byte, the first in the low half.
    static func writeBlocks(_ floats: [Float], levels: Int, into w: inout BinaryWriter) {
        w.write(UInt64(floats.count))
        let limit = Float(levels)
        var start = 0
        while start < floats.count {
            let block = floats[start ..< min(start + blockSize, floats.count)]
            let scale = Float16((block.map(abs).max() ?? 0) / limit)
            w.write(scale.bitPattern)
            let step = Float(scale)
            let q = block.map { UInt8(bitPattern: Int8(step > 0 ? max(-limit, min(limit, ($0 / step).rounded())) : 0)) }
            if levels > 7 {
                for byte in q { w.write(byte) }
            } else {
                for pair in stride(from: 0, to: q.count, by: 2) {
                    w.write((q[pair] & 0x0F) | (pair + 1 < q.count ? q[pair + 1] << 4 : 0))
                }
            }
            start += blockSize
        }
    }

    static func readBlocks(_ r: inout BinaryReader, nibbles: Bool) throws -> [Float] {
        let count = try r.readUInt64()
        // A block of 32 weights takes 34 bytes (18 in nibbles): a count the rest of the file cannot hold is
        // corruption, not a size.
        guard count <= UInt64(r.remaining) * (nibbles ? 2 : 1) else {
            throw SupportError.truncated(what: r.what, offset: r.offset)
        }
        // Decoded from one span of the file's bytes, not from an array copied out for each block.
        let total = Int(count), blocks = (total + blockSize - 1) / blockSize
        func width(_ n: Int) -> Int { nibbles ? (n + 1) / 2 : n }
        let span = total == 0 ? 0 : (blocks - 1) * (2 + width(blockSize)) + 2 + width(total - (blocks - 1) * blockSize)
        var weights = [Float](repeating: 0, count: total)
        try r.withBytes(span) { bytes in
            weights.withUnsafeMutableBufferPointer { out in
                var at = 0
                for block in 0 ..< blocks {
                    let step = Float(Float16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8))
                    let first = block * blockSize, n = min(blockSize, total - first)
                    at += 2
                    for k in 0 ..< n {
                        guard nibbles else {
                            out[first + k] = Float(Int8(bitPattern: bytes[at + k])) * step
                            continue
                        }
                        // Each nibble's sign bit extended: shifted to the top of a signed byte and back.
                        let byte = bytes[at + k / 2]
                        out[first + k] = Float(Int8(bitPattern: k % 2 == 0 ? byte << 4 : byte & 0xF0) >> 4) * step
                    }
                    at += width(n)
                }
            }
        }
        return weights
    }
}
