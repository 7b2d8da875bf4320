import ArcgenSupport

/// The one language type (`ArcgenSupport.Language`), named here too so that the planner's files and its clients
/// reach it through `import ArcgenPlot` alone.
public typealias Language = ArcgenSupport.Language

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
