import Foundation
import Testing
@testable import ArcgenCLI
import ArcgenModels

/// `arcgen season` as a user calls it: outline files, same seed same bytes, resume, and the bad inputs refused with
/// a message that says what to do.
@Suite("season command")
final class SeasonCommandTests {
    /// This test's folders live under one scratch folder, removed when the test ends (Swift Testing makes a suite
    /// instance per test, and a class's `deinit` runs after it, passed or failed).
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-season-cli-\(UUID())").path

    deinit { try? FileManager.default.removeItem(atPath: scratch) }

    static let arcs = PlotCommandsTests.arcs

    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CommandLineTool().run(args + ["--arcs-dir", Self.arcs], console: captured.console)
        return (status, captured.stdout, captured.stderr)
    }

    func folder() -> String { scratch + "/" + UUID().uuidString }

    func read(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    @Test("--outline-only writes season.md, season.json and season.svg; the same seed, the same bytes; a rerun resumes")
    func outline() throws {
        let a = folder(), b = folder()
        let args = [
            "season", "--episodes", "30", "--arcs", "lost-love,rivalry,long-lost-relative", "--seed", "7",
            "--lang", "en", "--outline-only",
        ]
        let r = run(args + ["--out", a])
        #expect(r.status == 0, "\(r.err)")
        #expect(run(args + ["--out", b]).status == 0)
        for f in ["season.md", "season.json", "season.svg", ".arcgen-season.json"] {
            #expect(!read(a + "/" + f).isEmpty && read(a + "/" + f) == read(b + "/" + f), "\(f)")
        }
        let md = String(decoding: read(a + "/season.md"), as: UTF8.self)
        #expect(md.contains("## Lost Love — Episode 30") && md.contains("big-wedding"))
        #expect(run(args + ["--out", a]).status == 0) // same parameters: ours, resumed
        // Models missing: a clear error that offers --outline-only.
        let noModels = run(Array(args.dropLast()) + ["--out", a, "--models", "/nonexistent-models"])
        #expect(noModels.status == 1 && noModels.err.contains("--outline-only"))
    }

    @Test("bad input: too few episodes (with the minimum), an unknown arc, someone else's folder, other parameters")
    func badInput() throws {
        let few = run([
            "season", "--episodes", "2", "--arcs", "lost-love,rivalry,long-lost-relative", "--seed", "1",
            "--outline-only", "--out", folder(),
        ])
        #expect(few.status == 1 && few.err.contains("the minimum is 4 episodes"), "\(few.err)")
        let unknown = run([
            "season", "--episodes", "20", "--arcs", "lost-lov", "--seed", "1", "--outline-only", "--out", folder(),
        ])
        #expect(unknown.status == 1 && unknown.err.contains("did you mean 'lost-love'"), "\(unknown.err)")
        let unpulled = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "1", "--unconstrained", "--beat-pull", "1",
            "--out", folder(),
        ])
        #expect(unpulled.status == 64 && unpulled.err.contains("--beat-pull"), "\(unpulled.err)")
        // The draw options are episode's and eval's, with the same ranges.
        for (option, value) in [("--candidates", "0"), ("--temperature", "11"), ("--top-p", "0"), ("--rank", "x")] {
            let r = run(["season", "--episodes", "20", "--arcs", "lost-love", option, value, "--out", folder()])
            #expect(r.status == 64 && r.err.contains(option), "\(option): \(r.err)")
        }
        let foreign = folder()
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "mine".write(toFile: foreign + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "1", "--outline-only", "--out", foreign,
        ])
        #expect(refused.status == 1 && refused.err.contains("refusing"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign) == ["notes.txt"])
        let ours = folder()
        let first = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "1", "--outline-only", "--out", ours,
        ])
        #expect(first.status == 0)
        let other = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "2", "--outline-only", "--out", ours,
        ])
        #expect(other.status == 1 && other.err.contains("seed was 1, now 2"))
        #expect(run(["season", "--arcs", "lost-love", "--out", ours]).status == 64)
        let arcAsFinale = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--finale", "long-lost-relative", "--seed", "1",
            "--outline-only", "--out", folder(),
        ])
        #expect(arcAsFinale.status == 1)
    }

    @Test("--bench times the outline without writing files")
    func bench() {
        let r = run([
            "season", "--episodes", "120", "--arcs", "lost-love,rivalry,long-lost-relative", "--seed", "1", "--bench",
        ])
        #expect(r.status == 0 && r.out.hasPrefix("season outline 120 episodes"), "\(r.err)")
    }

    @Test("the dialogue record: later settings recorded only when they differ from the first seasons'; resume options")
    func dialogueRecord() {
        func record(_ change: (inout DrawSettings) -> Void, constrained: Bool = true) -> [String: String] {
            var draw = DrawSettings()
            change(&draw)
            return SeasonCommands.dialogueRecord(draw, models: "m", constrained: constrained)
        }
        // A season begun before any later setting: temperature, models and constraints alone.
        let first = record {
            $0.temperature = 0.8
            $0.planPull = 0
            $0.rankParagraphs = false
            $0.wordPairs = false
        }
        #expect(first == ["temperature": "0.8", "models": "m", "constrained": "true"])
        let today = record({ _ in }, constrained: false)
        #expect(today["plan-pull"] == "1.0" && today["rank"] == "paragraphs" && today["constrained"] == "false")
        #expect(today.count == 5)
        let nucleus = record { $0.topP = 0.8 }
        #expect(nucleus["top-p"] == "0.8" && nucleus["word-pairs"] == "on" && nucleus["word-triples"] == "on")
        #expect(nucleus["free-plan-words"] == "once" && nucleus.count == 9)
        let beat = record { $0.beatPull = 0.5 }
        #expect(beat["beat-pull"] == "0.5" && beat["top-p"] == nil && beat.count == 9)
        #expect(SeasonCommands.resumeHint(recorded: nucleus, now: beat) == "its episodes were drawn with --top-p 0.8 "
            + "--beat-pull 0.0")
        let gain = record { $0.rankGain = 2 }
        #expect(gain["rank-gain"] == "2.0" && gain.count == 9 && SeasonCommands.resumeHint(recorded: gain,
            now: record { _ in }) == "its episodes were drawn with --rank-gain 2.0")
        let eight = record { $0.candidates = 8 }
        #expect(eight["candidates"] == "8" && SeasonCommands.resumeHint(recorded: eight, now: record { _ in })
            == "its episodes were drawn with --candidates 8")
        // Drawn without the word pairs, as every season before them and every unconstrained one: no word-pairs key,
        // and no triples, which stand behind the pairs.
        let unpaired = record { $0.wordPairs = false }
        #expect(unpaired["word-pairs"] == nil && unpaired.count == 5 && SeasonCommands.resumeHint(recorded: unpaired,
            now: record { _ in }) == "its episodes were drawn with --word-pairs off --word-triples off "
            + "--free-plan-words on")
        let untripled = record { $0.wordTriples = false }
        #expect(untripled["word-triples"] == nil && untripled["word-pairs"] == "on" && SeasonCommands.resumeHint(
            recorded: untripled, now: record { _ in }) == "its episodes were drawn with --word-triples off")
        // Plan words free, as every season drew them before the setting: no key; held or free once, the key.
        let (held, free) = (record { $0.freePlanWords = .held }, record { $0.freePlanWords = .free })
        #expect(record { _ in }["free-plan-words"] == "once" && free["free-plan-words"] == nil)
        #expect(held["free-plan-words"] == "off")
        #expect(SeasonCommands.resumeHint(recorded: held, now: record { _ in })
            == "its episodes were drawn with --free-plan-words off")
        #expect(SeasonCommands.resumeHint(recorded: free, now: record { _ in })
            == "its episodes were drawn with --free-plan-words on")
        // A refused resume names the options that draw as the folder's episodes were drawn, and other models.
        #expect(SeasonCommands.resumeHint(recorded: first, now: nucleus)
            == "its episodes were drawn with --temperature 0.8 --plan-pull 0.0 --rank scenes --top-p 1.0 "
            + "--word-pairs off --word-triples off --free-plan-words on")
        #expect(SeasonCommands.resumeHint(recorded: today, now: first)
            == "its episodes were drawn with --temperature \(DrawSettings.defaultTemperature) --plan-pull 1.0 "
            + "--rank paragraphs --unconstrained")
        var models = first
        models["models"] = "other"
        #expect(SeasonCommands.resumeHint(recorded: models, now: first)
            == "its episodes were drawn by other models (another --models, or retrained)")
        #expect(SeasonCommands.resumeHint(recorded: first, now: first) == nil)
    }
}
