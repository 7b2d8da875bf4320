import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenNeural

@Suite("Model files")
struct ModelFileTests {
    static func model() throws -> LanguageModel {
        try Fixtures.tinyModel(text: String(repeating: Fixtures.spanish, count: 8), updates: 20)
    }

    @Test("save then load is bit-identical and predicts identically")
    func roundTrip() throws {
        let m = try Self.model()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.lstm").path
        try m.save(to: path)
        let back = try LanguageModel.load(path: path)
        #expect(back.parameters == m.parameters)
        #expect(back.config == m.config && back.recipe == m.recipe && back.tokenizer.symbols == m.tokenizer.symbols)
        var o = SamplingOptions()
        o.maxCharacters = 80
        #expect(TextSampler(model: back).generate(prime: "¿", options: o, seed: 4)
            == TextSampler(model: m).generate(prime: "¿", options: o, seed: 4))
        // Same model, same bytes: the file is a pure function of the model.
        #expect(back.fileBytes() == m.fileBytes())
    }

    @Test("fp16 storage halves the weights and stays close")
    func half() throws {
        let m = try Self.model()
        let full = m.fileBytes(), half = m.fileBytes(precision: .fp16)
        #expect(half.count < full.count * 3 / 4)
        let back = try LanguageModel.load(bytes: half, path: "half.lstm")
        let worst = zip(back.parameters, m.parameters).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        #expect(worst < 1e-3)
    }

    @Test("int8 storage: about a quarter of fp32, each weight within half a step of its block's scale")
    func int8() throws {
        let m = try Self.model()
        let full = m.fileBytes(), small = m.fileBytes(precision: .int8)
        #expect(small.count < full.count * 3 / 10)
        let back = try LanguageModel.load(bytes: small, path: "int8.lstm")
        #expect(back.config == m.config && back.parameters.count == m.parameters.count)
        let block = ContainerFile.blockSize
        for start in stride(from: 0, to: m.parameters.count, by: block) {
            let original = m.parameters[start ..< min(start + block, m.parameters.count)]
            let step = Float(Float16((original.map(abs).max() ?? 0) / 127))
            for (i, w) in zip(original.indices, original) {
                #expect(abs(back.parameters[i] - w) <= step / 2 + 1e-7, "weight \(i)")
            }
        }
        // Stored again, the stored weights are exact: int8 of int8 is the same file.
        #expect(back.fileBytes(precision: .int8) == small)
        #expect(reason(Array(small.prefix(small.count / 2))) != "loaded")
    }

    @Test("int4 storage: about an eighth of fp32, each weight within half a step of its block's scale")
    func int4() throws {
        let m = try Self.model()
        let full = m.fileBytes(), small = m.fileBytes(precision: .int4)
        #expect(small.count < full.count / 5)
        let back = try LanguageModel.load(bytes: small, path: "int4.lstm")
        #expect(back.config == m.config && back.parameters.count == m.parameters.count)
        let block = ContainerFile.blockSize
        var moved = 0
        for start in stride(from: 0, to: m.parameters.count, by: block) {
            let original = m.parameters[start ..< min(start + block, m.parameters.count)]
            let step = Float(Float16((original.map(abs).max() ?? 0) / 7))
            for (i, w) in zip(original.indices, original) {
                #expect(abs(back.parameters[i] - w) <= step / 2 + 1e-7, "weight \(i)")
                moved += back.parameters[i] == w ? 0 : 1
            }
        }
        #expect(moved > 0)
        #expect(back.fileBytes(precision: .int4) == small)
        #expect(reason(Array(small.prefix(small.count / 2))) != "loaded")
    }

    @Test("int4 keeps a tensor's odd tail and each nibble's sign", arguments: [1, 5, 32, 33, 63])
    func int4Tail(count: Int) throws {
        // Both signs, every level from -7 to 7, in a block whose largest magnitude is 7: each weight is exact.
        var scaled: [Float] = []
        for i in 0 ..< count {
            let level = Float(i % 15 - 7)
            scaled.append(i % 32 == 0 ? 7 : (i % 2 == 0 ? level : -level))
        }
        let bytes = ContainerFile.encode(.init(kind: .model, precision: .int4, header: Data("{}".utf8),
                                               tensors: [scaled, [-3.5]]))
        let back = try ContainerFile.decode(bytes, path: "t.lstm")
        #expect(back.tensors == [scaled, [-3.5]])
    }

    /// A fine-tune of `base`: every weight moved by a little, as 200 small updates move it.
    static func fineTune(of base: LanguageModel) -> LanguageModel {
        let moved = base.parameters.enumerated().map { $0.element + Float($0.offset % 13 - 6) * 0.001 }
        return LanguageModel(config: base.config, tokenizer: base.tokenizer, parameters: moved, recipe: base.recipe,
                             metrics: base.metrics)
    }

    @Test("a model stored as int4 differences from its base loads back within half a step of the difference")
    func differences() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let basePath = dir.appendingPathComponent("base.lstm").path, tagPath = dir.appendingPathComponent("t.lstm").path
        try Self.model().save(to: basePath, precision: .int8)
        let base = try LanguageModel.load(path: basePath)
        let tag = Self.fineTune(of: base)
        try tag.save(to: tagPath, precision: .int4, differenceFrom: ("base.lstm", base))
        let back = try LanguageModel.load(path: tagPath)
        let block = ContainerFile.blockSize
        for start in stride(from: 0, to: tag.parameters.count, by: block) {
            let end = min(start + block, tag.parameters.count)
            let moved = (start ..< end).map { abs(tag.parameters[$0] - base.parameters[$0]) }.max()!
            let step = Float(Float16(moved / 7))
            for i in start ..< end {
                #expect(abs(back.parameters[i] - tag.parameters[i]) <= step / 2 + 1e-6, "weight \(i)")
            }
        }
        // Four bits of the difference keep the fine-tune far closer than four bits of the whole.
        let whole = try LanguageModel.load(bytes: tag.fileBytes(precision: .int4), path: "w.lstm")
        func error(_ m: LanguageModel) -> Float { zip(m.parameters, tag.parameters).map { abs($0 - $1) }.max()! }
        #expect(error(back) * 4 < error(whole))
    }

    @Test("a differences file whose base is missing, another, or itself differences is refused, naming both")
    func differencesBase() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        func reason(_ name: String) -> String {
            do { _ = try LanguageModel.load(path: path(name)); return "loaded" } catch { return "\(error)" }
        }
        let base = try Self.model()
        try base.save(to: path("base.lstm"))
        try Self.fineTune(of: base).save(to: path("t.lstm"), precision: .int4, differenceFrom: ("base.lstm", base))
        #expect(reason("t.lstm") == "loaded")
        // A chain: differences from a differences file.
        try Self.fineTune(of: base).save(to: path("u.lstm"), differenceFrom: ("t.lstm", base))
        #expect(reason("u.lstm").contains("t.lstm") && reason("u.lstm").contains("itself stored as differences from "
            + "base.lstm"))
        // A cycle of differences (v from w, w from v) is refused, not followed.
        try Self.fineTune(of: base).save(to: path("v.lstm"), differenceFrom: ("w.lstm", base))
        try Self.fineTune(of: base).save(to: path("w.lstm"), differenceFrom: ("v.lstm", base))
        #expect(reason("v.lstm").contains("itself stored as differences from v.lstm"))
        // Another base (retrained): its weights are not the ones the differences were taken from.
        try Self.fineTune(of: base).save(to: path("base.lstm"))
        #expect(reason("t.lstm").hasPrefix(path("t.lstm")) && reason("t.lstm").contains("another base.lstm"))
        try FileManager.default.removeItem(atPath: path("base.lstm"))
        #expect(reason("t.lstm").contains("differences from base.lstm, which does not load"))
    }

    @Test("an unknown weight precision is named")
    func unknownPrecision() throws {
        var bytes = try Self.model().fileBytes()
        let at = ContainerFile.magic.count + 4 + 1          // magic, version, kind, then the precision byte
        bytes[at] = 9
        bytes.replaceSubrange(bytes.count - 8 ..< bytes.count, with: withUnsafeBytes(
            of: FNV1a64.hash(Array(bytes.prefix(bytes.count - 8))).littleEndian, Array.init))
        #expect(reason(bytes).contains("unknown weight precision 9"))
    }

    func reason(_ bytes: [UInt8]) -> String {
        do { _ = try LanguageModel.load(bytes: bytes, path: "x.lstm"); return "loaded" } catch { return "\(error)" }
    }

    @Test("truncated files are refused at every length")
    func truncated() throws {
        let bytes = try Self.model().fileBytes()
        for cut in [0, 3, 8, 12, 20, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            let r = reason(Array(bytes.prefix(cut)))
            #expect(r.hasPrefix("x.lstm: "), "cut \(cut): \(r)")
            #expect(r != "loaded")
        }
    }

    @Test("a flipped bit anywhere is caught by the checksum")
    func bitFlips() throws {
        let bytes = try Self.model().fileBytes()
        var rng = SeededRandom(seed: 8)
        for _ in 0 ..< 40 {
            var b = bytes
            let at = 12 + rng.nextInt(below: b.count - 12)
            b[at] ^= UInt8(1 << rng.nextInt(below: 8))
            #expect(reason(b).contains("checksum") || reason(b).contains("truncated"), "flip at \(at): \(reason(b))")
        }
    }

    @Test("foreign files and other versions are named as such")
    func foreign() throws {
        #expect(reason(Array("{\"hello\": 1}".utf8)).contains("not an arcgen model file"))
        #expect(reason([]).contains("not an arcgen model file"))
        var b = try Self.model().fileBytes()
        b[8] = 9                     // format version 9
        #expect(reason(b).contains("format version 9"))
        #expect(throws: NeuralError.self) { try LanguageModel.load(path: "/no/such/model.lstm") }
    }

    /// An untrained model over `tokenizer`, enough to write a file.
    static func untrained(_ tokenizer: any Tokenizer) -> LanguageModel {
        let config = LSTMConfig(vocabularySize: tokenizer.vocabularySize, embedding: 3, hidden: 4, layers: 1)
        var rng = SeededRandom(seed: 2)
        let parameters = ParameterLayout(config).initialParameters(config, rng: &rng)
        return LanguageModel(config: config, tokenizer: tokenizer, parameters: parameters, recipe: Fixtures.recipe())
    }

    /// `model`'s file with the tokenizer's symbols (and merges) rewritten, sealed again with a valid checksum.
    static func resealed(_ model: LanguageModel, symbols: [String], merges: [[Int32]]? = nil) throws -> [UInt8] {
        let contents = try ContainerFile.decode(model.fileBytes(), path: "m.lstm")
        var header = try JSONSerialization.jsonObject(with: contents.header) as! [String: Any]
        var tokenizer = header["tokenizer"] as! [String: Any]
        tokenizer["symbols"] = symbols
        if let merges { tokenizer["merges"] = merges.map { $0.map(Int.init) } }
        header["tokenizer"] = tokenizer
        let json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        return ContainerFile.encode(.init(kind: .model, precision: .fp32, header: json, tensors: contents.tensors))
    }

    @Test("a sealed file with an impossible tokenizer is refused with the reason", arguments: [
        (edit: "empty", expected: "symbol 3 is empty"),
        (edit: "two characters", expected: "symbol 3 is not one character"),
        (edit: "duplicate", expected: "symbol 3 repeats symbol 1"),
    ])
    func impossibleCharacters(_ c: (edit: String, expected: String)) throws {
        let model = Self.untrained(CharTokenizer(learningFrom: "abcd"))
        var symbols = model.tokenizer.symbols
        let intact = try LanguageModel.load(bytes: Self.resealed(model, symbols: symbols), path: "x.lstm")
        #expect(intact.tokenizer.symbols == symbols)
        symbols[3] = ["empty": "", "two characters": "cd", "duplicate": symbols[1]][c.edit]!
        let r = reason(try Self.resealed(model, symbols: symbols))
        #expect(r.hasPrefix("x.lstm: invalid tokenizer: ") && r.contains(c.expected), "\(r)")
    }

    @Test("a sealed BPE file whose merges do not spell its tokens is refused")
    func impossibleMerges() throws {
        let model = Self.untrained(BPETokenizer(learningFrom: "la casa, la cama, la calle", vocabularySize: 20))
        let spec = model.tokenizer.spec, base = spec.baseCount!
        #expect(spec.symbols.count > base)
        var symbols = spec.symbols
        symbols[base] = symbols[base] + "x"
        let misspelled = reason(try Self.resealed(model, symbols: symbols))
        #expect(misspelled.contains("BPE token \(base) is not the merge of its two parts"))
        var merges = spec.merges!
        merges[0] = [0, Int32(base)]            // names itself
        let circular = reason(try Self.resealed(model, symbols: spec.symbols, merges: merges))
        #expect(circular.contains("BPE merge 0 does not name two earlier tokens"))
    }
}
