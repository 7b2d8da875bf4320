import ArcgenSupport
import ArcgenVocabulary

/// Turns a parsed arc file into an `Arc`, checking the file against the arc schema on the way: wrong types,
/// missing required keys, unknown keys (with a did-you-mean), duplicate keys, malformed ids, out-of-range numbers.
/// It never stops at the first problem: a broken value becomes an empty placeholder in the `Arc` (already reported)
/// so that the cross-reference and graph checks still run and the writer sees every problem at once.
public struct ArcDecoder {
    public private(set) var diagnostics: DiagnosticList

    public init(limit: Int = DiagnosticList.defaultLimit) { diagnostics = DiagnosticList(limit: limit) }

    /// - Returns: the arc with placeholders for what could not be read; the problems are in `diagnostics`.
    public mutating func decode(_ root: JSONNode) -> Arc {
        let p = JSONPath.root
        var arc = Arc(id: "", title: .missing, roles: [], start: "", endings: [], states: [])
        guard let o = open(root, p, ArcSchema.arc) else { return arc }
        if let s = o["$schema"] {
            let v = string(s, p / "$schema")
            if !v.isEmpty, !v.hasSuffix("arc.schema.json") {
                diagnostics.warning(p / "$schema", "\(Suggestions.quoted(v)) is not the arc schema; "
                    + "write \"\(ArcSchema.schemaReference)\" so editors check this file")
            }
        }
        arc.id = id(o["id"], p / "id")
        arc.title = localized(o["title"], p / "title", shape: ArcSchema.localized)
        if let s = o["summary"] { arc.summary = localized(s, p / "summary", shape: ArcSchema.localized) }
        arc.roles = idList(o["roles"], p / "roles", minItems: 1)
        if let e = o["extras"] {
            arc.extras = array(e, p / "extras", minItems: 0).enumerated()
                .map { i, node in extra(node, p / "extras" / i) }
        }
        if let c = o["cast"] { arc.cast = cast(c, p / "cast") }
        arc.start = id(o["start"], p / "start")
        arc.endings = idList(o["endings"], p / "endings", minItems: 1)
        if let s = o["states"] {
            arc.states = array(s, p / "states", minItems: 1).enumerated()
                .map { i, node in state(node, p / "states" / i) }
        }
        return arc
    }

    // MARK: - Objects of the format

    private mutating func state(_ node: JSONNode, _ p: JSONPath) -> ArcState {
        var st = ArcState(id: "", tag: "", synopsis: .missing, roles: [], locations: [])
        guard let o = open(node, p, ArcSchema.state) else { return st }
        st.id = id(o["id"], p / "id")
        st.tag = string(o["tag"], p / "tag")
        if let node = o["synopsis"] { (st.variants, st.listsVariants) = variants(node, p / "synopsis") }
        st.roles = idList(o["roles"], p / "roles", minItems: 1)
        if let l = o["locations"] {
            st.locations = array(l, p / "locations", minItems: 1).enumerated().map { i, node in
                localized(node, p / "locations" / i, shape: ArcSchema.location, isLocation: true)
            }
        }
        if let t = o["time"] {
            let v = string(t, p / "time")
            if let time = TimeOfDay(rawValue: v) {
                st.time = time
            } else if !v.isEmpty {
                let all = TimeOfDay.allCases.map(\.rawValue)
                let hint = Suggestions.hint(v, in: all, otherwise: "use one of \(all.joined(separator: ", "))")
                diagnostics.error(p / "time", "unknown time of day \(Suggestions.quoted(v))\(hint)")
            }
        }
        if let t = o["tension"] { st.tension = integer(t, p / "tension", in: ArcSchema.tensionRange) ?? 5 }
        if let c = o["cliffhanger"] { st.cliffhanger = bool(c, p / "cliffhanger") ?? false }
        if let r = o["reveals"] { st.reveals = idList(r, p / "reveals", minItems: 0) }
        if let h = o["hides"] { st.hides = idList(h, p / "hides", minItems: 0) }
        if let h = o["happy"] { st.happy = bool(h, p / "happy") }
        if let v = o["visits"] { st.visits = integer(v, p / "visits", in: ArcSchema.visitsRange) }
        if let y = o["yearsAfterStart"] {
            st.yearsAfterStart = integer(y, p / "yearsAfterStart", in: ArcSchema.yearsAfterStartRange)
        }
        if let e = o["effects"] { st.effects = effects(e, p / "effects") }
        if let t = o["transitions"] {
            st.transitions = array(t, p / "transitions", minItems: 0).enumerated()
                .map { i, node in transition(node, p / "transitions" / i) }
        }
        return st
    }

