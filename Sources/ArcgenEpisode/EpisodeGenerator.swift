import ArcgenModels
import ArcgenNeural
import ArcgenPlot
import ArcgenScript
import ArcgenSupport
import ArcgenVocabulary
import Dispatch
import Foundation
import Synchronization

/// Where a plan meets the models: every scene of an outline is written by the model of its own beat tag, primed
/// with the training header of the scene's language, that tag and the roles present, kept clean by the word-list
/// and no-copy constraints, and bound to the episode's cast. The header only primes: the script is read from what
/// the model writes after it (`GeneratedSceneReader`), so it never reaches the Fountain, Markdown or JSON. Scenes
/// are generated in parallel on all cores; each scene's seed is derived from the episode's seed and the scene's
/// number, so the same seed gives the same bytes however the work is scheduled.
public final class EpisodeGenerator: @unchecked Sendable {
    public let library: ModelLibrary
    public let guards: GenerationGuards?
    let noCopy: NoCopyConstraint?
    /// The temperature `arcgen eval` chose; also the one a greedy run's redraws sample at.
    public static let defaultTemperature: Float = 0.8
    public var temperature: Float = defaultTemperature
    public var maxCharactersPerScene = 1600
    /// Attempts per scene when a draw has fewer than two speeches.
    public var attempts = 3

    /// The roles the tag models know, by id: their cue labels prime and constrain each scene.
    let modelRoles: [String: VocabularyFile.Role]
    /// The label of a role the models do not know: any other role of an arc is written as an extra.
    let extraCue: String
    /// What the script calls a role the cast has no name for.
    let roleLabels: [String: [String: String]]

