/// One role and the name that plays it: `{"role": "heroine", "name": "María Fernanda"}`. The planner's outline,
/// the season and the episode's script all list their cast with this one type.
public struct CastMember: Sendable, Equatable, Hashable, Codable {
    /// A role id from the vocabulary or the arc (`heroine`, `galan`, …).
    public var role: String
    /// The character's name as it reads in prose (`doña Consuelo`); cues upper-case it.
    public var name: String

    public init(role: String, name: String) {
        self.role = role
        self.name = name
    }
}
