import Foundation

/// The one table `arcgen eval` prints: a row per beat tag and an overall row, judged against the targets.
/// The overall row is supplied, not derived, because most figures (distinct-n, bits/char) must be computed on
/// the pooled data rather than averaged over rows.
public struct EvaluationTable: Sendable, Hashable, Codable {
    public var rows: [EvaluationRow]
    public var overall: EvaluationRow
    public var targets: EvaluationTargets
    /// The sampling seed, so that a table can be reproduced.
    public var seed: UInt64?
    /// How the cross-validated ceiling column was measured; `nil` when it was not.
    public var ceilingFolds: CeilingFolds?

    /// The folds behind the `ceiling cv` column: how many scenes, and each fold's accuracy, whose spread says how
    /// much a ceiling figure can be trusted.
    public struct CeilingFolds: Sendable, Hashable, Codable {
        /// Corpus scenes scored, each once.
        public var scenes: Int
        /// Accuracy of each fold. // (folds)
        public var accuracies: [Double]

        public init(scenes: Int, accuracies: [Double]) {
            self.scenes = scenes
            self.accuracies = accuracies
        }

        /// The fold-to-fold standard deviation of the accuracy.
        public var spread: Double { CrossValidation.sampleStandardDeviation(accuracies) }

        /// Takes the figures of a finished cross-validation.
        public init(_ validation: CrossValidation) {
            self.init(scenes: validation.labels.count, accuracies: validation.foldAccuracies)
        }
    }

    public init(
        rows: [EvaluationRow], overall: EvaluationRow, targets: EvaluationTargets = .issue5, seed: UInt64? = nil,
        ceilingFolds: CeilingFolds? = nil
    ) {
        self.rows = rows
        self.overall = overall
        self.targets = targets
        self.seed = seed
        self.ceilingFolds = ceilingFolds
    }

    /// The checks each tag row misses, in row order.
    public func missed(row: EvaluationRow) -> [EvaluationTargets.Check] {
        targets.missed(by: row, isOverall: false)
    }

    /// The checks the overall row misses (including "some tag does not beat the base").
    public var overallMissed: [EvaluationTargets.Check] {
        targets.missed(by: overall, isOverall: true, tagRows: rows)
    }

    /// True when no row misses a target.
    public var allTargetsMet: Bool { overallMissed.isEmpty && rows.allSatisfy { missed(row: $0).isEmpty } }

    /// Column headers, shared by both text renderers.
    var headers: [String] { Self.headers(copyThreshold: targets.copyThreshold) }

    static func headers(copyThreshold: Int) -> [String] { [
        "tag", "held-out", "samples", "bpc tag", "bpc base", "bpc uni", "recog", "ceiling", "ceiling cv", "words",
        "dist-1 (corpus)", "dist-2 (corpus)", "rep. lines (corpus)", "run mean", "run max", "run ≥ \(copyThreshold)",
        "targets",
    ] }

    /// The cells of one row, formatted.
    func cells(_ row: EvaluationRow, missed: [EvaluationTargets.Check]) -> [String] {
        [
            row.tag, String(row.heldOutScenes), String(row.samples),
            Self.number(row.bitsPerCharacterTag), Self.number(row.bitsPerCharacterBase),
            Self.number(row.bitsPerCharacterUnigram), Self.percent(row.recognisability),
            Self.percent(row.classifierCeiling), Self.percent(row.crossValidatedCeiling),
            Self.percent(row.wordValidity),
            Self.pair(row.distinct1, row.corpusDistinct1), Self.pair(row.distinct2, row.corpusDistinct2),
            Self.pair(row.repeatedLineRate, row.corpusRepeatedLineRate),
            row.meanLongestRun.map { String(format: "%.1f", $0) } ?? "–", row.maxLongestRun.map(String.init) ?? "–",
            Self.percent(row.copyShare),
            missed.isEmpty ? "✓" : "✗ " + missed.map(\.rawValue).joined(separator: ", "),
        ]
    }

    /// The second table: who speaks, how much, and whether the scenes follow their synopses.
    static let speakerHeaders = [
        "tag", "samples", "own speakers", "all roles speak", "same speaker", "words/speech (corpus)",
        "synopsis own ÷ other", "restating",
    ]

    func speakerCells(_ row: EvaluationRow) -> [String] {
        let ratio = zip2(row.synopsisCoverageOwn, row.synopsisCoverageOther).flatMap { $1 > 0 ? $0 / $1 : nil }
        return [
            row.tag, String(row.samples), Self.percent(row.ownSpeakerShare), Self.percent(row.everyRoleSpokeShare),
            Self.percent(row.sameSpeakerShare),
            row.wordsPerSpeech.map { w in
                String(format: "%.1f", w) + (row.corpusWordsPerSpeech.map { String(format: " (%.1f)", $0) } ?? "")
            } ?? "–",
            ratio.map { String(format: "%.2f×", $0) } ?? "–", Self.percent(row.restatingShare),
        ]
    }

