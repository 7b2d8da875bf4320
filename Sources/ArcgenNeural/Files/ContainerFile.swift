import ArcgenSupport
import Foundation

/// The one binary container behind model files and checkpoints: magic, format version, kind, a JSON header that
/// describes everything (so a file explains itself), a list of float tensors, and a checksum over all of it. Loading
/// checks each of these in turn, so a truncated, bit-flipped, wrong-version or foreign file is an error that says
/// which, never a crash or a silently wrong model.
enum ContainerFile {
    static let magic: [UInt8] = Array("ARCGENLM".utf8)
    static let formatVersion: UInt32 = 1

    enum Kind: UInt8 { case model = 0, checkpoint = 1 }

    struct Contents {
        var kind: Kind
        var half: Bool
        var header: Data
        var tensors: [[Float]]
    }

    static func encode(_ c: Contents) -> [UInt8] {
        var w = BinaryWriter()
        w.write(bytes: magic)
        w.write(formatVersion)
        w.write(c.kind.rawValue)
        w.write(UInt8(c.half ? 1 : 0))
        w.write(string: String(decoding: c.header, as: UTF8.self))
        w.write(UInt32(c.tensors.count))
        for t in c.tensors { w.write(floats: t, half: c.half) }
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
            let precision = try r.readUInt8()
            guard precision <= 1 else { throw bad("unknown weight precision \(precision)") }
            let half = precision == 1
            let header = Data(try r.readString().utf8)
            let count = try r.readUInt32()
            guard count <= 64 else { throw bad("implausible tensor count \(count)") }
            var tensors: [[Float]] = []
            for _ in 0 ..< count { tensors.append(try r.readFloats(half: half)) }
            guard r.remaining == 0 else { throw bad("\(r.remaining) unexpected bytes after the last tensor") }
            return Contents(kind: kind, half: half, header: header, tensors: tensors)
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
}
