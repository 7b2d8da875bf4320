import Foundation
import Testing
@testable import ArcgenSupport

@Suite("Support")
struct SupportTests {
    @Test("same seed, same stream; different seeds differ")
    func seededStreams() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xa = (0 ..< 8).map { _ in a.next() }
        let xb = (0 ..< 8).map { _ in b.next() }
        let xc = (0 ..< 8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test("state words restore the exact stream")
    func restoreState() {
        var a = SeededRandom(seed: 7)
        _ = a.next()
        var b = SeededRandom(stateWords: a.stateWords)
        #expect((0 ..< 5).map { _ in a.next() } == (0 ..< 5).map { _ in b.next() })
    }

    @Test("bounded integers stay in range and cover it")
    func bounded() {
        var r = SeededRandom(seed: 1)
        var seen = Set<Int>()
        for _ in 0 ..< 2000 { let v = r.nextInt(below: 7); #expect((0 ..< 7).contains(v)); seen.insert(v) }
        #expect(seen.count == 7)
    }

    @Test("gaussian deviates have mean near 0 and variance near 1")
    func gaussian() {
        var r = SeededRandom(seed: 3)
        let xs = (0 ..< 20000).map { _ in r.nextGaussian() }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test("UTF-8 errors name the byte offset")
    func utf8Offsets() {
        #expect(UTF8Text.firstInvalidOffset(Array("¿Qué pasó?".utf8)) == nil)
        #expect(UTF8Text.firstInvalidOffset([0x61, 0x62, 0xFF, 0x63]) == 2)
        #expect(UTF8Text.firstInvalidOffset([0x61, 0xC3]) == 1)          // truncated sequence
        #expect(UTF8Text.firstInvalidOffset([0xC0, 0x80]) == 0)          // overlong
        #expect(UTF8Text.firstInvalidOffset([0xED, 0xA0, 0x80]) == 0)    // surrogate
    }

    @Test("binary reader refuses to run past the end")
    func truncatedReads() throws {
        var w = BinaryWriter()
        w.write(UInt64(3)); w.write(string: "hola"); w.write(floats: [1, -2.5, 3], half: false)
        var r = BinaryReader(bytes: w.bytes, what: "test")
        #expect(try r.readUInt64() == 3)
        #expect(try r.readString() == "hola")
        #expect(try r.readFloats(half: false) == [1, -2.5, 3])
        var cut = BinaryReader(bytes: Array(w.bytes.dropLast(2)), what: "test")
        _ = try cut.readUInt64(); _ = try cut.readString()
        #expect(throws: SupportError.self) { try cut.readFloats(half: false) }
    }

    @Test("half precision round trip is close")
    func halfFloats() throws {
        var w = BinaryWriter()
        w.write(floats: [0.1, -3.75, 1000], half: true)
        var r = BinaryReader(bytes: w.bytes, what: "test")
        let back = try r.readFloats(half: true)
        #expect(abs(back[0] - 0.1) < 1e-3 && back[1] == -3.75 && back[2] == 1000)
    }

    @Test("atomic write replaces the file and leaves no temporary behind")
    func atomicWrite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("f.txt")
        try AtomicFile.write("uno", to: url)
        try AtomicFile.write("dos", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "dos")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["f.txt"])
        #expect(throws: SupportError.self) {
            try AtomicFile.write("x", to: dir.appendingPathComponent("no/such/dir.txt"))
        }
    }
}
