import Foundation
import ArcgenSupport

/// How to draw text from a model. Defaults are what a writer wants from a character model: a little below
/// temperature 1, no truncation, no penalty.
public struct SamplingOptions: Sendable, Equatable {
    public var temperature: Float = 0.8
    /// Keep only the k best tokens (0: off).
    public var topK = 0
    /// Keep the smallest set of tokens with this much probability (1: off).
    public var topP: Float = 1
    /// Penalty above 1 for tokens among the last `repetitionWindow` emitted.
    public var repetitionPenalty: Float = 1
    public var repetitionWindow = 32
    /// Stop after this many characters.
    public var maxCharacters = 500
    /// Stop as soon as the text contains one of these; the text is cut before it.
    public var stopStrings: [String] = []
    /// Draw the streams as candidates of one text, paragraph by paragraph: once every stream has ended its
    /// paragraph (a blank line) or the text, the paragraph the model finds likeliest per token among those of the
    /// first stream's kind (a speech, another paragraph, the text's end: `ParagraphKind`) is kept and every stream
    /// goes on from it with its own draws. Choosing among a few draws at each paragraph rather than among
    /// whole texts lets a good speech survive a bad one after it. A paragraph of several lines is judged by its
    /// lines after the first: a screenplay speech's first line is its cue, near certain letter by letter once
    /// begun, which would favour the shortest speeches. With a `WordPull`, the share of its words the paragraph
    /// writes is added, as a scene's coverage is to its likelihood when whole scenes are ranked. Every stream must
    /// have the same prime.
    public var rankParagraphs = false
    /// Begin a paragraph again when the capitals it opens with were meant as a cue the constraints refuse: after
    /// the first, or after a few the constraints let through because a label or transition begins so (`FA` of
    /// `FADE TO:` for a character introduced in capitals, `FAUSTO (50)…`), the model would go on in capitals (more
    /// than half its probability) and they allow under a tenth of that. The first capital is then left out of that
    /// paragraph's first draw, up to `maxCueRedraws` times. Without it the refused cue turns into an action line that
    /// begins like it (`He descosido…` for `HEROINE`, who had just spoken; `FAscinado`, the word shapes given way)
    /// and goes on as nothing the model meant: half such paragraph starts did, and the README's episodes were 72%
    /// action against 42% in the corpus's held-out scenes. Only for a tokenizer of single characters (the first
    /// piece must be one capital).
    public var redrawRefusedCues = false
    public static let maxCueRedraws = 3
    /// Ranking paragraphs with `redrawRefusedCues`: a candidate whose paragraph shows another kind than the first
    /// candidate's begins it again (up to `maxKindRedraws` times a paragraph) instead of stopping, so that more of the
    /// candidates are of the kind that will be kept (stopped, about 2.5 of 4 are). Off by default: readers found no
    /// more grammatical speeches with it, and placed the beat less often (models/NOTEBOOK.md, reading 33).
    public var redrawOtherKinds = false
    public static let maxKindRedraws = 3
    /// Ranking paragraphs, the weight of the drawing model's gain over a baseline (`generate`'s `baseline`, the
    /// model it was fine-tuned from) in a candidate's score: its mean log-likelihood per token under the drawing
    /// model less that under the baseline, the same tokens (0: off). The paragraph the beat's own model prefers to
    /// the shared one. Costs the baseline's reading of every candidate of the kept kind (`BaselineJudge`).
    public var rankGain: Float = 0

    public init() {}

    /// The processors that reshape the distribution, in the order they apply (before a `WordPull`).
    var shaping: [any LogitProcessor] {
        var p: [any LogitProcessor] = []
        if repetitionPenalty != 1 { p.append(RepetitionPenaltyProcessor(repetitionPenalty)) }
        if temperature > 0 && temperature != 1 { p.append(TemperatureProcessor(temperature)) }
        return p
    }

