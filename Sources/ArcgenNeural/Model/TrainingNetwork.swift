import ArcgenKernels
import ArcgenSupport
import Foundation

/// The LSTM unrolled over one window of `steps` time steps for `batch` parallel streams: forward with the loss, and
/// backpropagation through time into a gradient vector laid out like the parameters.
///
/// Rows are time-major (`t * batch + b`), so each time step is one contiguous block and the input-to-hidden products
/// of a whole window are one large GEMM; only the recurrent product runs step by step. The hidden and cell state at
/// the end of a window are kept and fed to the next window of the same streams (truncated BPTT).
public final class TrainingNetwork {
    public let config: LSTMConfig
    public let layout: ParameterLayout
    public let maxSteps: Int
    public let maxBatch: Int

    final class LayerBuffers {
        /// (steps·batch, input) dropout-masked input for layers above the first.
        let maskedInput: FloatBuffer
        /// (steps·batch, input) dropout mask, already scaled by 1/(1-p).
        let mask: FloatBuffer
        /// (steps·batch, 4·hidden) gate activations i, f, o, g.
        let gates: FloatBuffer
        /// ((steps+1)·batch, hidden) cell states; block 0 is the state carried in.
        let cells: FloatBuffer
        /// (steps·batch, hidden) tanh of the cell states.
        let tanhCells: FloatBuffer
        /// ((steps+1)·batch, hidden) hidden states; block 0 is the state carried in.
        let hidden: FloatBuffer
        /// (batch, hidden) the state carried between windows.
        let carriedH: FloatBuffer
        let carriedC: FloatBuffer
        var usesMask = false

        /// Floats of each buffer in the order above (maskedInput, mask, gates, cells, tanhCells, hidden, carriedH,
        /// carriedC): what `init` allocates and `TrainingNetwork.floatCount` adds up.
        static func sizes(input: Int, hidden h: Int, steps: Int, batch: Int) -> [Int] {
            let rows = steps * batch
            return [rows * input, rows * input, rows * 4 * h, (steps + 1) * batch * h, rows * h,
                    (steps + 1) * batch * h, batch * h, batch * h]
        }

        init(input: Int, hidden h: Int, steps: Int, batch: Int) {
            let b = Self.sizes(input: input, hidden: h, steps: steps, batch: batch).map { FloatBuffer($0) }
            (maskedInput, mask, gates, cells) = (b[0], b[1], b[2], b[3])
            (tanhCells, hidden, carriedH, carriedC) = (b[4], b[5], b[6], b[7])
        }
    }

    let layerBuffers: [LayerBuffers]
    /// (steps·batch, embedding + plan width) embedded input tokens, each beside its plan's vector.
    let embedded: FloatBuffer
    /// (steps·batch, hidden) dropout-masked top hidden state and its mask.
    let outputInput: FloatBuffer
    let outputMask: FloatBuffer
    var outputUsesMask = false
    /// (steps·batch, vocabulary) logits, then probabilities, then d loss / d logits.
    let logits: FloatBuffer
    /// Backward scratch: (steps·batch, 4·hidden), (steps·batch, hidden), (steps·batch, max(first layer's input,
    /// hidden)), (batch, hidden)×2.
    let dGates: FloatBuffer
    let dHidden: FloatBuffer
    let dInput: FloatBuffer
    let dhNext: FloatBuffer
    let dcNext: FloatBuffer

    /// Batch × hidden below which the recurrence stays on one thread (tests lower it to cover the two-thread path).
    var lockstepWork = 4096
    var pairTeam: LockstepTeam?
    let soloTeam = LockstepTeam(members: 1)
    /// h and dGates of one time step in the GEMM's packed-A layout, twice (the step being read, the step being
    /// written).
    let packedHidden: FloatBuffer
    let packedDGates: FloatBuffer

    // What the last forward pass ran on, for backward.
    var lastSteps = 0
    var lastBatch = 0
    var lastTokens: [Int32] = []
    var lastPlans: [[Int32]] = []
    /// For each step, the streams whose document begins there (their state starts from zero).
    var lastDocumentStarts: [[Int]] = []

