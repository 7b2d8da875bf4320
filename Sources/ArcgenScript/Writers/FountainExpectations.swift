import ArcgenFountain

/// What any Fountain reader must find in the file our writer makes of an episode: the paragraphs by type, in order,
/// taken from the episode itself rather than from our writer's output. `scripts/check-fountain.sh` compares these
/// with what screenplain, a reader that is not ours, finds (as a `FILE.expected.json` sidecar).
public enum FountainExpectations {
    /// `headings`, `characters`, `dialogue`, `parentheticals`, `transitions`, `actions`, each in script order.
    public static func of(_ episode: Episode) -> [String: [String]] {
        var out: [String: [String]] = ["headings": [], "characters": [], "dialogue": [], "parentheticals": [],
                                       "transitions": [], "actions": []]
        for scene in episode.scenes {
            out["headings"]!.append(scene.heading.text)
            for element in scene.elements {
                switch element {
                case let .action(text):
                    out["actions"]!.append(text.replacingOccurrences(of: "\n", with: " "))
                case let .dialogue(speech):
                    let cue = [speech.speaker] + speech.extensions.map { "(\($0))" }
                    out["characters"]!.append(cue.joined(separator: " "))
                    for segment in speech.segments {
                        if let p = segment.parenthetical { out["parentheticals"]!.append("(\(p))") }
                        for line in segment.text.split(separator: "\n") {
                            if line.hasPrefix("("), let close = line.firstIndex(of: ")") {
                                out["parentheticals"]!.append(String(line[...close]))
                                let rest = line[line.index(after: close)...].trimmingCharacters(in: [" ", "\t"])
                                if !rest.isEmpty { out["dialogue"]!.append(String(rest)) }
                            } else {
                                out["dialogue"]!.append(String(line))
                            }
                        }
                    }
                case let .transition(text):
                    out["transitions"]!.append(text)
                }
            }
        }
        return out
    }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}
