import ArcgenSupport
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

    /// How many scenes carry a `[[synopsis: …]]` note, out of every scene read (those with errors included).
    public struct SynopsisRow: Sendable, Codable, Equatable {
        public let scenes: Int
        public let withSynopsis: Int
        public let coverage: Double
    }

    /// Adjacent speeches (see `SpeakerTurns`) and how often the same speaker has two of them in a row.
    public struct TurnRow: Sendable, Codable, Equatable {
        public let adjacentPairs: Int
        public let sameSpeakerPairs: Int
        public let sameSpeakerRate: Double
        /// Pairs whose speaker changes, over all adjacent pairs.
        public let alternationRate: Double
    }

    /// How scene lengths spread, in UTF-8 bytes of source (heading to the next heading).
    public struct LengthRow: Sendable, Codable, Equatable {
        /// Upper bounds (exclusive) of the buckets; the last bucket is open.
        public static let bucketBounds = [600, 1000, 2000, 3001]
        public let minimum: Int
        public let median: Int
        public let maximum: Int
        /// Scenes per bucket: under 600, 600–999, 1,000–1,999, 2,000–3,000, over 3,000.
        public let buckets: [Int]
    }

    /// Distinct-1/2 of a fixed number of dialogue words, so that corpora of different sizes compare: distinct-n
    /// falls as text grows, and the whole corpus's figure would punish a bigger corpus for its size.
    public struct SampledDiversity: Sendable, Codable, Equatable {
        /// The sample's size: whole scenes, in a fixed pseudo-random order, until this many words are reached.
        public let targetWords: Int
        public let words: Int
        public let scenes: Int
        public let distinct1: Double
        public let distinct2: Double
    }

    /// The dialogue words of the 540-scene corpus that the first models were trained on (59,171), so that the
    /// sampled figures of a grown corpus compare with its distinct-2 of 0.622.
    public static let diversitySampleWords = 59_171

    public let files: Int
    public let scenes: Int
    public let bytes: Int
    public let languages: [LanguageRow]
    public let tags: [TagRow]
    public let roles: [RoleRow]
    public let synopsis: SynopsisRow
    public let turns: TurnRow
    public let lengths: LengthRow
    /// One row per language, then `all`.
    public let dialogue: [DialogueRow]
    public let sampledDiversity: SampledDiversity
    /// Per language and main tag, the words that mark the beat most (`BeatWords`: the first `beatWordsShown`, the
    /// most typical first), what a writer's own corpus teaches `--beat-pull`.
    public let beatWords: [String: [String: [String]]]
    public static let beatWordsShown = 10
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
    ///   - coverage: every scene read and those with a synopsis, when some scenes were left out for their errors
    ///     (see `init(report:…)`); by default the corpus's own scenes, which all have one.
    public init(corpus: Corpus, tagOrder: [String] = [], roleOrder: [String] = [], nearDuplicateThreshold: Double = 0.2,
                coverage: (scenes: Int, withSynopsis: Int)? = nil) {
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
            return TagRow(tag: tag, scenes: count, characters: chars,
                          secondary: scenes.filter { $0.tags.dropFirst().contains(tag) }.count)
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

        let read = coverage ?? (scenes.count, scenes.count)
        synopsis = SynopsisRow(scenes: read.scenes, withSynopsis: read.withSynopsis,
                               coverage: Self.ratio(read.withSynopsis, read.scenes))
        let sceneTurns = scenes.map { SpeakerTurns($0.elements) }
        let pairs = sceneTurns.reduce(0) { $0 + $1.adjacentPairs }
        let same = sceneTurns.reduce(0) { $0 + $1.repeats.count }
        turns = TurnRow(adjacentPairs: pairs, sameSpeakerPairs: same, sameSpeakerRate: Self.ratio(same, pairs),
                        alternationRate: Self.ratio(pairs - same, pairs))
        let sizes = scenes.map(\.sourceBytes).sorted()
        var buckets = Array(repeating: 0, count: LengthRow.bucketBounds.count + 1)
        for size in sizes {
            buckets[LengthRow.bucketBounds.firstIndex { size < $0 } ?? LengthRow.bucketBounds.count] += 1
        }
        lengths = LengthRow(minimum: sizes.first ?? 0, median: sizes.isEmpty ? 0 : sizes[sizes.count / 2],
                            maximum: sizes.last ?? 0, buckets: buckets)

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

        sampledDiversity = Self.sampledDiversity(scenes: scenes, targetWords: Self.diversitySampleWords)
        beatWords = BeatWords.build(scenes.map { BeatWords.Scene($0, body: $0.trainingBody) })
            .words.mapValues { $0.mapValues { Array($0.prefix(Self.beatWordsShown)) } }

        let overlapping = Self.overlaps(scenes: scenes, lines: normalizedLines)
        maxOverlap = overlapping.first
        nearDuplicates = overlapping.filter { $0.overlap > nearDuplicateThreshold }
    }

    /// The figures of a checked corpus: its well-formed scenes, with the synopsis coverage of every scene read.
    public init(report: CorpusCheckReport, tagOrder: [String] = [], roleOrder: [String] = []) {
        self.init(corpus: report.corpus, tagOrder: tagOrder, roleOrder: roleOrder,
                  coverage: (report.sceneCount, report.synopsisCount))
    }

    static func dialogueRow(
        lang: String, lines: [String], counted: [String], occurrences: [String: Int]
    ) -> DialogueRow {
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

    /// Whole scenes in the order of a hash of their text (fixed, and blind to file and tag order) until
    /// `targetWords` dialogue words; the whole corpus when it has fewer.
    static func sampledDiversity(scenes: [CorpusScene], targetWords: Int) -> SampledDiversity {
        func key(_ scene: CorpusScene) -> UInt64 {
            var hash = FNV1a64()
            hash.update(Array((scene.heading + "\n" + scene.dialogueLines.joined(separator: "\n")).utf8))
            return hash.value
        }
        var lines: [String] = []
        var words = 0
        var taken = 0
        for scene in scenes.map({ (key($0), $0) }).sorted(by: { $0.0 < $1.0 }).map(\.1) where words < targetWords {
            lines += scene.dialogueLines
            words += scene.dialogueLines.reduce(0) { $0 + DialogueText.words($1).count }
            taken += 1
        }
        let row = dialogueRow(lang: "sample", lines: lines, counted: [], occurrences: [:])
        return SampledDiversity(targetWords: targetWords, words: row.words, scenes: taken, distinct1: row.distinct1,
                                distinct2: row.distinct2)
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
            for a in 0 ..< holders.count {
                for b in (a + 1) ..< holders.count { shared[holders[a] * n + holders[b], default: 0] += 1 }
            }
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
