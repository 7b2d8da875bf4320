import ArcgenSupport

/// The checks that need more than one value at a time: tags and roles against the vocabulary, role slots in
/// synopses, duplicate ids, transitions to unknown states, the start and the endings, and (in `ArcLinter+Graph`)
/// the shape of the graph and the secrets ledger. The decoder has already checked each value on its own; empty
/// placeholders mark values it reported, and these checks skip them.
public struct ArcLinter: Sendable {
    public let vocabulary: Vocabulary
    /// nil: do not check for trained models.
    public let models: ModelInventory?

    public init(vocabulary: Vocabulary, models: ModelInventory? = nil) {
        self.vocabulary = vocabulary
        self.models = models
    }

    /// State ids resolved to indices (first occurrence wins; duplicates are reported).
    struct Index {
        var byID: [String: Int] = [:]
        var ids: [String] = []
    }

    /// Adds every finding about `arc` to `list`.
    public func lint(_ arc: Arc, into list: inout DiagnosticList) {
        let p = JSONPath.root
        // templates[state][variant][language]
        let templates = arc.states.map { st in
            st.variants.map { v in
                Language.allCases.map { language in
                    (try? SynopsisTemplate(parsing: v.text[language])).map(Result.success)
                        ?? Result.failure(Self.templateError(v.text[language]))
                }
            }
        }
        let arcRoles = Set(arc.roles)
        checkRoles(arc, templates: templates, &list)
        for entry in arc.cast where !arcRoles.contains(entry.role) {
            let hint = { Suggestions.hint(entry.role, in: arc.roles, otherwise: "name only roles listed in $.roles") }
            list.error(p / "cast" / entry.role, "the cast names \(Suggestions.quoted(entry.role)), which is not among "
                + "the arc's roles\(hint())")
        }
        let index = checkStateIDs(arc, &list)
        let known = index.ids
        let states = p / "states"
        for (i, st) in arc.states.enumerated() {
            let sp = states / i
            if !st.tag.isEmpty, !vocabulary.tagSet.contains(st.tag) {
                let hint = { Suggestions.hint(
                    st.tag, in: vocabulary.tagIDs,
                    otherwise: "tags come from arcs/vocabulary.json: \(vocabulary.tagIDs.joined(separator: ", "))") }
                list.error(sp / "tag", "unknown beat tag \(Suggestions.quoted(st.tag))\(hint())")
            }
            for (r, role) in st.roles.enumerated() where !role.isEmpty && !arcRoles.contains(role) {
                let hint = { Suggestions.hint(
                    role, in: arc.roles, otherwise: "use one of \(Suggestions.list(arc.roles)), or add it to $.roles") }
                list.error(sp / "roles" / r, "role \(Suggestions.quoted(role)) is not among the arc's roles\(hint())")
            }
            for (v, variant) in st.variants.enumerated() {
                let vp = st.listsVariants ? sp / "synopsis" / v : sp / "synopsis"
                checkSynopsis(variant.text, templates: templates[i][v], arcRoles: arcRoles, arc: arc, at: vp, &list)
            }
            checkVariants(st, at: sp, &list)
            for role in (st.effects ?? [:]).keys.sorted() where !arcRoles.contains(role) {
                let hint = {
                    Suggestions.hint(role, in: arc.roles, otherwise: "use one of \(Suggestions.list(arc.roles))")
                }
                list.error(sp / "effects" / role, "effect on \(Suggestions.quoted(role)), which is not among the arc's "
                    + "roles\(hint())")
            }
            var targets: [String: Int] = [:]
            for (t, tr) in st.transitions.enumerated() where !tr.to.isEmpty {
                let tp = sp / "transitions" / t
                if index.byID[tr.to] == nil {
                    let hint = { Suggestions.hint(
                        tr.to, in: known, otherwise: "transitions must name a state id of this arc") }
                    list.error(tp / "to", "unknown state \(Suggestions.quoted(tr.to))\(hint())")
                }
                if let first = targets[tr.to] {
                    list.warning(tp, "a second transition to '\(tr.to)' (first at \(sp / "transitions" / first)); "
                        + "merge them into one with the summed weight")
                } else {
                    targets[tr.to] = t
                }
            }
            if st.happy != nil, !st.id.isEmpty, !arc.endings.contains(st.id) {
                list.warning(sp / "happy", "\"happy\" only matters for endings and '\(st.id)' is not in $.endings; "
                    + "remove it or add the state to $.endings")
            }
        }
        if !arc.start.isEmpty, index.byID[arc.start] == nil {
            let hint = { Suggestions.hint(arc.start, in: known, otherwise: "name the id of the first scene's state") }
            list.error(p / "start", "unknown start state \(Suggestions.quoted(arc.start))\(hint())")
        }
        for (e, ending) in arc.endings.enumerated() where !ending.isEmpty {
            guard let s = index.byID[ending] else {
                let hint = { Suggestions.hint(ending, in: known, otherwise: "endings must name state ids of this arc") }
                list.error(p / "endings" / e, "unknown ending state \(Suggestions.quoted(ending))\(hint())")
                continue
            }
            let st = arc.states[s]
            if !st.tag.isEmpty, !HappyBeats.isHappy(st) {
                let how = st.happy == false
                    ? "its \"happy\" is false"
                    : "its tag '\(st.tag)' is not a happy beat (\(HappyBeats.tags.sorted().joined(separator: ", ")))"
                list.error(p / "endings" / e, "ending '\(ending)' is not happy: \(how); a telenovela ends happily, "
                    + "so end on a wedding, reunion, comeuppance or proposal, or set \"happy\": true on \(states / s) "
                    + "if this scene truly is a happy ending")
            }
        }
        checkGraph(arc, index: index, &list)
        checkModels(arc, &list)
        if list.errorCount == 0 { checkCappedLengths(arc, &list) }
    }

