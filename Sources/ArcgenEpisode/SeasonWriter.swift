import ArcgenPlot
import ArcgenSupport
import Dispatch
import Foundation
import Synchronization

/// Writes a season into its folder and resumes it: `season.md`, `season.json`, `season.svg`, and one
/// `episodes/NNN.fountain` per episode, every file written atomically, so a run killed at any point leaves whole
/// files or none. A manifest, `.arcgen-season.json`, marks the folder as ours and records what the season was made
/// from; a rerun with the same parameters keeps the finished episodes and writes only the missing ones, and a rerun
/// with other parameters — or a folder holding someone else's files — is refused rather than overwritten.
///
/// Episode `n` is written with a seed derived from the season's seed and `n` alone, so the bytes do not depend on
/// which episodes were already there or on how the work was scheduled.
public final class SeasonWriter: @unchecked Sendable {
    public static let manifestName = ".arcgen-season.json"
    public static let format = "arcgen-season"
    /// The manifest's layout; a folder written by another version is refused rather than guessed at.
    public static let manifestVersion = 1

    public let directory: URL
    public let season: Season
    /// What the outline was made from, for messages (`episodes`, `arcs`, `seed`…).
    public let parameters: [String: String]
    /// Held from `prepare()` for the writer's lifetime, so two runs never write one folder.
    private var lock: FolderLock?
    /// Whether an episode file's text is a whole episode of its outline: by default the check of what
    /// `fountain(by:season:)` writes, the episodes' one format; a writer rendering another sets its own.
    public var isComplete: @Sendable (_ text: String, _ outline: Outline) -> Bool = SeasonWriter.isCompleteFountain

    /// The outline's identity: a hash of `season.json`, which the parameters determine completely.
    public var outlineHash: String { FNV1a64.hex(FNV1a64.hash(Array(SeasonRenderer.json(season).utf8))) }

    public init(directory: String, season: Season, parameters: [String: String]) {
        self.directory = URL(fileURLWithPath: directory)
        self.season = season
        self.parameters = parameters
    }

    /// The seed of episode `number`: derived from the season's seed and the number only.
    public static func episodeSeed(season seed: UInt64, episode number: Int) -> UInt64 {
        var r = SeededRandom.derived(seed: seed, stream: 0xE915_0000 &+ UInt64(number))
        return r.next()
    }

    public func episodeURL(_ number: Int) -> URL {
        directory.appendingPathComponent("episodes").appendingPathComponent(String(format: "%03d.fountain", number))
    }

    // MARK: The manifest

    struct Manifest: Codable, Equatable {
        var format: String
        var version: Int
        var outlineHash: String
        var parameters: [String: String]
        /// How the dialogue was written (temperature, models); nil until episodes are first written.
        var dialogue: [String: String]?
    }

    var manifestURL: URL { directory.appendingPathComponent(Self.manifestName) }

    func readManifest() throws -> Manifest? {
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else { return nil }
        guard let m = try? JSONDecoder().decode(Manifest.self, from: data), m.format == Self.format else {
            throw SeasonWriterError.foreignFolder(
                path: directory.path, reason: "its \(Self.manifestName) is not an arcgen season manifest")
        }
        return m
    }

