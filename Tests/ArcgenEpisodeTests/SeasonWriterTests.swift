import ArcgenModels
import ArcgenPlot
import ArcgenScript
import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenEpisode

/// A season written into a folder by the tiny models of `EpisodeTests.fixture`: resuming after a kill gives the
/// same bytes as an uninterrupted run; someone else's folder, or a season made differently, is refused.
@Suite("Season writer", .serialized)
struct SeasonWriterTests {
    static func season(seed: UInt64 = 3, episodes: Int = 4) throws -> Season {
        let story = EpisodeTests.fixture.arc
        var finale = story
        finale.id = "tiny-finale"
        let request = SeasonRequest(arcs: [story], finale: finale, episodes: episodes, scenesPerEpisode: 2 ... 3,
                                    seed: seed)
        return try SeasonScheduler().schedule(request)
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-season-\(UUID().uuidString)").path
    }

    /// Every file under `dir`, relative path → bytes.
    static func files(_ dir: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)!
        while let p = e.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDirectory)
            if !isDirectory.boolValue { out[p] = FileManager.default.contents(atPath: dir + "/" + p) }
        }
        return out
    }

    static let parameters = ["episodes": "4", "seed": "3", "arcs": "tiny"]
    static let dialogue = ["temperature": "0.8", "models": "tiny"]

    @Test("a run killed part-way, with a stray temporary file, resumes to the same bytes as an uninterrupted run")
    func resume() throws {
        let season = try Self.season()
        let generator = try EpisodeTests.generator()
        let render = SeasonWriter.fountain(by: generator, season: season)

        let whole = Self.folder()
        let a = SeasonWriter(directory: whole, season: season, parameters: Self.parameters)
        try a.prepare()
        let first = try a.writeEpisodes(dialogue: Self.dialogue, render: render)
        #expect(first.written == 4 && first.kept == 0)

        let broken = Self.folder()
        var b: SeasonWriter? = SeasonWriter(directory: broken, season: season, parameters: Self.parameters)
        try b!.prepare()
        try b!.writeEpisodes(dialogue: Self.dialogue, limit: 2, render: render) // killed after two episodes
        let stray = broken + "/episodes/.003.fountain.4242.17.tmp"
        try "half an episode".write(toFile: stray, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: b!.episodeURL(1).path) // and one finished file lost
        #expect(b!.pendingEpisodes() == [1, 3, 4])
        b = nil // the killed run's lock goes with it

        let c = SeasonWriter(directory: broken, season: season, parameters: Self.parameters)
        try c.prepare()
        let progress = ProgressLog()
        let second = try c.writeEpisodes(dialogue: Self.dialogue, render: render) { progress.add($0) }
        #expect(second.written == 3 && second.kept == 1)
        #expect(progress.reports.map(\.done) == [1, 2, 3] && progress.reports.allSatisfy { $0.total == 3 })
        #expect(!FileManager.default.fileExists(atPath: stray))
        #expect(Self.files(whole) == Self.files(broken))
        #expect(Self.files(whole).keys.sorted() == [
            ".arcgen-season.json", "episodes/001.fountain", "episodes/002.fountain", "episodes/003.fountain",
            "episodes/004.fountain", "season.json", "season.md", "season.svg",
        ])
        // A finished season is left alone.
        #expect(try c.writeEpisodes(dialogue: Self.dialogue, render: render) == (0, 4))
        // Each episode is its outline's scenes; only the finale ends the arc.
        let text = String(decoding: Self.files(whole)["episodes/002.fountain"]!, as: UTF8.self)
        for scene in season.episodes[1].scenes { #expect(text.contains(scene.scene.synopsis)) }
    }

    @Test("the same seed gives the same bytes however many workers run; another seed changes them")
    func seeds() throws {
        #expect(SeasonWriter.episodeSeed(season: 5, episode: 2) == SeasonWriter.episodeSeed(season: 5, episode: 2))
        #expect(SeasonWriter.episodeSeed(season: 5, episode: 2) != SeasonWriter.episodeSeed(season: 5, episode: 3))
        #expect(SeasonWriter.episodeSeed(season: 5, episode: 2) != SeasonWriter.episodeSeed(season: 6, episode: 2))
    }

    @Test("a folder holding someone else's files is refused and left untouched")
    func foreignFolder() throws {
        let dir = Self.folder()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "my novel".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let w = SeasonWriter(directory: dir, season: try Self.season(), parameters: Self.parameters)
        #expect(throws: SeasonWriterError.self) { try w.prepare() }
        #expect(Self.files(dir).keys.sorted() == ["notes.txt"])
        // A file where the folder should be, or a manifest that is not ours, too.
        let file = Self.folder()
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: SeasonWriterError.self) {
            try SeasonWriter(directory: file, season: try Self.season(), parameters: [:]).prepare()
        }
        let fake = Self.folder()
        try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
        try "{\"format\": \"other\"}".write(toFile: fake + "/" + SeasonWriter.manifestName, atomically: true,
                                            encoding: .utf8)
        #expect(throws: SeasonWriterError.self) {
            try SeasonWriter(directory: fake, season: try Self.season(), parameters: [:]).prepare()
        }
    }

    @Test("a season made differently (another seed, other models) is refused, naming what changed")
    func differentSeason() throws {
        let dir = Self.folder()
        var first: SeasonWriter? = SeasonWriter(directory: dir, season: try Self.season(), parameters: Self.parameters)
        try first!.prepare()
        try first!.writeEpisodes(dialogue: Self.dialogue, limit: 1) { n, _, _ in "episode \(n)\n" }
        first = nil // the run ends; its lock goes with it
        var other = Self.parameters
        other["seed"] = "4"
        do {
            try SeasonWriter(directory: dir, season: try Self.season(seed: 4), parameters: other).prepare()
            Issue.record("a different season was accepted")
        } catch let e as SeasonWriterError {
            #expect(e.description.contains("seed was 3, now 4"))
        }
        // Same parameters: resumes, but not with other models.
        let w = SeasonWriter(directory: dir, season: try Self.season(), parameters: Self.parameters)
        w.isComplete = { text, _ in text.hasPrefix("episode ") } // this test's episodes are one line
        try w.prepare()
        var models = Self.dialogue
        models["models"] = "bigger"
        #expect(throws: SeasonWriterError.self) {
            try w.writeEpisodes(dialogue: models) { n, _, _ in "episode \(n)\n" }
        }
        #expect(try w.writeEpisodes(dialogue: Self.dialogue) { n, _, _ in "episode \(n)\n" } == (3, 1))
    }

    @Test("a failing episode stops the run with its error and leaves no partial file")
    func failure() throws {
        struct Boom: Error {}
        let dir = Self.folder()
        let w = SeasonWriter(directory: dir, season: try Self.season(), parameters: Self.parameters)
        try w.prepare()
        #expect(throws: Boom.self) {
            try w.writeEpisodes(dialogue: Self.dialogue) { n, _, _ in
                if n == 2 { throw Boom() }
                return "episode \(n)\n"
            }
        }
        #expect(!FileManager.default.fileExists(atPath: w.episodeURL(2).path))
        #expect(!Self.files(dir).keys.contains { $0.hasSuffix(".tmp") })
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SeasonWriter.Progress] = []
    func add(_ p: SeasonWriter.Progress) { lock.withLock { items.append(p) } }
    var reports: [SeasonWriter.Progress] { lock.withLock { items } }
}
