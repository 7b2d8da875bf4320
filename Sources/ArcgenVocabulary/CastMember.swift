/// One role and the name that plays it: `{"role": "heroine", "name": "María Fernanda"}`, and the age the arc's cast
/// gives them, when it gives one. The planner's outline, the season and the episode's script all list their cast with
/// this one type.
public struct CastMember: Sendable, Equatable, Hashable, Codable {
    /// A role id from the vocabulary or the arc (`heroine`, `galan`, …).
    public var role: String
    /// The character's name as it reads in prose (`doña Consuelo`); cues upper-case it.
    public var name: String
    /// The age a scene introducing them prints; nil: the vocabulary's range for the role picks one
    /// (`VocabularyFile.age(of:role:)`).
    public var age: Int?

    /// The ages a cast or the vocabulary may give, in whole years.
    public static let possibleAges = 0 ... 120

    public init(role: String, name: String, age: Int? = nil) {
        self.role = role
        self.name = name
        self.age = age
    }
}