    /// The processors that cut the distribution's tail, in the order they apply: after a `WordPull`, so a plan word
    /// the pull makes likely can enter the kept set (cut first, a pulled token outside it stayed impossible).
    var truncation: [any LogitProcessor] {
        var p: [any LogitProcessor] = []
        if topK > 0 { p.append(TopKProcessor(topK)) }
        if topP < 1 { p.append(TopPProcessor(topP)) }
        return p
    }
}

/// What one generation produced and why it stopped.
public struct GeneratedText: Sendable, Equatable {
    public enum Stop: String, Sendable { case length, stopString = "stop string" }
    public var text: String
    public var stop: Stop
    /// Steps at which every token was refused by a constraint and the constraints were lifted for one token (the
    /// preferences alone where that is enough: `GenerationConstraint.liftedFirst`).
    public var relaxedSteps: Int
    public var tokens: Int
    /// Sum over the emitted tokens of the model's own log-probability (natural log, temperature 1, before any
    /// processor or constraint): how likely the model finds the text, for ranking candidates.
    public var logLikelihood: Double = 0

    public init(text: String, stop: Stop, relaxedSteps: Int, tokens: Int, logLikelihood: Double = 0) {
        self.text = text
        self.stop = stop
        self.relaxedSteps = relaxedSteps
        self.tokens = tokens
        self.logLikelihood = logLikelihood
    }
}

/// Draws text from a language model, token by token, with the sampling options and constraints applied at every
/// step. The same model, prime, options and seed give the same bytes.
public struct TextSampler {
    public let model: LanguageModel
    let pieces: [[Unicode.Scalar]]
    /// The tokens that begin with a capital, in order (`refusesCue` weighs them at every letter of a cue).
    let capitalTokens: [Int]

    public init(model: LanguageModel) {
        self.model = model
        let pieces = model.tokenizer.symbols.map { Array($0.unicodeScalars) }
        self.pieces = pieces
        capitalTokens = pieces.indices.filter { pieces[$0].first?.properties.isUppercase == true }
    }

    /// Tokens to feed before sampling: the prime, or a line break when there is none.
    func primeTokens(_ prime: String) -> [Int32] {
        let t = model.tokenizer.encode(prime.isEmpty ? "\n" : prime)
        return t.isEmpty ? [1] : t
    }

    /// One stream.
    public func generate(prime: String, options: SamplingOptions, seed: UInt64,
                         constraints: [any GenerationConstraint] = []) -> GeneratedText {
        generate(primes: [prime], options: options, seeds: [seed], constraints: [constraints])[0]
    }

