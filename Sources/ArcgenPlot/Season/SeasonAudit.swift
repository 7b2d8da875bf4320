/// Holds a woven season to the genre's rules and lists every breach: the season's secrets ledger (no revelation
/// before its setup, across arcs too), the episode cliffhangers, the role contracts (the leads in most episodes, the
/// villain punished before the wedding), a finale that ends on its wedding, and every arc resolved.
public enum SeasonAudit {
    /// - Parameters:
    ///   - episodes: the episodes in order.
    ///   - strands: the arcs as the season uses them (same order as `arcs`).
    ///   - arcs: the arcs as planned (their `endings` are the ones the season allowed).
    /// - Returns: the violations, in the order: ledger, cliffhangers, contracts, finale, resolution.
    public static func violations(episodes: [Season.Episode], strands: [Season.Strand], arcs: [Arc],
                                  rules: SeasonRules) -> [SeasonViolation] {
        var out = ledger(episodes: episodes, strands: strands)
        for e in episodes.dropLast() {
            guard let last = e.closer else {
                out.append(SeasonViolation(.cliffhanger, episode: e.number, "the episode has no scenes"))
                continue
            }
            if !SeasonScheduler.isCliffhanger(last.scene, rules) {
                out.append(SeasonViolation(.cliffhanger, episode: e.number,
                    "ends on '\(last.scene.state)' (\(strands[last.strand].arcID), tension \(last.scene.tension)), "
                        + "not a cliffhanger (tension ≥ \(rules.cliffhangerTension) or flagged); "
                        + "no arc active in the "
                        + "episode had one to end on"))
            }
        }
        out += contracts(episodes: episodes, strands: strands, rules: rules)
        let all = episodes.flatMap(\.scenes)
        if let last = all.last {
            if !strands[last.strand].isFinale || last.scene.tag != HappyBeats.wedding {
                out.append(SeasonViolation(.finale, episode: episodes.count,
                    "the season ends on '\(last.scene.state)' (\(strands[last.strand].arcID), \(last.scene.tag)) "
                        + "instead of the finale arc's wedding"))
            }
        } else {
            out.append(SeasonViolation(.finale, "the season has no scenes"))
        }
        for (a, arc) in arcs.enumerated() {
            guard let end = all.last(where: { $0.strand == a }) else {
                out.append(SeasonViolation(.unresolved, "arc '\(arc.id)' has no scene in the season"))
                continue
            }
            if !arc.endings.contains(end.scene.state) {
                out.append(SeasonViolation(.unresolved,
                    "arc '\(arc.id)' stops on '\(end.scene.state)', which is not one of its endings"))
            }
        }
        return out
    }

    /// The secrets ledger over the whole season: every revelation comes after a scene (of any arc) that sets the
    /// secret up, and no arc sets up again a secret another arc has already revealed.
    public static func ledger(episodes: [Season.Episode], strands: [Season.Strand]) -> [SeasonViolation] {
        var hidden: Set<String> = []
        var revealedBy: [String: [Int]] = [:]
        var out: [SeasonViolation] = []
        for e in episodes {
            for s in e.scenes {
                let instance = strands[s.strand].label
                for secret in s.scene.hides.map({ StoryState.key($0, instance: instance) }) {
                    if let r = revealedBy[secret]?.first(where: { $0 != s.strand }) {
                        out.append(SeasonViolation(.ledger, episode: e.number,
                            "'\(s.scene.state)' (\(strands[s.strand].arcID)) sets up secret "
                                + "'\(StoryState.display(secret))' after arc "
                                + "'\(strands[r].arcID)' already revealed it"))
                    }
                    hidden.insert(secret)
                }
                let reveals = s.scene.reveals.map { StoryState.key($0, instance: instance) }
                for secret in reveals where !hidden.contains(secret) {
                    out.append(SeasonViolation(.ledger, episode: e.number, scene: s.scene.number,
                        "'\(s.scene.state)' (\(strands[s.strand].arcID)) reveals secret "
                            + "'\(StoryState.display(secret))' before any scene sets it up"))
                }
                for secret in reveals where !(revealedBy[secret]?.contains(s.strand) ?? false) {
                    revealedBy[secret, default: []].append(s.strand)
                }
            }
        }
        return out
    }

