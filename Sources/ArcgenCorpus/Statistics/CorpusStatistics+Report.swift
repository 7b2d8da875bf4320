import Foundation

/// The two ways `corpus stats` prints: aligned text tables for people, JSON for scripts.
extension CorpusStatistics {
    /// JSON with sorted keys, pretty-printed, ending with a newline.
    /// - Throws: only if encoding fails, which plain numbers and strings do not.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Text tables, ending with a newline.
    public func table() -> String {
        let langs = languages.map(\.lang)
        var out: [String] = []
        out.append("\(scenes) scenes in \(files) files, \(bytes) bytes (\(Self.kilobytes(bytes)))")
        out.append("")
        out += Self.align([["language", "scenes", "share", "bytes", "share"]] + languages.map {
            [$0.lang, "\($0.scenes)", Self.percent($0.sceneShare), "\($0.bytes)", Self.percent($0.byteShare)]
        })
        out.append("")
        out.append("scenes and training-text characters by main tag (secondary: scenes that carry the tag later)")
        let header = ["tag"] + langs.map { "\($0) scenes" } + langs.map { "\($0) chars" } + ["secondary"]
        out += Self.align([header] + tags.map { row in
            let scenes = langs.map { "\(row.scenes[$0] ?? 0)" }
            let characters = langs.map { "\(row.characters[$0] ?? 0)" }
            return [row.tag] + scenes + characters + ["\(row.secondary)"]
        })
        out.append("")
        out += Self.align([["role", "speeches", "scenes"]] + roles.map { [$0.role, "\($0.speeches)", "\($0.scenes)"] })
        out.append("")
        out.append("synopsis notes: \(synopsis.withSynopsis) of \(synopsis.scenes) scenes "
                   + "(\(Self.percent(synopsis.coverage)))")
        out.append("adjacent speeches (no action between): \(turns.adjacentPairs) pairs, same speaker in "
                   + "\(turns.sameSpeakerPairs) (\(Self.percent(turns.sameSpeakerRate, digits: 2))); "
                   + "alternation \(Self.percent(turns.alternationRate, digits: 2))")
        let bounds = LengthRow.bucketBounds
        let bucketNames = ["< \(bounds[0])"] + zip(bounds, bounds.dropFirst()).map { "\($0)–\($1 - 1)" }
            + ["> \(bounds[bounds.count - 1] - 1)"]
        out.append("scene length in bytes: min \(lengths.minimum), median \(lengths.median), max \(lengths.maximum)")
        out += Self.align([bucketNames] + [lengths.buckets.map { "\($0)" }]).map { "  " + $0 }
        out.append("")
        out.append("dialogue (short = at most \(shortWordLimit) words or \(shortCharacterLimit) characters; "
                   + "left out of the duplicate rate)")
        let dialogueHeader = [
            "language", "lines", "counted", "duplicates", "dup rate", "words", "distinct-1", "distinct-2",
        ]
        out += Self.align([dialogueHeader] + dialogue.map {
            [$0.lang, "\($0.lines)", "\($0.countedLines)", "\($0.duplicateLines)",
             Self.percent($0.duplicateRate, digits: 2),
             "\($0.words)", String(format: "%.3f", $0.distinct1), String(format: "%.3f", $0.distinct2)]
        })
        let sample = sampledDiversity
        out.append("sampled diversity: \(sample.words) dialogue words of \(sample.scenes) scenes (target "
                   + "\(sample.targetWords)): distinct-1 \(String(format: "%.3f", sample.distinct1)), "
                   + "distinct-2 \(String(format: "%.3f", sample.distinct2))")
        out.append("")
        out.append("words that mark each beat, the most typical first (the first \(Self.beatWordsShown) of the "
                   + "\(BeatWords.defaultPerBeat) --beat-pull pulls towards)")
        for tag in tags.map(\.tag) {
            for lang in langs {
                guard let words = beatWords[lang]?[tag], !words.isEmpty else { continue }
                out.append("  \(tag) (\(lang)): " + words.joined(separator: ", "))
            }
        }
        out.append("")
        let threshold = Self.percent(nearDuplicateThreshold)
        if let top = maxOverlap {
            out.append("max scene overlap: \(Self.percent(top.overlap)) (\(Self.lines(top.sharedLines)) shared) "
                       + "between \(top.first) and \(top.second)")
        } else {
            out.append("max scene overlap: 0% (no two scenes share a counted line)")
        }
        out.append("near-duplicate scene pairs (sharing more than \(threshold) of their lines): "
                   + "\(nearDuplicates.count)")
        for pair in nearDuplicates {
            out.append("  \(Self.percent(pair.overlap))  \(Self.lines(pair.sharedLines))  "
                       + "\(pair.first)  \(pair.second)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func percent(_ x: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f%%", x * 100) }

    static func lines(_ n: Int) -> String { n == 1 ? "1 line" : "\(n) lines" }

    static func kilobytes(_ n: Int) -> String { String(format: "%.1f KB", Double(n) / 1000) }

    /// Columns padded to their widest cell: the first left-aligned, the rest right-aligned.
    static func align(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0 ..< columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