    /// Several independent streams stepped together through one batched network (each with its own seed and
    /// constraints); stream i gives the same bytes alone and in a batch of any size (see `Generator`), unless
    /// `options.rankParagraphs` makes the streams candidates of one text.
    /// - Parameter pulls: a `WordPull` per stream (nil: none). It reads the generated text only, not the prime,
    ///   whose plan line names the very words it pulls towards.
    /// - Parameter baseline: the model `options.rankGain` measures the gain over (the base of a fine-tune).
    public func generate(primes: [String], options: SamplingOptions, seeds: [UInt64],
                         constraints: [[any GenerationConstraint]], pulls: [WordPull]? = nil,
                         baseline: LanguageModel? = nil) -> [GeneratedText] {
        let n = primes.count
        precondition(seeds.count == n && constraints.count == n && (pulls?.count ?? n) == n)
        var pulls = pulls
        guard n > 0 else { return [] }
        let generator = Generator(model: model, batch: n)
        var rngs = seeds.map { SeededRandom(seed: $0) }
        var cons = constraints
        // Prime every stream; shorter primes are padded at the front by repeating their first token, then the
        // state is reset and each stream is fed exactly its own prime.
        let primeTokens = primes.map(primeTokens)
        for (i, p) in primes.enumerated() { for k in cons[i].indices { cons[i][k].prime(Array(p.unicodeScalars)) } }
        var lastLogits = [[Float]](repeating: [], count: n)
        if n > 1 && Set(primes).count == 1 {
            // One prime for every stream (a scene's candidates): fed to the first alone and its state copied, as a
            // stream gets the bits it would get alone; a quarter of the priming for four candidates.
            for token in primeTokens[0] { generator.step([token]) }
            let primed = generator.state(of: 0)
            for i in 1 ..< n { generator.restore(primed, to: i) }
            lastLogits = Array(repeating: generator.withScores(stream: 0) { Array($0) }, count: n)
        } else {
            // Feed stream i's prime right-aligned so all end together; earlier steps of shorter primes are fed but
            // their state is overwritten: we reset each stream's state when its own prime begins.
            let longest = primeTokens.map(\.count).max()!
            for step in 0 ..< longest {
                var tokens = [Int32](repeating: 0, count: n)
                for i in 0 ..< n {
                    let start = longest - primeTokens[i].count
                    if step == start { generator.resetStream(i) }
                    tokens[i] = step >= start ? primeTokens[i][step - start] : primeTokens[i][0]
                }
                generator.step(tokens)
            }
            for i in 0 ..< n { lastLogits[i] = generator.withScores(stream: i) { Array($0) } }
        }
        var texts = [[Unicode.Scalar]](repeating: [], count: n)
        var emitted = [[Int32]](repeating: [], count: n)
        var done = [GeneratedText?](repeating: nil, count: n)
        var relaxed = [Int](repeating: 0, count: n)
        var logLikelihood = [Double](repeating: 0, count: n)
        let processors = (shaping: options.shaping, truncation: options.truncation)
        let stops = options.stopStrings.filter { !$0.isEmpty }.map { Array($0.unicodeScalars) }
        var slot = Array(0 ..< n)                   // stream i's place in the generator
        var next = [Int32](repeating: 1, count: n)
        // Ranking paragraphs: the streams that have ended their paragraph wait, their state kept aside (their slot
        // may be reused) until the others have ended theirs; `round` is where the paragraph began.
        let ranking = options.rankParagraphs && n > 1
        precondition(!ranking || Set(primes).count == 1, "ranked paragraphs are candidates of one text")
        var waiting = [Bool](repeating: false, count: n)
        var aside = [Generator.StreamState?](repeating: nil, count: n)
        var round = (logLikelihood: 0.0, tokens: 0, writtenShare: pulls?.first?.writtenShare ?? 0, characters: 0)
        var firstLineEnd = [(logLikelihood: Double, tokens: Int)?](repeating: nil, count: n)
        // The gain term's judge: the baseline reading each round's candidates (`SamplingOptions.rankGain`).
        let judge = ranking && options.rankGain != 0 ? baseline.map {
            precondition($0.tokenizer.symbols == model.tokenizer.symbols, "the baseline spells other tokens")
            return BaselineJudge(model: $0, batch: n, prime: primeTokens[0])
        } : nil
        precondition(judge != nil || !ranking || options.rankGain == 0, "a gain in the rank needs a baseline")
        // Each stream's paragraph's kind once its text decides it: a stream whose kind is not the first stream's can
        // no longer be kept, and stops drawing until the next paragraph.
        var settled = [ParagraphKind?](repeating: nil, count: n)
        // Redrawing refused cues: each stream's state where its paragraph began, and the capitals left out there.
        var opening = [ParagraphOpening?](repeating: nil, count: n)
        // Candidates of another kind to begin their paragraph again at their next turn, and how often they did.
        var reopenPending = [Bool](repeating: false, count: n)
        var reopened = [Int](repeating: 0, count: n)
        /// Puts stream `i` back where its paragraph began (`o`).
        func reopen(_ i: Int, _ o: ParagraphOpening) {
            generator.restore(o.state, to: slot[i])
            (lastLogits[i], cons[i]) = (o.logits, o.constraints)
            (logLikelihood[i], relaxed[i]) = (o.logLikelihood, o.relaxed)
            if pulls != nil { pulls![i] = o.pull! }
            texts[i].removeLast(texts[i].count - o.characters)
            emitted[i].removeLast(emitted[i].count - o.tokens)
        }
        while true {
            for i in 0 ..< n where done[i] == nil && !waiting[i] {
                if options.redrawRefusedCues {
                    if reopenPending[i], let o = opening[i] {
                        reopen(i, o)
                        (reopenPending[i], settled[i], firstLineEnd[i]) = (false, nil, nil)
                    }
                    if let o = opening[i], emitted[i].count > o.tokens, o.redraws < SamplingOptions.maxCueRedraws,
                       emitted[i][o.tokens...].allSatisfy(isCapital),
                       refusesCue(after: emitted[i].last!, logits: lastLogits[i], constraints: cons[i]) {
                        let capital = emitted[i][o.tokens]
                        reopen(i, o)
                        opening[i]!.left.insert(capital)
                        opening[i]!.redraws += 1
                    }
                    if opening[i]?.tokens != emitted[i].count && (texts[i].isEmpty || Self.endsParagraph(texts[i])) {
                        opening[i] = ParagraphOpening(tokens: emitted[i].count, characters: texts[i].count,
                                                      state: generator.state(of: slot[i]), logits: lastLogits[i],
                                                      constraints: cons[i], pull: pulls?[i],
                                                      logLikelihood: logLikelihood[i], relaxed: relaxed[i])
                    }
                }
                let left = opening[i].map { $0.tokens == emitted[i].count ? $0.left : [] } ?? []
                // A copy of the window, not a slice: a slice would keep `emitted[i]`'s buffer shared, and the append
                // below would then copy the whole history on every token.
                let recent = ArraySlice(Array(emitted[i].suffix(options.repetitionWindow)))
                var (token, relaxedNow) = draw(lastLogits[i], recent: recent, processors: processors,
                                               temperature: options.temperature, constraints: cons[i],
                                               pull: pulls?[i], leaving: left, rng: &rngs[i])
                if relaxedNow && !left.isEmpty {
                    // Nothing else may open the paragraph: the capital is kept after all.
                    (token, relaxedNow) = draw(lastLogits[i], recent: recent, processors: processors,
                                               temperature: options.temperature, constraints: cons[i],
                                               pull: pulls?[i], rng: &rngs[i])
                }
                if relaxedNow { relaxed[i] += 1 }
                logLikelihood[i] += Self.logProbability(of: Int(token), in: lastLogits[i])
                next[i] = token
                emitted[i].append(token)
                let piece = pieces[Int(token)]
                for k in cons[i].indices { cons[i][k].append(piece) }
                pulls?[i].append(piece)
                let before = texts[i].count
                texts[i].append(contentsOf: piece)
                // A stop string can only end inside the new piece: search just the tail.
                var cut: Int?
                for stop in stops {
                    let from = max(0, before - stop.count + 1)
                    if let at = firstIndex(of: stop, in: texts[i], from: from), cut.map({ at < $0 }) ?? true {
                        cut = at
                    }
                }
                if let cut {
                    done[i] = GeneratedText(text: String(String.UnicodeScalarView(texts[i][..<cut])), stop: .stopString,
                                            relaxedSteps: relaxed[i], tokens: emitted[i].count,
                                            logLikelihood: logLikelihood[i])
                } else if texts[i].count >= options.maxCharacters {
                    let kept = texts[i].prefix(options.maxCharacters)
                    done[i] = GeneratedText(text: String(String.UnicodeScalarView(kept)), stop: .length,
                                            relaxedSteps: relaxed[i], tokens: emitted[i].count,
                                            logLikelihood: logLikelihood[i])
                }
                if ranking && firstLineEnd[i] == nil && piece.contains("\n") {
                    firstLineEnd[i] = (logLikelihood[i], emitted[i].count)
                }
                if ranking && (done[i] != nil || Self.endsParagraph(texts[i])) {
                    waiting[i] = done[i] == nil
                    aside[i] = generator.state(of: slot[i])
                }
                if ranking && settled[i] == nil {
                    settled[i] = done[i] != nil ? .end : Self.settledKind(of: texts[i][round.characters...])
                }
            }
            if ranking, let first = settled[0] {
                for j in 1 ..< n where done[j] == nil && !waiting[j] && !reopenPending[j]
                    && settled[j].map({ $0 != first }) == true {
                    if options.redrawOtherKinds && opening[j] != nil && reopened[j] < SamplingOptions.maxKindRedraws {
                        reopenPending[j] = true
                        reopened[j] += 1
                    } else {
                        waiting[j] = true
                    }
                }
            }
            if ranking && (0 ..< n).allSatisfy({ waiting[$0] || done[$0] != nil }) {
                // The rank chooses how the paragraph is written, not what it is: its kind is the first candidate's,
                // one draw of the model's own (ranked across kinds, action won too often: synopsis words and
                // likely letters come easier to it).
                func kind(_ i: Int) -> ParagraphKind {
                    done[i] != nil ? .end : settled[i] ?? Self.kind(of: texts[i][round.characters...])
                }
                let drawnKind = kind(0)
                let eligible = (0 ..< n).filter { kind($0) == drawnKind }
                // The tokens a candidate is judged by: its paragraph's, after the cue line of a speech.
                func judged(_ i: Int) -> (logLikelihood: Double, tokens: Int) {
                    if let line = firstLineEnd[i], emitted[i].count - line.tokens > 1 { return line }
                    return (round.logLikelihood, round.tokens)
                }
                let paragraphs = (0 ..< n).map { eligible.contains($0) ? emitted[$0][round.tokens...] : nil }
                let baselineRead = judge?.judge(paragraphs, counted: (0 ..< n).map { judged($0).tokens - round.tokens })
                // The likeliest paragraph per token of the first stream's kind (the first on a tie), with the
                // pull's words and the gain over the baseline; every stream goes on from it.
                func score(_ i: Int) -> Double {
                    let from = judged(i)
                    let count = Double(max(emitted[i].count - from.tokens, 1))
                    let likelihood = (logLikelihood[i] - from.logLikelihood) / count
                    let gain = baselineRead?[i].map { (logLikelihood[i] - from.logLikelihood - $0) / count } ?? 0
                    return likelihood + Double(options.rankGain) * gain
                        + (pulls.map { $0[i].writtenShare - round.writtenShare } ?? 0)
                }
                let w = eligible.max { score($0) < score($1) }!
                if let finished = done[w] { return Array(repeating: finished, count: n) }
                judge?.keep(w)
                for j in 0 ..< n {
                    generator.restore(aside[w]!, to: j)
                    (slot[j], waiting[j], next[j]) = (j, false, next[w])
                    guard j != w else { continue }
                    (texts[j], emitted[j], cons[j], relaxed[j]) = (texts[w], emitted[w], cons[w], relaxed[w])
                    (done[j], logLikelihood[j]) = (nil, logLikelihood[w])
                    if pulls != nil { pulls![j] = pulls![w] }
                }
                opening = Array(repeating: nil, count: n)
                round = (logLikelihood[w], emitted[w].count, pulls?[w].writtenShare ?? 0, texts[w].count)
                firstLineEnd = Array(repeating: nil, count: n)
                settled = Array(repeating: nil, count: n)
                reopened = Array(repeating: 0, count: n)
                generator.step(next)
                for j in 0 ..< n { lastLogits[j] = generator.withScores(stream: j) { Array($0) } }
                continue
            }
            // Unfinished streams move to the front of the generator (in order, so a move never overwrites a stream
            // still to move) and only they are stepped: a batch costs what its longest draft costs, not n times it.
            let active = (0 ..< n).filter { done[$0] == nil && !waiting[$0] }
            guard !active.isEmpty else { break }
            for (to, i) in active.enumerated() where slot[i] != to {
                generator.moveStream(from: slot[i], to: to)
                slot[i] = to
            }
            generator.step(active.map { next[$0] })
            for i in active { lastLogits[i] = generator.withScores(stream: slot[i]) { Array($0) } }
        }
        return done.map { $0! }
    }

