import ArcgenCorpus
@testable import ArcgenModels
import ArcgenFountain
import ArcgenNeural
import ArcgenPlot
import ArcgenScript
import ArcgenSupport
import ArcgenVocabulary
import Foundation
import Testing
@testable import ArcgenEpisode

/// Episodes written by tiny models of two tags, trained in the test on a tiny corpus.
@Suite("Episode", .serialized)
struct EpisodeTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped vocabulary: the roles the tiny models' corpus uses.
    static let vocabulary = try! VocabularyFile.load(path: root.appendingPathComponent("arcs/vocabulary.json").path)

    static let roleLabels = Dictionary(uniqueKeysWithValues: vocabulary.roles.map { ($0.id, $0.label) })

    static let arcJSON = """
    {"$schema": "./arc.schema.json", "id": "tiny", "title": {"es": "Diminuta", "en": "Tiny"},
     "roles": ["heroine", "galan"], "start": "forget", "endings": ["wed"],
     "states": [
      {"id": "forget", "tag": "amnesia",
       "synopsis": {"es": "{heroine} no recuerda a {galan}.", "en": "{heroine} does not remember {galan}."},
       "roles": ["heroine", "galan"], "locations": [{"es": "INT. HOSPITAL - CUARTO", "en": "INT. HOSPITAL - ROOM"}],
       "time": "day", "tension": 5,
       "transitions": [{"to": "forget", "weight": 1}, {"to": "wed", "weight": 1}]},
      {"id": "wed", "tag": "wedding",
       "synopsis": {"es": "{heroine} y {galan} se casan.", "en": "{heroine} and {galan} marry."},
       "roles": ["heroine", "galan"], "locations": [{"es": "INT. IGLESIA - ALTAR", "en": "INT. CHURCH - ALTAR"}],
       "time": "night", "tension": 3}
     ]}
    """

    static func corpusScene(_ tag: String, _ lang: String, _ n: Int) -> String {
        let es = lang == "es"
        let line = tag == "wedding"
            ? (es ? "¡Sí, acepto! Nos casamos hoy en la iglesia, amor \(n)."
                  : "I do! We marry today in the church, love \(n).")
            : (es ? "No recuerdo nada, ¿quién eres tú? Olvidé todo \(n)."
                  : "I remember nothing, who are you? I forgot it all \(n).")
        return """
        INT. LUGAR \(n) - NOCHE

        [[tags: \(tag)]]
        [[lang: \(lang)]]
        [[roles: ANA = heroine; LUIS = galan]]
        [[synopsis: \(es ? "Ana le pregunta a Luis si de verdad la quiere, y él se lo jura en la noche \(n)."
                         : "Ana asks Luis whether he truly loves her, and he swears it on night \(n).")]]

        Ana mira a Luis.

        ANA
        \(line)

        LUIS
        (pausa)
        \(es ? "Te quiero, Ana." : "I love you, Ana.")

        ANA
        \(es ? "¿Me lo juras?" : "Do you swear it?")

        """
    }

    /// Trains the tiny models once for the whole suite.
    static let fixture: (root: URL, models: String, arc: Arc) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-episode-\(UUID().uuidString)")
        let corpus = dir.appendingPathComponent("corpus")
        try! FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try! FileManager.default.copyItem(at: root.appendingPathComponent("arcs/vocabulary.json"),
                                          to: dir.appendingPathComponent("vocabulary.json"))
        for tag in ["wedding", "amnesia"] {
            for lang in ["es", "en"] {
                try! (0 ..< 10).map { corpusScene(tag, lang, $0) }.joined(separator: "\n")
                    .write(to: corpus.appendingPathComponent("\(tag).\(lang).fountain"), atomically: true,
                           encoding: .utf8)
            }
        }
        var plan = ModelTrainingPlan()
        plan.base.layers = 1; plan.base.hidden = 24; plan.base.embedding = 8; plan.base.steps = 24; plan.base.batch = 4
        plan.base.maxUpdates = 200; plan.base.evaluateEvery = 50; plan.base.patience = nil
        plan.base.learningRate = 1e-2
        plan.fineTune.steps = 24; plan.fineTune.batch = 2; plan.fineTune.maxUpdates = 30
        plan.fineTune.evaluateEvery = 10; plan.fineTune.patience = nil
        plan.heldOutFraction = 0.2
        let models = dir.appendingPathComponent("models").path
        _ = try! CorpusModelTrainer(corpusDirectory: corpus.path, outputDirectory: models, plan: plan,
                                    commandLine: "test").run()
        let arcFile = dir.appendingPathComponent("tiny.json")
        try! arcJSON.write(to: arcFile, atomically: true, encoding: .utf8)
        let vocabulary = try! ArcgenPlot.Vocabulary.load(path: root.appendingPathComponent("arcs/vocabulary.json").path)
        let arc = try! ArcLoader(vocabulary: vocabulary).load(path: arcFile.path)
        return (dir, models, arc)
    }()

    static func outline(scenes: Int = 4, seed: UInt64 = 3, lang: Language = .es) throws -> Outline {
        let arc = fixture.arc
        let plan = try PlotPlanner(graph: try ArcGraph(arc: arc)).plan(scenes: .exactly(scenes), seed: seed)
        let cast = Cast.defaults(for: arc, language: lang).overriding(with: ["heroine": "Rosaura", "galan": "Emiliano"])
        return Outline(arc: arc, plan: plan, cast: cast, language: lang)
    }

    static func generator(constrained: Bool = true) throws -> EpisodeGenerator {
        let library = try ModelLibrary(directory: fixture.models)
        let corpus = fixture.root.appendingPathComponent("corpus").path
        let guards = constrained ? try GenerationGuards.load(corpusDirectory: corpus, vocabulary: Self.vocabulary) : nil
        let g = EpisodeGenerator(library: library, guards: guards, vocabulary: Self.vocabulary)
        g.writer.maxCharacters = 400
        return g
    }

    @Test("a rank that weighs the gain over the base loads the base, draws otherwise, and the same per seed")
    func rankGain() throws {
        let outline = try Self.outline()
        let generator = try Self.generator()
        let plain = try generator.episode(outline: outline, seed: 11)
        #expect(generator.writer.baseline == nil)
        // The fixture's fine-tunes are a few small steps from the base: only a heavy weight tells them apart.
        var draw = DrawSettings()
        draw.rankGain = 100
        try generator.writer.use(draw, library: generator.library)
        let base = try generator.library.baseModel()
        #expect(generator.writer.baseline?.parameters == base.parameters)
        #expect(try generator.library.model(for: "wedding").parameters != base.parameters)
        let gained = try generator.episode(outline: outline, seed: 11).scenes.map(\.elements)
        #expect(gained != plain.scenes.map(\.elements))
        #expect(try generator.episode(outline: outline, seed: 11).scenes.map(\.elements) == gained)
        // Whole scenes ranked have no paragraphs to weigh: the base is not loaded.
        draw.rankParagraphs = false
        try generator.writer.use(draw, library: generator.library)
        #expect(generator.writer.baseline == nil)
    }

    @Test("each scene is written by its own state's model, and the text is that model's seeded sample")
    func routing() throws {
        let outline = try Self.outline()
        let generator = try Self.generator(constrained: false)
        // Whole scenes ranked, so that a scene's recorded seed replays it alone (SceneWriterTests replay a batch).
        generator.writer.draw.rankParagraphs = false
        let episode = try generator.episode(outline: outline, seed: 11)
        #expect(episode.scenes.count == 4)
        #expect(episode.scenes.last?.tag == "wedding" && episode.endsArc)
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        for (scene, planned) in zip(episode.scenes, outline.scenes) {
            #expect(scene.tag == planned.tag && scene.stateID == planned.state)
            #expect(scene.modelFile == "\(planned.tag).lstm")
            // Redraw with the recorded model and seed, primed with the state's tag: the same elements come out.
            let model = try generator.library.model(for: planned.tag)
            // The writer's header is the training header: tag, labels and the synopsis's plan line (names as labels).
            let request = generator.request(planned, language: "es")
            let header = generator.writer.header(request)
            #expect(header.hasPrefix("= es \(planned.tag): HEROINE, GALAN\n= "))
            #expect(header.hasSuffix("\n\n") && !header.contains("Rosaura") && !header.contains("Emiliano"))
            // Unconstrained means no word list and no no-copy guard; the cue and no-repeat rules hold. The recorded
            // seed is the kept candidate's: replayed alone, it writes the same text.
            let cues = generator.writer.constraints(request, header: header).1
            let options = generator.writer.options(temperature: generator.writer.draw.temperature)
            let raw = SceneSampler(model: model).scenes(headers: [header], seeds: [scene.modelSeed!], options: options,
                                                        constraints: [cues],
                                                        pulls: generator.writer.pull(request).map { [$0] })[0]
            var expected = GeneratedSceneReader(names: ["heroine": "Rosaura", "galan": "Emiliano"])
                .read(raw.text, complete: raw.stop == .stopString, soFar: &soFar)
            // The plan closes the episode: the arc's end fades out.
            if scene.number == episode.scenes.last!.number { expected.append(.transition("FUNDIDO A NEGRO.")) }
            #expect(scene.elements == expected)
        }
        // An episode that stops on a cliffhanger cuts to black, in the script's language; no other scene has a
        // transition.
        let english = try generator.episode(outline: try Self.outline(lang: .en), seed: 11, endsArc: false)
        #expect(english.scenes.last!.elements.last == .transition("CUT TO BLACK."))
        let transitions = english.scenes.flatMap(\.elements).filter { if case .transition = $0 { true } else { false } }
        #expect(transitions.count == 1)
        // Where the arc jumps in time the scene opens on a title card, in the script's language, and only there; a
        // Fountain reader takes it for action, not a cue.
        let planned = try Self.outline(lang: .en)
        let jumped = Outline.Scene.dated(planned.scenes.map { s in
            Outline.Scene(number: s.number, state: s.state, tag: s.tag, location: s.location, locations: s.locations,
                          time: s.time, tension: s.tension, cliffhanger: s.cliffhanger, cast: s.cast,
                          synopsis: s.synopsis, reveals: s.reveals, hides: s.hides,
                          yearsAfterStart: s.number == planned.scenes.count ? 3 : 0)
        })
        let later = try generator.episode(outline: Outline(arcID: planned.arcID, title: planned.title, language: .en,
                                                           seed: planned.seed, cast: planned.cast, scenes: jumped),
                                          seed: 11)
        let card = ScriptElement.action("SUPER: 3 YEARS LATER.")
        #expect(later.scenes.map { $0.elements.first == card } == [false, false, false, true])
        #expect(FountainParser.parse(later.script(.fountain)).kinds.contains(.action("SUPER: 3 YEARS LATER.")))
        // The cast list gives her age where she first appears, three years before the end.
        let heroineAge = try #require(Self.vocabulary.age(of: "Rosaura", role: "heroine"))
        #expect(later.cast.first { $0.name == "Rosaura" }?.age == heroineAge - 3)
        #expect(EpisodeGenerator.timeCard("1 año después", language: .es) == "RÓTULO: 1 AÑO DESPUÉS.")
        // A model of the other tag, primed the same way, would have written something else.
        let other = try generator.library.model(for: "amnesia")
        let wedding = episode.scenes.last!
        let header = generator.writer.header(generator.request(outline.scenes.last!, language: "es"))
        let swappedOptions = generator.writer.options(temperature: generator.writer.draw.temperature)
        let swapped = SceneSampler(model: other).scenes(headers: [header], seeds: [wedding.modelSeed!],
                                                        options: swappedOptions)[0]
        var scratch = GeneratedSceneReader.EpisodeSoFar()
        #expect(GeneratedSceneReader(names: ["heroine": "Rosaura", "galan": "Emiliano"])
            .read(swapped.text, complete: true, soFar: &scratch) != Array(wedding.elements.dropLast()))
    }

    @Test("eval and episode sample through one writer: same scene and seed, same draft")
    func evalSamplesAsEpisodeDoes() throws {
        let generator = try Self.generator()
        var evaluation = ModelEvaluation()
        evaluation.draw.temperature = generator.writer.draw.temperature
        var evalWriter = try evaluation.writer(library: generator.library,
                                               corpusDirectory: Self.fixture.root.appendingPathComponent("corpus").path)
        evalWriter.maxCharacters = generator.writer.maxCharacters
        #expect(evalWriter.priming == generator.writer.priming && evalWriter.priming == .words)
        for scene in try Self.outline().scenes {
            let request = generator.request(scene, language: "es")
            let model = try generator.library.model(for: scene.tag)
            let a = evalWriter.write(request, model: model, seed: 31)
            let b = generator.writer.write(request, model: model, seed: 31)
            #expect(a.text == b.text && a.seed == b.seed)
        }
    }

    @Test("same seed, identical bytes in every format; another seed, another episode")
    func reproducible() throws {
        let a = try Self.generator().episode(outline: try Self.outline(), seed: 5)
        let b = try Self.generator().episode(outline: try Self.outline(), seed: 5)
        for format in ScriptFormat.allCases {
            #expect(a.script(format, explain: true) == b.script(format, explain: true))
        }
        let c = try Self.generator().episode(outline: try Self.outline(), seed: 6)
        #expect(a.script(.fountain) != c.script(.fountain))
    }

    @Test("JSON decodes to the same episode, and our Fountain parser reads our Fountain back")
    func formats() throws {
        let episode = try Self.generator().episode(outline: try Self.outline(), seed: 7)
        let decoded = try EpisodeJSON.decode(Data(episode.script(.json).utf8))
        #expect(decoded == episode)
        let parsed = FountainParser.parse(episode.script(.fountain)).elements
        let headings = parsed.compactMap {
            if case let .sceneHeading(text, _) = $0.kind { return text } else { return nil }
        }
        #expect(headings.count == episode.scenes.count)
        let cues = parsed.compactMap { if case let .character(cue) = $0.kind { return cue.name } else { return nil } }
        #expect(cues == episode.scenes.flatMap(\.speeches).map { $0.speaker.uppercased() })
        let lines = parsed.compactMap { if case let .dialogue(text) = $0.kind { return text } else { return nil } }
        #expect(lines == episode.scenes.flatMap(\.speeches).flatMap { $0.segments.map(\.text) })
    }

    @Test("the priming header never reaches the script, in any format")
    func noHeaderInScript() throws {
        let outline = try Self.outline()
        let episode = try Self.generator().episode(outline: outline, seed: 7)
        for format in ScriptFormat.allCases {
            for explain in [false, true] {
                let text = episode.script(format, explain: explain)
                for tag in Set(outline.scenes.map(\.tag)) {
                    #expect(!text.contains("= es \(tag):"), "\(format) shows the \(tag) header")
                }
            }
        }
        // Even a header in the raw text (a prime echoed back) is not an element of the scene.
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        let raw = SceneSampler.header(language: "es", tag: "wedding", roles: ["HEROINE"])
            + "HEROINE\n¡Acepto!\n\n===\n"
        let elements = GeneratedSceneReader(names: ["heroine": "Rosaura"]).read(raw, complete: true, soFar: &soFar)
        #expect(elements == [.dialogue(Speech(speaker: "Rosaura", role: "heroine", text: "¡Acepto!"))])
    }

    @Test("a speaker whose two speeches lose what stood between them (a transition the plan overrides) speaks once")
    func speechesJoined() {
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        let twice = "HEROINE\nSí.\n\n> CORTE A:\n\nHEROINE\n(bajito)\nAcepto.\n\n===\n"
        #expect(GeneratedSceneReader(names: ["heroine": "Rosaura"]).read(twice, complete: true, soFar: &soFar)
            == [.dialogue(Speech(speaker: "Rosaura", role: "heroine", segments: [
                Speech.Segment(text: "Sí."), Speech.Segment(parenthetical: "bajito", text: "Acepto."),
            ]))])
        let offScreen = "HEROINE (O.S.)\n¿Quién es?\n\n> CORTE A:\n\nHEROINE\nAh, eres tú.\n\n===\n"
        #expect(GeneratedSceneReader(names: ["heroine": "Rosaura"]).read(offScreen, complete: true, soFar: &soFar)
            .count == 2)
    }

    @Test("cast binding puts the right names on the right roles")
    func binding() throws {
        let episode = try Self.generator().episode(outline: try Self.outline(), seed: 9)
        let speeches = episode.scenes.flatMap(\.speeches)
        #expect(!speeches.isEmpty)
        for s in speeches {
            switch s.role {
            case "heroine": #expect(s.speaker == "Rosaura")
            case "galan": #expect(s.speaker == "Emiliano")
            default: break
            }
        }
        let text = episode.script(.fountain)
        #expect(!text.contains("{heroine}") && !text.contains("{galan}"))
        #expect(text.contains("ROSAURA") || text.contains("EMILIANO"))
    }

    @Test("the no-copy source is exactly the corpus's training text")
    func copySource() throws {
        let directory = Self.fixture.root.appendingPathComponent("corpus").path
        let guards = try GenerationGuards.load(corpusDirectory: directory, vocabulary: Self.vocabulary)
        #expect(guards.source == Corpus.trainingText(of: try Corpus.load(directory: directory).scenes))
        #expect(!guards.source.isEmpty)
    }

    @Test("the guards cache is written once, read back identical, and rebuilt when the corpus or the file changes")
    func guardsCache() throws {
        let root = Self.fixture.root.appendingPathComponent("cache-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus").path
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let source = Self.fixture.root.appendingPathComponent("corpus").path
        try FileManager.default.copyItem(atPath: source, toPath: corpus)
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("guards.cache")
        let fresh = try GenerationGuards.load(corpusDirectory: corpus, vocabulary: Self.vocabulary)
        let first = try GenerationGuards.load(corpusDirectory: corpus, cacheFile: cache, vocabulary: Self.vocabulary)
        let written = try Data(contentsOf: cache)
        let second = try GenerationGuards.load(corpusDirectory: corpus, cacheFile: cache, vocabulary: Self.vocabulary)
        for guards in [first, second] {
            #expect(guards.source == fresh.source && guards.words.count == fresh.words.count)
            #expect(guards.wordsByLanguage.mapValues(\.count) == fresh.wordsByLanguage.mapValues(\.count))
        }
        #expect(try Data(contentsOf: cache) == written)
        // A cache read back is what the corpus builds: same text, same word lists.
        let key = try GenerationGuards.corpusKey(corpus)
        let built = GuardsCache.build(corpus: try Corpus.load(directory: corpus), key: key)
        #expect(GuardsCache.read(cache, key: key) == built)
        #expect(GuardsCache.read(cache, key: key &+ 1) == nil)
        // An edited corpus file changes the key, and the cache follows it.
        let file = try #require(try Corpus.fountainFiles(in: corpus).first)
        let edited = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "Ana mira a Luis.", with: "Ana mira a Luis, muda.")
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        let after = try GenerationGuards.load(corpusDirectory: corpus, cacheFile: cache, vocabulary: Self.vocabulary)
        #expect(after.source.contains("muda") && after.words.contains("muda"))
        #expect(try GenerationGuards.corpusKey(corpus) != key)
        // A damaged cache is rebuilt, never trusted or fatal.
        for damage in [Data(), Data("ARCGUARD".utf8), written.prefix(written.count / 2), written + Data([1])] {
            try damage.write(to: cache)
            let rebuilt = try GenerationGuards.load(corpusDirectory: corpus, cacheFile: cache,
                                                    vocabulary: Self.vocabulary)
            #expect(rebuilt.source == after.source)
        }
    }

    @Test("constrained scenes spell only corpus words")
    func constrained() throws {
        let corpus = Self.fixture.root.appendingPathComponent("corpus").path
        let guards = try GenerationGuards.load(corpusDirectory: corpus, vocabulary: Self.vocabulary)
        let episode = try Self.generator().episode(outline: try Self.outline(scenes: 6), seed: 13)
        // The cast's names and the labels of roles the cast leaves unnamed ("la criada") are the script's, not
        // the model's words: the Spanish labels' nouns, not their articles.
        let labels = Self.vocabulary.roles.compactMap { $0.label["es"] }
            .map { NameJoining.withoutArticle($0).lowercased() }.filter { !$0.contains(" ") }
        let names = Set(["rosaura", "emiliano"] + labels)
        for scene in episode.scenes {
            for s in scene.speeches {
                for seg in s.segments {
                    for w in WordTrie.words(in: seg.text) where !names.contains(w) {
                        #expect(guards.words.contains(w), "'\(w)' in \(seg.text)")
                    }
                }
            }
        }
    }

    @Test("a missing model for a tag is a clear error naming the tag and the file")
    func missingModel() throws {
        let copy = Self.fixture.root.appendingPathComponent("models-copy").path
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: Self.fixture.models, toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/wedding.lstm")
        let g = EpisodeGenerator(library: try ModelLibrary(directory: copy), guards: nil, vocabulary: Self.vocabulary)
        #expect { _ = try g.episode(outline: try Self.outline(), seed: 1) } throws: {
            "\($0)".contains("'wedding'") && "\($0)".contains("wedding.lstm")
        }
    }

    @Test("the generated-scene reader binds cues and slots, drops repeats and unfinished endings")
    func reader() {
        let raw = """
        {heroine} entra.

        HEROINE
        (furiosa)
        ¿Dónde estabas, {galan}?

        GALAN
        ¿Dónde estabas, {galan}?

        DOCTOR
        Tranquila, señora.

        > CORTE A:

        HEROINE
        Esto se cort
        """
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        let names = ["heroine": "Rosaura", "galan": "Emiliano"]
        let reader = GeneratedSceneReader(names: names, roleLabels: Self.roleLabels)
        let elements = reader.read(raw, complete: false, soFar: &soFar)
        #expect(elements.first == .action("Rosaura entra."))
        #expect(elements.contains(.dialogue(Speech(speaker: "Rosaura", role: "heroine", parenthetical: "furiosa",
                                                   text: "¿Dónde estabas, Emiliano?"))))
        // The repeated line is dropped.
        #expect(!elements.contains { if case let .dialogue(s) = $0 { return s.role == "galan" } else { return false } })
        let doctor = Speech(speaker: "el médico", role: "doctor", text: "Tranquila, señora.")
        // A line an earlier scene printed stays when it is its speaker's one speech in the scene, or the role would
        // be silent in its own scene; a speaker heard already in the scene loses it.
        let second = reader.read("DOCTOR\nTranquila, señora.\n\nHEROINE\nSí.\n\nHEROINE\nTranquila, señora.\n",
                                 complete: true, soFar: &soFar)
        #expect(second == [.dialogue(doctor), .dialogue(Speech(speaker: "Rosaura", role: "heroine", text: "Sí."))])
        // A name called, however long the name, is short as the model wrote it: it may recur.
        var called = GeneratedSceneReader.EpisodeSoFar()
        let longName = GeneratedSceneReader(names: ["heroine": "María Fernanda de la Vega"])
        for _ in 0 ..< 2 {
            #expect(longName.read("HEROINE\nHola.\n\nGALAN\n¿{heroine}?\n", complete: true, soFar: &called).count == 2)
        }
        // The cast has no doctor: the role is described ("el médico") rather than named.
        #expect(elements.contains(.dialogue(doctor)))
        // The model's transition is not kept (the plan ends scenes), and the cut-off speech is dropped.
        #expect(!elements.contains(.transition("CORTE A:")))
        #expect(elements.last == .dialogue(doctor))
        // A delivery keeps no space at its ends (Fountain readers drop them; a stray brace dropped can leave one).
        var again = GeneratedSceneReader.EpisodeSoFar()
        let spaced = reader.read("HEROINE\n(} quiero. {heroine})\nSí, ya voy.\n", complete: true, soFar: &again)
        #expect(spaced == [.dialogue(Speech(speaker: "Rosaura", role: "heroine", parenthetical: "quiero. Rosaura",
                                            text: "Sí, ya voy."))])
        // So does a delivery that opens a line of dialogue, which Fountain readers take for one.
        let opening = reader.read("HEROINE\n(bajito) ( quiero. {heroine}) Ya voy.\n", complete: true, soFar: &again)
        #expect(opening == [.dialogue(Speech(speaker: "Rosaura", role: "heroine", parenthetical: "quiero. Rosaura",
                                             text: "Ya voy."))])
    }

    @Test("two of an arc's own roles in one scene speak as EXTRA and EXTRA 2, each by their own name")
    func twoOwnRoles() throws {
        let generator = try Self.generator()
        let cast = [CastMember(role: "heroine", name: "Rosaura"), CastMember(role: "nurse", name: "Chayo"),
                    CastMember(role: "fiance", name: "Ovidio")]
        let scene = Outline.Scene(number: 1, state: "boda", tag: "wedding", location: "", locations: [], time: .day,
                                  tension: 3, cliffhanger: false, cast: cast,
                                  synopsis: "Chayo llora y Ovidio aplaude a Rosaura.", reveals: [], hides: [])
        let outline = Outline(arcID: "t", title: "t", language: .es, seed: 1, cast: cast, scenes: [scene])
        // Primed with both, as the corpus numbers two speakers who share a role; the synopsis names each by theirs.
        let request = generator.request(scene, language: "es")
        #expect(request.labels == ["HEROINE", "EXTRA", "EXTRA 2"])
        #expect(request.synopsis == "EXTRA llora y EXTRA 2 aplaude a HEROINE.")
        let names = generator.names(in: scene, of: outline)
        #expect(names["extra"] == "Chayo" && names["extra 2"] == "Ovidio")
        // The reader gives each cue, slot and bare label its person.
        let reader = GeneratedSceneReader(names: names, roleLabels: Self.roleLabels)
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        let elements = reader.read("EXTRA 2\n¡Vivan, {heroine}!\n\nEXTRA\nQue sea feliz, {extra 2}.\n\n"
                                   + "EXTRA 2 aplaude.\n", complete: true, soFar: &soFar)
        #expect(elements == [
            .dialogue(Speech(speaker: "Ovidio", role: "extra", text: "¡Vivan, Rosaura!")),
            .dialogue(Speech(speaker: "Chayo", role: "extra", text: "Que sea feliz, Ovidio.")),
            .action("Ovidio aplaude."),
        ])
        // Each keeps the age of the part they stand in for.
        let ages = generator.ages(of: names, in: scene, of: outline)
        #expect(ages["Ovidio"] == Self.vocabulary.age(of: "Ovidio", role: "extra"))
    }

    @Test("an arc without a villain has its rival in that part; an arc with one keeps them apart")
    func villainIsTheRival() throws {
        let generator = try Self.generator()
        let planned = try Self.outline().scenes[0]
        func outline(_ cast: [CastMember]) -> Outline {
            Outline(arcID: "t", title: "t", language: .es, seed: 1, cast: cast, scenes: [planned])
        }
        let rivalOnly = outline([CastMember(role: "heroine", name: "Rosaura"),
                                 CastMember(role: "rival", name: "Fedra")])
        #expect(generator.names(in: planned, of: rivalOnly)["villain"] == "Fedra")
        let both = outline([CastMember(role: "rival", name: "Fedra"), CastMember(role: "villain", name: "Leonora")])
        #expect(generator.names(in: planned, of: both)["villain"] == "Leonora")
        let reader = GeneratedSceneReader(names: generator.names(in: planned, of: rivalOnly),
                                          roleLabels: Self.roleLabels)
        #expect(reader.filled("{villain} sonríe.") == "Fedra sonríe.")
        // Her age is the rival's, as in the episodes where she plays only that part.
        let ages = generator.ages(of: generator.names(in: planned, of: rivalOnly), in: planned, of: rivalOnly)
        let rivalAge = try #require(Self.vocabulary.age(of: "Fedra", role: "rival"))
        #expect(ages["Fedra"] == rivalAge && Self.vocabulary.age(of: "Fedra", role: "villain") != rivalAge)
        #expect(ages["Rosaura"] == Self.vocabulary.age(of: "Rosaura", role: "heroine"))
        // An age the cast gives comes first.
        let aged = outline([CastMember(role: "heroine", name: "Rosaura", age: 41)])
        #expect(generator.ages(of: generator.names(in: planned, of: aged), in: planned, of: aged)["Rosaura"] == 41)
        // Seven years before a time jump she is seven years younger, unless the season has her in two arcs.
        let jump = Outline.Scene(number: 2, state: "later", tag: "wedding", location: "", locations: [], time: .day,
                                 tension: 3, cliffhanger: false, cast: planned.cast, synopsis: "", reveals: [],
                                 hides: [], yearsAfterStart: 7)
        let before = Outline.Scene.dated([planned, jump])[0]
        #expect(generator.ages(of: generator.names(in: before, of: aged), in: before, of: aged)["Rosaura"] == 34)
        let timeless = Outline(arcID: "t", title: "t", language: .es, seed: 1, cast: aged.cast, scenes: [planned],
                               timeless: ["Rosaura"])
        #expect(generator.ages(of: generator.names(in: before, of: timeless), in: before, of: timeless)["Rosaura"]
                    == 41)
        // The episode's cast list gives the ages its scenes print: where each first appears, else at the arc's end.
        #expect(generator.aged(aged.cast, firstSeen: [:])[0].age == 41)
        #expect(generator.aged(aged.cast, firstSeen: ["Rosaura": 29])[0].age == 29)
        #expect(generator.aged(rivalOnly.cast, firstSeen: [:])[0].age
                    == Self.vocabulary.age(of: "Rosaura", role: "heroine"))
    }

    @Test("in a woven outline a role the scene's state does not list is named by the scene's own arc")
    func namesFromTheScenesArc() throws {
        let generator = try Self.generator()
        // The galán alone on stage: the villain and the heroine the model may write are not the state's.
        let galan = [CastMember(role: "galan", name: "Emiliano")]
        let scene = Outline.Scene(number: 4, state: "s", tag: "wedding", location: "", locations: [], time: .day,
                                  tension: 3, cliffhanger: false, cast: galan,
                                  synopsis: "Emiliano espera.", reveals: [], hides: [])
        let own = [CastMember(role: "heroine", name: "Rosaura"), CastMember(role: "villain", name: "Leonora")]
        let other = [CastMember(role: "heroine", name: "Marina"), CastMember(role: "villain", name: "Fedra")]
        // The episode's cast lists the other arc last, as a season's does when its strand comes later.
        let woven = Outline(arcID: "a+b", title: "t", language: .es, seed: 1, cast: own + other, scenes: [scene],
                            arcCasts: [scene.number: own])
        let names = generator.names(in: scene, of: woven)
        #expect(names["villain"] == "Leonora" && names["heroine"] == "Rosaura" && names["galan"] == "Emiliano")
        #expect(generator.ages(of: names, in: scene, of: woven)["Fedra"] == nil)
        // Without the scene's arc, the merged cast's later arc would have named them.
        let merged = Outline(arcID: "a+b", title: "t", language: .es, seed: 1, cast: own + other, scenes: [scene])
        #expect(generator.names(in: scene, of: merged)["villain"] == "Fedra")
    }

    @Test("an age is given once, at a person's first introduction in the episode; a lower-case name opens a sentence")
    func agesOnce() {
        let reader = GeneratedSceneReader(names: ["heroine": "Rosaura", "doctor": "el doctor Espinoza"],
                                          roleLabels: Self.roleLabels)
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        let first = reader.read("{heroine} (24) entra. {doctor} (50) la mira. Sala 3 (12) cerrada.\n",
                                complete: true, soFar: &soFar)
        #expect(first == [.action("Rosaura (24) entra. El doctor Espinoza (50) la mira. Sala 3 (12) cerrada.")])
        // Later scenes: the model gives ages afresh (and others); they go. An uncast role keeps its first one.
        let later = reader.read("{heroine} (31) se sienta junto a {doctor} (45). {police} (40) espera.\n",
                                complete: true, soFar: &soFar)
        #expect(later == [.action("Rosaura se sienta junto al doctor Espinoza. El comandante (40) espera.")])
        // A paragraph repeated word for word is dropped, ages and all; an introduction in a paragraph cut off by the
        // length limit is not spent.
        var again = soFar
        #expect(reader.read("{heroine} (24) entra. {doctor} (50) la mira. Sala 3 (12) cerrada.\n", complete: true,
                            soFar: &again).isEmpty)
        let cutOff = reader.read("Llueve.\n\n{servant} (70) barre el pas", complete: false, soFar: &soFar)
        #expect(cutOff == [.action("Llueve.")])
        let servant = reader.read("{servant} (71) barre.\n", complete: true, soFar: &soFar)
        #expect(servant == [.action("La criada (71) barre.")])
        // A numbered extra is a person of its own: its age is given once, another number's stays.
        let extras = reader.read("{extra 2} (30) sirve. {extra 2} (33) vuelve. {extra 3} (60) mira.\n",
                                 complete: true, soFar: &soFar)
        #expect(extras == [.action("Un hombre 2 (30) sirve. Un hombre 2 vuelve. Un hombre 3 (60) mira.")])
        // The cast's ages take the place of the model's, at the introduction only; a numbered extra and a role
        // the cast lacks keep the model's.
        let aged = GeneratedSceneReader(names: ["heroine": "Rosaura", "doctor": "el doctor Espinoza", "extra": "Tito"],
                                        roleLabels: Self.roleLabels, ages: ["Rosaura": 27, "el doctor Espinoza": 44])
        var agedSoFar = GeneratedSceneReader.EpisodeSoFar()
        #expect(aged.read("{heroine} (40) entra. {doctor} (70) y {police} (61) esperan.\n", complete: true,
                          soFar: &agedSoFar)
            == [.action("Rosaura (27) entra. El doctor Espinoza (44) y el comandante (61) esperan.")])
        #expect(aged.read("{heroine} (19) sale con {extra 2} (30).\n", complete: true, soFar: &agedSoFar)
            == [.action("Rosaura sale con Tito 2 (30).")])
        // A delivery introduces nobody.
        #expect(aged.read("HEROINE\n(a {doctor} (70), bajito)\nYa voy.\n", complete: true, soFar: &agedSoFar)
            == [.dialogue(Speech(speaker: "Rosaura", role: "heroine", parenthetical: "al doctor Espinoza, bajito",
                                 text: "Ya voy."))])
        // After a time jump the cast's age has changed: the person is introduced again, once, at the new age.
        let older = GeneratedSceneReader(names: ["heroine": "Rosaura"], roleLabels: Self.roleLabels,
                                         ages: ["Rosaura": 39])
        #expect(older.read("{heroine} (40) vuelve.\n", complete: true, soFar: &agedSoFar)
            == [.action("Rosaura (39) vuelve.")])
        #expect(older.read("{heroine} (40) sale.\n", complete: true, soFar: &agedSoFar) == [.action("Rosaura sale.")])
        // A name with its own article takes the place of one the model wrote before the slot; a name without one
        // and with a capital takes none ("la Rosaura").
        #expect(reader.filled("La {doctor} entra. Habla con el {servant} y la {heroine}.")
            == "El doctor Espinoza entra. Habla con la criada y Rosaura.")
        #expect(GeneratedSceneReader(names: [:], language: "en", roleLabels: Self.roleLabels)
            .filled("The {servant} waits for the {servant 2}.") == "The maid waits for the maid 2.")
        // A sentence that carries on the plan line's list of words is not prose; one that merely lists is kept.
        let plan = "aliviada pasa LAWYER quiere abrazar hermanas edificio firmar casualidad darle plata director."
        #expect(reader.read(plan + " Turistas de metro.\n\nGritos. Pasos. Silencio.\n", complete: true,
                            soFar: &soFar) == [.action("Turistas de metro."), .action("Gritos. Pasos. Silencio.")])
        #expect(reader.read(plan + "\n", complete: true, soFar: &soFar).isEmpty)
        // A cue label carried from the plan line into the text is a name too; other capitals stay.
        #expect(reader.filled("Celebración. HEROINE sirve; la DOCTOR grita NO.")
            == "Celebración. Rosaura sirve; el doctor Espinoza grita NO.")
    }

    @Test("a slot written against a letter is kept a word of its own; possessives and punctuation stay attached")
    func slotBoundaries() {
        let reader = GeneratedSceneReader(names: ["heroine": "Rosaura", "galan": "Emiliano"])
        #expect(reader.filled("{heroine}eres") == "Rosaura eres")
        #expect(reader.filled("A{galan}{heroine}.") == "A Emiliano Rosaura.")
        #expect(reader.filled("¡{heroine}! {galan}'s, ({heroine})") == "¡Rosaura! Emiliano's, (Rosaura)")
    }

    @Test("a brace that opens or closes no slot is never printed; the role beside it is still named")
    func strayBraces() {
        let reader = GeneratedSceneReader(names: ["heroine": "Rosaura", "galan": "Emiliano"],
                                          roleLabels: Self.roleLabels)
        #expect(reader.filled("en la {doctor. Tiene") == "en el médico. Tiene")
        #expect(reader.filled("de una galan} y paso") == "de una Emiliano y paso")
        #expect(reader.filled("mira {hacia} el {mar") == "mira Hacia el mar")
        #expect(reader.filled("un } suelto y { otro") == "un  suelto y  otro")
        #expect(reader.filled("{heroine, ven") == "Rosaura, ven")
        #expect(reader.filled("nada}pausa a{a x{heroine") == "nada pausa a a x Rosaura")
        #expect(!reader.filled("{a}{b c}}{{x").contains { $0 == "{" || $0 == "}" })
    }

    @Test("a Spanish opening mark matches the mark that closes it; nested and unclosed ones are left alone")
    func matchingOpeners() {
        #expect(GeneratedSceneReader.withMatchingOpeners("¡Sí, Andrés?") == "¿Sí, Andrés?")
        #expect(GeneratedSceneReader.withMatchingOpeners("¿Ya te vas! ¡No!") == "¡Ya te vas! ¡No!")
        #expect(GeneratedSceneReader.withMatchingOpeners("Oye, ¿vienes? ¡Ven!") == "Oye, ¿vienes? ¡Ven!")
        // An opener left open, or a closer with no opener (English), changes nothing.
        #expect(GeneratedSceneReader.withMatchingOpeners("¡Qué noche. Ven?") == "¡Qué noche. Ven?")
        #expect(GeneratedSceneReader.withMatchingOpeners("¿Y ahora") == "¿Y ahora")
        #expect(GeneratedSceneReader.withMatchingOpeners("What? No!") == "What? No!")
    }

    @Test("a quotation the model never closed loses its quote, in a speech or a paragraph; closed ones stay")
    func unpairedQuotes() {
        #expect(GeneratedSceneReader.withoutUnpairedQuote(["Eso dice \"para la señorita."])
            == ["Eso dice para la señorita."])
        #expect(GeneratedSceneReader.withoutUnpairedQuote(["\"Mi señora murió.", "Lo sé."])
            == ["Mi señora murió.", "Lo sé."])
        #expect(GeneratedSceneReader.withoutUnpairedQuote(["Dice \"ven\" y \" se va."])
            == ["Dice \"ven\" y se va."])
        // A quotation may run over two lines of one speech.
        #expect(GeneratedSceneReader.withoutUnpairedQuote(["Lee: \"Querida", "madre.\""])
            == ["Lee: \"Querida", "madre.\""])
        #expect(GeneratedSceneReader.withoutUnpairedQuote(["Ya.", "Nada \""]) == ["Ya.", "Nada"])
        var soFar = GeneratedSceneReader.EpisodeSoFar()
        let raw = "HEROINE\nEso dice \"para la señorita.\n\nRosaura lee \"la carta en voz alta.\n"
        let read = GeneratedSceneReader(names: ["heroine": "Rosaura"]).read(raw, complete: true, soFar: &soFar)
        let texts = read.map { element -> String in
            switch element {
            case let .dialogue(speech): speech.segments.map(\.text).joined(separator: " ")
            case let .action(text), let .transition(text): text
            }
        }
        #expect(texts == ["Eso dice para la señorita.", "Rosaura lee la carta en voz alta."], "\(read)")
    }
}

