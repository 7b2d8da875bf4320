import ArcgenPlot

/// `--scenes N|MIN-MAX` and its kin (`--scenes-per-episode`): a `SceneCount` within the limits a command allows.
enum SceneCountOption {
    /// The count given to `flag`, or nil when it is absent.
    /// - Parameters:
    ///   - limit: the lengths the command accepts, both ends of a range included.
    ///   - example: a range to quote in the error (`10-14`).
    /// - Throws: `UsageError` naming the flag, the limits and what was given.
    static func value(_ args: ParsedArguments, _ flag: String, within limit: ClosedRange<Int>,
                      example: String = "10-14") throws -> SceneCount? {
        guard let text = args.string(flag) else { return nil }
        guard let count = SceneCount(parsing: text), limit.contains(count.bounds.lowerBound),
              limit.contains(count.bounds.upperBound) else {
            throw UsageError("\(args.spelling(flag)) needs a whole number N from \(limit.lowerBound) to "
                + "\(limit.upperBound) or a range MIN-MAX, e.g. 12 or \(example); got '\(text)'")
        }
        return count
    }

    /// The count given to `flag`, which the command needs.
    static func required(_ args: ParsedArguments, _ flag: String, within limit: ClosedRange<Int>) throws
        -> SceneCount {
        guard let count = try value(args, flag, within: limit) else {
            throw UsageError("'\(args.command)' needs \(flag)")
        }
        return count
    }
}