    /// A loop escalates and never repeats itself: a variant is never calmer than the visit before it (the first
    /// plays at the state's `tension`), and a state is not visited more often than it has variants.
    private func checkVariants(_ st: ArcState, at sp: JSONPath, _ list: inout DiagnosticList) {
        var previous = st.tension
        for (v, variant) in st.variants.enumerated() {
            guard let t = variant.tension else { continue }
            let tp = sp / "synopsis" / v / "tension"
            if v == 0 {
                list.error(tp, "the first variant plays at the state's tension (\(st.tension)); set \(sp / "tension") "
                    + "instead, or give the tension to a later variant")
            } else if t < previous {
                list.error(tp, "tension \(t) is below the \(previous) of the visit before it; a loop escalates, so a "
                    + "revisit is never calmer: raise it, or reorder the variants from calmest to tensest")
            }
            previous = max(previous, t)
        }
        if let visits = st.visits, visits > st.variants.count {
            let has = st.variants.count == 1 ? "one synopsis" : "\(st.variants.count) variants"
            list.error(sp / "visits", "\(visits) visits but \(has): visit \(st.variants.count + 1) would play a "
                + "synopsis again word for word; write more variants (a list under \"synopsis\") or lower \"visits\"")
        }
    }

    /// The lengths the visit caps leave, as a note, so a writer sees at once that a cap made, say, 20 scenes
    /// impossible. (Caps never leave none: a cap is at least 1, and a road without repeats reaches an ending.)
    private func checkCappedLengths(_ arc: Arc, _ list: inout DiagnosticList) {
        guard let graph = try? ArcGraph(arc: arc), graph.hasBindingCaps else { return }
        do { _ = try VisitLedger(graph: graph) } catch {
            list.error(JSONPath.root / "states", error.description)
            return
        }
        let capped = FeasibleLengths(graph: graph)
        let free = FeasibleLengths(graph: graph.withoutVisitCaps())
        if capped != free {
            list.note(JSONPath.root / "states", "with its visit caps the arc plans \(capped) scenes (without them: "
                + "\(free)); other lengths are impossible: more variants make longer plans")
        }
    }

    /// The parse error of a synopsis that failed to parse (parsed again only for broken synopses).
    static func templateError(_ text: String) -> SynopsisTemplate.SyntaxError {
        do {
            _ = try SynopsisTemplate(parsing: text)
            return SynopsisTemplate.SyntaxError(message: "")
        } catch {
            return error
        }
    }

    /// A parsed synopsis, or why it does not parse.
    typealias ParsedSynopsis = Result<SynopsisTemplate, SynopsisTemplate.SyntaxError>