    /// A synopsis: one `{"es", "en"}` object (one variant, no cap) or a list of variants, each with an optional
    /// `tension`.
    private mutating func variants(_ node: JSONNode, _ p: JSONPath) -> ([SynopsisVariant], Bool) {
        guard let items = node.value.arrayValue else {
            if node.value.objectValue == nil {
                diagnostics.error(p, "expected an object {\"es\": …, \"en\": …} or a list of such variants, found "
                    + node.value.kindDescription)
                return ([SynopsisVariant(text: .missing)], false)
            }
            return ([SynopsisVariant(text: localized(node, p, shape: ArcSchema.localized))], false)
        }
        if items.isEmpty {
            diagnostics.error(p, "the list of variants is empty; write at least one {\"es\": …, \"en\": …}")
        }
        let variants = items.enumerated().map { i, item -> SynopsisVariant in
            let vp = p / i
            var variant = SynopsisVariant(text: localized(item, vp, shape: ArcSchema.variant))
            let members = item.value.objectValue ?? []
            if let t = members.first(where: { $0.key == "tension" })?.value {
                variant.tension = integer(t, vp / "tension", in: ArcSchema.tensionRange)
            }
            if let l = members.first(where: { $0.key == "locations" })?.value {
                variant.locations = array(l, vp / "locations", minItems: 1).enumerated().map { i, node in
                    localized(node, vp / "locations" / i, shape: ArcSchema.location, isLocation: true)
                }
            }
            return variant
        }
        return (variants.isEmpty ? [SynopsisVariant(text: .missing)] : variants, true)
    }

    private mutating func transition(_ node: JSONNode, _ p: JSONPath) -> Transition {
        var t = Transition(to: "", weight: 1)
        guard let o = open(node, p, ArcSchema.transition) else { return t }
        t.to = id(o["to"], p / "to")
        if let w = o["weight"], let v = number(w, p / "weight") {
            if !v.isFinite {
                diagnostics.error(p / "weight", "the weight is too large to be a finite number; weights are relative, "
                    + "so use small numbers such as 1, 2 or 0.5")
            } else if v <= 0 {
                diagnostics.error(p / "weight", "weight \(Self.numberText(w)) must be greater than 0; "
                    + "remove the transition instead of giving it weight 0")
            } else {
                t.weight = v
            }
        }
        return t
    }

    /// `"cast": {role: {"es": …, "en": …, "gender": "f", "age": 24}}`; the roles are checked against the arc's by
    /// the lint.
    private mutating func cast(_ node: JSONNode, _ p: JSONPath) -> [CastEntry] {
        guard let members = node.value.objectValue else {
            diagnostics.error(p, "expected an object from role to {\"es\": name, \"en\": name}, found "
                + node.value.kindDescription)
            return []
        }
        var seen = Set<String>()
        var out: [CastEntry] = []
        for m in members {
            let rp = p / m.key
            guard seen.insert(m.key).inserted else {
                diagnostics.error(rp, "duplicate role \(Suggestions.quoted(m.key)); name each role once",
                                  offset: m.keyOffset)
                continue
            }
            var entry = CastEntry(role: m.key, name: localized(m.value, rp, shape: ArcSchema.castEntry))
            if let g = m.value.value.objectValue?.first(where: { $0.key == "gender" })?.value {
                let v = string(g, rp / "gender")
                if let gender = Gender(rawValue: v) {
                    entry.gender = gender
                } else if g.value.stringValue != nil {
                    diagnostics.error(rp / "gender", "unknown gender \(Suggestions.quoted(v)); write \"f\" or \"m\"")
                }
            }
            if let a = m.value.value.objectValue?.first(where: { $0.key == "age" })?.value {
                entry.age = integer(a, rp / "age", in: CastMember.possibleAges)
            }
            out.append(entry)
        }
        return out
    }

