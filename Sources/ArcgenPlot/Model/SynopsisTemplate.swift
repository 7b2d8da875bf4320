import ArcgenVocabulary

/// A synopsis split into literal text and role slots (`{heroine} descubre la carta de {villain}`), so the lint can
/// check every slot names a role and the outline can fill the slots from a cast.
public struct SynopsisTemplate: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case slot(String)
    }

    /// A slot syntax problem: an unclosed `{`, a stray `}`, or an empty slot; `index` counts characters.
    public struct SyntaxError: Error, Sendable, Equatable {
        public let message: String
    }

    public let pieces: [Piece]

    /// - Throws: `SyntaxError` for unbalanced or empty braces.
    public init(parsing text: String) throws(SyntaxError) {
        var pieces: [Piece] = []
        var buffer = ""
        var slot: String?
        for ch in text {
            if var s = slot {
                if ch == "}" {
                    guard !s.isEmpty else {
                        throw SyntaxError(message: "empty role slot '{}'; write a role, e.g. {heroine}")
                    }
                    pieces.append(.slot(s))
                    slot = nil
                } else if ch == "{" {
                    throw SyntaxError(message: "'{' inside a role slot; close the slot with '}' first")
                } else {
                    s.append(ch)
                    slot = s
                }
            } else if ch == "{" {
                if !buffer.isEmpty { pieces.append(.text(buffer)); buffer = "" }
                slot = ""
            } else if ch == "}" {
                throw SyntaxError(message: "a '}' with no '{' before it; role slots look like {heroine}")
            } else {
                buffer.append(ch)
            }
        }
        if let s = slot { throw SyntaxError(message: "unclosed role slot '{\(s.prefix(30))'; add the closing '}'") }
        if !buffer.isEmpty { pieces.append(.text(buffer)) }
        self.pieces = pieces
    }

    /// The roles named in slots, in order of first appearance.
    public var slots: [String] {
        var seen: Set<String> = []
        return pieces.compactMap { if case let .slot(s) = $0, seen.insert(s).inserted { return s } else { return nil } }
    }

    /// The text with every slot replaced by `name(role)`, joined to the words before it as `NameJoining` says ("a
    /// {police}" is written "al comandante Ibarra"; a name that opens a sentence gets a capital).
    public func filled(_ name: (String) -> String) -> String {
        var out = ""
        for p in pieces {
            switch p {
            case let .text(t):
                out += t
            case let .slot(s):
                out = NameJoining.appending(name(s), to: out)
            }
        }
        guard let first = out.first else { return out }
        return first.uppercased() + out.dropFirst()
    }
}
