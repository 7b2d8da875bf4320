import ArcgenCorpus
import ArcgenNeural
import ArcgenSupport
import ArcgenVocabulary
import Dispatch
import Foundation
import Synchronization

/// What keeps generated dialogue clean by construction: the corpus's words (the word-list constraint) and its text
/// (the no-copy constraint). Built once from the corpus the models were trained on, kept in a cache file beside the
/// models (see `load`), and shared by every scene.
public struct GenerationGuards: Sendable {
    /// Every word of the corpus, lower-cased.
    public let words: WordTrie
    /// The words of the corpus's scenes in each language, so a Spanish scene cannot borrow English words.
    public let wordsByLanguage: [String: WordTrie]
    /// The role-attributed corpus text the models saw.
    public let source: String
    /// The shortest verbatim run that is refused.
    public let copyLength: Int
    /// The words that mark each beat in each language, which `DrawSettings.beatPull` pulls towards.
    public let beatWords: BeatWords
    /// Every run of `copyLength` characters of `source`, hashed once for all scenes.
    let windows: WindowTable
    /// The word pairs and triples of `source` (`DrawSettings.wordPairs`, `wordTriples`): read with the guards cache,
    /// or, for guards made in memory, built the first time a draw holds a scene to them.
    let pairs: Lazy<WordPairs>
    let triples: Lazy<WordTriples>

    public init(words: WordTrie, wordsByLanguage: [String: WordTrie] = [:], source: String, copyLength: Int = 40,
                beatWords: BeatWords = BeatWords(words: [:])) {
        self.init(words: words, wordsByLanguage: wordsByLanguage, source: source, copyLength: copyLength,
                  beatWords: beatWords, windows: NoCopyConstraint.windows(of: source, length: copyLength))
    }

    /// - Parameter tables: the word pairs and triples of `source` when they are at hand (read from the cache);
    ///   otherwise they are built from it the first time a draw asks.
    init(words: WordTrie, wordsByLanguage: [String: WordTrie], source: String, copyLength: Int,
         beatWords: BeatWords, windows: WindowTable, tables: (pairs: WordPairs, triples: WordTriples)? = nil) {
        self.words = words
        self.wordsByLanguage = wordsByLanguage
        self.source = source
        self.copyLength = copyLength
        self.beatWords = beatWords
        self.windows = windows
        let pairs = Lazy { tables?.pairs ?? WordPairs(text: source) }
        self.pairs = pairs
        triples = Lazy { tables?.triples ?? WordTriples(text: source, pairs: pairs.value) }
    }

    /// Role labels and slots are not words a scene spells freely, but cues and slots contain them: the words of
    /// every role id (`lost-relative` → `lost`, `relative`).
    public static func roleWords(of vocabulary: VocabularyFile) -> [String] {
        vocabulary.roles.flatMap { $0.id.split(separator: "-").map(String.init) }
    }

    /// The guards of the corpus at `directory`. Reading 3 MB of Fountain and binding every name to its slot takes
    /// seconds, so what it yields — the training text, each language's distinct words and each beat's words
    /// (`BeatWords`) — is kept in `cacheFile`
    /// when one is given, under a hash of the corpus files' names and bytes: an unchanged corpus is read from the
    /// cache, a changed one rebuilds it. A cache that cannot be written (a read-only folder) only costs time.
    /// - Throws: `CorpusError` when the corpus cannot be read or has errors.
    /// - Parameter vocabulary: whose role words the word list allows besides the corpus's (see `roleWords`).
    public static func load(corpusDirectory directory: String, cacheFile: URL? = nil, copyLength: Int = 40,
                            vocabulary: VocabularyFile) throws -> GenerationGuards {
        let key = try corpusKey(directory)
        let allowed = roleWords(of: vocabulary)
        if let cacheFile, let cached = GuardsCache.read(cacheFile, key: key) {
            return GenerationGuards(cache: cached, copyLength: copyLength, roleWords: allowed)
        }
        let built = try GuardsCache.build(corpus: Corpus.load(directory: directory), key: key)
        if let cacheFile { try? AtomicFile.write(built.encoded(), to: cacheFile) }
        return GenerationGuards(cache: built, copyLength: copyLength, roleWords: allowed)
    }

    /// The guards of a model set's corpus, cached in the models folder as `guards.cache`.
    public static func load(library: ModelLibrary, corpusDirectory: String,
                            vocabulary: VocabularyFile) throws -> GenerationGuards {
        let cache = URL(fileURLWithPath: library.directory).appendingPathComponent(cacheFileName)
        return try load(corpusDirectory: corpusDirectory, cacheFile: cache, vocabulary: vocabulary)
    }

