import ArcgenFountain
import ArcgenSupport

/// Reads one corpus file into scenes and diagnostics: encoding, Fountain structure, scene notes, cues against
/// roles, and — when a vocabulary is given — tags and roles against it. A scene with an error is reported and left
/// out of `scenes`, so every `CorpusScene` that comes out is well-formed.
public struct CorpusFileReader {
    public struct Result: Sendable {
        public let path: String
        public let byteCount: Int
        public let scenes: [CorpusScene]
        public let diagnostics: [Diagnostic]
        /// Every scene the file holds, well-formed or not, and those of them with a synopsis note.
        public let headingCount: Int
        public let synopsisCount: Int
    }

    /// Checks tags and roles against this when set.
    public let vocabulary: Vocabulary?

    public init(vocabulary: Vocabulary?) { self.vocabulary = vocabulary }

    /// The byte offset where each line starts, by the parser's rule (`\r\n`, `\r` and `\n` each end a line), so a
    /// line number means the same line to both.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0A, i > 0, bytes[i - 1] == 0x0D { starts[starts.count - 1] = i + 1 }
            else if byte == 0x0A || byte == 0x0D { starts.append(i + 1) }
        }
        return starts
    }

    /// Reads the bytes of the file at `path` (the path is only used in messages). A UTF-8 byte order mark, which
    /// some editors save at the start, is skipped: before a heading it would hide the heading.
    public func read(bytes: [UInt8], path: String) -> Result {
        let mark = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let bytes = Array(bytes.dropFirst(mark))
        var diagnostics: [Diagnostic] = []
        // Byte offset where each line starts, and the end of the file, to size scenes in source bytes.
        let lineStarts = Self.lineStarts(bytes)
        func offset(ofLine line: Int) -> Int { line - 1 < lineStarts.count ? lineStarts[line - 1] : bytes.count }
        if let offset = UTF8Text.firstInvalidOffset(bytes) {
            let line = lineStarts.lastIndex { $0 <= offset }.map { $0 + 1 } ?? 1
            diagnostics.append(Diagnostic(file: path, line: line, .error,
                "invalid UTF-8 at byte offset \(offset + mark); save the file as UTF-8 "
                    + "(the rest is checked with the bad bytes replaced)"))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = FountainParser.parseReportingIssues(text)
        diagnostics += parsed.issues.map { Diagnostic(file: path, line: $0.line, .error, $0.message) }

        var scenes: [CorpusScene] = []
        var elements = parsed.document.elements[...]
        // Everything before the first heading (title page aside) belongs to no scene.
        let beforeFirst = elements.prefix { if case .sceneHeading = $0.kind { return false } else { return true } }
        if let stray = beforeFirst.first(where: {
            if case .titleField = $0.kind { return false } else { return true }
        }) {
            diagnostics.append(Diagnostic(file: path, line: stray.line, .warning,
                "text before the first scene heading belongs to no scene and is ignored; "
                    + "put a heading such as 'INT. CASA - DÍA' above it"))
        }
        elements = elements.dropFirst(beforeFirst.count)
        if elements.isEmpty, diagnostics.allSatisfy({ $0.severity != .warning }) {
            diagnostics.append(Diagnostic(file: path, line: 1, .warning,
                "this file holds no scene; start each scene with a heading such as 'INT. CASA - DÍA'"))
        }
        var (headingCount, synopsisCount) = (0, 0)
        while let heading = elements.first, case let .sceneHeading(headingText, _) = heading.kind {
            let body = elements.dropFirst().prefix {
                if case .sceneHeading = $0.kind { return false } else { return true }
            }
            elements = elements.dropFirst(1 + body.count)
            let notes = SceneNotes(elements: Array(body), file: path, headingLine: heading.line)
            headingCount += 1
            if notes.synopsis != nil { synopsisCount += 1 }
            let nextSceneStart = elements.first.map { offset(ofLine: $0.line) } ?? bytes.count
            let sourceBytes = nextSceneStart - offset(ofLine: heading.line)
            var sceneDiagnostics: [Diagnostic] = []
            let scene = readScene(heading: headingText, line: heading.line, notes: notes, body: Array(body), path: path,
                                  sourceBytes: sourceBytes, diagnostics: &sceneDiagnostics)
            diagnostics += sceneDiagnostics
            if let scene, !sceneDiagnostics.contains(where: { $0.severity == .error }) { scenes.append(scene) }
        }
        diagnostics.sort { ($0.line, $0.severity == .error ? 0 : 1) < ($1.line, $1.severity == .error ? 0 : 1) }
        return Result(path: path, byteCount: bytes.count, scenes: scenes, diagnostics: diagnostics,
                      headingCount: headingCount, synopsisCount: synopsisCount)
    }

    /// Checks one scene and builds it when its notes are complete.
    private func readScene(heading: String, line: Int, notes: SceneNotes, body: [FountainElement], path: String,
                           sourceBytes: Int, diagnostics: inout [Diagnostic]) -> CorpusScene? {
        diagnostics += notes.diagnostics

        if let tags = notes.tags, let vocabulary {
            for tag in tags where !vocabulary.tags.contains(tag) {
                let hint = Suggestions.closest(to: tag, in: vocabulary.tags).map { "did you mean '\($0)'? " } ?? ""
                diagnostics.append(Diagnostic(file: path, line: noteLine("tags", body) ?? line, .error,
                    "unknown tag '\(tag)'; \(hint)tags are listed in arcs/vocabulary.json"))
            }
        }
        if let lang = notes.lang, !CorpusScene.languages.contains(lang) {
            diagnostics.append(Diagnostic(file: path, line: noteLine("lang", body) ?? line, .error,
                "unknown language '\(lang)'; write "
                    + CorpusScene.languages.map { "[[lang: \($0)]]" }.joined(separator: " or ")))
        }
        let roles = notes.roles ?? []
        if let vocabulary {
            for entry in roles where !vocabulary.roles.contains(entry.role) {
                let near = Suggestions.closest(to: entry.role, in: vocabulary.roles)
                let hint = near.map { "did you mean '\($0)'? " } ?? ""
                diagnostics.append(Diagnostic(file: path, line: notes.rolesLine ?? line, .error,
                    "unknown role '\(entry.role)' for \(entry.name); \(hint)roles are listed in arcs/vocabulary.json"))
            }
        }

        // Cues against the roles note: once per unmapped name, at its first cue.
        var spoken: [String: Int] = [:]
        var dialogueCount = 0
        for element in body {
            switch element.kind {
            case let .character(cue):
                let name = cue.name.uppercased()
                if spoken[name] == nil { spoken[name] = element.line }
            case .dialogue:
                dialogueCount += 1
            default:
                break
            }
        }
        if notes.roles != nil {
            for (name, cueLine) in spoken.sorted(by: { $0.value < $1.value })
            where !roles.contains(where: { $0.name == name }) {
                let near = Suggestions.closest(to: name, in: roles.map(\.name)).map { " (is it \($0) misspelt?)" } ?? ""
                diagnostics.append(Diagnostic(file: path, line: cueLine, .error,
                    "cue \(name) has no role\(near); add '\(name) = role' to the scene's [[roles: …]] note"))
            }
            for entry in roles where spoken[entry.name] == nil {
                diagnostics.append(Diagnostic(file: path, line: notes.rolesLine ?? line, .error,
                    "\(entry.name) has a role but never speaks in this scene; give them a line, or remove them "
                    + "from the roles note, or check the cue's spelling"))
            }
        }
        for turn in SpeakerTurns(body).repeats {
            diagnostics.append(Diagnostic(file: path, line: turn.line, .error,
                "\(turn.name) speaks again right after their own speech on line \(turn.previousLine), with no "
                + "action between; merge the two speeches or put an action line between them"))
        }
        if dialogueCount == 0 {
            diagnostics.append(Diagnostic(file: path, line: line, .error,
                "scene has no dialogue; the models learn from speech, so add some or remove the scene"))
        }

        guard let tags = notes.tags, let lang = notes.lang, notes.roles != nil, let synopsis = notes.synopsis else {
            return nil
        }
        return CorpusScene(file: path, line: line, heading: heading, tags: tags, lang: lang,
                           cast: Dictionary(roles.map { ($0.name, $0.role) }, uniquingKeysWith: { a, _ in a }),
                           castOrder: roles.map(\.name), synopsis: synopsis, elements: body, sourceBytes: sourceBytes)
    }

    /// The line of a metadata note, for pointing at it.
    private func noteLine(_ key: String, _ body: [FountainElement]) -> Int? {
        body.first {
            if case let .note(text) = $0.kind { return text.lowercased().hasPrefix(key + ":") } else { return false }
        }?.line
    }
}