    /// Floats of the network's own buffers in the order they are declared (embedded, outputInput, outputMask,
    /// logits, dGates, dHidden, dInput, dhNext, dcNext, packedHidden, packedDGates): what `init` allocates and
    /// `floatCount` adds up.
    static func sizes(config c: LSTMConfig, steps: Int, batch: Int) -> [Int] {
        let rows = steps * batch, firstInput = c.inputSize(layer: 0)
        return [rows * firstInput, rows * c.hidden, rows * c.hidden, rows * c.vocabularySize, rows * 4 * c.hidden,
                rows * c.hidden, rows * max(firstInput, c.hidden), batch * c.hidden, batch * c.hidden,
                2 * GEMM.packedCount(m: batch, k: c.hidden), 2 * GEMM.packedCount(m: batch, k: 4 * c.hidden)]
    }

    /// Floats this network allocates for windows of `maxSteps` × `maxBatch`, from the same size lists `init`
    /// allocates, so that a shape the machine cannot hold is refused before anything is allocated.
    public static func floatCount(config c: LSTMConfig, maxSteps steps: Int, maxBatch batch: Int) -> Int {
        let layers = (0 ..< c.layers).reduce(0) { total, l in
            total + LayerBuffers.sizes(input: c.inputSize(layer: l), hidden: c.hidden, steps: steps, batch: batch)
                .reduce(0, +)
        }
        return layers + sizes(config: c, steps: steps, batch: batch).reduce(0, +)
    }

    public init(config: LSTMConfig, maxSteps: Int, maxBatch: Int) {
        self.config = config
        layout = ParameterLayout(config)
        self.maxSteps = maxSteps
        self.maxBatch = maxBatch
        layerBuffers = (0 ..< config.layers).map {
            LayerBuffers(input: config.inputSize(layer: $0), hidden: config.hidden, steps: maxSteps, batch: maxBatch)
        }
        let b = Self.sizes(config: config, steps: maxSteps, batch: maxBatch).map { FloatBuffer($0) }
        (embedded, outputInput, outputMask, logits) = (b[0], b[1], b[2], b[3])
        (dGates, dHidden, dInput, dhNext, dcNext) = (b[4], b[5], b[6], b[7], b[8])
        (packedHidden, packedDGates) = (b[9], b[10])
    }

    // MARK: Carried state

    /// Zeroes the state carried between windows (start of an epoch or of a validation pass).
    public func resetState() {
        for lb in layerBuffers { lb.carriedH.zero(); lb.carriedC.zero() }
    }

    /// The carried state, (layers, 2, maxBatch, hidden), for checkpoints and for saving around validation.
    public var carriedState: [Float] {
        get {
            var out: [Float] = []
            out.reserveCapacity(config.layers * 2 * maxBatch * config.hidden)
            for lb in layerBuffers {
                out.append(contentsOf: UnsafeBufferPointer(start: lb.carriedH.pointer, count: lb.carriedH.count))
                out.append(contentsOf: UnsafeBufferPointer(start: lb.carriedC.pointer, count: lb.carriedC.count))
            }
            return out
        }
        set {
            precondition(newValue.count == config.layers * 2 * maxBatch * config.hidden,
                         "carried state has the wrong size")
            var o = 0
            for lb in layerBuffers {
                for b in [lb.carriedH, lb.carriedC] {
                    newValue.withUnsafeBufferPointer { src in
                        b.pointer.update(from: src.baseAddress! + o, count: b.count)
                    }
                    o += b.count
                }
            }
        }
    }

    // MARK: The recurrence's team

    /// The team for a recurrence over `batch` streams: two members once the per-step work pays for the second
    /// thread (tests lower `lockstepWork` to cover the two-member path), else the caller alone.
    func recurrenceTeam(batch: Int) -> LockstepTeam {
        if batch * config.hidden >= lockstepWork && config.hidden >= 2
            && ProcessInfo.processInfo.activeProcessorCount >= 2 {
            if pairTeam == nil { pairTeam = LockstepTeam(members: 2) }
            return pairTeam!
        }
        return soloTeam
    }

    /// Hidden units per team member. The split falls on a multiple of 32 when the layer is wide, so each member's
    /// gate columns fill whole GEMM panels.
    func unitRanges(members: Int) -> [Range<Int>] {
        let h = config.hidden
        guard members == 2 else { return [0 ..< h] }
        let split = h >= 64 ? (h / 2 + 16) / 32 * 32 : h / 2
        return [0 ..< split, split ..< h]
    }

    /// Inverted dropout: each unit kept with probability 1−p and scaled by 1/(1−p).
    func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int, dropout: Float, rng: inout SeededRandom) {
        let keep = 1 / (1 - dropout)
        for i in 0 ..< count { mask[i] = rng.nextFloat() < dropout ? 0 : keep }
    }
}