    public static let cacheFileName = "guards.cache"

    init(cache: GuardsCache, copyLength: Int, roleWords: [String]) {
        // One trie per language, one for both, and the no-copy windows, built on both cores (the windows, the
        // longest job, first).
        let lists = cache.wordsByLanguage.map(\.words) + [cache.wordsByLanguage.flatMap(\.words)]
        let tries = ParallelResults([WordTrie?](repeating: nil, count: lists.count))
        let table = ParallelResults([WindowTable?](repeating: nil, count: 1))
        DispatchQueue.concurrentPerform(iterations: lists.count + 1) { i in
            if i == 0 {
                table.set(0, NoCopyConstraint.windows(of: cache.source, length: copyLength))
            } else {
                tries.set(i - 1, WordTrie(words: lists[i - 1] + roleWords))
            }
        }
        let built = tries.values.map { $0! }
        self.init(words: built.last!,
                  wordsByLanguage: Dictionary(uniqueKeysWithValues: zip(cache.wordsByLanguage.map(\.lang), built)),
                  source: cache.source, copyLength: copyLength, beatWords: cache.beatWords,
                  windows: table.values[0]!, tables: (cache.pairs, cache.triples))
    }

    /// FNV-1a over every corpus file's path (relative to the folder) and bytes, in the corpus's own order.
    static func corpusKey(_ directory: String) throws -> UInt64 {
        var hash = FNV1a64()
        for path in try Corpus.fountainFiles(in: directory) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CorpusError.unreadable(path: path, reason: "cannot read the file (check its permissions)")
            }
            hash.update(Array(path.dropFirst(directory.count).utf8) + [0])
            data.withUnsafeBytes { hash.update($0) }
        }
        return hash.value
    }

    /// Fresh constraint states for one scene in `language` (constraints carry per-stream state); with `wordPairs`,
    /// every two words written side by side must have stood so in the corpus (`WordPairConstraint`), and with
    /// `wordTriples` too every three after a pair the corpus follows with more than one word (`WordTripleConstraint`),
    /// but for the `planWords` the word list holds, which may follow any words (with `planWordsOnce`, each once).
    public func constraints(noCopy: NoCopyConstraint, language: String? = nil, wordPairs: Bool = false,
                            wordTriples: Bool = false, planWords: [String] = [],
                            planWordsOnce: Bool = false) -> [any GenerationConstraint] {
        let list = WordListConstraint(trie: language.flatMap { wordsByLanguage[$0] } ?? words)
        guard wordPairs else { return [list, noCopy] }
        // A plan word the word list refuses is never written: freeing it would only lead a draw into a dead end.
        let free = planWords.filter(list.trie.contains)
        let paired = WordPairConstraint(pairs: pairs.value, free: free, freeOnce: planWordsOnce)
        // The triples after the pairs: at a dead end they give way first.
        guard wordTriples else { return [list, paired, noCopy] }
        return [list, paired, WordTripleConstraint(triples: triples.value, free: free, freeOnce: planWordsOnce),
                noCopy]
    }

    /// The no-copy constraint over the source; build once and copy per scene (its window table is shared).
    public func noCopyConstraint() -> NoCopyConstraint { NoCopyConstraint(windows: windows, length: copyLength) }
}

/// A value built once, on first use: a draw that does not ask for the word pairs or triples does not pay for them.
final class Lazy<Value: Sendable>: Sendable {
    private let make: @Sendable () -> Value
    private let built = Mutex<Value?>(nil)

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var value: Value {
        built.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
}

/// What the guards are built from, as kept on disk: the training text, each language's distinct words, each beat's
/// words, and the text's word pairs and triples (built from the text in about a second, read back in a fraction of it).
struct GuardsCache: Equatable {
    static let magic = Array("ARCGUARD".utf8)
    /// Bumped whenever what is cached, or how it is derived from the corpus, changes (2: the beat words; 3: without
    /// function words, parentheticals and names after a title; 4: the word pairs and triples).
    static let version: UInt32 = 4

    var key: UInt64
    var source: String
    /// Languages in sorted order, each with its distinct words sorted.
    var wordsByLanguage: [(lang: String, words: [String])]
    var beatWords: BeatWords
    var pairs: WordPairs
    var triples: WordTriples