    func zip2(_ a: Double?, _ b: Double?) -> (Double, Double)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    var allSpeakerCells: [[String]] { (rows + [overall]).map(speakerCells) }

    var allCells: [[String]] {
        rows.map { cells($0, missed: missed(row: $0)) } + [cells(overall, missed: overallMissed)]
    }

    /// A fixed-width table for the terminal, with a legend of the targets.
    public func plainText() -> String {
        Self.plain(headers: headers, body: allCells) + "\n" + legend + (foldsLine.map { "\n" + $0 } ?? "") + "\n\n"
            + Self.plain(headers: Self.speakerHeaders, body: allSpeakerCells) + "\n" + speakerLegend + "\n"
    }

    static func plain(headers: [String], body: [[String]]) -> String {
        let widths = headers.indices.map { c in
            ([headers[c]] + body.map { $0[c] }).map(\.count).max()!
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += body.dropLast().map(line)
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines.append(line(body.last!))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A GitHub Markdown table for the README, the overall row in bold, with the same legend.
    public func markdown() -> String {
        Self.markdown(headers: headers, body: allCells) + "\n" + legend + (foldsLine.map { "\n\n" + $0 } ?? "")
            + "\n\n" + Self.markdown(headers: Self.speakerHeaders, body: allSpeakerCells) + "\n" + speakerLegend + "\n"
    }

    static func markdown(headers: [String], body: [[String]]) -> String {
        var lines = ["| " + headers.joined(separator: " | ") + " |"]
        lines.append("|" + headers.indices.map { $0 == 0 ? ":--" : "--:" }.joined(separator: "|") + "|")
        for (i, cells) in body.enumerated() {
            let shown = i == body.count - 1 ? cells.map { "**\($0)**" } : cells
            let escaped = shown.map { $0.replacingOccurrences(of: "|", with: "\\|") }
            lines.append("| " + escaped.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the second table's columns mean.
    var speakerLegend: String {
        "Own speakers = speeches cued by one of the scene's roles; all roles speak = samples where each of them "
            + "does; same speaker = adjacent speeches by one speaker with no action between; synopsis own ÷ other = "
            + "share of a sample's own synopsis content words it uses over the share of the other samples' "
            + "(1× when the synopsis steers nothing); restating = samples sharing a 30-character run with their "
            + "synopsis."
    }

    /// The line under the legend that gives the cross-validated ceiling's spread, when it was measured.
    var foldsLine: String? {
        guard let folds = ceilingFolds, let low = folds.accuracies.min(), let high = folds.accuracies.max() else {
            return nil
        }
        return "Ceiling cv: \(Self.percent(overall.crossValidatedCeiling)) of all \(folds.scenes) corpus scenes by "
            + "\(folds.accuracies.count)-fold cross-validation; folds \(Self.percent(low))–\(Self.percent(high)), "
            + "sd \(String(format: "%.1f", folds.spread * 100)) points."
    }

    /// What the targets column means.
    var legend: String {
        let t = targets
        let chance = rows.isEmpty ? "–" : Self.percent(1 / Double(rows.count))
        return "Targets: bpc = tag model below base on its held-out scenes; recog = overall recognisability ≥ "
            + "\(Self.percent(t.minimumRecognisability)) (chance \(chance)); "
            + "words = word validity ≥ \(Self.percent(t.minimumWordValidity)); "
            + "copy = samples with a verbatim run ≥ "
            + "\(t.copyThreshold) characters < \(Self.percent(t.maximumCopyShare)). "
            + "Ceiling = classifier accuracy on held-out real scenes; ceiling cv = on every corpus scene, each "
            + "judged by a classifier fitted without it. Corpus figures are measured at the samples' size."
            + (seed.map { " Seed \($0)." } ?? "")
    }

    /// Pretty-printed JSON with sorted keys, so that two runs diff cleanly; unmeasured figures are `null`.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a table written by `jsonData()`.
    /// - Throws: `EvaluationError.undecodable` naming what was wrong.
    public static func decode(from data: Data) throws(EvaluationError) -> EvaluationTable {
        do {
            return try JSONDecoder().decode(EvaluationTable.self, from: data)
        } catch {
            throw .undecodable(what: "evaluation table", reason: String(describing: error))
        }
    }

    static func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
    static func pair(_ sample: Double?, _ corpus: Double?) -> String {
        guard sample != nil || corpus != nil else { return "–" }
        return "\(number(sample)) (\(number(corpus)))"
    }
}
