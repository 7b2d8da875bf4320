import Foundation
import Testing
@testable import ArcgenCLI

/// The engine's commands end to end through the real command table, on files made in the test.
@Suite("Engine commands")
struct EngineCommandTests {
    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CommandLineTool().run(args, console: captured.console)
        return (status, captured.stdout, captured.stderr)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("train, then sample from the model, then resume from its checkpoint")
    func trainAndSample() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("t.txt").path
        try String(repeating: "¡Maldita! ¿Dónde está mi hija? ", count: 80)
            .write(toFile: text, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.lstm").path
        let common = [
            "--text", text, "--out", model, "--layers", "1", "--hidden", "16", "--embedding", "8",
            "--seq", "12", "--batch", "4", "--eval-every", "10",
        ]
        let trained = run(["train"] + common + ["--steps", "20", "--checkpoint-every", "10"])
        #expect(trained.status == 0, "\(trained.err)")
        #expect(trained.err.contains("update 20/20") && trained.err.contains("bits/char"))
        #expect(FileManager.default.fileExists(atPath: model)
                && FileManager.default.fileExists(atPath: model + ".ckpt"))

        let a = run(["sample", "--model", model, "--length", "50", "--seed", "3", "--prime", "¿"])
        let b = run(["sample", "--model", model, "--length", "50", "--seed", "3", "--prime", "¿"])
        #expect(a.status == 0 && a.out == b.out && a.out.hasPrefix("¿"))

        let resumed = run(["train"] + common + ["--steps", "20", "--resume", model + ".ckpt"])
        #expect(resumed.status == 0 && resumed.err.contains("resuming"))
    }

    @Test("bad hyperparameters are usage errors (exit 64)", arguments: [
        ["--layers", "0"], ["--seq", "0"], ["--lr", "-1"], ["--batch", "x"], ["--steps", "5", "--minutes", "1"],
        ["--tokenizer", "word"], ["--plan-words", "0"], ["--plan-width", "8"],
        ["--plan-words", "5", "--plan-width", "0"], ["--plan-reading", "continuations", "--plan-words", "5"],
        ["--plan-words", "5", "--plan-reading", "letters"], ["--scene-state", "fresh"],
        // What only a corpus has is refused with --text, not dropped.
        ["--held-out", "0.2"], ["--tags", "wedding"], ["--tag-steps", "5"], ["--full-precision"],
        ["--synopsis", "whole"],
    ])
    func usage(extra: [String]) {
        let r = run(["train", "--text", "x.txt", "--out", "m.lstm"] + extra)
        #expect(r.status == 64, "\(r.err)")
    }

    @Test("a plan input: trained from the text's plan lines, recorded, refused when a resume contradicts it")
    func planInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("t.txt").path
        let scenes = "= boda carta\n\nLa novia llora.\n===\n= duelo carta\n\nEl galán se va.\n===\n"
        try String(repeating: scenes, count: 20).write(toFile: text, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.lstm").path
        let common = [
            "--text", text, "--out", model, "--layers", "1", "--hidden", "16", "--embedding", "8",
            "--seq", "12", "--batch", "4", "--eval-every", "10", "--steps", "10",
        ]
        let trained = run(["train"] + common + ["--plan-words", "50", "--plan-width", "3"])
        #expect(trained.status == 0, "\(trained.err)")
        #expect(trained.err.contains("a plan input of 3 words × 3"), "\(trained.err)")
        let sampled = run(["sample", "--model", model, "--length", "40", "--seed", "3", "--prime", "= boda\n\n"])
        #expect(sampled.status == 0 && sampled.out.count > "= boda\n\n".count, "\(sampled.err)")
        // A width other than the recorded one (3) is refused too, the default included.
        let same = run(["train"] + common + ["--plan-words", "50", "--plan-width", "32", "--resume", model + ".ckpt"])
        #expect(same.status == 64 && same.err.contains("--plan-width 32"), "\(same.err)")
        let resumed = run(["train"] + common + ["--resume", model + ".ckpt"])
        #expect(resumed.status == 0, "\(resumed.err)")
        // The letters of the plan lines' words, read as continuations: a-e, i, l, o, r, t, u.
        let letters = run(["train"] + common.map { $0 == model ? model + ".c" : $0 }
                          + ["--plan-reading", "continuations"])
        #expect(letters.status == 0 && letters.err.contains("a plan input of 10 letters × 32"), "\(letters.err)")
        // A resume takes the reading from its checkpoint; another reading given is refused, naming it.
        let lettersAgain = run(["train"] + common.map { $0 == model ? model + ".c" : $0 }
                               + ["--resume", model + ".c.ckpt"])
        #expect(lettersAgain.status == 0, "\(lettersAgain.err)")
        let otherReading = run(["train"] + common + ["--plan-reading", "continuations", "--resume", model + ".ckpt"])
        #expect(otherReading.status == 64 && otherReading.err.contains("--plan-reading continuations contradicts")
                && otherReading.err.contains("--plan-reading words"), "\(otherReading.err)")
        let contradicted = run(["train"] + common + ["--plan-words", "7", "--resume", model + ".ckpt"])
        #expect(contradicted.status == 64 && contradicted.err.contains("--plan-words 7"), "\(contradicted.err)")
    }

    @Test("unreadable, invalid and too-short texts fail with a clear line (exit 1)")
    func badText() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.txt").path
        FileManager.default.createFile(atPath: bad, contents: Data([0x68, 0x6F, 0x6C, 0x61, 0xFF, 0x61]))
        let r1 = run(["train", "--text", bad, "--out", dir.appendingPathComponent("m").path])
        #expect(r1.status == 1 && r1.err.contains("byte offset 4"))
        let empty = dir.appendingPathComponent("empty.txt").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        let r2 = run(["train", "--text", empty, "--out", dir.appendingPathComponent("m").path])
        #expect(r2.status == 1 && r2.err.contains("need at least"))
        let r3 = run(["train", "--text", dir.appendingPathComponent("missing.txt").path, "--out", "m"])
        #expect(r3.status == 1 && r3.err.contains("missing.txt"))
    }

    @Test("a corrupt model file is named in the error")
    func corruptModel() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("junk.lstm").path
        try "not a model".write(toFile: path, atomically: true, encoding: .utf8)
        let r = run(["sample", "--model", path, "--seed", "1"])
        #expect(r.status == 1 && r.err.contains("junk.lstm") && r.err.contains("not an arcgen model file"))
        #expect(!r.err.contains("\n\n"))
    }
}
