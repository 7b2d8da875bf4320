import ArcgenSupport

/// Cuts a token sequence into `batch` parallel streams and walks them window by window, the way truncated BPTT
/// needs: window w of stream b follows window w−1 of the same stream, so the hidden state carried between windows
/// belongs to the text that came just before. Each epoch starts at a random offset (from the run's RNG) so windows
/// do not always break in the same places.
public struct TokenStreams: Sendable {
    public let tokens: [Int32]
    /// The plan bag after each token (`PlanBag.bags`), or empty for a network without a plan input.
    public let plans: [[Int32]]
    /// Whether each token begins a document (empty: the text is one document).
    let beginsDocument: [Bool]
    public let batch: Int
    public let steps: Int
    /// Tokens per stream.
    public let streamLength: Int

    /// Where the walk is: epochs begun so far and the next window's start within each stream. Saved in checkpoints.
    public struct Position: Codable, Sendable, Equatable {
        public var epoch = 0
        public var offset = 0
    }

    public var position = Position()

    /// - Parameter documentStarts: the tokens that begin a document, whose step starts from a zero state.
    /// - Throws: `NeuralError.textTooShort` when the text cannot fill one window of every stream.
    public init(tokens: [Int32], plans: [[Int32]] = [], documentStarts: [Int] = [], batch: Int, steps: Int,
                what: String) throws {
        let need = batch * (steps + 1) + 1
        guard tokens.count >= need else { throw NeuralError.textTooShort(have: tokens.count, need: need, what: what) }
        precondition(plans.isEmpty || plans.count == tokens.count, "a plan bag for every token, or none")
        self.tokens = tokens
        self.plans = plans
        beginsDocument = Self.marks(documentStarts, count: tokens.count)
        self.batch = batch
        self.steps = steps
        streamLength = tokens.count / batch
    }

    /// Marks of the tokens that begin a document: empty when none does.
    static func marks(_ starts: [Int], count: Int) -> [Bool] {
        guard !starts.isEmpty else { return [] }
        var marks = [Bool](repeating: false, count: count)
        for i in starts {
            precondition((0 ..< count).contains(i), "a document start outside the text")
            marks[i] = true
        }
        return marks
    }

    /// The next window's inputs, their plan bags (empty without plans) and targets, (steps, batch) time-major, the
    /// rows whose input begins a document, and whether it starts a new epoch (the caller then resets the carried
    /// state).
    public mutating func next(rng: inout SeededRandom)
        -> (inputs: [Int32], plans: [[Int32]], documentStarts: [Int], targets: [Int32], newEpoch: Bool) {
        var newEpoch = false
        if position.epoch == 0 || position.offset + steps + 1 > streamLength {
            position.epoch += 1
            let slack = streamLength - (steps + 1)
            position.offset = slack > 0 ? rng.nextInt(below: min(steps, slack) + 1) : 0
            newEpoch = true
        }
        var inputs = [Int32](repeating: 0, count: steps * batch)
        var targets = inputs
        var windowPlans = [[Int32]](repeating: [], count: plans.isEmpty ? 0 : steps * batch)
        var starts: [Int] = []
        for t in 0 ..< steps {
            for b in 0 ..< batch {
                let i = b * streamLength + position.offset + t
                inputs[t * batch + b] = tokens[i]
                targets[t * batch + b] = tokens[i + 1]
                if !plans.isEmpty { windowPlans[t * batch + b] = plans[i] }
                if !beginsDocument.isEmpty && beginsDocument[i] { starts.append(t * batch + b) }
            }
        }
        position.offset += steps
        return (inputs, windowPlans, starts, targets, newEpoch)
    }
}
