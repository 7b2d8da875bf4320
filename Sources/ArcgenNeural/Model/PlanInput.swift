/// The plan as an input at every step: a text's plan lines (lines that begin with `marker`; Fountain's synopsis
/// lines, `= …`, in this project's training texts) are read as a bag of known words, and the mean of those words'
/// learned vectors is fed to the first layer beside each token's embedding until the next block of plan lines
/// begins. A plan line read as text alone reached nothing: the models read a scene as well after another scene's
/// plan line as after its own (`arcgen models score --others-plans`), since a window of 100 characters seldom
/// carries a body's gradient back to its header. A vector beside every step puts the plan where every step can
/// use it, as plan-and-write conditions each part on its plan and context-dependent language models feed their
/// topic vector to every step (Mikolov and Zweig, 2012).
///
/// The bag is read from the text itself, by the same rule in training and in generation, so a model is primed with
/// a plan exactly as it learned to read one, and a text with no plan lines is an empty bag (a zero vector).
///
/// Read as `continuations`, the bag is instead the letters that would carry the word being written in the body on
/// into one of the plan's words not yet written (at a word's start, their first letters): the model learns how far
/// to follow the plan letter by letter, as the sampler's `WordPull` does by a fixed amount.
public struct PlanInput: Codable, Sendable, Equatable {
    /// What the bag holds: the plan's words, or the letters that continue one of them.
    public enum Reading: String, Codable, Sendable, CaseIterable { case words, continuations }

    /// What a plan line begins with.
    public var marker: String
    /// The known words, lower-cased: the most frequent of the training text's plan blocks; read as `continuations`,
    /// every letter of their words, in code point order.
    public var words: [String]
    /// Width of a word's vector.
    public var width: Int
    /// nil: `words` (the files written before the choice existed).
    public var reading: Reading?

    /// What the plan input is, for logs: "a plan input of 4096 words × 32".
    public var summary: String {
        "a plan input of \(words.count) \(reading == .continuations ? "letters" : "words") × \(width)"
    }

    /// The mark of a Fountain synopsis line, which this project's training headers are.
    public static let synopsisMarker = "= "

    public init(marker: String = synopsisMarker, words: [String], width: Int, reading: Reading? = nil) {
        self.marker = marker
        self.words = words
        self.width = width
        self.reading = reading
    }

    /// Refuses a plan input no training run writes, with the reason.
    public func validate() throws {
        func bad(_ s: String) -> NeuralError { .invalidConfiguration(s) }
        if marker.isEmpty || marker.unicodeScalars.contains("\n") {
            throw bad("the plan marker must be a non-empty mark within a line")
        }
        if !(1 ... 1024).contains(width) { throw bad("--plan-width must be between 1 and 1024, got \(width)") }
        if words.isEmpty || words.count > 1 << 16 {
            throw bad("a plan input needs between 1 and 65,536 words, has \(words.count)")
        }
        if Set(words).count != words.count { throw bad("the plan's word list repeats a word") }
    }

    /// The `limit` words found in the most plan blocks of `scalars`, each in two blocks or more (a word seen once
    /// teaches its vector nothing another scene could use), most frequent first, ties in spelling order.
    public static func vocabulary<S: Sequence>(of scalars: S, marker: String = synopsisMarker,
                                               limit: Int) -> [String] where S.Element == Unicode.Scalar {
        var reader = PlanLineReader(marker: marker)
        var blocks: [String: Int] = [:]
        var inBlock = Set<String>()
        for s in scalars {
            switch reader.read(s) {
            case .blockBegins:
                inBlock = []
            case let .word(w):
                if inBlock.insert(w).inserted { blocks[w, default: 0] += 1 }
            case nil:
                break
            }
        }
        let kept = blocks.filter { $0.value >= 2 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return kept.prefix(max(limit, 0)).map(\.key)
    }

    /// The lower-cased letters of the words of `scalars`' plan lines, in code point order: what `continuations`
    /// can hold.
    public static func letters<S: Sequence>(of scalars: S, marker: String = synopsisMarker) -> [String]
        where S.Element == Unicode.Scalar {
        var reader = PlanLineReader(marker: marker)
        var seen = Set<Unicode.Scalar>()
        for s in scalars {
            if case let .word(w) = reader.read(s) { seen.formUnion(w.unicodeScalars) }
        }
        // Once each as strings, which compare canonically ("ά" is two scalars but one string).
        var strings = Set<String>()
        return seen.sorted { $0.value < $1.value }.map { String($0) }.filter { strings.insert($0).inserted }
    }
}

/// Reads text one scalar at a time and says where plan blocks begin and which words their lines hold: the one rule
/// for the vocabulary, training and generation.
struct PlanLineReader: Sendable {
    enum Event: Equatable { case blockBegins, word(String) }

    let marker: [Unicode.Scalar]
    /// Marker scalars matched at the start of this line; nil once the line is known to be (or not to be) a plan line.
    var matched: Int? = 0
    var inPlanLine = false
    var previousLineWasPlan = false
    var word = String.UnicodeScalarView()

    init(marker: String) { self.marker = Array(marker.unicodeScalars) }

