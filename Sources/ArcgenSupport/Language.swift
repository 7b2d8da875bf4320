/// The two languages arcgen writes in: the plan, the corpus and the script share this one type. Every text an arc
/// shows a reader exists in both, so a plan can be printed in either without a translation step. JSON and file
/// names spell it by its raw value, `es` or `en`.
public enum Language: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case es, en
}
