import ArcgenPlot
import ArcgenScript
import ArcgenSupport
import Foundation
import Testing

@testable import ArcgenEpisode
@testable import ArcgenModels

/// Issue #12, season folders: a second writer is refused while the first holds the folder, and a resume keeps only
/// episode files that were finished.
@Suite("Hostile input and faults: season folders", .serialized)
struct HostileSeasonTests {
    @Test("a second writer on a locked folder is refused and writes nothing; the lock goes with the first writer")
    func secondWriterIsRefused() throws {
        let dir = SeasonWriterTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var first: SeasonWriter? = SeasonWriter(
            directory: dir, season: try SeasonWriterTests.season(seed: 7),
            parameters: ["seed": "7"])
        try first!.prepare()
        let before = SeasonWriterTests.files(dir)
        let second = SeasonWriter(
            directory: dir, season: try SeasonWriterTests.season(seed: 8), parameters: ["seed": "8"])
        #expect(throws: SeasonWriterError.busy(path: dir)) { try second.prepare() }
        #expect(SeasonWriterTests.files(dir) == before)
        first = nil
        // Free again: now the other seed is refused for what it is, a different season.
        #expect { try second.prepare() } throws: {
            ($0 as? SeasonWriterError)?.description.contains("seed was 7, now 8") == true
        }
    }

    @Test("a resume writes again an episode file that is empty, cut short or not ours, and keeps a finished one")
    func unfinishedEpisodesAreRewritten() throws {
        let season = try SeasonWriterTests.season()
        let render = SeasonWriter.fountain(by: try EpisodeTests.generator(), season: season)
        let dir = SeasonWriterTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var writer: SeasonWriter? = SeasonWriter(
            directory: dir, season: season, parameters: SeasonWriterTests.parameters)
        try writer!.prepare()
        try writer!.writeEpisodes(dialogue: SeasonWriterTests.dialogue, render: render)
        let whole = SeasonWriterTests.files(dir)
        #expect(writer!.pendingEpisodes().isEmpty)
        let second = try #require(whole["episodes/002.fountain"])
        #expect(FileManager.default.createFile(atPath: writer!.episodeURL(1).path, contents: Data()))
        // Cut before the last scene heading, at a line break: UTF-8 text, but not the whole episode.
        let blocks = String(decoding: second, as: UTF8.self).components(separatedBy: "\n\n")
        let lastHeading = try #require(blocks.lastIndex { $0.hasSuffix("#") })
        let cut = blocks[..<lastHeading].joined(separator: "\n\n") + "\n"
        #expect(FileManager.default.createFile(atPath: writer!.episodeURL(2).path, contents: Data(cut.utf8)))
        FileManager.default.createFile(atPath: writer!.episodeURL(3).path, contents: Data([0xFF, 0xFE, 0x0A]))
        #expect(writer!.pendingEpisodes() == [1, 2, 3])
        writer = nil
        let resumed = SeasonWriter(directory: dir, season: season, parameters: SeasonWriterTests.parameters)
        try resumed.prepare()
        #expect(try resumed.writeEpisodes(dialogue: SeasonWriterTests.dialogue, render: render) == (3, 1))
        #expect(SeasonWriterTests.files(dir) == whole)
    }
}

/// Issue #12, item 9: greedy decoding still writes scenes with speech, and a scene without one is reported.
@Suite("Hostile input and faults: greedy scenes", .serialized)
struct HostileGreedyTests {
    static func speeches(_ scene: ScriptScene) -> Int {
        scene.elements.filter { if case .dialogue = $0 { return true } else { return false } }.count
    }

    @Test("temperature 0 still writes scenes with dialogue (redrawn when greedy gives none); the rest are reported")
    func greedyScenesSpeak() throws {
        for constrained in [false, true] {
            let generator = try EpisodeTests.generator(constrained: constrained)
            generator.writer.draw.temperature = 0
            let episode = try generator.episode(outline: try EpisodeTests.outline(scenes: 6), seed: 5)
            let speaking = episode.scenes.filter { Self.speeches($0) > 0 }.map(\.number)
            #expect(speaking.count >= 4, "constrained \(constrained): \(episode.scenes.map(\.elements))")
            #expect(episode.scenesWithoutSpeech == episode.scenes.map(\.number).filter { !speaking.contains($0) })
            // Same seed, same bytes.
            let again = try generator.episode(outline: try EpisodeTests.outline(scenes: 6), seed: 5)
            #expect(again.script(.fountain) == episode.script(.fountain))
        }
    }
}

extension HostileGreedyTests {
    @Test("a season's scenes left without dialogue are reported, episode by episode")
    func silentSeasonScenesAreReported() throws {
        let season = try SeasonWriterTests.season()
        let generator = try EpisodeTests.generator(constrained: false)
        generator.writer.draw.temperature = 0
        // Greedy, one candidate, no redraw and no cue rules: the tiny models write scenes without speech.
        generator.writer.attempts = 1
        generator.writer.draw.candidates = 1
        generator.writer.cueRules = false
        let reports = SilentLog()
        let render = SeasonWriter.fountain(by: generator, season: season) { reports.add($0, $1) }
        _ = try render(1, season.outline(episode: 1), SeasonWriter.episodeSeed(season: season.seed, episode: 1))
        let episode = try generator.episode(
            outline: season.outline(episode: 1), seed: SeasonWriter.episodeSeed(season: season.seed, episode: 1),
            episodeNumber: 1, endsArc: false, title: season.episodeTitle(1))
        #expect(!episode.scenesWithoutSpeech.isEmpty)
        #expect(reports.items.count == 1 && reports.items.first?.0 == 1
                && reports.items.first?.1 == episode.scenesWithoutSpeech)
    }
}

final class SilentLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Int, [Int])] = []
    func add(_ episode: Int, _ scenes: [Int]) { lock.withLock { list.append((episode, scenes)) } }
    var items: [(Int, [Int])] { lock.withLock { list } }
}