    /// What a ranked round's paragraph is: the text's end, a speech or the rest (action, a transition).
    enum ParagraphKind { case end, speech, other }

    /// A speech, as Fountain reads one: a first line with letters and no lower case outside parentheses (an
    /// extension may be `(llorando)`), then another line.
    static func kind(of paragraph: ArraySlice<Unicode.Scalar>) -> ParagraphKind {
        settledKind(of: paragraph) ?? .other
    }

    /// The kind of the paragraph `begun` grows into, once its text decides it (see `kind(of:)`): a lower-case letter
    /// outside parentheses in its first line, or the first character after that line; nil before.
    static func settledKind(of begun: ArraySlice<Unicode.Scalar>) -> ParagraphKind? {
        var depth = 0, letters = 0
        for i in begun.indices {
            let s = begun[i]
            switch s {
            case "\n":
                guard i + 1 < begun.endIndex else { return nil }
                return begun[i + 1] == "\n" || letters == 0 ? .other : .speech
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case _ where s.properties.isAlphabetic:
                if depth == 0 && s.properties.isLowercase { return .other }
                letters += 1
            default: break
            }
        }
        return nil
    }

    /// Whether `text` has just ended a paragraph: its last two characters are line breaks.
    static func endsParagraph(_ text: [Unicode.Scalar]) -> Bool {
        text.count >= 2 && text[text.count - 1] == "\n" && text[text.count - 2] == "\n"
    }