    func writeManifest(_ m: Manifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(m), to: manifestURL)
    }

    /// Locks the folder for this writer's lifetime, makes it ours (or checks that it is, with the same parameters),
    /// removes temporary files a killed run left, and writes the outline files.
    /// - Throws: `SeasonWriterError` when another arcgen is writing the folder, or it holds someone else's files or a
    ///   season made differently; `SupportError` when it cannot be made.
    public func prepare() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw SeasonWriterError.foreignFolder(path: directory.path, reason: "it is a file, not a folder")
        }
        try Folder.create(directory)
        guard let lock = try FolderLock(folder: directory) else { throw SeasonWriterError.busy(path: directory.path) }
        self.lock = lock
        if let m = try readManifest() {
            guard m.version == Self.manifestVersion else {
                let reason = "its \(Self.manifestName) has version \(m.version), and this arcgen writes version "
                    + "\(Self.manifestVersion)"
                throw SeasonWriterError.foreignFolder(path: directory.path, reason: reason)
            }
            guard m.outlineHash == outlineHash else {
                let keys = Set(m.parameters.keys).union(parameters.keys).sorted()
                let changed = keys.filter { m.parameters[$0] != parameters[$0] }
                    .map { "\($0) was \(m.parameters[$0] ?? "unset"), now \(parameters[$0] ?? "unset")" }
                throw SeasonWriterError.differentSeason(path: directory.path, changes: changed)
            }
        } else {
            let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            guard entries.isEmpty else {
                let files = "\(entries.count) file\(entries.count == 1 ? "" : "s")"
                let examples = entries.sorted().prefix(3).joined(separator: ", ")
                throw SeasonWriterError.foreignFolder(path: directory.path,
                                                      reason: "it holds \(files) arcgen did not write (\(examples))")
            }
            try writeManifest(Manifest(format: Self.format, version: Self.manifestVersion, outlineHash: outlineHash,
                                       parameters: parameters, dialogue: nil))
        }
        try Folder.create(directory.appendingPathComponent("episodes"))
        removeTemporaryFiles()
        try AtomicFile.write(SeasonRenderer.markdown(season), to: directory.appendingPathComponent("season.md"))
        try AtomicFile.write(SeasonRenderer.json(season), to: directory.appendingPathComponent("season.json"))
        try AtomicFile.write(SeasonSVG.svg(season), to: directory.appendingPathComponent("season.svg"))
    }

    /// `AtomicFile`'s temporaries left by a killed run: all of them, since the lock says no other run is writing.
    func removeTemporaryFiles() {
        for folder in [directory, directory.appendingPathComponent("episodes")] {
            AtomicFile.removeLeftoverTemporaries(in: folder, includingLiveProcesses: true)
        }
    }

    /// The episodes whose files are missing or unfinished.
    public func pendingEpisodes() -> [Int] {
        season.episodes.map(\.number).filter { !isFinished(episode: $0) }
    }

    /// Whether episode `number`'s file is one this writer finished: UTF-8 text ending with a line break that
    /// `isComplete` accepts. A file emptied, cut short (without its last line break, or a scene heading) or replaced
    /// by something else is written again, not kept; episodes are written whole (`AtomicFile`), so a cut is another
    /// program's.
    public func isFinished(episode number: Int) -> Bool {
        guard let data = FileManager.default.contents(atPath: episodeURL(number).path), data.last == UInt8(ascii: "\n"),
              UTF8Text.firstInvalidOffset([UInt8](data)) == nil else { return false }
        return isComplete(String(decoding: data, as: UTF8.self), season.outline(episode: number))
    }

    /// How the folder's episodes were drawn, as `acceptDialogue` recorded it; nil before any was written.
    public func recordedDialogue() throws -> [String: String]? { try readManifest()?.dialogue }

    /// Records how the dialogue is written on the first run, and refuses other models or settings once episodes
    /// exist, so one season's episodes all come from the same models. `writeEpisodes` calls it; call it first to
    /// refuse before saying anything about resuming.
    /// - Throws: `SeasonWriterError.differentSeason` naming what changed.
    public func acceptDialogue(_ dialogue: [String: String]) throws {
        guard var manifest = try readManifest() else {
            throw SeasonWriterError.foreignFolder(path: directory.path, reason: "it has no \(Self.manifestName); "
                + "call prepare() first")
        }
        if let recorded = manifest.dialogue, recorded != dialogue {
            let changed = Set(recorded.keys).union(dialogue.keys).sorted().filter { recorded[$0] != dialogue[$0] }
                .map { "\($0) was \(recorded[$0] ?? "unset"), now \(dialogue[$0] ?? "unset")" }
            // Only a folder without episodes yet may switch models or temperature.
            if pendingEpisodes().count < season.episodes.count {
                throw SeasonWriterError.differentSeason(path: directory.path, changes: changed)
            }
        }
        if manifest.dialogue != dialogue {
            manifest.dialogue = dialogue
            try writeManifest(manifest)
        }
    }

    /// Progress of `writeEpisodes`: finished and total of this run, seconds so far, and an estimate of what is left.
    public struct Progress: Sendable {
        public let episode: Int
        public let done: Int
        public let total: Int
        public let seconds: Double
        public var secondsLeft: Double? { done > 0 ? seconds / Double(done) * Double(total - done) : nil }
    }

    /// Writes every missing episode, in parallel on all cores (episodes are independent; each file appears
    /// atomically when its episode is done).
    /// - Parameters:
    ///   - dialogue: how the dialogue is written (temperature, models); recorded on the first run and required to
    ///     match on later ones, so that one season's episodes all come from the same models.
    ///   - limit: write at most this many episodes (tests simulate a killed run with it).
    ///   - render: the episode's script text, given its number, outline and seed.
    ///   - progress: called after each episode (from worker threads, one call at a time).
    /// - Returns: how many episodes were written and how many were kept.
    @discardableResult
    public func writeEpisodes(dialogue: [String: String], limit: Int? = nil,
                              render: @escaping @Sendable (_ number: Int, _ outline: Outline, _ seed: UInt64) throws
                                  -> String,
                              progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws
        -> (written: Int, kept: Int) {
        try acceptDialogue(dialogue)
        var pending = pendingEpisodes()
        let kept = season.episodes.count - pending.count
        if let limit { pending = Array(pending.prefix(max(0, limit))) }
        guard !pending.isEmpty else { return (0, kept) }
        let start = DispatchTime.now().uptimeNanoseconds
        let work = pending
        let state = RunState()
        let season = season
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            if state.failed { return }
            let number = work[k]
            do {
                let text = try render(number, season.outline(episode: number),
                                      Self.episodeSeed(season: season.seed, episode: number))
                try AtomicFile.write(text, to: self.episodeURL(number))
                state.finished { done in
                    progress(Progress(episode: number, done: done, total: work.count,
                                      seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
                }
            } catch {
                state.fail(error)
            }
        }
        if let failure = state.failure { throw failure }
        return (work.count, kept)
    }
}

/// Shared by the episode workers: how many are done, and the first failure.
final class RunState: Sendable {
    private let state = Mutex<(done: Int, error: (any Error)?)>((0, nil))

    var failed: Bool { state.withLock { $0.error != nil } }
    var failure: (any Error)? { state.withLock { $0.error } }
    func fail(_ e: any Error) { state.withLock { if $0.error == nil { $0.error = e } } }
    /// Counts one more episode done and reports it while holding the lock, so reports arrive one at a time.
    func finished(_ report: (Int) -> Void) {
        state.withLock {
            $0.done += 1
            report($0.done)
        }
    }
}

extension SeasonWriter {
    /// Episode scripts written by `generator`: episode n's outline, its seed, `endsArc` only for the finale, as
    /// Fountain.
    /// - Parameter silentScenes: told the numbers of an episode's scenes left without dialogue, to report them.
    public static func fountain(by generator: EpisodeGenerator, season: Season,
                                silentScenes: @escaping @Sendable (_ episode: Int, _ scenes: [Int]) -> Void
                                    = { _, _ in })
        -> @Sendable (Int, Outline, UInt64) throws -> String {
        { number, outline, seed in
            let episode = try generator.episode(outline: outline, seed: seed, episodeNumber: number,
                                                endsArc: number == season.episodes.count,
                                                title: season.episodeTitle(number))
            if !episode.scenesWithoutSpeech.isEmpty { silentScenes(number, episode.scenesWithoutSpeech) }
            return episode.script(.fountain)
        }
    }

    /// Whether `text` is a whole Fountain episode of `outline` as `fountain(by:season:)` writes it: the title page,
    /// then every scene heading, numbered `#1#` to `#n#`.
    public static func isCompleteFountain(_ text: String, outline: Outline) -> Bool {
        guard text.hasPrefix("Title:") else { return false }
        let numbers = Set(text.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasSuffix("#"), let open = line.dropLast().lastIndex(of: "#") else { return nil }
            return Int(line[line.index(after: open) ..< line.index(before: line.endIndex)])
        })
        return (1 ... max(outline.scenes.count, 1)).allSatisfy(numbers.contains)
    }
}

/// Why a season folder cannot be written; each says what to do.
public enum SeasonWriterError: Error, CustomStringConvertible, Equatable {
    case foreignFolder(path: String, reason: String)
    case differentSeason(path: String, changes: [String])
    case busy(path: String)

    public var description: String {
        switch self {
        case let .foreignFolder(path, reason):
            return "\(path): refusing to write a season there: \(reason); choose an empty or new folder with --out"
        case let .differentSeason(path, changes):
            let what = changes.isEmpty ? "the arcs or the cast changed" : changes.joined(separator: "; ")
            return "\(path) holds a season made differently (\(what)); rerun with the same parameters to resume it, "
                + "or choose another --out"
        case let .busy(path):
            return "\(path): another arcgen is writing a season in this folder; wait for it to finish, "
                + "or choose another --out"
        }
    }
}
