/// Reads the Fountain subset the corpus uses into elements that keep their source line numbers.
///
/// The parser never fails: Fountain has no syntax errors, only text that reads as action. The two things that
/// are genuinely broken — a `/*` boneyard or a multi-line `[[` note that is never closed — are reported in
/// `FountainParser.Result.issues` so `corpus check` can point at them.
public enum FountainParser {
    /// A structural problem found while parsing, with the line it starts on.
    public struct Issue: Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    public struct Result: Sendable {
        public let document: FountainDocument
        public let issues: [Issue]
    }

    /// Parses `text` (any line endings).
    public static func parse(_ text: String) -> FountainDocument { parseReportingIssues(text).document }

    /// Parses `text` as the body of one scene, after its heading: no title page is read, and the first line is read
    /// as following a blank line. This is how generated scene text (which never carries a heading) is read.
    public static func parseSceneBody(_ text: String) -> FountainDocument {
        var reader = Reader(lines: splitLines(text))
        reader.run(titlePage: false)
        return FountainDocument(elements: reader.elements)
    }

    /// Parses `text` and also returns the unclosed boneyards and notes.
    public static func parseReportingIssues(_ text: String) -> Result {
        var reader = Reader(lines: splitLines(text))
        reader.run(titlePage: true)
        return Result(document: FountainDocument(elements: reader.elements), issues: reader.issues)
    }

