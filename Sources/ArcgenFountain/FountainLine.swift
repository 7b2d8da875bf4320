/// How Fountain reads a single line outside a speech. The parser and the writer share these rules, so the writer
/// can ask "would this text read back as what I meant?" and add forcing markup (`!`, `.`, `@`, `>`) only when not.
public enum FountainLine: Equatable {
    case heading(text: String, number: String?)
    case transition(String)
    case centered(String)
    case cue(CharacterCue)
    case pageBreak
    case section(depth: Int, text: String)
    case synopsis(String)
    /// A `[[…]]` note alone on the line (`closed`), or a `[[` that opens a note continued on the next lines.
    case note(text: String, closed: Bool)
    /// `/*`: the rest of the line starts a boneyard block.
    case boneyardStart(rest: String)
    /// Action; `forced` when the line began with `!`.
    case action(String, forced: Bool)

    /// Reads one trimmed, non-empty line.
    /// - Parameters:
    ///   - afterBlank: the line follows a blank line (or starts the body); scene headings, transitions and cues
    ///     need one.
    ///   - nextIsBlank: the next line is blank or the file ends; a cue needs a line after it, a transition a
    ///     blank one.
    static func read(_ line: String, afterBlank: Bool, nextIsBlank: Bool) -> FountainLine {
        if line.hasPrefix("!") { return .action(trim(line.dropFirst()), forced: true) }
        if line.hasPrefix("/*") { return .boneyardStart(rest: String(line.dropFirst(2))) }
        if line.hasPrefix("[[") {
            let inner = line.dropFirst(2)
            if let close = inner.firstRange(of: "]]") {
                if close.upperBound == inner.endIndex {
                return .note(text: trim(inner[..<close.lowerBound]), closed: true)
            }
            } else {
                return .note(text: trim(inner), closed: false)
            }
        }
        if isPageBreak(line) { return .pageBreak }
        if line.hasPrefix("=") { return .synopsis(trim(line.dropFirst())) }
        if line.hasPrefix("#") {
            let depth = line.prefix { $0 == "#" }.count
            return .section(depth: depth, text: trim(line.dropFirst(depth)))
        }
        if line.hasPrefix(">") {
            if line.count >= 2, line.hasSuffix("<") { return .centered(trim(line.dropFirst().dropLast())) }
            return .transition(trim(line.dropFirst()))
        }
        if line.hasPrefix("."), line.count > 1, !line.hasPrefix("..") {
            let (text, number) = splitSceneNumber(trim(line.dropFirst()))
            return .heading(text: text, number: number)
        }
        if line.hasPrefix("@"), line.count > 1, !nextIsBlank {
            return .cue(parseCue(trim(line.dropFirst())))
        }
        if afterBlank {
            if isNaturalHeading(line) {
                let (text, number) = splitSceneNumber(line)
                return .heading(text: text, number: number)
            }
            if nextIsBlank, isNaturalTransition(line) { return .transition(line) }
            if !nextIsBlank, let cue = naturalCue(line) { return .cue(cue) }
        }
        return .action(line, forced: false)
    }

    /// Whitespace (and a stray carriage return) trimmed from both ends.
    public static func trim<S: StringProtocol>(_ s: S) -> String {
        var scalars = Substring(s).unicodeScalars[...]
        while let f = scalars.first, f.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `===` or more `=` and nothing else.
    static func isPageBreak(_ line: String) -> Bool { line.count >= 3 && line.allSatisfy { $0 == "=" } }

    /// INT, EXT, EST, INT./EXT, INT/EXT or I/E followed by a dot or a space, in any case.
    static func isNaturalHeading(_ line: String) -> Bool {
        let upper = line.uppercased()
        for prefix in ["INT./EXT", "INT/EXT", "I/E", "INT", "EXT", "EST"] where upper.hasPrefix(prefix) {
            if let next = upper.dropFirst(prefix.count).first, next == "." || next == " " { return true }
        }
        return false
    }

    /// An upper-case line ending in `TO:`.
    static func isNaturalTransition(_ line: String) -> Bool {
        line.hasSuffix("TO:") && line == line.uppercased()
    }

    /// The scene number `#…#` at the end of a heading, split off.
    static func splitSceneNumber(_ text: String) -> (String, String?) {
        guard text.hasSuffix("#"), text.count >= 3 else { return (text, nil) }
        let body = text.dropLast()
        guard let open = body.lastIndex(of: "#") else { return (text, nil) }
        let number = body[body.index(after: open)...]
        guard !number.isEmpty, !number.contains(where: \.isWhitespace) else { return (text, nil) }
        return (trim(body[..<open]), String(number))
    }

    /// A cue read without `@`: an upper-case name with at least one letter, then only `(…)` extensions (which may be
    /// in any case) and an optional `^`.
    static func naturalCue(_ line: String) -> CharacterCue? {
        let cue = parseCue(line)
        guard cue.name.contains(where: \.isLetter), cue.name == cue.name.uppercased() else {
            return nil
        }
        return cue
    }

    /// Splits a cue line into name, extensions and the dual-dialogue mark. When what follows the name is not a
    /// clean run of `(…)` groups, the whole line is the name.
    static func parseCue(_ line: String) -> CharacterCue {
        var body = Substring(line)
        var dual = false
        if body.hasSuffix("^") {
            dual = true
            body = Substring(trim(body.dropLast()))
        }
        guard let open = body.firstIndex(of: "(") else { return CharacterCue(name: trim(body), isDual: dual) }
        let name = trim(body[..<open])
        var extensions: [String] = []
        var rest = Substring(trim(body[open...]))
        while rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { break }
            let inner = trim(rest[rest.index(after: rest.startIndex) ..< close])
            guard !inner.isEmpty, !inner.contains("(") else { break }
            extensions.append(inner)
            rest = Substring(trim(rest[rest.index(after: close)...]))
        }
        guard rest.isEmpty, !name.isEmpty else { return CharacterCue(name: trim(body), isDual: dual) }
        return CharacterCue(name: name, extensions: extensions, isDual: dual)
    }

    /// `Key: value` on a title page: a key of letters, digits, spaces, `-` or `_` starting with a letter. A key in
    /// capitals with nothing after the colon (`CUT TO:`) is not a title field.
    static func titleField(_ line: String) -> (key: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.first, first.isLetter,
              key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" })
        else { return nil }
        let value = trim(line[line.index(after: colon)...])
        if value.isEmpty, key == key.uppercased() { return nil }
        if isNaturalHeading(line) { return nil }
        return (String(key), value)
    }
}