    private func checkRoles(_ arc: Arc, templates: [[[ParsedSynopsis]]], _ list: inout DiagnosticList) {
        let p = JSONPath.root
        let vocabularyRoles = vocabulary.roleIDs
        var extraIDs: [String: Int] = [:]
        for (i, e) in arc.extras.enumerated() where !e.id.isEmpty {
            if vocabularyRoles.contains(e.id) {
                list.error(p / "extras" / i / "id", "'\(e.id)' is already a vocabulary role; "
                    + "remove it from $.extras (list it in $.roles only)")
            } else if let first = extraIDs[e.id] {
                list.error(p / "extras" / i / "id",
                           "duplicate extra role '\(e.id)' (first at \(p / "extras" / first)); declare it once")
            } else {
                extraIDs[e.id] = i
                if !arc.roles.contains(e.id) {
                    list.error(p / "extras" / i / "id", "extra role '\(e.id)' is not listed in $.roles; "
                        + "add it there so the cast includes it")
                }
                // One place for a name: the cast block (it wins over the extra's own `name`, kept for older files).
                if e.name != nil, arc.cast.contains(where: { $0.role == e.id }) {
                    list.warning(p / "extras" / i / "name", "the cast block names '\(e.id)' too, and its name is "
                        + "the one used; remove this \"name\" so the name is kept in one place")
                }
            }
        }
        for (r, role) in arc.roles.enumerated() where !role.isEmpty {
            if !vocabulary.roleSet.contains(role), extraIDs[role] == nil {
                let hint = {
                    Suggestions.closest(to: role, in: vocabularyRoles + Array(extraIDs.keys))
                        .map { "did you mean '\($0)'? " } ?? ""
                }
                list.error(p / "roles" / r, "unknown role \(Suggestions.quoted(role)); \(hint())roles come from "
                    + "arcs/vocabulary.json, or declare an arc's own role in $.extras")
            }
        }
        // Roles that no scene uses or names are probably a leftover or a typo elsewhere.
        var used: Set<String> = []
        for (st, parsed) in zip(arc.states, templates) {
            used.formUnion(st.roles)
            for case let .success(t) in parsed.joined() { used.formUnion(t.slots) }
        }
        for (r, role) in arc.roles.enumerated() where !role.isEmpty && !used.contains(role) {
            list.warning(p / "roles" / r, "role '\(role)' appears in no state; remove it or give it a scene")
        }
    }

    private func checkStateIDs(_ arc: Arc, _ list: inout DiagnosticList) -> Index {
        var index = Index()
        for (i, st) in arc.states.enumerated() where !st.id.isEmpty {
            if let first = index.byID[st.id] {
                let firstPath = JSONPath.root / "states" / first
                list.error(JSONPath.root / "states" / i / "id",
                           "duplicate state id '\(st.id)' (first at \(firstPath)); rename one of them")
            } else {
                index.byID[st.id] = i
                index.ids.append(st.id)
            }
        }
        return index
    }

    private func checkSynopsis(_ text: Localized, templates: [ParsedSynopsis], arcRoles: Set<String>,
                               arc: Arc, at p: JSONPath, _ list: inout DiagnosticList) {
        var slotSets: [Language: Set<String>] = [:]
        for (language, parsed) in zip(Language.allCases, templates) {
            guard !text[language].isEmpty else { continue }
            let lp = p / language.rawValue
            switch parsed {
            case let .success(template):
                let slots = template.slots
                slotSets[language] = Set(slots)
                for slot in slots where !arcRoles.contains(slot) {
                    let hint = {
                        Suggestions.hint(slot, in: arc.roles, otherwise: "slots must be roles listed in $.roles")
                    }
                    list.error(lp, "role slot {\(slot.prefix(40))} names no role of this arc\(hint())")
                }
            case let .failure(error):
                list.error(lp, error.message)
            }
        }
        if let es = slotSets[.es], let en = slotSets[.en], es != en {
            let onlyES = es.subtracting(en).sorted().map { "{\($0)}" }
            let onlyEN = en.subtracting(es).sorted().map { "{\($0)}" }
            var parts: [String] = []
            if !onlyES.isEmpty { parts.append("only Spanish names \(onlyES.joined(separator: ", "))") }
            if !onlyEN.isEmpty { parts.append("only English names \(onlyEN.joined(separator: ", "))") }
            list.warning(p, "the Spanish and English synopses name different roles "
                + "(\(parts.joined(separator: "; "))); make them tell the same scene")
        }
    }

    private func checkModels(_ arc: Arc, _ list: inout DiagnosticList) {
        guard let models else { return }
        var missing: [String] = []
        var firstUse: Int?
        for (i, st) in arc.states.enumerated()
        where !st.tag.isEmpty && vocabulary.tagSet.contains(st.tag) && !models.hasModel(for: st.tag) {
            if !missing.contains(st.tag) { missing.append(st.tag) }
            if firstUse == nil { firstUse = i }
        }
        guard let firstUse else { return }
        let oneTag = missing.count == 1
        list.warning(JSONPath.root / "states" / firstUse / "tag",
                     "no trained model yet in \(models.directory)/ for tag\(oneTag ? "" : "s") "
                        + "\(missing.joined(separator: ", ")); plans reaching these scenes cannot be written "
                        + "until `arcgen train` builds \(oneTag ? "it" : "them")")
    }
}