    /// `"effects": {role: effect}`; the roles are checked against the arc's by the lint.
    private mutating func effects(_ node: JSONNode, _ p: JSONPath) -> [String: StoryEffect] {
        guard let members = node.value.objectValue else {
            diagnostics.error(p, "expected an object from role to effect, such as {\"villain\": \"arrested\"}, found "
                + node.value.kindDescription)
            return [:]
        }
        var out: [String: StoryEffect] = [:]
        for m in members {
            let v = string(m.value, p / m.key)
            guard m.value.value.stringValue != nil else { continue }
            guard out[m.key] == nil else {
                diagnostics.error(p / m.key, "duplicate role \(Suggestions.quoted(m.key)); give each role one effect",
                                  offset: m.keyOffset)
                continue
            }
            if let effect = StoryEffect(rawValue: v) {
                out[m.key] = effect
            } else {
                diagnostics.error(p / m.key, "unknown effect \(Suggestions.quoted(v))"
                    + Suggestions.hint(v, in: StoryEffect.names, otherwise: "effects are "
                        + StoryEffect.names.joined(separator: ", ")))
            }
        }
        return out
    }

    private mutating func extra(_ node: JSONNode, _ p: JSONPath) -> ExtraRole {
        var e = ExtraRole(id: "", description: .missing)
        guard let o = open(node, p, ArcSchema.extra) else { return e }
        e.id = id(o["id"], p / "id")
        e.description = localized(o["description"], p / "description", shape: ArcSchema.localized)
        if let n = o["name"] { e.name = localized(n, p / "name", shape: ArcSchema.localized) }
        return e
    }

    private mutating func localized(
        _ node: JSONNode?, _ p: JSONPath, shape: ObjectShape, isLocation: Bool = false
    ) -> Localized {
        guard let node, let o = open(node, p, shape) else { return .missing }
        var out = Localized.missing
        for language in Language.allCases {
            guard let n = o[language.rawValue] else { continue }
            let lp = p / language.rawValue
            let s = string(n, lp)
            guard !s.isEmpty || n.value.stringValue != nil else { continue }
            if !ArcSchema.hasText(s) {
                diagnostics.error(lp, "empty text; write the \(language == .es ? "Spanish" : "English") text")
                continue
            }
            if let c = ArcSchema.controlCharacter(in: s) {
                diagnostics.error(lp, "control character \(ArcSchema.describe(c)) in the text; "
                    + "remove it (this text is one line of plain text)")
                continue
            }
            if isLocation, !ArcSchema.isValidLocation(s) {
                diagnostics.error(lp, "location \(Suggestions.quoted(s)) must start like a scene heading: "
                    + "INT., EXT., INT./EXT. or I/E, a space, then the place (\"INT. HACIENDA - SALA\")")
            }
            if language == .es { out.es = s } else { out.en = s }
        }
        return out
    }

    // MARK: - Values