    /// The role contracts: each lead in at least `rules.leadPresence` of the episodes; each antagonist's comeuppance
    /// (a `comeuppance` scene they appear in) before the season's last scene.
    public static func contracts(episodes: [Season.Episode], strands: [Season.Strand],
                                 rules: SeasonRules) -> [SeasonViolation] {
        var out: [SeasonViolation] = []
        guard !episodes.isEmpty else { return out }
        func appears(_ role: String, _ s: Season.Scene) -> Bool { s.scene.cast.contains { $0.role == role } }
        let main = strands.first { $0.kind == .main }
        for lead in rules.leads {
            // The A plot's couple carries the season (in its own story, the finale and wherever else they play); a
            // subplot's heroine is not the lead. Without an A plot, whoever holds the role counts.
            let name = main?.cast.first { $0.role == lead }?.name
            func present(_ s: Season.Scene) -> Bool {
                guard let name else { return appears(lead, s) }
                return s.scene.cast.contains { $0.name == name }
            }
            let count = episodes.filter { $0.scenes.contains(where: present) }.count
            guard count > 0 else { continue }
            let share = Double(count) / Double(episodes.count)
            if share + 1e-9 < rules.leadPresence {
                let who = name.map { " (\($0))" } ?? ""
                let percent = Int((share * 100).rounded()), needed = Int((rules.leadPresence * 100).rounded())
                out.append(SeasonViolation(.leadPresence, "'\(lead)'\(who) appears in \(count) of \(episodes.count) "
                    + "episodes (\(percent)%), under the \(needed)% a lead needs"))
            }
        }
        let all = episodes.flatMap(\.scenes)
        for villain in rules.antagonists where all.contains(where: { appears(villain, $0) }) {
            let punished = all.dropLast().contains { $0.scene.tag == "comeuppance" && appears(villain, $0) }
            if !punished {
                out.append(SeasonViolation(.comeuppance,
                    "'\(villain)' is never punished: no comeuppance scene with the \(villain) comes before the "
                        + "wedding; add an arc (or a finale) whose roads pass one"))
            }
        }
        return out
    }

    /// The story state replayed over the season, scene by scene: every scene it contradicts (named by episode and
    /// scene), and anyone who holds a central role (heroine, galán, villain, rival, lost relative) in two arc
    /// instances whose scenes overlap — one person in two places at once.
    /// - Parameter beats: per episode, each scene's beat, in the episode's order.
    /// - Returns: the state after the last scene, and the contradictions.
    public static func story(episodes: [Season.Episode], beats: [[StoryState.Beat]],
                             strands: [Season.Strand]) -> (StoryState, [SeasonViolation]) {
        var state = StoryState()
        var out: [SeasonViolation] = []
        for (e, episode) in episodes.enumerated() {
            for (k, sc) in episode.scenes.enumerated() {
                let beat = beats[e][k]
                if let why = state.contradiction(beat) {
                    let st = strands[sc.strand]
                    out.append(SeasonViolation(.story, episode: episode.number, scene: sc.scene.number,
                                               "'\(sc.scene.state)' (\(st.lane) \(st.label)): \(why)"))
                }
                state.apply(beat)
            }
        }
        // One place at a time: central roles whose instances overlap.
        var central: [String: [(strand: Int, role: String)]] = [:]
        for (a, st) in strands.enumerated() where st.firstEpisode > 0 {
            for m in st.cast where SeasonCasting.centralRoles.contains(m.role) {
                central[m.name, default: []].append((a, m.role))
            }
        }
        for name in central.keys.sorted() {
            let parts = central[name]!
            for i in parts.indices {
                for j in parts.indices where j > i {
                    let a = strands[parts[i].strand], b = strands[parts[j].strand]
                    let lo = max(a.firstEpisode, b.firstEpisode), hi = min(a.lastEpisode, b.lastEpisode)
                    guard lo < hi else { continue } // sharing one episode is a handover, not two places at once
                    let later = a.firstEpisode >= b.firstEpisode ? parts[i] : parts[j]
                    let scene = episodes[lo - 1].scenes.first { $0.strand == later.strand }?.scene.number
                    out.append(SeasonViolation(.story, episode: lo, scene: scene,
                        "\(name) is the \(parts[i].role) of \(a.lane) \(a.label) and the \(parts[j].role) of "
                            + "\(b.lane) \(b.label) at once (episodes \(lo)–\(hi))"))
                }
            }
        }
        return (state, out)
    }

    /// Each scene's story-state beat, rebuilt from the season and its arcs (for a replay outside the scheduler).
    /// - Parameter arcs: the arcs by id, as the season played them.
    public static func beats(_ season: Season, arcs: [String: Arc]) -> [[StoryState.Beat]] {
        season.episodes.map { e in
            e.scenes.map { sc in
                let st = season.strands[sc.strand]
                let names = Dictionary(st.cast.map { ($0.role, $0.name) }, uniquingKeysWith: { a, _ in a })
                let state = arcs[st.arcID]?.state(sc.scene.state)
                let effects = (state?.storyEffects ?? [:]).sorted { $0.key < $1.key }.compactMap { role, effect in
                    names[role].map { (name: $0, effect: effect) }
                }
                return StoryState.Beat(strand: sc.strand, present: sc.scene.cast.map(\.name), effects: effects,
                                       hides: sc.scene.hides.map { StoryState.key($0, instance: st.label) },
                                       reveals: sc.scene.reveals.map { StoryState.key($0, instance: st.label) })
            }
        }
    }
}
