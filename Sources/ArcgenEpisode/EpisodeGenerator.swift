import ArcgenCorpus
import ArcgenFountain
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
    /// How each scene is drawn — temperature, length, candidates, attempts — the one generation contract
    /// `arcgen eval` measures too; its draw settings are set through `SceneWriter.use(_:library:)`.
    public var writer: SceneWriter

    /// The cue labels the models know, by role.
    public let cues: CueLabels
    /// What the script calls a role the cast has no name for.
    let roleLabels: [String: [String: String]]
    /// Where the ages the cast is given come from (`VocabularyFile.age(of:role:)`).
    let vocabulary: VocabularyFile

    /// - Parameter vocabulary: the vocabulary the models were trained with (`arcs/vocabulary.json`): its roles are
    ///   the cue labels the models know, and what the script calls a role the cast has not named.
    public init(library: ModelLibrary, guards: GenerationGuards?, vocabulary: VocabularyFile) {
        self.library = library
        writer = SceneWriter(priming: library.manifest.recipe.plan.synopsisPriming, guards: guards)
        cues = CueLabels(vocabulary: vocabulary)
        roleLabels = Dictionary(vocabulary.roles.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
        self.vocabulary = vocabulary
    }

    /// The speaker cues a scene with `roles` is primed with and may write, in order, one each: a vocabulary role's
    /// own cue (`LOST-RELATIVE`), any other role of the arc as an extra (a second one as `EXTRA 2`).
    public func cueLabels(for roles: [String]) -> [String] { cues.labels(for: roles) }

    /// What the writer is asked for `scene`: its labels, and its synopsis with the cast's names written as their
    /// labels, as the corpus synopses were in training.
    func request(_ scene: Outline.Scene, language: String) -> SceneWriter.Scene {
        let labels = cueLabels(for: scene.cast.map(\.role))
        let slots = CastSlots(cast: zip(scene.cast, labels).map { ($0.name, $1) })
        return SceneWriter.Scene(language: language, tag: scene.tag, labels: labels,
                                 synopsis: slots.apply(scene.synopsis))
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
    public func episode(outline: Outline, seed: UInt64, episodeNumber: Int? = nil, endsArc: Bool = true,
                        title: String? = nil) throws -> Episode {
        // Resolve every model first, so a missing one fails before any work.
        let files = try outline.scenes.map { try library.file(for: $0.tag) }
        let models = try library.models(for: outline.scenes.map(\.tag))
        var drafts = [Draft?](repeating: nil, count: outline.scenes.count)
        let language = outline.language.rawValue
        let box = ParallelResults(drafts)
        DispatchQueue.concurrentPerform(iterations: outline.scenes.count) { i in
            let scene = outline.scenes[i]
            var sceneRandom = SeededRandom.derived(seed: seed, stream: UInt64(scene.number))
            let draft = self.draft(scene: scene, model: models[i], file: files[i], language: language,
                                   seed: sceneRandom.next())
            box.set(i, draft)
        }
        drafts = box.values

        var soFar = GeneratedSceneReader.EpisodeSoFar()
        var scenes: [ScriptScene] = []
        // The cast list gives each person's age where the episode first shows them.
        var firstAges: [String: Int] = [:]
        for (i, scene) in outline.scenes.enumerated() {
            let d = drafts[i]!
            let names = self.names(in: scene, of: outline)
            let ages = ages(of: names, in: scene, of: outline)
            for m in scene.cast where firstAges[m.name] == nil { firstAges[m.name] = ages[m.name] }
            let reader = GeneratedSceneReader(names: names, language: language, roleLabels: roleLabels, ages: ages)
            var elements = reader.read(d.text, complete: d.complete, soFar: &soFar)
            if let jump = scene.timeJump(outline.language) {
                elements.insert(.action(Self.timeCard(jump, language: outline.language)), at: 0)
            }
            let last = i == outline.scenes.count - 1
            if last { elements.append(.transition(Self.closing(endsArc: endsArc, language: outline.language))) }
            scenes.append(ScriptScene(
                number: scene.number, heading: Self.heading(scene, language: outline.language), stateID: scene.state,
                tag: scene.tag,
                modelFile: d.modelFile, modelSeed: d.seed, synopsis: scene.synopsis, tension: scene.tension,
                cliffhanger: last ? !endsArc : scene.cliffhanger, elements: elements))
        }
        return Episode(title: title ?? outline.title, arcID: outline.arcID, arcTitle: outline.title,
                       language: outline.language, episodeNumber: episodeNumber, seed: seed,
                       cast: aged(outline.cast, firstSeen: firstAges), scenes: scenes, endsArc: endsArc)
    }

    /// Role id or lower-case label → the name the reader prints for it in `scene`: the scene's cast over its arc's
    /// (`Outline.arcCast(of:)`: in a season, not another woven arc's villain), and each of the scene's people under
    /// the label they speak as (`cueLabels(for:)`: an arc's own role, the baker or the midwife, as `extra`, a second
    /// one as `extra 2`); an arc without a villain has its rival in that part (`GenreRoles`), so a `{villain}` the
    /// model writes is her.
    func names(in scene: Outline.Scene, of outline: Outline) -> [String: String] {
        let arc = outline.arcCast(of: scene)
        var names = Dictionary(arc.map { ($0.role, $0.name) } + scene.cast.map { ($0.role, $0.name) },
                               uniquingKeysWith: { _, b in b })
        for (member, label) in zip(scene.cast, cueLabels(for: scene.cast.map(\.role))) {
            names[label.lowercased()] = member.name
        }
        if names[GenreRoles.villain] == nil, let rival = names[GenreRoles.rival] {
            names[GenreRoles.villain] = rival
        }
        return names
    }

    /// `cast` with the ages its scenes print: where each first appears (`firstSeen`), else at the arc's end.
    func aged(_ cast: [CastMember], firstSeen: [String: Int]) -> [CastMember] {
        let end = ages(of: cast)
        return cast.map { m in
            var m = m
            m.age = firstSeen[m.name] ?? end[m.name]
            return m
        }
    }

    /// Name → age for everyone `names` prints in `scene`, less the years between it and the arc's last scene (a
    /// time jump still to come: `Outline.Scene.yearsAhead`) for all but the outline's timeless people. Never below
    /// 0: `arcs check` warns where an age the arc's cast block gives would be; a vocabulary age is clamped silently.
    func ages(of names: [String: String], in scene: Outline.Scene, of outline: Outline) -> [String: Int] {
        var ages = ages(of: scene.cast + outline.arcCast(of: scene), parts: names)
        for (name, age) in ages { ages[name] = outline.age(age, of: name, in: scene) }
        return ages
    }

    /// Name → age at the arc's end for `members` and the people `parts` (role → name) prints: the age the cast
    /// gives the person (their arc's cast block), else the vocabulary's for the role the cast gives them, else for
    /// the part they stand in for (an arc's own role speaks as the extra), sorted so a name in two parts always takes
    /// the same.
    func ages(of members: [CastMember], parts: [String: String] = [:]) -> [String: Int] {
        var ages: [String: Int] = [:]
        for m in members where ages[m.name] == nil { ages[m.name] = m.age }
        // A part numbered as a label is (`extra 2`) stands in for its role.
        let all = members.map { ($0.role, $0.name) }
            + parts.sorted { $0.key < $1.key }.map { (String($0.key.prefix { $0 != " " }), $0.value) }
        for (role, name) in all where ages[name] == nil { ages[name] = vocabulary.age(of: name, role: role) }
        return ages
    }

    /// Draws one scene through the writer; a scene still without speech after every attempt is kept and shows in
    /// `Episode.scenesWithoutSpeech`.
    func draft(scene: Outline.Scene, model: LanguageModel, file: String, language: String, seed: UInt64) -> Draft {
        let d = writer.write(request(scene, language: language), model: model, seed: seed)
        return Draft(text: d.text, complete: d.complete, modelFile: file, seed: d.seed)
    }

    /// The title card a scene opens with where its arc jumps in time (`Outline.Scene.timeJump`), as a script
    /// writes it: the synopsis that says so is a Fountain note, which no reader of the page sees.
    static func timeCard(_ jump: String, language: Language) -> String {
        (language == .es ? "RÓTULO: " : "SUPER: ") + jump.uppercased() + "."
    }

    /// How the episode's last scene ends, in the script's language: the end of the arc fades out, a cliffhanger cuts
    /// to black. Between scenes the heading is the cut, as in today's scripts.
    static func closing(endsArc: Bool, language: Language) -> String {
        switch (endsArc, language) {
        case (true, .es): "FUNDIDO A NEGRO."
        case (true, .en): "FADE OUT."
        case (false, .es): "CORTE A NEGRO."
        case (false, .en): "CUT TO BLACK."
        }
    }

    /// `INT. HACIENDA - SALA` + time → heading parts, split by the Fountain parser's heading rule; a location
    /// that does not start like a heading is an interior.
    static func heading(_ scene: Outline.Scene, language: Language) -> SceneHeading {
        let time = scene.time.label(language)
        guard let parts = FountainLine.headingParts(scene.location) else {
            return SceneHeading(interiorExterior: "INT.", location: scene.location, time: time)
        }
        return SceneHeading(interiorExterior: parts.interiorExterior, location: parts.rest, time: time)
    }
}
