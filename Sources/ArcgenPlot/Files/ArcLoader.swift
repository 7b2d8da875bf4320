/// What checking one arc file found: the findings with file, line and column filled in, and the arc itself when
/// there is no error (warnings allowed).
public struct ArcReport: Sendable {
    public let file: String
    /// The arc, only when the file has no errors.
    public let arc: Arc?
    /// The arc as far as it could be decoded, placeholders included (nil when the file is not JSON).
    public let decoded: Arc?
    /// At most `DiagnosticList.defaultLimit`, in the order found.
    public let diagnostics: [Diagnostic]
    public let errorCount: Int
    public let warningCount: Int
    /// Facts that never fail a check (the plan lengths visit caps allow).
    public var noteCount = 0

    /// Findings counted but not listed.
    public var suppressed: Int { errorCount + warningCount + noteCount - diagnostics.count }
}

/// Reads, parses, decodes and lints arc files: the one door through which an arc file becomes an `Arc`.
public struct ArcLoader: Sendable {
    public let vocabulary: Vocabulary
    public let models: ModelInventory?
    public let limit: Int

    public init(vocabulary: Vocabulary, models: ModelInventory? = nil, limit: Int = DiagnosticList.defaultLimit) {
        self.vocabulary = vocabulary
        self.models = models
        self.limit = limit
    }

    /// Checks the file at `path`; never throws: an unreadable file is an error finding.
    public func check(path: String) -> ArcReport {
        do {
            let text = try SourceFile.read(path)
            return check(text, file: path)
        } catch {
            var d = error.diagnostic
            d.file = path
            if case let .notUTF8(offset, text) = error { d.position = text.position(ofOffset: offset) }
            return ArcReport(file: path, arc: nil, decoded: nil, diagnostics: [d], errorCount: 1, warningCount: 0)
        }
    }

    /// Checks arc text that is already in memory; `file` names it in messages.
    public func check(_ text: SourceText, file: String) -> ArcReport {
        let root: JSONNode
        do {
            root = try JSONParser().parse(text.bytes)
        } catch {
            var d = Diagnostic(.error, nil, error.message, offset: error.offset)
            d.file = file
            d.position = text.position(ofOffset: error.offset)
            return ArcReport(file: file, arc: nil, decoded: nil, diagnostics: [d], errorCount: 1, warningCount: 0)
        }
        var decoder = ArcDecoder(limit: limit)
        var arc = decoder.decode(root)
        arc.defaultNames = vocabulary.defaultNames
        var list = decoder.diagnostics
        ArcLinter(vocabulary: vocabulary, models: models).lint(arc, into: &list)
        let stem = Self.stem(of: file)
        if !arc.id.isEmpty, file.hasSuffix(".json"), stem != arc.id {
            list.warning(JSONPath.root / "id", "the arc id '\(arc.id)' differs from the file name '\(stem).json'; "
                + "arcs are looked up by id, so rename the file or the id")
        }
        let located = list.items.map { d -> Diagnostic in
            var d = d
            d.file = file
            d.position = text.position(ofOffset: d.offset ?? d.path.map { root.offset(for: $0) } ?? root.offset)
            return d
        }
        return ArcReport(file: file, arc: list.errorCount == 0 ? arc : nil, decoded: arc, diagnostics: located,
                         errorCount: list.errorCount, warningCount: list.warningCount, noteCount: list.noteCount)
    }

    /// Loads an arc for planning, showing or drawing.
    /// - Throws: `ArcError.invalidArc` with the first errors when the file has any.
    public func load(path: String) throws(ArcError) -> Arc {
        let report = check(path: path)
        if let arc = report.arc { return arc }
        let errors = report.diagnostics.filter { $0.severity == .error }
        throw .invalidArc(path: path, errors: errors, total: report.errorCount)
    }

    /// `lost-love` for `arcs/lost-love.json`.
    public static func stem(of file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name.hasSuffix(".json") ? String(name.dropLast(5)) : name
    }
}
