import Foundation
import Testing
@testable import ArcgenCorpus

/// The corpus in models/corpus is what the per-tag models learn from: it must be clean, big enough, balanced
/// between the languages, and not repeat itself.
@Suite("shipped corpus")
struct ShippedCorpusTests {
    static func load() throws -> (Corpus, Vocabulary, CorpusCheckReport) {
        let vocabulary = try Vocabulary.load(from: PackagePaths.vocabulary)
        let report = try Corpus.check(directory: PackagePaths.corpus.path, vocabulary: vocabulary)
        return (report.corpus, vocabulary, report)
    }

    @Test("passes corpus check with no errors")
    func clean() throws {
        let (_, _, report) = try Self.load()
        #expect(report.errorCount == 0, "\(report.diagnostics.prefix(5).map(\.description))")
    }

    @Test("meets the floors: size, languages, every tag in both languages")
    func floors() throws {
        let (corpus, vocabulary, _) = try Self.load()
        #expect(corpus.scenes.count >= 500)
        #expect(corpus.byteCount >= 500 * 1024)
        for lang in ["es", "en"] {
            #expect(Double(corpus.scenes.filter { $0.lang == lang }.count) >= 0.4 * Double(corpus.scenes.count), "\(lang)")
        }
        #expect(vocabulary.tags.count == 15)
        for tag in vocabulary.tags {
            let scenes = corpus.scenes.filter { $0.mainTag == tag }
            #expect(scenes.count >= 30, "\(tag): \(scenes.count) scenes")
            #expect(Set(scenes.map(\.lang)) == ["es", "en"], "\(tag)")
        }
    }

    @Test("does not repeat itself: under 2% duplicate dialogue lines, no two scenes sharing over 20% of their lines")
    func repetition() throws {
        let (corpus, vocabulary, _) = try Self.load()
        let stats = CorpusStatistics(corpus: corpus, tagOrder: vocabulary.tags, roleOrder: vocabulary.roles)
        let all = try #require(stats.dialogue.first { $0.lang == "all" })
        #expect(all.duplicateRate < 0.02)
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