    /// Lines without their terminators; `\r\n`, `\r` and `\n` all end a line.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { lines.append(current); current = "" }
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append(current); current = ""
                previousWasCR = true
            } else {
                current.unicodeScalars.append(scalar)
                previousWasCR = false
            }
        }
        lines.append(current)
        return lines
    }

    /// The line-by-line state machine.
    private struct Reader {
        var lines: [String]
        var elements: [FountainElement] = []
        var issues: [Issue] = []
        var index = 0
        /// The previous line was blank (or we are at the start of the body).
        var afterBlank = true
        /// Inside a speech: after a cue, until a blank line.
        var inSpeech = false
        /// Lines of the action paragraph being read, and the line it started on.
        var action: [String] = []
        var actionLine = 0

        init(lines: [String]) { self.lines = lines }

        mutating func run(titlePage: Bool) {
            if titlePage { readTitlePage() }
            while index < lines.count {
                let number = index + 1
                let line = FountainLine.trim(lines[index])
                if line.isEmpty {
                    // Two spaces alone keep a speech going in Fountain; any other blank line ends the paragraph.
                    if inSpeech, lines[index] == "  " { index += 1; continue }
                    flushAction()
                    inSpeech = false
                    afterBlank = true
                    index += 1
                    continue
                }
                if inSpeech {
                    readSpeechLine(line, number: number)
                    continue
                }
                let nextIsBlank = index + 1 >= lines.count || FountainLine.trim(lines[index + 1]).isEmpty
                let reading = FountainLine.read(line, afterBlank: afterBlank, nextIsBlank: nextIsBlank)
                switch reading {
                case let .action(text, _):
                    if action.isEmpty { actionLine = number }
                    action.append(text)
                    index += 1
                    afterBlank = false
                    continue
                case let .boneyardStart(rest):
                    flushAction()
                    readBoneyard(startingWith: rest, number: number)
                    continue
                case let .note(text, closed):
                    if closed {
                        flushAction()
                        append(.note(text), number)
                    } else if !readMultiLineNote(first: text, number: number) {
                        if action.isEmpty { actionLine = number }
                        action.append(line)
                        afterBlank = false
                    }
                    index += 1
                    continue
                default:
                    break
                }
                flushAction()
                switch reading {
                case let .heading(text, sceneNumber): append(.sceneHeading(text: text, number: sceneNumber), number)
                case let .transition(text): append(.transition(text), number)
                case let .centered(text): append(.centered(text), number)
                case let .cue(cue):
                    append(.character(cue), number)
                    inSpeech = true
                case .pageBreak: append(.pageBreak, number)
                case let .section(depth, text): append(.section(depth: depth, text: text), number)
                case let .synopsis(text): append(.synopsis(text), number)
                case .action, .boneyardStart, .note: break
                }
                afterBlank = false
                index += 1
            }
            flushAction()
        }

        mutating func append(_ kind: FountainElementKind, _ line: Int) {
            elements.append(FountainElement(kind, line: line))
        }

        mutating func flushAction() {
            guard !action.isEmpty else { return }
            append(.action(action.joined(separator: "\n")), actionLine)
            action = []
        }

        /// A line after a cue: a parenthetical, a note, the start of a boneyard, or dialogue.
        mutating func readSpeechLine(_ line: String, number: Int) {
            if line.hasPrefix("("), line.hasSuffix(")"), line.count >= 2 {
                append(.parenthetical(FountainLine.trim(line.dropFirst().dropLast())), number)
            } else if line.hasPrefix("[["), line.hasSuffix("]]"), line.count >= 4,
                      !line.dropFirst(2).dropLast(2).contains("]]") {
                append(.note(FountainLine.trim(line.dropFirst(2).dropLast(2))), number)
            } else if line.hasPrefix("/*") {
                readBoneyard(startingWith: String(line.dropFirst(2)), number: number)
                return
            } else {
                append(.dialogue(line), number)
            }
            index += 1
        }

        /// Reads a title page at the very top: `Key: value` lines, values continued on indented lines, ended by a
        /// blank line.
        mutating func readTitlePage() {
            guard let first = lines.first, FountainLine.titleField(FountainLine.trim(first)) != nil else { return }
            var key = ""
            var value: [String] = []
            var keyLine = 0
            func flush(_ reader: inout Reader) {
                guard !key.isEmpty else { return }
                reader.append(.titleField(key: key, value: value.joined(separator: "\n")), keyLine)
            }
            while index < lines.count {
                let raw = lines[index]
                let line = FountainLine.trim(raw)
                if line.isEmpty { index += 1; break }
                if raw.hasPrefix("\t") || raw.hasPrefix("   "), !key.isEmpty {
                    value.append(line)
                } else if let field = FountainLine.titleField(line) {
                    flush(&self)
                    key = field.key
                    value = field.value.isEmpty ? [] : [field.value]
                    keyLine = index + 1
                } else {
                    break
                }
                index += 1
            }
            flush(&self)
            afterBlank = true
        }

        /// Reads a boneyard from the text after `/*` to the matching `*/`. Text after `*/` on the closing line is
        /// read again as a line of its own.
        mutating func readBoneyard(startingWith rest: String, number: Int) {
            var parts: [String] = []
            var current = rest
            while true {
                if let close = current.firstRange(of: "*/") {
                    parts.append(String(current[..<close.lowerBound]))
                    let after = FountainLine.trim(current[close.upperBound...])
                    append(.boneyard(FountainLine.trim(parts.joined(separator: "\n"))), number)
                    if after.isEmpty { index += 1 } else { lines[index] = after }
                    return
                }
                parts.append(current)
                index += 1
                guard index < lines.count else {
                    issues.append(Issue(
                        line: number,
                        message: "a boneyard '/*' opened here is never closed; add '*/' where the left-out text ends"
                    ))
                    append(.boneyard(FountainLine.trim(parts.joined(separator: "\n"))), number)
                    return
                }
                current = lines[index]
            }
        }

        /// Reads a note whose `[[` has no `]]` on the same line. Returns false (and reports) when a blank line,
        /// another note's `[[` or the end of the file comes before `]]`; the caller then reads the opening line as
        /// action.
        mutating func readMultiLineNote(first: String, number: Int) -> Bool {
            var parts = [first]
            var j = index + 1
            while j < lines.count {
                let line = FountainLine.trim(lines[j])
                if line.isEmpty || line.hasPrefix("[[") { break }
                if let close = line.firstRange(of: "]]") {
                    guard close.upperBound == line.endIndex else { break }
                    parts.append(FountainLine.trim(line[..<close.lowerBound]))
                    flushAction()
                    append(.note(parts.filter { !$0.isEmpty }.joined(separator: "\n")), number)
                    index = j
                    return true
                }
                parts.append(line)
                j += 1
            }
            issues.append(Issue(
                line: number, message: "a note '[[' opened here is never closed; add ']]' at the end of the note"
            ))
            return false
        }
    }
}
