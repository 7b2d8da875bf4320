import Foundation
import Testing
@testable import ArcgenCorpus

@Suite("corpus check")
struct CorpusCheckTests {
    static let vocabulary = Vocabulary(
        tags: ["encounter", "courtship", "secret"],
        roles: ["heroine", "galan", "confidant", "lost-relative", "extra"]
    )

    /// A scene with no problem, to build broken ones from.
    static let good = """
    Title: Prueba

    INT. MERCADO - DÍA

    [[tags: encounter]]
    [[lang: es]]
    [[roles: ROSAURA = heroine; EMILIANO = galan]]
    [[synopsis: Emiliano tira las flores de Rosaura en el mercado y le pide perdón desde la camioneta.]]

    ROSAURA
    ¡Oiga!

    EMILIANO (O.S.)
    Perdón.

    """

    /// Writes `text` to a fresh folder and checks it.
    static func check(_ text: String) throws -> (path: String, diagnostics: [Diagnostic]) {
        try check(bytes: Array(text.utf8))
    }

    static func check(bytes: [UInt8]) throws -> (path: String, diagnostics: [Diagnostic]) {
        let folder = try TemporaryFolder()
        let path = try folder.write("escenas/a.es.fountain", bytes: bytes)
        let report = try Corpus.check(directory: folder.url.path, vocabulary: vocabulary)
        #expect(report.corpus.files.map(\.path) == [folder.url.path + "/escenas/a.es.fountain"])
        return (path, report.diagnostics)
    }

    @Test("a good scene has no diagnostics")
    func good() throws {
        #expect(try Self.check(Self.good).diagnostics.isEmpty)
    }