    /// log softmax(logits)[token], computed stably.
    static func logProbability(of token: Int, in logits: [Float]) -> Double {
        logits.withUnsafeBufferPointer { Generator.logSoftmax($0, at: token) }
    }

    /// Picks the next token: the shaping processors, the pull, the truncating ones, then a draw restricted to what
    /// every constraint allows.
    /// Sampling then rejecting a refused token and drawing again from the rest is the same distribution as masking
    /// first, and checks far fewer tokens. When the constraints refuse everything, they are lifted for this one token.
    func draw(_ raw: [Float], recent: ArraySlice<Int32>,
              processors: (shaping: [any LogitProcessor], truncation: [any LogitProcessor]), temperature: Float,
              constraints: [any GenerationConstraint], pull: WordPull? = nil, leaving left: Set<Int32> = [],
              rng: inout SeededRandom) -> (Int32, Bool) {
        func allowed(_ i: Int) -> Bool { !left.contains(Int32(i)) && constraints.allSatisfy { $0.allows(pieces[i]) } }
        var logits = raw
        logits[0] = -.infinity                      // never the unknown token
        for p in processors.shaping { p.process(&logits, recent: recent) }
        pull?.apply(to: &logits, pieces: pieces)
        // The cut keeps the likeliest tokens; when the constraints refuse every one of them, the draw goes on in the
        // whole distribution, as it would without the cut (not straight to the raw best token, which is greedy).
        var cut = logits
        for p in processors.truncation { p.process(&cut, recent: recent) }
        let distributions = processors.truncation.isEmpty ? [logits] : [cut, logits]
        if temperature <= 0 {                       // greedy: best allowed token
            var best = 0
            for distribution in distributions {
                let probs = softmax(distribution)
                let order = probs.indices.sorted { probs[$0] != probs[$1] ? probs[$0] > probs[$1] : $0 < $1 }
                best = order[0]
                for i in order where probs[i] > 0 && allowed(i) {
                    return (Int32(i), false)
                }
            }
            if let kept = firmOnly(Self.likeliestFirst(raw), constraints) { return (kept, true) }
            return (Int32(best), !constraints.isEmpty)
        }
        for distribution in distributions {
            var probs = softmax(distribution)
            var remaining = probs.reduce(0, +)
            while remaining > 1e-12 {
                var u = Float(rng.nextDouble()) * remaining
                var pick = -1
                for i in probs.indices where probs[i] > 0 {
                    u -= probs[i]
                    pick = i
                    if u <= 0 { break }
                }
                if pick < 0 { break }
                if allowed(pick) { return (Int32(pick), false) }
                remaining -= probs[pick]
                probs[pick] = 0
            }
        }
        // Nothing allowed inside the processed distribution: the most likely allowed token of the raw one.
        let order = Self.likeliestFirst(raw)
        if let first = order.first(where: allowed) { return (Int32(first), false) }
        if let kept = firmOnly(order, constraints) { return (kept, true) }
        // No token at all keeps the constraints: lift them for this one token.
        return (Int32(order.first ?? 1), true)
    }

