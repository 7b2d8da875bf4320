/// Replaces the mentions of a scene's cast in action and dialogue by slots such as `{heroine}`, so a model
/// trained on the text writes `{heroine}` where the scene said "Rosaura", and an episode can bind the slot to its
/// own cast.
///
/// The rule, chosen so replaced text still reads right once a slot is bound to a name:
/// - A cast name is split into words. Leading **titles** (Don, Doña, Padre, Sor, Madre, Doctor, Dr., Licenciado,
///   Mr., Mrs., Father, Sister, Detective, Sheriff, Nana, Mamá, Old… see `titles`) are separable: `DON ERNESTO` has
///   the core name `ERNESTO`. A name made only of titles (`NURSE`) is its own core.
/// - The core matches in full; a core of several words also matches by its first or its last word
///   (`DESMOND FAIRCHILD` → "Desmond", "Fairchild"), except particles (de, la, van…), one-letter words, and words
///   two cast members share (then only full names decide).
/// - A match is whole words only, and its first word must start with a capital (title case or all capitals):
///   "Rosa" and "ROSA" are the character, "rosa" is a colour. A possessive `'s` stays outside the slot.
/// - Titles written directly before a match (separated by spaces, `Dr.`-style dots allowed; honorifics such as
///   don/doña/Mr. in any case, kinship words and epithets only capitalised) are taken into the slot: "Doña Chuy"
///   and "Chuy" both become `{confidant}`, "Don Ernesto" and "Ernesto" `{father}`, because the episode's cast name
///   brings its own title when bound.
public struct CastSlots: Sendable {
    /// Honorifics and epithets that may stand before a name, lower-case, without a final dot.
    public static let titles: Set<String> = [
        // Spanish
        "don", "doña", "señor", "señora", "señorita", "sr", "sra", "srta", "padre", "madre", "sor", "fray",
        "hermano", "hermana", "doctor", "doctora", "dr", "dra", "licenciado", "licenciada", "lic", "ingeniero", "ing",
        "maestro", "maestra", "profesor", "profesora", "detective", "inspector", "inspectora", "comandante", "capitán",
        "teniente", "sargento", "oficial", "agente", "juez", "jueza", "monseñor", "nana", "mamá", "papá", "abuela",
        "abuelo", "tía", "tío", "productor", "productora", "general", "coronel",
        // English
        "mr", "mrs", "ms", "miss", "mister", "sir", "lady", "lord", "father", "mother", "sister", "brother", "reverend",
        "pastor", "nurse", "officer", "petty", "sergeant", "lieutenant", "captain", "sheriff", "deputy", "marshal",
        "trooper", "agent", "judge", "senator", "mayor", "governor", "professor", "madame", "monsieur", "mama", "aunt",
        "uncle", "grandma", "grandpa", "manager", "old", "young", "little", "big",
    ]

    /// Titles that stay titles when written in lower case.
    public static let lowerCaseHonorifics: Set<String> = [
        "don", "doña", "señor", "señora", "señorita", "sr", "sra", "srta", "sor", "fray", "dr", "dra", "lic",
        "licenciado", "licenciada", "mr", "mrs", "ms", "miss", "mister", "monsieur", "madame", "monseñor",
    ]

    /// Short words inside names that never stand for the person alone.
    public static let particles: Set<String> = [
        "de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos", "di", "du", "van", "von", "der", "le",
        "el", "of", "the", "in", "and", "st", "san", "santa", "mc", "mac",
    ]

    /// Words of a name or mention, lower-cased.
    struct Variant {
        let words: [String]
        let slot: String
    }

    let variants: [Variant]

    /// - Parameter cast: each cast member's name as in the roles note, with the slot text it becomes
    ///   (`("DOÑA CHUY", "{confidant}")`).
    public init(cast: [(name: String, slot: String)]) {
        var full: [Variant] = []
        var parts: [(word: String, slot: String)] = []
        for (name, slot) in cast {
            let core = Self.coreWords(of: name)
            guard !core.isEmpty else { continue }
            full.append(Variant(words: core, slot: slot))
            if core.count >= 2 {
                for word in Set([core.first!, core.last!]) where word.count >= 2 && !Self.particles.contains(word) {
                    parts.append((word, slot))
                }
            }
        }
        // A part two cast members share is ambiguous; a part equal to someone's full one-word name belongs to them.
        let fullSingles = Set(full.filter { $0.words.count == 1 }.map { $0.words[0] })
        var bySlot: [String: Set<String>] = [:]
        for part in parts { bySlot[part.word, default: []].insert(part.slot) }
        var seen = Set<String>()
        let partVariants = parts
            .filter { bySlot[$0.word]!.count == 1 && !fullSingles.contains($0.word) && seen.insert($0.word).inserted }
            .map { Variant(words: [$0.word], slot: $0.slot) }
        variants = (full + partVariants).sorted { $0.words.count > $1.words.count }
    }

