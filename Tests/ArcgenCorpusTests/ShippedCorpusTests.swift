import Foundation
import Testing
@testable import ArcgenCorpus

/// The corpus in models/corpus is what the per-tag models learn from: it must be clean, big enough, balanced
/// between the languages, and not repeat itself.
@Suite("shipped corpus")
struct ShippedCorpusTests {
    struct Loaded: Sendable {
        let vocabulary: Vocabulary
        let report: CorpusCheckReport
    }

    /// Read once for all the tests: the corpus is 6 MB.
    static let loaded = Result { () throws -> Loaded in
        let vocabulary = try Vocabulary.load(from: PackagePaths.vocabulary)
        return Loaded(vocabulary: vocabulary,
                      report: try Corpus.check(directory: PackagePaths.corpus.path, vocabulary: vocabulary))
    }

    static func load() throws -> (Corpus, Vocabulary, CorpusCheckReport) {
        let loaded = try loaded.get()
        return (loaded.report.corpus, loaded.vocabulary, loaded.report)
    }

    @Test("passes corpus check with no errors")
    func clean() throws {
        let (_, _, report) = try Self.load()
        #expect(report.errorCount == 0, "\(report.diagnostics.prefix(5).map(\.description))")
    }

    /// The reader drops a generated sentence that reads as the header's plan line; no real one may.
    @Test("no sentence of the action reads as a plan line")
    func noPlanLines() throws {
        let (corpus, _, _) = try Self.load()
        var sentences = 0
        for scene in corpus.scenes {
            for element in scene.elements {
                guard case let .action(text) = element.kind else { continue }
                for sentence in SynopsisWords.sentences(in: text) {
                    sentences += 1
                    #expect(!SynopsisWords.readsAsPlanLine(sentence, language: scene.lang),
                            "\(scene.location): \(sentence)")
                }
            }
        }
        #expect(sentences > 30_000)
    }

    /// The floors the grown corpus was built to: enough scenes of every beat in both languages, every role heard
    /// often, scenes of many lengths, and every scene's synopsis.
    @Test("meets the floors: size, every tag in both languages in balance, every role, synopses, speaker turns")
    func floors() throws {
        let (corpus, vocabulary, report) = try Self.load()
        let stats = CorpusStatistics(report: report, tagOrder: vocabulary.tags, roleOrder: vocabulary.roles)
        #expect(corpus.scenes.count >= 2400)
        #expect(corpus.byteCount >= 3_000_000)
        #expect(vocabulary.tags.count == 15)
        for row in stats.tags where vocabulary.tags.contains(row.tag) {
            let es = row.scenes["es"] ?? 0, en = row.scenes["en"] ?? 0
            #expect(es + en >= 150, "\(row.tag): \(es + en) scenes")
            let share = Double(es) / Double(max(1, es + en))
            #expect(share >= 0.45 && share <= 0.55, "\(row.tag): \(es) es, \(en) en")
        }
        for role in vocabulary.roles {
            let scenes = stats.roles.first { $0.role == role }?.scenes ?? 0
            #expect(scenes >= 60, "\(role) speaks in \(scenes) scenes")
        }
        #expect(stats.synopsis.coverage == 1 && stats.turns.sameSpeakerPairs == 0)
        #expect(stats.sampledDiversity.distinct2 >= 0.62, "\(stats.sampledDiversity)")
    }

    @Test("each beat's own words mark it in both languages: a ring in the proposals, a coffin in the false deaths")
    func beatWords() throws {
        let (corpus, vocabulary, _) = try Self.load()
        let stats = CorpusStatistics(corpus: corpus, tagOrder: vocabulary.tags, roleOrder: vocabulary.roles)
        for tag in vocabulary.tags {
            for lang in ["es", "en"] {
                #expect(stats.beatWords[lang]?[tag]?.count == CorpusStatistics.beatWordsShown, "\(tag) \(lang)")
            }
        }
        #expect(stats.beatWords["es"]?["proposal"]?.contains("anillo") == true)
        #expect(stats.beatWords["en"]?["proposal"]?.contains("ring") == true)
        #expect(stats.beatWords["es"]?["false-death"]?.contains("ataúd") == true)
        #expect(stats.beatWords["en"]?["wedding"]?.contains("veil") == true)
        let line = stats.table().split(separator: "\n").first { $0.hasPrefix("  proposal (es): ") }
        #expect(line?.contains("anillo") == true)
    }

    @Test("does not repeat itself: under 0.5% duplicate dialogue lines, no two scenes sharing over 20% of their lines")
    func repetition() throws {
        let (corpus, vocabulary, _) = try Self.load()
        let stats = CorpusStatistics(corpus: corpus, tagOrder: vocabulary.tags, roleOrder: vocabulary.roles)
        let all = try #require(stats.dialogue.first { $0.lang == "all" })
        #expect(all.duplicateRate < 0.005)
        #expect(stats.nearDuplicates.isEmpty, "\(stats.nearDuplicates)")
        #expect((stats.maxOverlap?.overlap ?? 0) <= 0.2)
    }

    @Test("renders to training text with one header and one end marker per scene and no notes")
    func trainingText() throws {
        let (corpus, _, _) = try Self.load()
        let text = corpus.trainingText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0 == "===" }.count == corpus.scenes.count)
        let headers = lines.filter { $0.hasPrefix("= ") }
        #expect(headers.count == corpus.scenes.count)
        for (header, scene) in zip(headers, corpus.scenes) {
            #expect(header.hasPrefix("= \(scene.lang) \(scene.mainTag): "), "\(scene.location)")
        }
        #expect(!text.contains("[[") && !text.contains("]]"))
    }
}
