import ArcgenSupport
import Foundation

/// How a model was made: enough to rebuild it exactly (the command line, seed and a hash of the training text).
public struct TrainingRecipe: Codable, Sendable, Equatable {
    public var commandLine: String
    public var seed: UInt64
    /// FNV-1a 64 of the UTF-8 training text, hex.
    public var textHash: String
    public var textBytes: Int
    public var arcgenVersion: String
    /// Free-form provenance: corpus folder, tag, base model, held-out figures.
    public var notes: [String: String]

    public init(commandLine: String, seed: UInt64, textHash: String, textBytes: Int, arcgenVersion: String,
                notes: [String: String] = [:]) {
        self.commandLine = commandLine
        self.seed = seed
        self.textHash = textHash
        self.textBytes = textBytes
        self.arcgenVersion = arcgenVersion
        self.notes = notes
    }
}

/// Hyperparameters of a training run; stored in checkpoints and model files.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var layers = 2
    public var hidden = 256
    public var embedding = 64
    public var steps = 100            // sequence length of one BPTT window
    public var batch = 64
    public var learningRate: Float = 2e-3
    public var dropout: Float = 0
    public var clip: Float = 5
    public var maxUpdates: Int? = 1000
    public var minutes: Double?
    public var tokenizer: TokenizerSpec.Kind = .char
    public var bpeVocabulary = 384
    public var seed: UInt64 = 1
    public var evaluateEvery = 100
    public var checkpointEvery = 100
    /// Stop after this many evaluations without a better validation loss (nil: never).
    public var patience: Int?
    /// How the learning rate moves over the run; nil is `cosine` (and keeps older files' recipes unchanged).
    public var schedule: LearningRateSchedule?
    /// How fresh weights are drawn; nil is `fanIn` (older files' recipes unchanged). New runs draw `hidden`.
    public var initialization: WeightInitialization? = .hidden
    /// The plan input (`PlanInput`): how it reads the plan (nil: no plan input, unless `planWords` is set, which
    /// reads `words`), at most how many words it knows when it reads words, and the width of each vector (nil:
    /// `defaultPlanWidth`).
    public var planReading: PlanInput.Reading?
    public var planWords: Int?
    public var planWidth: Int?
    /// Where a document of the text (a corpus scene) begins its state (nil: `carried`, as older files trained; the
    /// CLI stores `carried` as nil so the two compare equal).
    public var documentState: DocumentState?

    /// The state a document of the training text begins with.
    public enum DocumentState: String, Codable, Sendable, CaseIterable {
        /// Whatever the document before left: one long stream.
        case carried
        /// Zero, as generation begins every scene; no gradient flows back into the document before. A 3×512 model
        /// trained `carried` grew cells in the hundreds over tens of thousands of steps, leant on them, and read
        /// scenes begun from zero worse than a unigram (models/NOTEBOOK.md).
        case fresh
    }

    public static let defaultPlanWidth = 32
    /// Words a plan input that reads words knows when not told: all the corpus has would be 5,872.
    public static let defaultPlanWords = 4096

    public init() {}

    /// How the plan input reads the plan: `planReading`, or `words` when only a word count is set; nil: none.
    public var planInputReading: PlanInput.Reading? { planReading ?? planWords.map { _ in .words } }

    /// The plan input these options ask for, its words learned from `train`'s plan lines; nil when they ask none.
    /// - Throws: `NeuralError.invalidConfiguration` when the text has no plan word to learn.
    public func planInput(learningFrom train: [Int32], tokenizer: any Tokenizer) throws -> PlanInput? {
        guard let reading = planInputReading else { return nil }
        let pieces = tokenizer.symbols.map { Array($0.unicodeScalars) }
        let scalars = train.lazy.flatMap { pieces[Int($0)] }
        let words = reading == .continuations
            ? PlanInput.letters(of: scalars) : PlanInput.vocabulary(of: scalars, limit: planWords ?? Int.max)
        guard !words.isEmpty else {
            let need = reading == .continuations ? "a word" : "a word in two blocks or more"
            throw NeuralError.invalidConfiguration("the plan input: the training text has no plan line (a line that "
                + "begins \"\(PlanInput.synopsisMarker)\") with \(need)")
        }
        return PlanInput(words: words, width: planWidth ?? Self.defaultPlanWidth, reading: reading)
    }

    /// Refuses nonsense with the option's name, so the CLI can report a usage error.
    public func validate() throws {
        func bad(_ s: String) -> NeuralError { .invalidConfiguration(s) }
        if layers < 1 || layers > 16 { throw bad("--layers must be between 1 and 16, got \(layers)") }
        if hidden < 1 || hidden > 8192 { throw bad("--hidden must be between 1 and 8192, got \(hidden)") }
        if embedding < 1 || embedding > 8192 { throw bad("--embedding must be between 1 and 8192, got \(embedding)") }
        if steps < 1 || steps > 10000 { throw bad("--seq must be between 1 and 10000, got \(steps)") }
        if batch < 1 || batch > 4096 { throw bad("--batch must be between 1 and 4096, got \(batch)") }
        if !(learningRate > 0 && learningRate < 1) {
            throw bad("--lr must be a positive rate below 1, got \(learningRate)")
        }
        if !(dropout >= 0 && dropout < 1) { throw bad("--dropout must be in [0, 1), got \(dropout)") }
        if let n = maxUpdates, n < 1 { throw bad("--steps must be at least 1, got \(n)") }
        if let m = minutes, !(m > 0) { throw bad("--minutes must be positive, got \(m)") }
        if tokenizer == .bpe && bpeVocabulary < 2 { throw bad("--vocab must be at least 2") }
        if let n = planWords, !(1 ... 65536).contains(n) {
            throw bad("--plan-words must be between 1 and 65536, got \(n)")
        }
        if let w = planWidth, !(1 ... 1024).contains(w) {
            throw bad("--plan-width must be between 1 and 1024, got \(w)")
        }
    }
}

