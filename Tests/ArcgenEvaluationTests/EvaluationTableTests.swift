import Foundation
import Testing
@testable import ArcgenEvaluation

@Suite("Evaluation table")
struct EvaluationTableTests {
    static let tags = ["encounter", "courtship", "false-death"]

    static func table() -> EvaluationTable {
        var rows: [EvaluationRow] = []
        for (i, tag) in tags.enumerated() {
            var row = EvaluationRow(tag: tag, heldOutScenes: 7, samples: 100)
            row.bitsPerCharacterTag = 1.8 + Double(i) * 0.2  // false-death: 2.2, not below its base
            row.bitsPerCharacterBase = 2.1
            row.bitsPerCharacterUnigram = 4.4
            row.recognisability = 0.5
            row.classifierCeiling = 0.8
            row.record(validity: WordValidity.Figures(valid: 97, total: 100))
            row.record(
                diversity: Diversity.Figures(
                    distinctUnigrams: 40, totalUnigrams: 100, distinctBigrams: 80, totalBigrams: 99,
                    repeatedLines: 2, countedLines: 50),
                corpus: Diversity.Figures(
                    distinctUnigrams: 45, totalUnigrams: 100, distinctBigrams: 90, totalBigrams: 99,
                    repeatedLines: 1, countedLines: 50))
            row.record(copy: CopyFigures(runs: i == 1 ? [12, 45, 20] : [12, 30, 20]))
            rows.append(row)
        }
        var overall = EvaluationRow(tag: "overall", heldOutScenes: 21, samples: 300)
        overall.recognisability = 0.62
        overall.wordValidity = 0.97
        overall.copyShare = 1.0 / 300.0
        return EvaluationTable(rows: rows, overall: overall, seed: 7)
    }

    @Test("Plain text and Markdown show every tag row and the overall row")
    func rendering() {
        let table = Self.table()
        for text in [table.plainText(), table.markdown()] {
            for tag in Self.tags + ["overall"] { #expect(text.contains(tag), "\(tag) missing") }
            #expect(text.contains("97.0%"))
            #expect(text.contains("0.400 (0.450)"))
            #expect(text.contains("Seed 7."))
        }
        let plain = table.plainText().split(separator: "\n")
        // Two tables (the figures, then speakers and synopses), each: header, rule, rows, rule, overall, legend.
        #expect(plain.count == 2 * (2 + Self.tags.count + 2 + 1))
        // Fixed width: every table line (not the legend) has the header's length.
        #expect(Set(plain.prefix(7).map(\.count)).count == 1)
        #expect(Set(plain.dropFirst(8).prefix(7).map(\.count)).count == 1)
        #expect(plain[8].hasPrefix("tag") && plain[8].contains("own speakers") && plain[8].contains("synopsis own"))
        #expect(table.markdown().split(separator: "\n").filter { $0.hasPrefix("|") }.count
                == 2 * (2 + Self.tags.count + 1))
    }

    @Test("Targets: a tag not below its base and a tag that copies are marked, and the overall row inherits bpc")
    func targets() {
        let table = Self.table()
        #expect(table.missed(row: table.rows[0]).isEmpty)
        #expect(table.missed(row: table.rows[1]) == [.copying])
        #expect(table.missed(row: table.rows[2]) == [.beatsBase])
        #expect(table.overallMissed == [.beatsBase])
        #expect(!table.allTargetsMet)
        #expect(table.plainText().contains("✗ bpc"))
        var good = table
        good.rows = [table.rows[0]]
        #expect(good.allTargetsMet)
        good.overall.recognisability = 0.59
        #expect(good.overallMissed == [.recognisability])
    }

    @Test("The speaker table shows own speakers, alternation, words per speech and the synopsis ratio")
    func speakerTable() {
        var table = Self.table()
        table.overall.ownSpeakerShare = 0.985
        table.overall.sameSpeakerShare = 0.004
        table.overall.wordsPerSpeech = 9.3
        table.overall.corpusWordsPerSpeech = 12.5
        table.overall.synopsisCoverageOwn = 0.3
        table.overall.synopsisCoverageOther = 0.1
        for text in [table.plainText(), table.markdown()] {
            #expect(text.contains("98.5%") && text.contains("0.4%") && text.contains("9.3 (12.5)"))
            #expect(text.contains("3.00×"))
        }
    }

    @Test("Unmeasured figures render as dashes and are not judged")
    func unmeasured() {
        let table = EvaluationTable(rows: [EvaluationRow(tag: "wedding")], overall: EvaluationRow(tag: "overall"))
        #expect(table.allTargetsMet)
        #expect(table.plainText().contains("–"))
    }

    @Test("JSON round trip keeps every figure, nil included")
    func json() throws {
        let table = Self.table()
        let data = try table.jsonData()
        #expect(try EvaluationTable.decode(from: data) == table)
        #expect(String(decoding: data, as: UTF8.self).contains("\"bitsPerCharacterTag\""))
        #expect(throws: EvaluationError.self) { try EvaluationTable.decode(from: Data("{}".utf8)) }
    }

    @Test("The cross-validated ceiling shows as a column and, with its fold spread, as a line under the legend")
    func crossValidatedCeiling() throws {
        var table = Self.table()
        let plainBefore = table.plainText()
        #expect(!plainBefore.contains("Ceiling cv:"))
        for i in table.rows.indices { table.rows[i].crossValidatedCeiling = 0.25 + Double(i) / 100 }
        table.overall.crossValidatedCeiling = 0.26
        table.ceilingFolds = .init(scenes: 540, accuracies: [0.2, 0.3, 0.25, 0.28, 0.27])
        for text in [table.plainText(), table.markdown()] {
            #expect(text.contains("ceiling cv"))
            #expect(text.contains("27.0%"))  // the false-death row's column
            #expect(text.contains("Ceiling cv: 26.0% of all 540 corpus scenes by 5-fold cross-validation; folds 20.0%–30.0%, sd 3.8 points."))
        }
        let plain = table.plainText().split(separator: "\n")
        #expect(plain.count == 2 * (2 + Self.tags.count + 2 + 1) + 1)  // the two tables and the folds line
        #expect(Set(plain.prefix(7).map(\.count)).count == 1)
        #expect(try EvaluationTable.decode(from: table.jsonData()) == table)
    }

    @Test("A table written before the cross-validated ceiling existed still decodes, without it")
    func decodesOldTables() throws {
        let json = try JSONSerialization.jsonObject(with: Self.table().jsonData()) as! [String: Any]
        #expect(json["ceilingFolds"] == nil)  // nil figures are left out, as in older files
        var old = json
        var rows = old["rows"] as! [[String: Any]]
        for i in rows.indices { rows[i]["crossValidatedCeiling"] = nil }
        old["rows"] = rows
        let table = try EvaluationTable.decode(from: JSONSerialization.data(withJSONObject: old))
        #expect(table == Self.table())
        #expect(table.ceilingFolds == nil && table.rows.allSatisfy { $0.crossValidatedCeiling == nil })
    }
}
