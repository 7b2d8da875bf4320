/// The `--seed S` option group: any 64-bit whole number, so that the same seed gives the same bytes. A command
/// either has a fixed default (training, evaluation, splits: reproducible without asking) or draws a fresh seed and
/// prints it, so a run the user liked can be repeated.
enum SeedOption {
    /// The fixed default of commands whose output should not change from run to run unless asked.
    static let fixedDefault: UInt64 = 1

    /// The option, for a command with a fixed default (`help` says which).
    static func option(_ help: String) -> OptionSpec { .value("--seed", "S", help) }

    /// The option, for a command that draws a random seed when none is given; `what` says what it seeds.
    static func randomOption(seeding what: String) -> OptionSpec {
        option("\(what) (default: random, printed on stderr).")
    }

    /// The seed given, else `fallback`.
    /// - Throws: `UsageError` when the value is not a non-negative whole number.
    static func value(_ args: ParsedArguments, default fallback: UInt64 = fixedDefault) throws -> UInt64 {
        try args.seed() ?? fallback
    }

    /// The seed given, else a fresh one below a billion (short enough to retype), told on stderr with the flag that
    /// repeats the run: `arcgen plan: seed 42 (pass --seed 42 to draw this plan again)`.
    /// - Parameters:
    ///   - command: the command's name in the message.
    ///   - repeating: what passing the seed does again ("write this episode").
    static func valueOrRandom(_ args: ParsedArguments, console: Console, command: String,
                              repeating: String) throws -> UInt64 {
        if let seed = try args.seed() { return seed }
        let seed = UInt64.random(in: 0 ..< 1_000_000_000)
        console.log("arcgen \(command): seed \(seed) (pass --seed \(seed) to \(repeating) again)")
        return seed
    }
}