/// The model file a model is stored as differences from (a fine-tune from its base moves every weight by little, so
/// four bits of the difference keep what eight bits of the whole keep: models/NOTEBOOK.md, "How the size was chosen").
public struct WeightsBase: Codable, Sendable, Equatable {
    /// The base's file name, in the same folder.
    public var file: String
    /// FNV-1a 64 of the base's weights as loaded (their bit patterns), hex: a base retrained or stored again since
    /// is refused rather than silently added to differences taken from another.
    public var weightsHash: String

    public init(file: String, weights: [Float]) {
        self.file = file
        weightsHash = Self.hash(weights)
    }

    /// FNV-1a's multiply over the weights' bit patterns, a weight at a time rather than a byte: a set's tag models
    /// each check their base as they load, and this is eight times fewer steps than hashing bytes.
    static func hash(_ weights: [Float]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for w in weights { h = (h ^ UInt64(w.bitPattern)) &* 0x0000_0100_0000_01B3 }
        return String(h, radix: 16)
    }
}

/// A trained network ready to sample from: shape, tokenizer, weights and the recipe that made it.
public struct LanguageModel: Sendable {
    public let config: LSTMConfig
    public let tokenizer: any Tokenizer
    /// Flat parameters laid out by `ParameterLayout(config)`.
    public let parameters: [Float]
    public let recipe: TrainingRecipe
    /// Figures measured when the model was saved (validation bits/char and so on).
    public let metrics: [String: Double]
    /// The base its file stores its weights as differences from; nil when the file holds the weights themselves.
    public internal(set) var storedAsDifferencesFrom: WeightsBase?

    public init(config: LSTMConfig, tokenizer: any Tokenizer, parameters: [Float], recipe: TrainingRecipe,
                metrics: [String: Double] = [:]) {
        precondition(parameters.count == ParameterLayout(config).count,
                     "parameter count does not match the configuration")
        self.config = config
        self.tokenizer = tokenizer
        self.parameters = parameters
        self.recipe = recipe
        self.metrics = metrics
    }

    public var parameterCount: Int { parameters.count }

    struct Header: Codable {
        var config: LSTMConfig
        var tokenizer: TokenizerSpec
        var recipe: TrainingRecipe
        var metrics: [String: Double]
        var parameterCount: Int
        /// Set when the file's weights are differences from another model file's.
        var differenceFrom: WeightsBase?
        var format: String = "arcgen LSTM language model: embedding → LSTM layers (gates i, f, o, g) → linear → "
            + "softmax"
    }