    @Test("an English synopsis full of Spanish names reads as English; a Spanish one in an English scene does not")
    func synopsisLanguage() throws {
        let english = Self.good.replacingOccurrences(of: "[[lang: es]]", with: "[[lang: en]]")
            .replacingOccurrences(of: "ROSAURA\n¡Oiga!", with: "ROSAURA\nHey!")
            .replacingOccurrences(of: "Perdón.", with: "Sorry.")
        let original = "Emiliano tira las flores de Rosaura en el mercado y le pide perdón desde la camioneta."
        func synopsis(_ text: String) -> String { english.replacingOccurrences(of: original, with: text) }
        #expect(try Self.check(synopsis("Ramón confronts Begoña about José's lies at Doña Inés's hacienda."))
                    .diagnostics.isEmpty)
        #expect(try Self.check(synopsis("Doña Begoña tells Ramón and Sofía the truth about María."))
                    .diagnostics.isEmpty)
        let spanish = try Self.check(synopsis("Ramón le confiesa a Begoña que la carta era de él y ella llora."))
        #expect(spanish.diagnostics.contains { $0.message.contains("reads as 'es'") })
    }

    @Test("lines end as the parser ends them: a file with CR line ends reads, sized and numbered as with LF")
    func carriageReturns() throws {
        #expect(CorpusFileReader.lineStarts(Array("a\r\nb\rc\nd".utf8)) == [0, 3, 5, 7])
        let reader = CorpusFileReader(vocabulary: Self.vocabulary)
        let lf = reader.read(bytes: Array(Self.good.utf8), path: "a.fountain")
        for end in ["\r", "\r\n"] {
            let other = reader.read(bytes: Array(Self.good.replacingOccurrences(of: "\n", with: end).utf8),
                                    path: "a.fountain")
            #expect(other.diagnostics.isEmpty && other.scenes.count == 1)
            let extra = end.utf8.count - 1
            let lines = Self.good.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            #expect(other.scenes.first?.sourceBytes == lf.scenes.first.map { $0.sourceBytes + extra * (lines - 2) })
        }
    }

    @Test("a byte order mark before the first line hides nothing: the scene is read, and offsets count it")
    func byteOrderMark() throws {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try Self.check(bytes: mark + Array(Self.good.utf8)).diagnostics.isEmpty)
        let headingFirst = Self.good.drop { $0 != "\n" }.drop { $0 == "\n" }
        #expect(headingFirst.hasPrefix("INT.") || headingFirst.hasPrefix("EXT."))
        #expect(try Self.check(bytes: mark + Array(headingFirst.utf8)).diagnostics.isEmpty)
        var bad = mark + Array(Self.good.utf8)
        bad[10] = 0xFF
        #expect(try Self.check(bytes: bad).diagnostics.contains { $0.message.contains("byte offset 10;") })
    }

    /// (what to change, replacement, line, severity, words the message must contain)
    static let cases: [(String, String, Int, Diagnostic.Severity, [String])] = [
        ("[[tags: encounter]]", "[[tags: encuonter]]", 5, .error,
         ["unknown tag 'encuonter'", "did you mean 'encounter'"]),
        ("galan]]", "galán]]", 7, .error, ["unknown role 'galán'", "did you mean 'galan'"]),
        ("EMILIANO (O.S.)\nPerdón.", "EMILIANO (O.S.)\nPerdón.\n\nDOÑA PETRA\nAy.", 16, .error,
         ["cue DOÑA PETRA has no role", "[[roles"]),
        ("EMILIANO = galan]]", "EMILIANO = galan; CHUY = confidant]]", 7, .error, ["CHUY has a role but never speaks"]),
        ("[[tags: encounter]]\n", "", 3, .error, ["no [[tags: …]] note"]),
        ("[[lang: es]]\n", "", 3, .error, ["no [[lang: …]] note"]),
        ("[[roles: ROSAURA = heroine; EMILIANO = galan]]\n", "", 3, .error, ["no [[roles: …]] note"]),
        ("[[lang: es]]", "[[lang: es]]\n[[lang: en]]", 7, .error, ["second [[lang: …]] note", "line 6"]),
        ("[[lang: es]]", "[[lang: fr]]", 6, .error, ["unknown language 'fr'", "es", "en"]),
        ("[[roles: ROSAURA = heroine; EMILIANO = galan]]", "[[roles: ROSAURA heroine; EMILIANO = galan]]", 7, .error,
         ["not 'NAME = role'"]),
        ("ROSAURA\n¡Oiga!\n\nEMILIANO (O.S.)\nPerdón.", "Nadie habla.", 3, .error, ["no dialogue"]),
        ("Title: Prueba\n", "Title: Prueba\n\nEl mercado despierta.\n", 3, .warning,
         ["before the first scene heading"]),
        ("ROSAURA\n¡Oiga!", "ROSAURA\n¡Oiga!\n/* sin cerrar", 12, .error, ["never closed"]),
        (good, "Title: Prueba\n", 1, .warning, ["holds no scene"]),
        // The synopsis: present, 40–300 characters, in the scene's language.
        ("[[synopsis: Emiliano tira las flores de Rosaura en el mercado y le pide perdón desde la camioneta.]]\n", "",
         3, .error, ["no [[synopsis: …]] note"]),
        ("Emiliano tira las flores de Rosaura en el mercado y le pide perdón desde la camioneta.", "Se chocan.", 8,
         .error, ["the synopsis has 10 characters", "40–300"]),
        ("Emiliano tira las flores de Rosaura en el mercado y le pide perdón desde la camioneta.",
         String(repeating: "Rosaura llora. ", count: 21), 8, .error, ["the synopsis has 314 characters"]),
        ("Emiliano tira las flores de Rosaura en el mercado y le pide perdón desde la camioneta.",
         "Emiliano knocks over Rosaura's flowers at the market and apologises from his truck.", 8, .error,
         ["reads as 'en'", "[[lang: es]]"]),
        // Speech discipline: nobody speaks twice in a row with no action between.
        ("EMILIANO (O.S.)\nPerdón.", "EMILIANO (O.S.)\nPerdón.\n\nEMILIANO\n(más fuerte)\nQue perdón, le digo.", 16,
         .error, ["EMILIANO speaks again right after their own speech on line 13", "merge"]),
    ]

    @Test("every problem is reported at its file:line with what to do", arguments: 0 ..< cases.count)
    func problems(index: Int) throws {
        let (target, replacement, line, severity, words) = Self.cases[index]
        #expect(Self.good.contains(target))
        let (path, diagnostics) = try Self.check(Self.good.replacingOccurrences(of: target, with: replacement))
        let found = diagnostics.first {
            $0.line == line && $0.severity == severity && words.allSatisfy($0.message.contains)
        }
        #expect(found != nil,
                "expected \(severity) on line \(line) with \(words); got \(diagnostics.map(\.description))")
        #expect(found?.description.hasPrefix("\(path):\(line): \(severity.rawValue): ") == true)
    }

    @Test("invalid UTF-8 is reported with its byte offset and line, and the rest is still checked")
    func encoding() throws {
        /// The byte offset of "Perdón", on line 14.
        func offset(in text: String) -> Int {
            text.utf8.distance(from: text.startIndex, to: text.firstRange(of: "Perdón")!.lowerBound)
        }
        var bytes = Array(Self.good.utf8)
        let at = offset(in: Self.good)
        bytes[at] = 0xFF
        let broken = Self.good.replacingOccurrences(of: "[[tags: encounter]]", with: "[[tags: nope]]")
        var brokenBytes = Array(broken.utf8)
        let brokenOffset = offset(in: broken)
        brokenBytes[brokenOffset] = 0xC3   // a lead byte with no continuation
        for (data, at, extra) in [(bytes, at, false), (brokenBytes, brokenOffset, true)] {
            let (path, diagnostics) = try Self.check(bytes: data)
            #expect(diagnostics.contains {
                $0.description == "\(path):14: error: invalid UTF-8 at byte offset \(at); save the file as UTF-8 "
                    + "(the rest is checked with the bad bytes replaced)"
            })
            #expect(diagnostics.contains { $0.message.contains("unknown tag 'nope'") } == extra)
        }
    }

    @Test("a corpus with errors does not load; warnings alone do")
    func loading() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.fountain", Self.good.replacingOccurrences(of: "[[lang: es]]", with: "[[lang: xx]]"))
        #expect(throws: CorpusError.self) { try Corpus.load(directory: folder.url.path) }
        let fine = try TemporaryFolder()
        try fine.write("a.fountain", Self.good
            .replacingOccurrences(of: "Title: Prueba\n", with: "Title: Prueba\n\nSuelto.\n")
            .replacingOccurrences(of: "galan]]", with: "galan; CHUY = confidant]]")
            .replacingOccurrences(of: "Perdón.\n", with: "Perdón.\n\nCHUY\nAy, Rosaura.\n"))
        let corpus = try Corpus.load(directory: fine.url.path, vocabulary: Self.vocabulary)
        #expect(corpus.scenes.count == 1 && corpus.warnings.count == 1)
        let scene = corpus.scenes[0]
        #expect(scene.line == 5 && scene.heading == "INT. MERCADO - DÍA")
        #expect(scene.tags == ["encounter"] && scene.lang == "es")
        #expect(scene.synopsis.hasPrefix("Emiliano tira las flores") && scene.synopsis.hasSuffix("camioneta."))
        #expect(scene.cast == ["ROSAURA": "heroine", "EMILIANO": "galan", "CHUY": "confidant"])
        #expect(scene.role(of: "Emiliano") == "galan")
        #expect(throws: CorpusError.self) { try Corpus.load(directory: TemporaryFolder().url.path) }
    }


    @Test("the shipped vocabulary has the 15 tags and 16 roles")
    func vocabularyFile() throws {
        let vocabulary = try Vocabulary.load(from: PackagePaths.vocabulary)
        #expect(vocabulary.tags.count == 15 && vocabulary.tags.first == "encounter"
            && vocabulary.tags.contains("false-death"))
        #expect(vocabulary.roles.count == 16 && vocabulary.roles.contains("lost-relative"))
        #expect(Vocabulary.locate(near: PackagePaths.corpus)?.standardizedFileURL
            == PackagePaths.vocabulary.standardizedFileURL)
    }
}
