/// Writes a `JSONValue` as pretty-printed JSON with keys in the order given, so `plan --format json` output is
/// stable byte for byte for a seed (Foundation's writer reorders keys and escapes slashes).
public enum JSONWriter {
    /// - Returns: the text, ending in a newline.
    public static func write(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out + "\n"
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch value {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(d, literal):
            if !literal.isEmpty { out += literal }
            else if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) }
            else if d.isFinite { out += "\(d)" }
            else { out += "null" }
        case let .string(s): out += quoted(s)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            let scalarsOnly = items.allSatisfy {
                if case .string = $0.value { return true }
                if case .number = $0.value { return true }
                return false
            }
            if scalarsOnly {
                let written = items.map { item in
                    var s = ""
                    write(item.value, indent: 0, into: &s)
                    return s
                }
                out += "[" + written.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += pad
                write(item.value, indent: indent + 1, into: &out)
                out += k == items.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (k, m) in members.enumerated() {
                out += pad + quoted(m.key) + ": "
                write(m.value.value, indent: indent + 1, into: &out)
                out += k == members.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "}"
        }
    }

    /// A JSON string literal; non-ASCII characters are written as themselves (UTF-8).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += "\\u00" + hexByte(UInt8(u.value))
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// Shorthands for building output documents.
extension JSONValue {
    public static func record(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, value: JSONNode($0.1)) })
    }

    public static func list(_ values: [JSONValue]) -> JSONValue { .array(values.map { JSONNode($0) }) }

    public static func int(_ v: Int) -> JSONValue { .number(Double(v), literal: String(v)) }

    public static func double(_ v: Double) -> JSONValue { .number(v, literal: "") }
}
