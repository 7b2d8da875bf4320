import Foundation

/// What `arcgen corpus stats` reports: how much text there is per beat and language, who speaks, and how varied
/// and how repeated the dialogue is. Every figure is computed from the corpus alone, deterministically.
public struct CorpusStatistics: Sendable, Codable, Equatable {
    /// Scenes and training-text characters of one main tag, per language.
    public struct TagRow: Sendable, Codable, Equatable {
        public let tag: String
        /// Scenes whose first tag is `tag`, per language.
        public let scenes: [String: Int]
        /// Characters of those scenes' training text, per language.
        public let characters: [String: Int]
        /// Scenes that carry the tag after their first tag.
        public let secondary: Int
    }

    public struct LanguageRow: Sendable, Codable, Equatable {
        public let lang: String
        public let scenes: Int
        public let sceneShare: Double
        /// UTF-8 bytes of the scenes' source text.
        public let bytes: Int
        public let byteShare: Double
    }

    public struct RoleRow: Sendable, Codable, Equatable {
        public let role: String
        /// Cues spoken by characters of this role.
        public let speeches: Int
        /// Scenes in which the role speaks.
        public let scenes: Int
    }

    /// Repetition and variety of dialogue lines (see `DialogueText` for what counts as short).
    public struct DialogueRow: Sendable, Codable, Equatable {
        public let lang: String
        /// Dialogue lines, short ones included.
        public let lines: Int
        /// Lines longer than a short interjection: the base of the duplicate rate.
        public let countedLines: Int
        /// Counted lines whose normalised text occurs more than once in the corpus (all languages).
        public let duplicateLines: Int
        public let duplicateRate: Double
        public let words: Int
        /// Distinct words over words, and distinct within-line word pairs over pairs (lower-cased).
        public let distinct1: Double
        public let distinct2: Double
    }

    /// Two scenes that share dialogue lines.
    public struct ScenePair: Sendable, Codable, Equatable {
        public let first: String
        public let second: String
        public let sharedLines: Int
        /// Shared counted lines over the counted lines of the scene with fewer of them.
        public let overlap: Double
    }

    public let files: Int
    public let scenes: Int
    public let bytes: Int
    public let languages: [LanguageRow]
    public let tags: [TagRow]
    public let roles: [RoleRow]
    /// One row per language, then `all`.
    public let dialogue: [DialogueRow]
    /// Pairs above `nearDuplicateThreshold`, most overlapping first.
    public let nearDuplicates: [ScenePair]
    /// The most overlapping pair, whether or not it passes the threshold (nil when no two scenes share a line).
    public let maxOverlap: ScenePair?
    public let nearDuplicateThreshold: Double
    public let shortWordLimit: Int
    public let shortCharacterLimit: Int

