/// The keys each kind of object in an arc file may and must have: the Swift side of `arcs/arc.schema.json`. A test
/// reads the JSON Schema and checks that both say the same, so an editor's validation and `arcgen arcs check` never
/// disagree about what a key is called.
public struct ObjectShape: Sendable {
    /// The `$defs` name in arc.schema.json (`state`, `transition`), or `arc` for the top level.
    public let name: String
    public let required: [String]
    public let optional: [String]
    /// `required + optional`, in that order.
    public let allKeys: [String]
    /// The same keys as a set, for the check done on every key of every object.
    public let keySet: Set<String>

    public init(name: String, required: [String], optional: [String]) {
        self.name = name
        self.required = required
        self.optional = optional
        allKeys = required + optional
        keySet = Set(allKeys)
    }
}

/// The shapes and value rules of the arc format (see arcs/README.md for the prose version).
public enum ArcSchema {
    /// What every arc file puts in `"$schema"`, relative to the arc (arc files live next to the schema).
    public static let schemaReference = "./arc.schema.json"

    public static let arc = ObjectShape(
        name: "arc", required: ["$schema", "id", "title", "roles", "start", "endings", "states"],
        optional: ["summary", "extras", "cast"])
    public static let state = ObjectShape(
        name: "state", required: ["id", "tag", "synopsis", "roles", "locations", "time", "tension"],
        optional: ["cliffhanger", "reveals", "hides", "happy", "transitions", "visits", "effects", "yearsAfterStart"])
    /// One item of a `synopsis` list: the text, and optionally the tension of the visit that plays it.
    public static let variant = ObjectShape(name: "variant", required: ["es", "en"], optional: ["tension", "locations"])
    public static let transition = ObjectShape(name: "transition", required: ["to"], optional: ["weight"])
    public static let localized = ObjectShape(name: "localized", required: ["es", "en"], optional: [])
    public static let location = ObjectShape(name: "location", required: ["es", "en"], optional: [])
    public static let extra = ObjectShape(name: "extra", required: ["id", "description"], optional: ["name"])

    /// One role of the arc's default cast: its name in each language, and optionally its gender (`f` or `m`) and age.
    public static let castEntry = ObjectShape(name: "castEntry", required: ["es", "en"], optional: ["gender", "age"])

    public static let allShapes = [arc, state, variant, transition, localized, location, extra, castEntry]

    /// Ids of arcs, states, roles and secrets: lower-case ASCII words joined by single hyphens (`true-parentage`),
    /// the same as the schema's pattern `^[a-z0-9]+(-[a-z0-9]+)*$`.
    public static func isValidID(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 64 else { return false }
        var previousHyphen = true
        for u in s.utf8 {
            let isWord = (u >= UInt8(ascii: "a") && u <= UInt8(ascii: "z"))
                || (u >= UInt8(ascii: "0") && u <= UInt8(ascii: "9"))
            if u == UInt8(ascii: "-") {
                if previousHyphen { return false }
                previousHyphen = true
            } else if isWord {
                previousHyphen = false
            } else {
                return false
            }
        }
        return !previousHyphen
    }

    /// Scene-heading prefixes a location hint must start with (then a space and a place): the schema's pattern
    /// `^(INT\./EXT\.|INT\.|EXT\.|I/E\.?) \S`.
    public static let locationPrefixes = ["INT./EXT.", "INT.", "EXT.", "I/E.", "I/E"]

    public static func isValidLocation(_ s: String) -> Bool {
        for p in locationPrefixes where s.hasPrefix(p + " ") {
            let rest = s.dropFirst(p.count + 1)
            return rest.first.map { !$0.isWhitespace } ?? false
        }
        return false
    }

    /// The first control character (C0, DEL or C1: NUL, ESC, BEL, a line break…) in `s`. Titles, synopses,
    /// locations and names are one line of plain text; a control character would reach the scripts (and break
    /// FDX, which is XML) or split a line of them.
    public static func controlCharacter(in s: String) -> Unicode.Scalar? {
        s.unicodeScalars.first { $0.value < 0x20 || (0x7F ... 0x9F).contains($0.value) }
    }

    /// How to name a control character in a message: `U+001B`.
    public static func describe(_ scalar: Unicode.Scalar) -> String { String(format: "U+%04X", scalar.value) }

    /// Text that is not only white space (the schema's pattern `\S`).
    public static func hasText(_ s: String) -> Bool { s.contains { !$0.isWhitespace } }

    /// Tension runs from 0 to 10.
    public static let tensionRange = 0 ... 10

    /// An explicit visit cap: at least one visit; more than a few dozen variants of one beat is not a story.
    public static let visitsRange = 1 ... 64
    /// A time jump (`"yearsAfterStart"`): a year to a lifetime.
    public static let yearsAfterStartRange = 1 ... 100
}