    /// - Parameter vocabulary: the vocabulary the models were trained with (`arcs/vocabulary.json`): its roles are
    ///   the cue labels the models know, and what the script calls a role the cast has not named.
    public init(library: ModelLibrary, guards: GenerationGuards?, vocabulary: VocabularyFile) {
        self.library = library
        self.guards = guards
        noCopy = guards?.noCopyConstraint()
        modelRoles = Dictionary(vocabulary.roles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        extraCue = modelRoles["extra"]?.cue ?? "EXTRA"
        roleLabels = modelRoles.mapValues(\.label)
    }

    /// The speaker cues a scene with `roles` is primed with and may write, in order, once each: a vocabulary role's
    /// own cue (`LOST-RELATIVE`), any other role of the arc as an extra.
    public func cueLabels(for roles: [String]) -> [String] {
        var labels: [String] = []
        for role in roles {
            let label = modelRoles[role]?.cue ?? extraCue
            if !labels.contains(label) { labels.append(label) }
        }
        return labels
    }

    /// One scene's raw draw and how it was made.
    struct Draft {
        var text: String
        var complete: Bool
        var modelFile: String
        var seed: UInt64
    }

    /// Writes the episode for `outline`.
    /// - Parameters:
    ///   - seed: the episode's seed; scene n samples with a seed derived from it and n.
    ///   - endsArc: whether the outline's last scene ends the arc (the last scene is then not a cliffhanger).
    /// - Throws: `ModelsError` naming the tag and file when a scene's model is missing or unreadable.
    public func episode(outline: Outline, seed: UInt64, episodeNumber: Int? = nil, endsArc: Bool = true, title: String? = nil) throws -> Episode {
        // Resolve every model first, so a missing one fails before any work.
        let models = try outline.scenes.map { try library.model(for: $0.tag) }
        let files = try outline.scenes.map { try library.file(for: $0.tag) }
        var drafts = [Draft?](repeating: nil, count: outline.scenes.count)
        let language = outline.language.rawValue
        let box = ParallelResults(drafts)
        DispatchQueue.concurrentPerform(iterations: outline.scenes.count) { i in
            let scene = outline.scenes[i]
            var sceneRandom = SeededRandom.derived(seed: seed, stream: UInt64(scene.number))
            let draft = self.draft(scene: scene, model: models[i], file: files[i], language: language, seed: sceneRandom.next())
            box.set(i, draft)
        }
        drafts = box.values

        var seen = Set<String>()
        var scenes: [ScriptScene] = []
        for (i, scene) in outline.scenes.enumerated() {
            let d = drafts[i]!
            var names = Dictionary(outline.cast.map { ($0.role, $0.name) } + scene.cast.map { ($0.role, $0.name) },
                                   uniquingKeysWith: { _, b in b })
            // An arc's own role (the baker, the midwife) speaks as the extra: the EXTRA cue is that person.
            if !scene.cast.contains(where: { $0.role == "extra" }),
               let own = scene.cast.first(where: { modelRoles[$0.role] == nil }) {
                names["extra"] = own.name
            }
            let reader = GeneratedSceneReader(names: names, language: language, roleLabels: roleLabels)
            let elements = reader.read(d.text, complete: d.complete, seen: &seen)
            let last = i == outline.scenes.count - 1
            scenes.append(ScriptScene(
                number: scene.number, heading: Self.heading(scene, language: outline.language), stateID: scene.state, tag: scene.tag,
                modelFile: d.modelFile, modelSeed: d.seed, synopsis: scene.synopsis, tension: scene.tension,
                cliffhanger: last ? !endsArc : scene.cliffhanger, elements: elements))
        }
        return Episode(title: title ?? outline.title, arcID: outline.arcID, arcTitle: outline.title,
                       language: ScriptLanguage(rawValue: language) ?? .es, episodeNumber: episodeNumber, seed: seed,
                       cast: outline.cast.map { CastMember(role: $0.role, name: $0.name) }, scenes: scenes, endsArc: endsArc)
    }

    /// Samples one scene; redraws (with derived seeds) when a draw has fewer than two speeches or leaves a role of
    /// the scene silent, and keeps the draw where most roles speak, then the one with most speeches. Greedy decoding
    /// (temperature 0) gives the same draw for every seed, so its redraws sample at `defaultTemperature`; a scene
    /// still without speech after every attempt is kept and shows in `Episode.scenesWithoutSpeech`.
    func draft(scene: Outline.Scene, model: LanguageModel, file: String, language: String, seed: UInt64) -> Draft {
        let labels = cueLabels(for: scene.cast.map(\.role))
        // The tag whose model writes the scene: the header names the beat the model was fine-tuned on.
        let header = SceneSampler.header(language: language, tag: scene.tag, roles: labels)
        let sampler = SceneSampler(model: model)
        // Speakers by construction: only the scene's own labels, never twice in a row, all of them before the end.
        // Past half the scene's length, a role still silent is called on at the next paragraph.
        let cues = CueConstraint(labels: labels, transitions: language == "en" ? CueConstraint.englishTransitions : [],
                                 pressAfter: maxCharactersPerScene / 2)
        var best: Draft?
        var bestScore = (-1, -1)
        var s = seed
        for attempt in 0 ..< max(1, attempts) {
            let redrawTemperature = attempt > 0 && temperature <= 0 ? Self.defaultTemperature : temperature
            let options = SceneSampler.options(temperature: redrawTemperature, maxCharacters: maxCharactersPerScene)
            var constraints: [any GenerationConstraint] = [cues]
            if let guards, let noCopy { constraints += guards.constraints(noCopy: noCopy, language: language) }
            let out = sampler.scenes(headers: [header], seeds: [s], options: options, constraints: [constraints])[0]
            // A draw is better when more of the scene's roles speak, then when it has more speeches.
            var heard = cues
            heard.append(Array(out.text.unicodeScalars))
            let score = (heard.spoken.count, Self.speechCount(out.text))
            if score > bestScore {
                best = Draft(text: out.text, complete: out.stop == .stopString, modelFile: file, seed: s)
                bestScore = score
            }
            if score.0 >= cues.mustSpeak.count && score.1 >= 2 { break }
            var r = SeededRandom(seed: s)
            s = r.next()
        }
        return best!
    }

    /// Cue lines in a raw draw: an upper-case line after a blank line, followed by text.
    static func speechCount(_ text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var n = 0
        for i in lines.indices where i + 1 < lines.count {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            if !l.isEmpty, l == l.uppercased(), l.rangeOfCharacter(from: .letters) != nil, !l.hasSuffix(":"),
               (i == 0 || lines[i - 1].trimmingCharacters(in: .whitespaces).isEmpty),
               !lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty { n += 1 }
        }
        return n
    }

    /// `INT. HACIENDA - SALA` + time → heading parts.
    static func heading(_ scene: Outline.Scene, language: Language) -> SceneHeading {
        let location = scene.location
        let time = scene.time.label(language)
        for prefix in ["INT./EXT.", "INT/EXT", "I/E", "INT.", "EXT.", "EST."] where location.uppercased().hasPrefix(prefix) {
            let rest = location.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            return SceneHeading(interiorExterior: prefix, location: rest, time: time)
        }
        return SceneHeading(interiorExterior: "INT.", location: location, time: time)
    }
}

/// Results written by parallel workers at distinct indices.
final class ParallelResults<T: Sendable>: Sendable {
    private let storage: Mutex<[T]>
    init(_ values: [T]) { storage = Mutex(values) }
    func set(_ i: Int, _ v: T) { storage.withLock { $0[i] = v } }
    var values: [T] { storage.withLock { $0 } }
}
