import ArcgenKernels
import ArcgenSupport
import Foundation

/// Figures that show how fast the engine is on this machine. They are printed by `arcgen bench`, never asserted in
/// tests: timing belongs to benchmarks, correctness to tests.
public enum EngineBenchmark {
    /// GF/s of `C = A·B` at (m, n, k), best of a few runs.
    /// `transA`/`transB` read the operands transposed, as the backward pass does.
    public static func gemm(
        m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, repeats: Int = 5
    ) -> Double {
        var rng = SeededRandom(seed: 5)
        let a = (0 ..< m * k).map { _ in rng.nextFloat() - 0.5 }
        let b = (0 ..< k * n).map { _ in rng.nextFloat() - 0.5 }
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0 ..< repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        GEMM.multiply(m: m, n: n, k: k, a: ap.baseAddress!, lda: transA ? m : k, transA: transA,
                                      b: bp.baseAddress!, ldb: transB ? k : n, transB: transB, c: cp.baseAddress!,
                                      ldc: n, accumulate: false)
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return 2 * Double(m) * Double(n) * Double(k) / best / 1e9
    }

    /// A synthetic text over `vocabulary` characters, enough for the benchmark's streams.
    static func syntheticTokens(count: Int, vocabulary: Int, seed: UInt64) -> [Int32] {
        var rng = SeededRandom(seed: seed)
        return (0 ..< count).map { _ in Int32(1 + rng.nextInt(below: vocabulary - 1)) }
    }

    /// Training characters per second (forward, backward, clipping, Adam) for a character model.
    public static func training(layers: Int, hidden: Int, embedding: Int = 64, steps: Int = 100, batch: Int = 64,
                                vocabulary: Int = 96, updates: Int = 6) throws -> Double {
        var options = TrainingOptions()
        options.layers = layers
        options.hidden = hidden
        options.embedding = embedding
        options.steps = steps
        options.batch = batch
        options.maxUpdates = updates + 1
        options.evaluateEvery = 1_000_000
        options.checkpointEvery = 1_000_000
        let symbols = [unknownSymbol] + (1 ..< vocabulary).map { String(UnicodeScalar(UInt32(0x100 + $0))!) }
        let tokenizer = CharTokenizer(symbols: symbols)
        let tokens = syntheticTokens(count: batch * (steps + 1) * (updates + 3), vocabulary: tokenizer.vocabularySize,
                                     seed: 1)
        let recipe = TrainingRecipe(commandLine: "bench", seed: 1, textHash: "", textBytes: 0, arcgenVersion: "")
        let trainer = try Trainer(options: options, tokenizer: tokenizer, train: tokens,
                                  validation: Array(tokens.prefix(steps + 2)), recipe: recipe)
        try trainer.run(stopAfter: 1)                 // warm-up
        let t0 = DispatchTime.now().uptimeNanoseconds
        try trainer.run(stopAfter: updates)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        return Double(updates * steps * batch) / seconds
    }

    /// Characters per second sampled from a randomly initialised character model of this shape, all `streams`
    /// together (a scene's candidates are drawn as one batch).
    public static func sampling(layers: Int, hidden: Int, embedding: Int = 64, vocabulary: Int = 96,
                                characters: Int = 4000, streams: Int = 1) -> Double {
        let config = LSTMConfig(vocabularySize: vocabulary, embedding: embedding, hidden: hidden, layers: layers)
        var rng = SeededRandom(seed: 2)
        let params = ParameterLayout(config).initialParameters(config, rng: &rng)
        let symbols = [unknownSymbol] + (1 ..< vocabulary).map { String(UnicodeScalar(UInt32(0x100 + $0))!) }
        let recipe = TrainingRecipe(commandLine: "bench", seed: 2, textHash: "", textBytes: 0, arcgenVersion: "")
        let model = LanguageModel(config: config, tokenizer: CharTokenizer(symbols: symbols), parameters: params,
                                  recipe: recipe)
        var options = SamplingOptions()
        options.maxCharacters = characters
        let sampler = TextSampler(model: model)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let out = sampler.generate(primes: Array(repeating: String(symbols[1]), count: streams), options: options,
                                   seeds: (0 ..< UInt64(streams)).map { $0 + 3 },
                                   constraints: Array(repeating: [], count: streams))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        return Double(out.reduce(0) { $0 + $1.text.unicodeScalars.count }) / seconds
    }
}
