/// A location inside a JSON document written the way JSONPath writes it (`$.states[3].transitions[1].to`), so a
/// writer can find the spot in any editor even without line numbers.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The path as a linked list from its last step back to the root, so that extending a path (done for every
    /// value the decoder reads, error or not) costs one small allocation instead of copying an array.
    private indirect enum Link: Sendable {
        case root
        case step(Link, Component)
    }

    private let link: Link

    private init(link: Link) { self.link = link }

    public init(_ components: [Component] = []) {
        var l = Link.root
        for c in components { l = .step(l, c) }
        link = l
    }

    /// The steps from the root.
    public var components: [Component] {
        var out: [Component] = []
        var l = link
        while case let .step(parent, c) = l {
            out.append(c)
            l = parent
        }
        return out.reversed()
    }

    public static func == (a: JSONPath, b: JSONPath) -> Bool { a.components == b.components }
    public func hash(into hasher: inout Hasher) { hasher.combine(components) }

    /// The document itself: `$`.
    public static let root = JSONPath()

    public func key(_ k: String) -> JSONPath { JSONPath(link: .step(link, .key(k))) }
    public func index(_ i: Int) -> JSONPath { JSONPath(link: .step(link, .index(i))) }

    public static func / (path: JSONPath, key: String) -> JSONPath { path.key(key) }
    public static func / (path: JSONPath, index: Int) -> JSONPath { path.index(index) }

    public var description: String {
        var s = "$"
        for c in components {
            switch c {
            case let .index(i): s += "[\(i)]"
            case let .key(k):
                if Self.isPlainName(k) { s += "." + k } else { s += "[\"" + escaped(k) + "\"]" }
            }
        }
        return s
    }

    /// Keys such as `to` or `true-parentage` print after a dot; anything else (`$schema`, spaces) in brackets.
    private static func isPlainName(_ k: String) -> Bool {
        guard let first = k.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return k.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0" ... "9").contains($0) || $0 == "_" || $0 == "-"
        } && k.unicodeScalars.count <= 64
    }

    private func escaped(_ k: String) -> String {
        var out = ""
        for ch in k.prefix(64) {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return k.count > 64 ? out + "…" : out
    }
}
