import ArcgenSupport

/// Draws an index in proportion to non-negative `weights` (whose sum is `total`): the one categorical draw both
/// planners use when they walk their tables forward, so a seed picks the same road in either.
/// - Returns: nil when every weight is zero.
func drawIndex(_ weights: [Double], total: Double, random: inout SeededRandom) -> Int? {
    let u = random.nextDouble() * total
    var chosen: Int?
    var cumulative = 0.0
    for (i, p) in weights.enumerated() where p > 0 {
        chosen = i
        cumulative += p
        if u < cumulative { break }
    }
    return chosen
}