    /// Whether the capitals that opened a paragraph, `last` the latest, were meant as a cue the constraints refuse:
    /// after it the model puts more than half its probability (`logits`) on capitals, and the constraints allow under
    /// a tenth of that (see `SamplingOptions.redrawRefusedCues`).
    func refusesCue(after last: Int32, logits: [Float], constraints: [any GenerationConstraint]) -> Bool {
        guard isCapital(last) else { return false }
        let probs = softmax(logits)
        let capital = capitalTokens.filter { probs[$0] > 0 }
        let capitals = capital.reduce(Float(0)) { $0 + probs[$1] }
        // The constraints are asked only when the capitals are likely, and only until enough of them are allowed:
        // asking them of every capital at every letter of every cue was a twentieth of an episode's time.
        guard capitals > 0.5 else { return false }
        var allowedCapitals: Float = 0
        for i in capital where constraints.allSatisfy({ $0.allows(pieces[i]) }) {
            allowedCapitals += probs[i]
            if allowedCapitals >= 0.1 * capitals { return false }
        }
        return true
    }

    /// Whether `token` is one capital letter, as a cue's letters are.
    func isCapital(_ token: Int32) -> Bool {
        let piece = pieces[Int(token)]
        return piece.count == 1 && piece[0].properties.isUppercase
    }