    /// An object checked against its shape; nil (reported) when the node is not an object.
    private mutating func open(_ node: JSONNode, _ p: JSONPath, _ shape: ObjectShape) -> [String: JSONNode]? {
        guard let members = node.value.objectValue else {
            diagnostics.error(p, "expected an object (\(shape.name)), found \(node.value.kindDescription)")
            return nil
        }
        var seen: [String: JSONNode] = [:]
        for m in members {
            if seen[m.key] != nil {
                diagnostics.error(p / m.key, "duplicate key \(Suggestions.quoted(m.key)); "
                    + "JSON readers keep only one of them, so remove one", offset: m.keyOffset)
                continue
            }
            seen[m.key] = m.value
            if !shape.keySet.contains(m.key) {
                let hint = Suggestions.closest(to: m.key, in: shape.allKeys).map { "did you mean '\($0)'?" }
                    ?? "allowed keys: \(shape.allKeys.joined(separator: ", "))"
                diagnostics.error(p / m.key, "unknown key \(Suggestions.quoted(m.key)) in \(Self.article(shape.name)); "
                    + hint, offset: m.keyOffset)
            }
        }
        for key in shape.required where seen[key] == nil {
            diagnostics.error(p, "missing required key \"\(key)\" in \(Self.article(shape.name)); add it")
        }
        return seen
    }

    private static func article(_ name: String) -> String {
        (name.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + name
    }

    private mutating func string(_ node: JSONNode?, _ p: JSONPath) -> String {
        guard let node else { return "" }
        guard let s = node.value.stringValue else {
            diagnostics.error(p, "expected a string, found \(node.value.kindDescription)")
            return ""
        }
        return s
    }

    private mutating func id(_ node: JSONNode?, _ p: JSONPath) -> String {
        let s = string(node, p)
        guard node?.value.stringValue != nil else { return "" }
        guard ArcSchema.isValidID(s) else {
            diagnostics.error(p, "\(Suggestions.quoted(s)) is not a valid id; ids are lower-case letters and digits "
                + "in words joined by single hyphens, at most 64 characters (\"true-parentage\")")
            return ""
        }
        return s
    }

    private mutating func array(_ node: JSONNode, _ p: JSONPath, minItems: Int) -> [JSONNode] {
        guard let items = node.value.arrayValue else {
            diagnostics.error(p, "expected an array, found \(node.value.kindDescription)")
            return []
        }
        if items.count < minItems {
            diagnostics.error(p, "the list is empty; it needs at least \(minItems) item\(minItems == 1 ? "" : "s")")
        }
        return items
    }

    /// A list of ids, one entry per array element (placeholders included), with duplicates reported.
    private mutating func idList(_ node: JSONNode?, _ p: JSONPath, minItems: Int) -> [String] {
        guard let node else { return [] }
        var seen: [String: Int] = [:]
        return array(node, p, minItems: minItems).enumerated().map { i, item in
            let s = id(item, p / i)
            if !s.isEmpty {
                if let first = seen[s] {
                    diagnostics.error(p / i,
                                      "duplicate \(Suggestions.quoted(s)) (also at \(p / first)); list each once")
                } else {
                    seen[s] = i
                }
            }
            return s
        }
    }

    private mutating func number(_ node: JSONNode, _ p: JSONPath) -> Double? {
        guard case let .number(v, _) = node.value else {
            diagnostics.error(p, "expected a number, found \(node.value.kindDescription)")
            return nil
        }
        return v
    }

    private mutating func integer(_ node: JSONNode, _ p: JSONPath, in range: ClosedRange<Int>) -> Int? {
        guard let v = number(node, p) else { return nil }
        guard v.isFinite, v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
            diagnostics.error(p, "\(Self.numberText(node)) must be a whole number "
                + "from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return Int(v)
    }

    private mutating func bool(_ node: JSONNode, _ p: JSONPath) -> Bool? {
        guard case let .bool(b) = node.value else {
            diagnostics.error(p, "expected true or false, found \(node.value.kindDescription)")
            return nil
        }
        return b
    }

    private static func numberText(_ node: JSONNode) -> String {
        if case let .number(_, literal) = node.value {
            return literal.count > 24 ? String(literal.prefix(24)) + "…" : literal
        }
        return "the value"
    }
}