    /// What `s` completes: the start of a new block (a plan line after a line that was not one), a word of a plan
    /// line (lower-cased letters; it ends at the first scalar that is not a letter), or nothing.
    mutating func read(_ s: Unicode.Scalar) -> Event? {
        if inPlanLine {
            if s.properties.isAlphabetic {
                word.append(s)
                return nil
            }
            let done = finishWord()
            if s == "\n" { endLine() }
            return done
        }
        if s == "\n" {
            endLine()
            return nil
        }
        guard let m = matched else { return nil }
        guard s == marker[m] else {
            matched = nil
            return nil
        }
        if m + 1 < marker.count {
            matched = m + 1
            return nil
        }
        matched = nil
        inPlanLine = true
        return previousLineWasPlan ? nil : .blockBegins
    }

    private mutating func endLine() {
        previousLineWasPlan = inPlanLine
        inPlanLine = false
        matched = 0
    }

    private mutating func finishWord() -> Event? {
        guard !word.isEmpty else { return nil }
        defer { word = String.UnicodeScalarView() }
        return .word(String(word).lowercased())
    }
}

/// The bag of known plan words of one stream of text, as it is read: what the first layer sees beside each token.
public struct PlanBag: Sendable {
    var reader: PlanLineReader
    let index: [String: Int32]
    let reading: PlanInput.Reading
    /// Ids in the bag: the known words of the current block in order of first reading, each once; or, read as
    /// `continuations`, the letters that continue a pending plan word, in id order.
    public private(set) var words: [Int32] = []
    /// `continuations` only: the block's plan words not yet written in the body, and the body's word so far.
    var pending: [[Unicode.Scalar]] = []
    var prefix: [Unicode.Scalar] = []
    /// `continuations` only: the id of each letter, by scalar (each letter is one), so the hot path makes no string.
    let letterIDs: [Unicode.Scalar: Int32]

    public init(_ plan: PlanInput) {
        reader = PlanLineReader(marker: plan.marker)
        index = Dictionary(uniqueKeysWithValues: plan.words.enumerated().map { ($1, Int32($0)) })
        reading = plan.reading ?? .words
        var letters: [Unicode.Scalar: Int32] = [:]
        if reading == .continuations {
            for (word, id) in index where word.unicodeScalars.count == 1 { letters[word.unicodeScalars.first!] = id }
        }
        letterIDs = letters
    }

    /// Reads one scalar; true when the bag changed.
    public mutating func read(_ s: Unicode.Scalar) -> Bool {
        let event = reader.read(s)
        if reading == .continuations { return readContinuation(s, event: event) }
        switch event {
        case .blockBegins:
            guard !words.isEmpty else { return false }
            words = []
            return true
        case let .word(w):
            guard let id = index[w], !words.contains(id) else { return false }
            words.append(id)
            return true
        case nil:
            return false
        }
    }

    /// The `continuations` reading of one scalar: plan words are gathered in plan lines; in the body each letter
    /// extends the word being written, a word's end strikes it from the pending plan words, and the bag becomes the
    /// letters that would carry the word so far on into a pending one.
    mutating func readContinuation(_ s: Unicode.Scalar, event: PlanLineReader.Event?) -> Bool {
        switch event {
        case .blockBegins: pending = []
        case let .word(w):
            let letters = Array(w.unicodeScalars)
            if !pending.contains(letters) { pending.append(letters) }
        case nil: break
        }
        var next: [Int32] = []
        if !reader.inPlanLine {
            if s.properties.isAlphabetic {
                prefix.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                if !prefix.isEmpty { pending.removeAll { $0 == prefix } }
                prefix = []
            }
            for word in pending where word.count > prefix.count && word.starts(with: prefix) {
                if let id = letterIDs[word[prefix.count]], !next.contains(id) { next.append(id) }
            }
            next.sort()
        } else {
            prefix = []
        }
        guard next != words else { return false }
        words = next
        return true
    }

    /// Reads a token's scalars; true when the bag changed.
    public mutating func read(_ scalars: [Unicode.Scalar]) -> Bool {
        var changed = false
        for s in scalars where read(s) { changed = true }
        return changed
    }

    /// The bag after each token of `tokens`, read from the start: what training feeds beside each input token.
    /// - Parameter documentStarts: tokens where a document begins (sorted) and the bag is read afresh, as generation
    ///   reads each scene's from its prime alone.
    public static func bags(of tokens: [Int32], pieces: [[Unicode.Scalar]], plan: PlanInput,
                            documentStarts: [Int] = []) -> [[Int32]] {
        var bag = PlanBag(plan)
        var out: [[Int32]] = []
        out.reserveCapacity(tokens.count)
        var next = documentStarts.makeIterator(), start = next.next()
        for (i, t) in tokens.enumerated() {
            if i == start {
                bag = PlanBag(plan)
                start = next.next()
            }
            _ = bag.read(pieces[Int(t)])
            out.append(bag.words)
        }
        return out
    }
}

/// The plan's vector: the mean of the bag's word vectors. One definition for training and generation.
enum PlanVector {
    static func mean(of bag: [Int32], table: UnsafePointer<Float>, width: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: width)
        guard !bag.isEmpty else { return }
        for word in bag {
            let v = table + Int(word) * width
            for j in 0 ..< width { out[j] += v[j] }
        }
        let share = 1 / Float(bag.count)
        for j in 0 ..< width { out[j] *= share }
    }
}