    /// The model file's bytes, its weights stored at `precision` (computation stays fp32).
    /// - Parameter base: store the weights as their differences from this model, whose file `base.file` (in the
    ///   same folder) holds exactly `base.model`'s weights; loading adds them back. Same shape only.
    public func fileBytes(precision: WeightPrecision = .fp32, differenceFrom base: (file: String, model: LanguageModel)?
                          = nil) -> [UInt8] {
        var tensor = parameters
        if let base {
            precondition(base.model.config == config, "a model is stored as differences from one of its shape only")
            tensor = zip(parameters, base.model.parameters).map { $0 - $1 }
        }
        let header = Header(config: config, tokenizer: tokenizer.spec, recipe: recipe, metrics: metrics,
                            parameterCount: parameters.count,
                            differenceFrom: base.map { WeightsBase(file: $0.file, weights: $0.model.parameters) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try! encoder.encode(header)
        return ContainerFile.encode(.init(kind: .model, precision: precision, header: json, tensors: [tensor]))
    }

    /// Writes the model atomically, its weights stored at `precision` (as differences from `base` when given).
    public func save(to path: String, precision: WeightPrecision = .fp32,
                     differenceFrom base: (file: String, model: LanguageModel)? = nil) throws {
        try AtomicFile.write(Data(fileBytes(precision: precision, differenceFrom: base)),
                             to: URL(fileURLWithPath: path))
    }

    /// Loads and checks a model file.
    /// - Parameter base: how to read the base a differences file names (its file name in the same folder), so a
    ///   model set reads its base once; by default it is read from disk.
    /// - Throws: `NeuralError.badModelFile` for a missing, foreign, truncated, corrupted or inconsistent file.
    public static func load(path: String, base: ((String) throws -> LanguageModel)? = nil) throws -> LanguageModel {
        try decode(ContainerFile.read(path: path), path: path, base: base)
    }

    /// Loads a file that another names as its base: one stored as differences itself is refused before its own base
    /// is read, so no chain of differences (or cycle of them) is ever followed.
    public static func loadBase(path: String) throws -> LanguageModel {
        try decode(ContainerFile.read(path: path), path: path, asBase: true)
    }

    public static func load(bytes: [UInt8], path: String) throws -> LanguageModel {
        try decode(ContainerFile.decode(bytes, path: path), path: path)
    }

    static func decode(_ c: ContainerFile.Contents, path: String, base reader: ((String) throws -> LanguageModel)?
                       = nil, asBase: Bool = false) throws -> LanguageModel {
        func bad(_ s: String) -> NeuralError { .badModelFile(path: path, reason: s) }
        guard c.kind == .model else {
            throw bad("this is a training checkpoint, not a model; pass it to 'arcgen train --resume'")
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: c.header) } catch {
            throw bad("unreadable header: \(error)")
        }
        do { try header.config.validate() } catch { throw bad("invalid network shape: \(error)") }
        let tokenizer: any Tokenizer
        do { tokenizer = try header.tokenizer.makeTokenizer() } catch {
            throw bad("invalid tokenizer: \(error); the file was not written by 'arcgen train', retrain the model")
        }
        guard tokenizer.vocabularySize == header.config.vocabularySize else {
            throw bad("tokenizer has \(tokenizer.vocabularySize) tokens "
                + "but the network expects \(header.config.vocabularySize)")
        }
        let expected = ParameterLayout(header.config).count
        guard header.parameterCount == expected else {
            throw bad("the header counts \(header.parameterCount) weights, its network shape \(expected)")
        }
        guard c.tensors.count == 1, c.tensors[0].count == expected else {
            throw bad("weights do not match the network shape (expected \(expected) values)")
        }
        guard c.tensors[0].allSatisfy({ $0.isFinite }) else {
            throw bad("weights contain NaN or infinity; the training run diverged")
        }
        var parameters = c.tensors[0]
        if let difference = header.differenceFrom {
            guard !asBase else {
                throw bad("it is itself stored as differences from \(difference.file); a base must hold its own "
                    + "weights")
            }
            let base = try Self.base(difference, of: path, config: header.config, reader: reader)
            parameters = zip(base, parameters).map { $0 + $1 }
        }
        var model = LanguageModel(config: header.config, tokenizer: tokenizer, parameters: parameters,
                                  recipe: header.recipe, metrics: header.metrics)
        model.storedAsDifferencesFrom = header.differenceFrom
        return model
    }

    /// The weights of the base a differences file names, checked to be the ones its differences were taken from.
    static func base(_ difference: WeightsBase, of path: String, config: LSTMConfig,
                     reader: ((String) throws -> LanguageModel)?) throws -> [Float] {
        func bad(_ s: String) -> NeuralError { .badModelFile(path: path, reason: s) }
        let file = difference.file
        guard !file.isEmpty, !file.contains("/"), file != (path as NSString).lastPathComponent else {
            throw bad("its base must be another file of its folder, not '\(file)'")
        }
        let basePath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
        let base: LanguageModel
        do { base = try reader?(file) ?? loadBase(path: basePath) } catch {
            throw bad("its weights are differences from \(file), which does not load (\(error)); keep the model "
                + "set's files together")
        }
        if let chained = base.storedAsDifferencesFrom {
            throw bad("its base \(file) is itself stored as differences from \(chained.file); a base must hold its "
                + "own weights")
        }
        guard base.config == config, WeightsBase.hash(base.parameters) == difference.weightsHash else {
            throw bad("its weights are differences from another \(file) than the one beside it (retrained or stored "
                + "again since); store the set again from the one it came with")
        }
        return base.parameters
    }
}
