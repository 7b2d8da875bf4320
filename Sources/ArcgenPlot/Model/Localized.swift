/// The two languages arcgen writes in. Every text an arc shows a reader exists in both, so a plan can be printed in
/// either without a translation step.
public enum Language: String, Sendable, CaseIterable, Codable {
    case es, en
}

/// A text in Spanish and English (`{"es": "…", "en": "…"}` in an arc file).
public struct Localized: Sendable, Equatable, Hashable {
    public var es: String
    public var en: String

    public init(es: String, en: String) {
        self.es = es
        self.en = en
    }

    public subscript(language: Language) -> String {
        switch language {
        case .es: return es
        case .en: return en
        }
    }

    /// Both texts empty: how the decoder marks a value it has already reported as broken.
    static let missing = Localized(es: "", en: "")
}