    /// - Parameters:
    ///   - tagOrder: the vocabulary's tags, listed first and in this order (tags outside it follow, sorted).
    ///   - roleOrder: likewise for roles.
    ///   - nearDuplicateThreshold: scene pairs sharing more than this share of lines are reported.
    public init(corpus: Corpus, tagOrder: [String] = [], roleOrder: [String] = [], nearDuplicateThreshold: Double = 0.2) {
        let scenes = corpus.scenes
        files = corpus.files.count
        self.scenes = scenes.count
        bytes = corpus.byteCount
        self.nearDuplicateThreshold = nearDuplicateThreshold
        shortWordLimit = DialogueText.shortWordLimit
        shortCharacterLimit = DialogueText.shortCharacterLimit

        let langs = Self.ordered(Set(scenes.map(\.lang)), first: CorpusScene.languages)
        let sceneBytes = scenes.reduce(0) { $0 + $1.sourceBytes }
        languages = langs.map { lang in
            let mine = scenes.filter { $0.lang == lang }
            let b = mine.reduce(0) { $0 + $1.sourceBytes }
            return LanguageRow(lang: lang, scenes: mine.count, sceneShare: Self.ratio(mine.count, scenes.count),
                               bytes: b, byteShare: Self.ratio(b, sceneBytes))
        }

        let tagNames = Self.ordered(Set(scenes.flatMap(\.tags)), first: tagOrder)
        let characters = scenes.map(\.trainingText.count)
        tags = tagNames.map { tag in
            var count: [String: Int] = [:]
            var chars: [String: Int] = [:]
            for (i, scene) in scenes.enumerated() where scene.mainTag == tag {
                count[scene.lang, default: 0] += 1
                chars[scene.lang, default: 0] += characters[i]
            }
            return TagRow(tag: tag, scenes: count, characters: chars, secondary: scenes.filter { $0.tags.dropFirst().contains(tag) }.count)
        }

        var speeches: [String: Int] = [:]
        var roleScenes: [String: Int] = [:]
        for scene in scenes {
            var here = Set<String>()
            for speech in scene.speeches {
                guard let role = scene.role(of: speech.cue.name) else { continue }
                speeches[role, default: 0] += 1
                here.insert(role)
            }
            for role in here { roleScenes[role, default: 0] += 1 }
        }
        roles = Self.ordered(Set(speeches.keys), first: roleOrder).map {
            RoleRow(role: $0, speeches: speeches[$0] ?? 0, scenes: roleScenes[$0] ?? 0)
        }

        // Normalised counted lines per scene, and how often each occurs in the whole corpus.
        let normalizedLines: [[String]] = scenes.map { scene in
            scene.dialogueLines.filter { !DialogueText.isShort($0) }.map(DialogueText.normalized)
        }
        var occurrences: [String: Int] = [:]
        for lines in normalizedLines { for line in lines { occurrences[line, default: 0] += 1 } }
        dialogue = (langs + ["all"]).map { lang in
            let chosen = scenes.indices.filter { lang == "all" || scenes[$0].lang == lang }
            return Self.dialogueRow(lang: lang, lines: chosen.flatMap { scenes[$0].dialogueLines },
                                    counted: chosen.flatMap { normalizedLines[$0] }, occurrences: occurrences)
        }

        let pairs = Self.overlaps(scenes: scenes, lines: normalizedLines)
        maxOverlap = pairs.first
        nearDuplicates = pairs.filter { $0.overlap > nearDuplicateThreshold }
    }

    static func dialogueRow(lang: String, lines: [String], counted: [String], occurrences: [String: Int]) -> DialogueRow {
        var unigrams = Set<String>()
        var bigrams = Set<String>()
        var wordCount = 0
        var pairCount = 0
        for line in lines {
            let w = DialogueText.words(line)
            wordCount += w.count
            unigrams.formUnion(w)
            if w.count >= 2 {
                pairCount += w.count - 1
                for k in 1 ..< w.count { bigrams.insert(w[k - 1] + " " + w[k]) }
            }
        }
        let duplicates = counted.filter { (occurrences[$0] ?? 0) > 1 }.count
        return DialogueRow(lang: lang, lines: lines.count, countedLines: counted.count, duplicateLines: duplicates,
                           duplicateRate: ratio(duplicates, counted.count), words: wordCount,
                           distinct1: ratio(unigrams.count, wordCount), distinct2: ratio(bigrams.count, pairCount))
    }

    /// Every pair of scenes sharing at least one counted line, most overlapping first.
    /// - Complexity: O(lines + shared pairs), through an index from line to scenes.
    static func overlaps(scenes: [CorpusScene], lines: [[String]]) -> [ScenePair] {
        let sets = lines.map(Set.init)
        var index: [String: [Int]] = [:]
        for (i, set) in sets.enumerated() { for line in set { index[line, default: []].append(i) } }
        var shared: [Int: Int] = [:]
        let n = scenes.count
        for holders in index.values where holders.count > 1 {
            for a in 0 ..< holders.count { for b in (a + 1) ..< holders.count { shared[holders[a] * n + holders[b], default: 0] += 1 } }
        }
        let pairs = shared.map { key, count -> ScenePair in
            let (a, b) = (key / n, key % n)
            return ScenePair(first: scenes[a].location, second: scenes[b].location, sharedLines: count,
                             overlap: ratio(count, max(1, min(sets[a].count, sets[b].count))))
        }
        return pairs.sorted { ($0.overlap, $1.first, $1.second) > ($1.overlap, $0.first, $0.second) }
    }

    static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// `known` in its order (those present), then the rest sorted.
    static func ordered(_ present: Set<String>, first known: [String]) -> [String] {
        known.filter(present.contains) + present.subtracting(known).sorted()
    }
}