/// A generated episode — not a hand-made one — read by screenplain, a Fountain reader that is not ours.
@Suite("screenplain reads a generated episode (ARCGEN_EXTERNAL_CHECKS=1)", .serialized)
struct GeneratedFountainCheckTests {
    static let enabled = ProcessInfo.processInfo.environment["ARCGEN_EXTERNAL_CHECKS"] == "1"

    @Test("every heading, cue, delivery, line, transition and action of a generated episode is found",
          .enabled(if: enabled))
    func screenplain() throws {
        let episode = try EpisodeTests.generator().episode(outline: try EpisodeTests.outline(scenes: 6), seed: 21)
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("arcgen-gen-fountain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("episode.fountain")
        try episode.script(.fountain, explain: true).write(to: file, atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: FountainExpectations.of(episode), options: [.sortedKeys])
            .write(to: dir.appendingPathComponent("episode.expected.json"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [EpisodeTests.root.path + "/scripts/check-fountain.sh", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("fountain OK: 1 files") && text.contains("6 headings"), "\(text)")
    }
}

@Suite("One vocabulary")
struct OneVocabularyTests {
    /// The shipped vocabulary with one more role, as a writer would add it: one entry in the JSON, nothing else.
    static func vocabularyWithTwin() throws -> (file: String, vocabulary: VocabularyFile) {
        let shipped = EpisodeTests.root.appendingPathComponent("arcs/vocabulary.json")
        var text = try String(contentsOf: shipped, encoding: .utf8)
        let anchor = "\"roles\": ["
        let twin = """
            { "id": "twin-sister", "en": "The heroine's twin.", "es": "La gemela de la protagonista.",
              "name": {"es": "Rebeca", "en": "Becky"}, "label": {"es": "la gemela", "en": "the twin"} },
        """
        text = text.replacingOccurrences(of: anchor, with: anchor + "\n" + twin)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("vocabulary.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (file, try VocabularyFile.load(path: file))
    }

    @Test("a role added to vocabulary.json alone reaches the lint, the cast, the model labels and the guards")
    func newRoleFlows() throws {
        let (file, vocabulary) = try Self.vocabularyWithTwin()
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        // The lint knows the role, and the default cast names it from the JSON.
        let arcJSON = EpisodeTests.arcJSON.replacingOccurrences(
            of: "\"roles\": [\"heroine\", \"galan\"]", with: "\"roles\": [\"heroine\", \"galan\", \"twin-sister\"]")
        let arcFile = (file as NSString).deletingLastPathComponent + "/tiny.json"
        try arcJSON.write(toFile: arcFile, atomically: true, encoding: .utf8)
        let arc = try ArcLoader(vocabulary: try ArcgenPlot.Vocabulary.load(path: file)).load(path: arcFile)
        #expect(arc.roles.contains("twin-sister"))
        #expect(Cast.defaults(for: arc, language: .es).name(for: "twin-sister") == "Rebeca")
        #expect(Cast.defaults(for: arc, language: .en).name(for: "twin-sister") == "Becky")
        // The models are primed with its own cue, not as an extra.
        let library = try ModelLibrary(directory: EpisodeTests.fixture.models)
        let generator = EpisodeGenerator(library: library, guards: nil, vocabulary: vocabulary)
        #expect(generator.cueLabels(for: ["heroine", "twin-sister", "foreman"]) == ["HEROINE", "TWIN-SISTER", "EXTRA"])
        let shipped = EpisodeGenerator(library: library, guards: nil, vocabulary: EpisodeTests.vocabulary)
        #expect(shipped.cueLabels(for: ["heroine", "twin-sister"]) == ["HEROINE", "EXTRA"])
        // The word-list guard lets the cue's and slot's words through.
        let corpus = EpisodeTests.fixture.root.appendingPathComponent("corpus").path
        let guards = try GenerationGuards.load(corpusDirectory: corpus, vocabulary: vocabulary)
        #expect(guards.words.contains("twin") && guards.words.contains("sister"))
        let without = try GenerationGuards.load(corpusDirectory: corpus, vocabulary: EpisodeTests.vocabulary)
        #expect(!without.words.contains("twin"))
    }
}
