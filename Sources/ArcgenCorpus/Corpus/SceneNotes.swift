import ArcgenFountain

/// The four metadata notes a corpus scene carries right after its heading — `[[tags: …]]`, `[[lang: …]]`,
/// `[[roles: NAME = role; …]]`, `[[synopsis: …]]` — read from a scene's elements, with every problem as a
/// diagnostic. The synopsis is what links a scene to the arc state it could play, so it is required like the rest.
struct SceneNotes {
    var tags: [String]?
    var lang: String?
    /// (upper-cased name, role) in the note's order.
    var roles: [(name: String, role: String)]?
    var rolesLine: Int?
    var synopsis: String?
    var synopsisLine: Int?
    var diagnostics: [Diagnostic] = []

    /// The keys this format reads; any other note is left alone.
    static let keys = ["tags", "lang", "roles", "synopsis"]

    /// How long a synopsis may be, in characters: one or two sentences, like an arc state's.
    static let synopsisLength = 40 ... 300

    /// Reads the metadata notes among `elements` of the scene whose heading is on `headingLine`.
    init(elements: [FountainElement], file: String, headingLine: Int) {
        var seen: [String: Int] = [:]
        for element in elements {
            guard case let .note(text) = element.kind, let colon = text.firstIndex(of: ":") else { continue }
            let key = FountainLine.trim(text[..<colon]).lowercased()
            guard Self.keys.contains(key) else { continue }
            let value = FountainLine.trim(text[text.index(after: colon)...])
            let line = element.line
            if let first = seen[key] {
                diagnostics.append(Diagnostic(file: file, line: line, .error,
                    "a second [[\(key): …]] note in this scene (the first is on line \(first)); merge them into one"))
                continue
            }
            seen[key] = line
            switch key {
            case "tags": readTags(value, file: file, line: line)
            case "lang": lang = value
            case "synopsis": (synopsis, synopsisLine) = (value, line)
            default: readRoles(value, file: file, line: line)
            }
        }
        for key in Self.keys where seen[key] == nil {
            diagnostics.append(Diagnostic(file: file, line: headingLine, .error,
                "scene has no [[\(key): …]] note; add one such as \(Self.example(key)) right after the heading"))
        }
        if let synopsis, let synopsisLine { checkSynopsis(synopsis, file: file, line: synopsisLine) }
    }

    static func example(_ key: String) -> String {
        switch key {
        case "tags": "[[tags: encounter]]"
        case "lang": "[[lang: es]]"
        case "roles": "[[roles: NAME = heroine; …]]"
        default: "[[synopsis: Who does what to whom, and the turn, in one or two sentences.]]"
        }
    }

    /// Length and language; the language against the lang note once both are known.
    private mutating func checkSynopsis(_ text: String, file: String, line: Int) {
        let length = text.count
        if !Self.synopsisLength.contains(length) {
            let bounds = "\(Self.synopsisLength.lowerBound)–\(Self.synopsisLength.upperBound)"
            diagnostics.append(Diagnostic(file: file, line: line, .error,
                "the synopsis has \(length) characters; write one or two sentences of \(bounds) saying who does what "
                + "to whom and the turn"))
        }
        if let lang, let written = LanguageGuess.language(of: text), written != lang {
            diagnostics.append(Diagnostic(file: file, line: line, .error,
                "the synopsis reads as '\(written)' but the scene is [[lang: \(lang)]]; "
                + "write it in the scene's language"))
        }
    }

    private mutating func readTags(_ value: String, file: String, line: Int) {
        let list = value.split(separator: ",").map { FountainLine.trim($0) }.filter { !$0.isEmpty }
        if list.isEmpty {
            diagnostics.append(Diagnostic(file: file, line: line, .error, "the tags note lists no tag; name the scene's beat, e.g. [[tags: encounter]]"))
            return
        }
        var unique: [String] = []
        for tag in list {
            if unique.contains(tag) {
                diagnostics.append(Diagnostic(file: file, line: line, .warning, "tag '\(tag)' is listed twice; remove the repeat"))
            } else {
                unique.append(tag)
            }
        }
        tags = unique
    }

    private mutating func readRoles(_ value: String, file: String, line: Int) {
        rolesLine = line
        var result: [(name: String, role: String)] = []
        for entry in value.split(separator: ";") {
            let text = FountainLine.trim(entry)
            if text.isEmpty { continue }
            let parts = text.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                diagnostics.append(Diagnostic(file: file, line: line, .error,
                    "roles entry '\(text)' is not 'NAME = role'; separate entries with ';' and write one '=' in each"))
                continue
            }
            let name = FountainLine.trim(parts[0]).uppercased()
            let role = FountainLine.trim(parts[1])
            guard !name.isEmpty, !role.isEmpty else {
                diagnostics.append(Diagnostic(file: file, line: line, .error, "roles entry '\(text)' needs both a name and a role"))
                continue
            }
            if result.contains(where: { $0.name == name }) {
                diagnostics.append(Diagnostic(file: file, line: line, .error, "\(name) is given a role twice in the roles note; keep one"))
                continue
            }
            result.append((name, role))
        }
        if result.isEmpty {
            diagnostics.append(Diagnostic(file: file, line: line, .error, "the roles note maps no one; write 'NAME = role' for every speaking character"))
        }
        roles = result
    }
}