    /// The tables, when not given, are built from `source`.
    init(key: UInt64, source: String, wordsByLanguage: [(lang: String, words: [String])], beatWords: BeatWords,
         tables: (pairs: WordPairs, triples: WordTriples)? = nil) {
        (self.key, self.source, self.wordsByLanguage, self.beatWords) = (key, source, wordsByLanguage, beatWords)
        let pairs = tables?.pairs ?? WordPairs(text: source)
        (self.pairs, triples) = (pairs, tables?.triples ?? WordTriples(text: source, pairs: pairs))
    }

    static func == (a: GuardsCache, b: GuardsCache) -> Bool {
        a.key == b.key && a.source == b.source && a.wordsByLanguage.map(\.lang) == b.wordsByLanguage.map(\.lang)
            && a.wordsByLanguage.map(\.words) == b.wordsByLanguage.map(\.words) && a.beatWords == b.beatWords
            && a.triples == b.triples
    }

    /// Each scene's body once, on both cores: the copy source (the training text) and the word lists share it.
    static func build(corpus: Corpus, key: UInt64) -> GuardsCache {
        let scenes = corpus.scenes
        let bodyBox = ParallelResults([String](repeating: "", count: scenes.count))
        DispatchQueue.concurrentPerform(iterations: scenes.count) { i in bodyBox.set(i, scenes[i].trainingBody) }
        let bodies = bodyBox.values
        let text = Corpus.trainingText(joining: zip(scenes, bodies).map { $0.trainingText(body: $1) })
        // Words from the scenes' bodies only: the header's tag (`= es wedding: …`) is English whatever the scene's
        // language, and not a word a scene may spell.
        let languages = Set(scenes.map(\.lang)).sorted()
        let lists = ParallelResults([[String]](repeating: [], count: languages.count))
        DispatchQueue.concurrentPerform(iterations: languages.count) { i in
            let mine = zip(scenes, bodies).filter { $0.0.lang == languages[i] }.map(\.1)
            lists.set(i, Set(mine.flatMap { WordTrie.words(in: $0) }).sorted())
        }
        let beats = BeatWords.build(zip(scenes, bodies).map { BeatWords.Scene($0.0, body: $0.1) })
        return GuardsCache(key: key, source: text, wordsByLanguage: Array(zip(languages, lists.values)),
                           beatWords: beats)
    }

    func encoded() -> Data {
        var writer = BinaryWriter()
        writer.write(bytes: Self.magic)
        writer.write(Self.version)
        writer.write(key)
        writer.write(string: source)
        writer.write(UInt32(wordsByLanguage.count))
        for (lang, words) in wordsByLanguage {
            writer.write(string: lang)
            writer.write(string: words.joined(separator: "\n"))
        }
        let beats = beatWords.words.flatMap { lang, tags in tags.map { (lang, $0.key, $0.value) } }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        writer.write(UInt32(beats.count))
        for (lang, tag, words) in beats {
            writer.write(string: lang)
            writer.write(string: tag)
            writer.write(string: words.joined(separator: "\n"))
        }
        pairs.write(to: &writer)
        triples.write(to: &writer)
        return Data(writer.bytes)
    }

    /// The cache at `url` when it is ours, whole, and of the corpus with `key`; nil otherwise (it is then rebuilt).
    static func read(_ url: URL, key: UInt64) -> GuardsCache? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        var reader = BinaryReader(bytes: [UInt8](data), what: "guards cache \(url.path)")
        do {
            guard try reader.readBytes(magic.count) == magic, try reader.readUInt32() == version,
                  try reader.readUInt64() == key else { return nil }
            let source = try reader.readString()
            var lists: [(lang: String, words: [String])] = []
            for _ in 0 ..< (try reader.readUInt32()) {
                let lang = try reader.readString()
                lists.append((lang, try reader.readString().split(separator: "\n").map(String.init)))
            }
            var beats: [String: [String: [String]]] = [:]
            for _ in 0 ..< (try reader.readUInt32()) {
                let lang = try reader.readString(), tag = try reader.readString()
                beats[lang, default: [:]][tag] = try reader.readString().split(separator: "\n").map(String.init)
            }
            guard let pairs = try WordPairs.read(from: &reader),
                  let triples = try WordTriples.read(from: &reader, pairs: pairs),
                  reader.remaining == 0 else { return nil }
            return GuardsCache(key: key, source: source, wordsByLanguage: lists, beatWords: BeatWords(words: beats),
                               tables: (pairs, triples))
        } catch {
            return nil
        }
    }
}