    /// The words of a name without its leading titles, lower-cased.
    static func coreWords(of name: String) -> [String] {
        let words = Mention.words(in: name).map { $0.text.lowercased() }
        var start = 0
        while start < words.count - 1, titles.contains(words[start]) { start += 1 }
        return Array(words[start...])
    }

    /// `text` with every cast mention replaced by its slot.
    public func apply(_ text: String) -> String {
        let words = Mention.words(in: text)
        guard !words.isEmpty, !variants.isEmpty else { return text }
        var replacements: [(range: Range<String.Index>, slot: String)] = []
        var i = 0
        // The first word a title may be taken from: never one an earlier mention already took ("Sargento Ruiz"
        // where SARGENTO and RUIZ are both cast: the title is the first mention, not the second's).
        var floor = 0
        while i < words.count {
            guard let (variant, end, possessive) = match(at: i, words: words, text: text) else { i += 1; continue }
            var start = i
            while start > floor, isTitle(words[start - 1]),
                  joinable(text[words[start - 1].range.upperBound ..< words[start].range.lowerBound]) {
                start -= 1
            }
            let upper = possessive ? words[end].stemEnd : words[end].range.upperBound
            replacements.append((words[start].range.lowerBound ..< upper, variant.slot))
            i = end + 1
            floor = i
        }
        var result = ""
        var cursor = text.startIndex
        for (range, slot) in replacements {
            result += text[cursor ..< range.lowerBound]
            result += slot
            cursor = range.upperBound
        }
        result += text[cursor...]
        return result
    }

    /// The longest variant that matches the words starting at `i`, with the index of its last word.
    private func match(at i: Int, words: [Mention.Word], text: String) -> (Variant, Int, Bool)? {
        guard words[i].startsCapitalised else { return nil }
        for variant in variants {
            let k = variant.words.count
            guard i + k <= words.count else { continue }
            var possessive = false
            var ok = true
            for j in 0 ..< k {
                let word = words[i + j]
                let gap = j > 0 ? text[words[i + j - 1].range.upperBound ..< word.range.lowerBound] : ""
                if !gap.allSatisfy(\.isWhitespace) {
                    ok = false
                    break
                }
                if word.lower == variant.words[j] { continue }
                if j == k - 1, let stem = word.possessiveStem, stem == variant.words[j] { possessive = true; continue }
                ok = false
                break
            }
            if ok { return (variant, i + k - 1, possessive) }
        }
        return nil
    }

    /// Honorifics are titles in any case (Spanish writes "don Ernesto"); kinship words, ranks and epithets only when
    /// capitalised, since "mi hermana Rosa" or "the old Rosa" describe rather than name.
    private func isTitle(_ word: Mention.Word) -> Bool {
        let lower = word.lower
        return Self.titles.contains(lower) && (word.startsCapitalised || Self.lowerCaseHonorifics.contains(lower))
    }

    /// Between a title and the name: spaces, or a dot then spaces (`Dr. Vega`).
    private func joinable(_ gap: Substring) -> Bool {
        let rest = gap.hasPrefix(".") ? gap.dropFirst() : gap
        return !rest.isEmpty && rest.allSatisfy(\.isWhitespace)
    }
}

/// Word splitting for name matching: letters and digits, with an apostrophe or hyphen inside a word kept
/// (O'Hara, Jean-Luc, Rosaura's).
enum Mention {
    struct Word {
        let range: Range<String.Index>
        let text: Substring
        var lower: String { text.lowercased() }
        var startsCapitalised: Bool { text.first.map { $0.isUppercase } ?? false }
        /// "Rosaura's" → "rosaura".
        var possessiveStem: String? {
            let l = lower
            for suffix in ["'s", "’s"] where l.hasSuffix(suffix) && l.count > 2 { return String(l.dropLast(2)) }
            return nil
        }
        /// Where the stem of a possessive ends.
        var stemEnd: String.Index { text.index(text.endIndex, offsetBy: -2) }
    }

    static func words(in text: String) -> [Word] {
        var result: [Word] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard isWordCharacter(text[index]) else { index = text.index(after: index); continue }
            let start = index
            var end = text.index(after: index)
            while end < text.endIndex {
                let c = text[end]
                if isWordCharacter(c) { end = text.index(after: end); continue }
                if c == "'" || c == "’" || c == "-" {
                    let next = text.index(after: end)
                    if next < text.endIndex, text[next].isLetter { end = next; continue }
                }
                break
            }
            result.append(Word(range: start ..< end, text: text[start ..< end]))
            index = end
        }
        return result
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }
}