    /// A stream where its paragraph began, to begin it again (`SamplingOptions.redrawRefusedCues`).
    struct ParagraphOpening {
        var tokens: Int
        var characters: Int
        var state: Generator.StreamState
        var logits: [Float]
        var constraints: [any GenerationConstraint]
        var pull: WordPull?
        var logLikelihood: Double
        var relaxed: Int
        /// Capitals left out of the paragraph's first draw, and how many times it was begun again.
        var left: Set<Int32> = []
        var redraws = 0
    }

    /// Every token but the unknown one, likeliest first under `raw` (the lower index first on a tie).
    static func likeliestFirst(_ raw: [Float]) -> [Int] {
        raw.indices.dropFirst().sorted { raw[$0] != raw[$1] ? raw[$0] > raw[$1] : $0 < $1 }
    }

    /// Where no token keeps every constraint: the first token of `order` that keeps the firm rules and as many of
    /// the preferences (`GenerationConstraint.liftedFirst`) as can be kept, the last of `constraints` lifted first,
    /// for this one token; nil when there are no preferences or lifting them all is no help. (Lifting them all at
    /// once let a word-pair dead end lift the word shapes too.)
    func firmOnly(_ order: [Int], _ constraints: [any GenerationConstraint]) -> Int32? {
        let preferences = constraints.indices.filter { constraints[$0].liftedFirst }
        guard !preferences.isEmpty else { return nil }
        for kept in stride(from: preferences.count - 1, through: 0, by: -1) {
            let lifted = Set(preferences[kept...])
            let holding = constraints.indices.filter { !lifted.contains($0) }.map { constraints[$0] }
            if let token = order.first(where: { i in holding.allSatisfy { $0.allows(pieces[i]) } }) {
                return Int32(token)
            }
        }
        return nil
    }
}

/// The first position at or after `from` where `needle` occurs in `haystack`.
func firstIndex(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var i = from
    while i + needle.count <= haystack.count {
        if haystack[i] == needle[0] && Array(haystack[i ..< i + needle.count]) == needle { return i }
        i += 1
    }
    return nil
}
