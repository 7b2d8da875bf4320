import ArcgenModels
import ArcgenNeural
import ArcgenPlot
import ArcgenScript
import Testing
@testable import ArcgenCLI

@Suite("Option groups")
struct OptionGroupTests {
    static func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ParsedArguments(command: "test", arguments: arguments,
                            options: [ModelsLocation.option, SeedOption.option("Seed.")], allowsPositionals: false)
    }

    @Test("--models beats $ARCGEN_MODELS, which beats ./models; nothing given leaves a command its own default")
    func modelsLocation() throws {
        let env = ["ARCGEN_MODELS": "/env/models"]
        let flag = try Self.parse(["--models", "/flag/models"])
        #expect(ModelsLocation(flag, environment: env).directory == "/flag/models")
        #expect(ModelsLocation(try Self.parse([]), environment: env).directory == "/env/models")
        #expect(ModelsLocation(try Self.parse([]), environment: [:]).directory == "models")
        #expect(ModelsLocation(try Self.parse([]), environment: [:]).given == nil)
        #expect(ModelsLocation(environment: env).directory == "/env/models")
    }

    @Test("--seed takes any 64-bit whole number, else the command's default; anything else is a usage error")
    func seed() throws {
        #expect(try SeedOption.value(try Self.parse([])) == SeedOption.fixedDefault)
        #expect(try SeedOption.value(try Self.parse([]), default: 9) == 9)
        #expect(try SeedOption.value(try Self.parse(["--seed", "18446744073709551615"])) == UInt64.max)
        #expect(throws: UsageError("--seed needs a non-negative whole number, got '-3'")) {
            try SeedOption.value(try Self.parse(["--seed", "-3"]))
        }
    }

    static func parse(_ arguments: [String], _ options: [OptionSpec]) throws -> ParsedArguments {
        try ParsedArguments(command: "test", arguments: arguments, options: options, allowsPositionals: false)
    }

    @Test("--word-triples: on by default, off when asked, and off with the word pairs or the guards left out")
    func wordTriples() throws {
        func draw(_ arguments: [String]) throws -> DrawSettings {
            try DrawOptions.value(try Self.parse(arguments, DrawOptions.options + [.flag("--unconstrained", "")]))
        }
        let (given, off) = (try draw([]), try draw(["--word-triples", "off"]))
        #expect(given.wordTriples && !off.wordTriples && off.wordPairs)
        #expect(try draw(["--word-triples", "on", "--word-pairs", "on"]).wordTriples)
        let (unpaired, unconstrained) = (try draw(["--word-pairs", "off"]), try draw(["--unconstrained"]))
        #expect(!unpaired.wordTriples && !unconstrained.wordTriples)
        #expect(throws: UsageError.self) { try draw(["--word-triples", "on", "--word-pairs", "off"]) }
        #expect(!DrawSettings().raw.wordTriples)
        let (freed, held) = (try draw(["--free-plan-words", "on"]), try draw(["--free-plan-words", "off"]))
        #expect(freed.freePlanWords == .free && held.freePlanWords == .held)
        #expect(try draw([]).freePlanWords == .once)
        #expect(try draw(["--free-plan-words", "once"]).freePlanWords == .once)
        // Without the word pairs nothing holds the plan words: free, unless asked otherwise (refused).
        #expect(try draw(["--word-pairs", "off"]).freePlanWords == .free)
        #expect(try draw(["--unconstrained"]).freePlanWords == .free)
        #expect(throws: UsageError.self) { try draw(["--free-plan-words", "once", "--word-pairs", "off"]) }
        #expect(throws: UsageError.self) { try draw(["--free-plan-words", "yes"]) }
        #expect(throws: UsageError.self) { try draw(["--free-plan-words", "off", "--word-pairs", "off"]) }
        #expect(throws: UsageError.self) { try draw(["--free-plan-words", "off", "--unconstrained"]) }
        // The gain over the base weighs paragraphs: off by default, and refused where whole scenes are ranked.
        #expect(try draw([]).rankGain == 0 && DrawSettings().raw.rankGain == 0)
        #expect(try draw(["--rank-gain", "1.5"]).rankGain == 1.5)
        #expect(throws: UsageError.self) { try draw(["--rank-gain", "1", "--rank", "scenes"]) }
        #expect(throws: UsageError.self) { try draw(["--rank-gain", "-1"]) }
        #expect(throws: UsageError.self) { try draw(["--rank-gain", "1", "--candidates", "1"]) }
    }

    @Test("--arcs is the old spelling of --arcs-dir: same folder, hints name the spelling used, not both at once")
    func arcsFolder() throws {
        let options = [ArcsFolder.option]
        let old = ArcsFolder(try Self.parse(["--arcs", "/x/arcs/"], options), environment: [:])
        let new = ArcsFolder(try Self.parse(["--arcs-dir", "/x/arcs"], options), environment: [:])
        #expect(old.directory == "/x/arcs" && new.directory == "/x/arcs")
        #expect(old.flag == "--arcs" && new.flag == "--arcs-dir")
        #expect(ArcsFolder(try Self.parse([], options), environment: ["ARCGEN_ARCS": "/env"]).directory == "/env")
        #expect(ArcsFolder(environment: [:]).directory == "arcs" && ArcsFolder(environment: [:]).flag == "--arcs-dir")
        #expect(throws: UsageError("option --arcs-dir given twice (as --arcs)")) {
            try Self.parse(["--arcs", "a", "--arcs-dir", "b"], options)
        }
    }

    @Test("--arc repeated, as a comma list, or as the old --arcs list: the same arcs in the same order")
    func arcList() throws {
        let options = [ArcList.option("Arcs.")]
        for spelling in [["--arc", "a", "--arc", "b,c"], ["--arcs", "a,b,c"], ["--arc", "a, b", "--arcs", "c"]] {
            #expect(try ArcList.ids(try Self.parse(spelling, options), example: "a,b") == ["a", "b", "c"])
        }
        #expect(throws: UsageError("'test' needs at least one arc: --arcs ID, e.g. --arcs a,b")) {
            try ArcList.ids(try Self.parse(["--arcs", " , "], options), example: "a,b")
        }
    }

    @Test("--scenes, --lang and --format are parsed into their types; a bad value names the flag")
    func typedValues() throws {
        let options = [.value("--scenes", "N", "Scenes."), LanguageOption.option, ScriptFormatOption.option]
        let given = try Self.parse(["--scenes", "10-14", "--lang", "en", "--format", "md"], options)
        #expect(try SceneCountOption.value(given, "--scenes", within: 1 ... 20) == .range(10 ... 14))
        #expect(try LanguageOption.value(given) == .en)
        #expect(try ScriptFormatOption.value(given) == .markdown)
        let absent = try Self.parse([], options)
        #expect(try SceneCountOption.value(absent, "--scenes", within: 1 ... 20) == nil)
        #expect(try LanguageOption.value(absent) == .es && ScriptFormatOption.value(absent) == .fountain)
        #expect(throws: UsageError("--scenes needs a whole number N from 1 to 20 or a range MIN-MAX, e.g. 12 or "
                                   + "10-14; got '12-30'")) {
            try SceneCountOption.value(try Self.parse(["--scenes", "12-30"], options), "--scenes", within: 1 ... 20)
        }
        #expect(throws: UsageError("--lang must be one of es, en, got 'fr'")) {
            try LanguageOption.value(try Self.parse(["--lang", "fr"], options))
        }
        #expect(throws: UsageError("--format must be one of fountain, markdown, json (or md), got 'rtf'")) {
            try ScriptFormatOption.value(try Self.parse(["--format", "rtf"], options))
        }
    }

    @Test("the training options mean the same over any defaults: a flag given wins, an absent one keeps the base")
    func trainingOptions() throws {
        let given = try Self.parse(["--lr", "0.5", "--dropout", "0.1", "--steps", "7", "--tokenizer", "bpe",
                                    "--schedule", "constant", "--seed", "9"], TrainingOptionGroup.options)
        var corpusBase = TrainingOptions()
        corpusBase.dropout = 0.2
        corpusBase.minutes = 3
        corpusBase.maxUpdates = nil
        for base in [TrainingOptions(), corpusBase] {
            let o = try TrainingOptionGroup.read(given, over: base)
            #expect(o.learningRate == 0.5 && o.dropout == 0.1 && o.maxUpdates == 7 && o.minutes == nil)
            #expect(o.tokenizer == .bpe && o.schedule == .constant && o.seed == 9 && o.layers == base.layers)
        }
        let none = try TrainingOptionGroup.read(try Self.parse([], TrainingOptionGroup.options), over: corpusBase)
        #expect(none == corpusBase)
        for bad in [["--lr", "1"], ["--lr", "0"], ["--dropout", "0.99"], ["--layers", "x"]] {
            #expect(throws: UsageError.self) {
                try TrainingOptionGroup.read(try Self.parse(bad, TrainingOptionGroup.options), over: TrainingOptions())
            }
        }
    }

    @Test("an episode's default length is the planner's: 10–14 scenes when the arc allows them")
    func episodeLength() throws {
        let catalog = ArcCatalog(directory: PlotCommandsTests.arcs)
        let file = try catalog.resolve("lost-love")
        let arc = try ArcLoader(vocabulary: try catalog.vocabulary(near: file)).load(path: file)
        #expect(PlotPlanner(graph: try ArcGraph(arc: arc)).episodeLength() == .range(PlotPlanner.episodeScenes))
    }
}
