/// A parsed JSON value that remembers where it came from, so that every lint message can name a line and column and
/// so that an object keeps its keys in file order, duplicates included (Foundation's parser drops both).
public struct JSONNode: Sendable {
    public var value: JSONValue
    /// Byte offset of the value's first character.
    public var offset: Int

    public init(_ value: JSONValue, offset: Int = 0) {
        self.value = value
        self.offset = offset
    }

    /// The value at `path`, or nil when some step is missing or of the wrong kind. For an object key that occurs
    /// more than once, the first occurrence.
    public func node(at path: JSONPath) -> JSONNode? {
        var node = self
        for component in path.components {
            switch (component, node.value) {
            case let (.key(k), .object(members)):
                guard let m = members.first(where: { $0.key == k }) else { return nil }
                node = m.value
            case let (.index(i), .array(items)):
                guard items.indices.contains(i) else { return nil }
                node = items[i]
            default:
                return nil
            }
        }
        return node
    }

    /// Where a message about `path` should point: at the key of the last object member when the path ends in a key
    /// (`"to": "x"` is pointed at `"to"`), at the element for an index, and at the deepest existing ancestor when
    /// part of the path is missing (a missing required key points at its object).
    public func offset(for path: JSONPath) -> Int {
        var node = self
        var best = offset
        for component in path.components {
            switch (component, node.value) {
            case let (.key(k), .object(members)):
                guard let m = members.first(where: { $0.key == k }) else { return best }
                node = m.value
                best = m.keyOffset
            case let (.index(i), .array(items)):
                guard items.indices.contains(i) else { return best }
                node = items[i]
                best = node.offset
            default:
                return best
            }
        }
        return best
    }
}

/// One JSON value; containers hold positioned children.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The number as a Double (±infinity when the literal is too large; the checks above decide what that means)
    /// and as written, for messages.
    case number(Double, literal: String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The kind's name as a message says it: "a string", "an array".
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    public var arrayValue: [JSONNode]? { if case let .array(a) = self { return a } else { return nil } }
    public var objectValue: [JSONMember]? { if case let .object(o) = self { return o } else { return nil } }
}

/// A key and its value inside an object, with the key's own position (messages about a key point at it).
public struct JSONMember: Sendable {
    public var key: String
    public var keyOffset: Int
    public var value: JSONNode

    public init(key: String, keyOffset: Int = 0, value: JSONNode) {
        self.key = key
        self.keyOffset = keyOffset
        self.value = value
    }
}
