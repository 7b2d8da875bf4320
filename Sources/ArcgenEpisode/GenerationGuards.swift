import ArcgenCorpus
import ArcgenNeural
import Dispatch
import Foundation

/// What keeps generated dialogue clean by construction: the corpus's words (the word-list constraint) and its text
/// (the no-copy constraint). Built once per run from the corpus the models were trained on, and shared by every
/// scene.
public struct GenerationGuards: Sendable {
    /// Every word of the corpus, lower-cased.
    public let words: WordTrie
    /// The words of the corpus's scenes in each language, so a Spanish scene cannot borrow English words.
    public let wordsByLanguage: [String: WordTrie]
    /// The role-attributed corpus text the models saw.
    public let source: String
    /// The shortest verbatim run that is refused.
    public let copyLength: Int

    public init(words: WordTrie, wordsByLanguage: [String: WordTrie] = [:], source: String, copyLength: Int = 40) {
        self.words = words
        self.wordsByLanguage = wordsByLanguage
        self.source = source
        self.copyLength = copyLength
    }

    /// Reads the corpus at `directory`.
    public static func load(corpusDirectory directory: String, copyLength: Int = 40) throws -> GenerationGuards {
        let corpus = try Corpus.load(directory: directory)
        // Each scene's body once, on both cores: the copy source (the training text) and the word lists share it.
        let scenes = corpus.scenes
        let bodyBox = ParallelResults([String](repeating: "", count: scenes.count))
        DispatchQueue.concurrentPerform(iterations: scenes.count) { i in bodyBox.set(i, scenes[i].trainingBody) }
        let bodies = zip(scenes, bodyBox.values).map { (lang: $0.lang, text: $1) }
        let text = Corpus.trainingText(joining: zip(scenes, bodies).map { $0.trainingText(body: $1.text) })
        // Role labels and slots are not words a scene spells freely, but cues and slots contain them.
        let roleWords = ["heroine", "galan", "villain", "accomplice", "rival", "mother", "father", "lost", "relative",
                         "confidant", "priest", "doctor", "lawyer", "police", "servant", "child", "extra"]
        // One trie per language and one for both, built on both cores, from the scenes' bodies: the header's tag
        // (`= es wedding: …`) is English whatever the scene's language, and not a word a scene may spell.
        let languages = Set(corpus.scenes.map(\.lang)).sorted()
        let texts = languages.map { lang in bodies.filter { $0.lang == lang }.map(\.text).joined(separator: "\n") }
            + [bodies.map(\.text).joined(separator: "\n")]
        let tries = ParallelResults([WordTrie?](repeating: nil, count: texts.count))
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            tries.set(i, WordTrie(words: WordTrie.words(in: texts[i]) + roleWords))
        }
        let built = tries.values.map { $0! }
        let byLanguage = Dictionary(uniqueKeysWithValues: zip(languages, built))
        return GenerationGuards(words: built.last!, wordsByLanguage: byLanguage, source: text, copyLength: copyLength)
    }

    /// Fresh constraint states for one scene in `language` (constraints carry per-stream state).
    public func constraints(noCopy: NoCopyConstraint, language: String? = nil) -> [any GenerationConstraint] {
        [WordListConstraint(trie: language.flatMap { wordsByLanguage[$0] } ?? words), noCopy]
    }

    /// The no-copy constraint over the source; build once and copy per scene (its window set is shared).
    public func noCopyConstraint() -> NoCopyConstraint { NoCopyConstraint(source: source, length: copyLength) }
}
