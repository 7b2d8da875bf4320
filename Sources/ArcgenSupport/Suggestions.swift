/// "Did you mean …?" for misspelt keys, tags, roles, state ids, arcs and options, the one rule every module uses, and
/// safe quoting of user text in messages: a message must stay one readable line even when the file holds a
/// megabyte-long string.
public enum Suggestions {
    /// The candidate nearest to `word` by edit distance, when near enough to be a likely typo (at most a third of
    /// the word's length, at least 1, at most 3 edits); else the first candidate that starts with the word or that
    /// the word starts with (`lost` for `lost-relative`, `--mod` for `--models`). Case is ignored. Long words and
    /// huge candidate lists are not searched.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        let w = Array(lower.unicodeScalars)
        guard !w.isEmpty, w.count <= 64 else { return nil }
        let budget = min(3, max(1, w.count / 3))
        var best: (String, Int)?
        for c in candidates.prefix(20_000) {
            let cs = Array(c.lowercased().unicodeScalars)
            guard abs(cs.count - w.count) <= budget, cs.count <= 64 else { continue }
            let d = distance(w, cs, limit: budget)
            if d <= budget, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        if let best { return best.0 }
        return candidates.prefix(20_000).first {
            let c = $0.lowercased()
            return c.hasPrefix(lower) || lower.hasPrefix(c)
        }
    }

    /// `; did you mean 'x'?` or the empty string.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// `; did you mean 'x'?` when a near candidate exists, else `; ` + `otherwise` (the general advice).
    public static func hint(_ word: String, in candidates: [String], otherwise: String) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? "; " + otherwise
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit, stopping early past `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0 ... b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            var rowMin = i
            for j in 1 ... b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// `'text'`, cut to 40 characters and with line breaks shown as `\n`.
    public static func quoted(_ text: String) -> String {
        var s = ""
        for ch in text.prefix(40) { s += ch == "\n" ? "\\n" : String(ch) }
        return "'" + s + (text.count > 40 ? "…" : "") + "'"
    }

    /// `a, b, c` or `a, b, c, … (12 in all)`.
    public static func list(_ items: [String], max: Int = 8) -> String {
        items.count <= max
            ? items.joined(separator: ", ")
            : items.prefix(max).joined(separator: ", ") + ", … (\(items.count) in all)"
    }
}
