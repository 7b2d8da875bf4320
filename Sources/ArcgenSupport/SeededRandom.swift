import Foundation

/// xoshiro256** seeded through SplitMix64: our own generator, so that a seed reproduces the same bytes on every
/// platform and Swift version, and so that its whole state can be saved in a checkpoint and restored exactly.
public struct SeededRandom: RandomNumberGenerator, Sendable, Equatable {
    /// The four 64-bit words of xoshiro256** state; never all zero.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// Expands `seed` with SplitMix64, as the xoshiro authors recommend, so that nearby seeds give unrelated streams.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Restores a generator from a saved `stateWords`; an all-zero state (never produced by `init(seed:)`) is
    /// replaced by the state of seed 0.
    public init(stateWords words: [UInt64]) {
        precondition(words.count == 4, "xoshiro256** state has four words")
        if words.allSatisfy({ $0 == 0 }) {
            self.init(seed: 0)
        } else {
            self = SeededRandom(seed: 0)
            state = (words[0], words[1], words[2], words[3])
        }
    }

    /// The state as four words, for checkpoints.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: SeededRandom, b: SeededRandom) -> Bool { a.stateWords == b.stateWords }

    @inlinable
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = SeededRandom.rotl(state.3, 45)
        return result
    }

    /// A uniform Float in [0, 1) from the top 24 bits.
    public mutating func nextFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// A uniform Double in [0, 1) from the top 53 bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded to keep the state simple to save).
    public mutating func nextGaussian() -> Double {
        var u = nextDouble()
        while u <= .leastNonzeroMagnitude { u = nextDouble() }
        let v = nextDouble()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// A generator for a sub-task (a stream, a scene), derived from this one's seed space without consuming it.
    public static func derived(seed: UInt64, stream: UInt64) -> SeededRandom {
        SeededRandom(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ stream)
    }
}

