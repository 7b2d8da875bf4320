/// A malformed JSON document: where (byte offset; `SourceText` turns it into line and column) and what to do.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public var description: String { "byte \(offset): \(message)" }
}

/// A strict RFC 8259 JSON parser that records the source position of every value. We write our own because
/// Foundation's `JSONSerialization` reports poor positions and forgets key order and duplicates, and because a
/// hostile file must give an error, never a crash: nesting is limited (the parser is iterative, not recursive, so
/// even a limit of thousands cannot overflow the stack) and every failure names the byte where it happened.
public struct JSONParser: Sendable {
    /// The deepest nesting accepted. Arc files need about 5 levels.
    public static let defaultMaxDepth = 512

    public let maxDepth: Int

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) { self.maxDepth = maxDepth }

    /// Parses one JSON value that fills the whole input (whitespace aside; a leading UTF-8 byte order mark is
    /// skipped). The input must already be valid UTF-8 (`UTF8Text.firstInvalidOffset`).
    /// - Throws: `JSONSyntaxError` at the first problem.
    /// - Complexity: O(n) in the input size.
    public func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        try bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONNode in
            var scanner = Scanner(b: buffer, maxDepth: maxDepth)
            return try scanner.document()
        }
    }

    /// Parses UTF-8 text.
    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode { try parse(Array(text.utf8)) }
}

/// An open array or object while the parser is inside it.
private struct Frame {
    var isObject: Bool
    var offset: Int
    var items: [JSONNode] = []
    var members: [JSONMember] = []
    /// For objects: the key whose value is being parsed.
    var key = ""
    var keyOffset = 0
}

private struct Scanner {
    let b: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0

    init(b: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.b = b
        self.maxDepth = maxDepth
    }

    var n: Int { b.count }
    var peek: UInt8? { i < n ? b[i] : nil }

    func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? i, message: message)
    }

    mutating func skipWhitespace() {
        while i < n {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    mutating func document() throws(JSONSyntaxError) -> JSONNode {
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        skipWhitespace()
        if i == n {
            throw fail("the file is empty; an arc file is one JSON object: { \"$schema\": \"./arc.schema.json\", … }")
        }
        var stack: [Frame] = []
        var current: JSONNode
        parsing: while true {
            skipWhitespace()
            guard let c = peek else {
                throw fail("the file ends in the middle of a value; "
                    + "something is missing at the end (a closing '}' or ']'?)")
            }
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < maxDepth else {
                    throw fail("nesting deeper than \(maxDepth) levels; "
                        + "an arc file needs only a few levels, so this file is not an arc")
                }
                let start = i
                let isObject = c == UInt8(ascii: "{")
                i += 1
                skipWhitespace()
                if peek == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    current = JSONNode(isObject ? .object([]) : .array([]), offset: start)
                } else {
                    var frame = Frame(isObject: isObject, offset: start)
                    if isObject { (frame.key, frame.keyOffset) = try key() }
                    stack.append(frame)
                    continue parsing
                }
            case UInt8(ascii: "\""):
                let start = i
                current = JSONNode(.string(try string()), offset: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
                current = try number()
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                current = try literal()
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if !stack.isEmpty {
                    throw fail("trailing comma before '\(Character(UnicodeScalar(c)))'; "
                        + "JSON allows none: remove the last ','")
                }
                throw fail("unexpected '\(Character(UnicodeScalar(c)))'; expected a value")
            default:
                throw unexpected(expecting: "a value (an object, array, string, number, true, false or null)")
            }
            // Attach the finished value to the open containers, closing every one that ends here.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if i < n {
                        throw unexpected(expecting: "the end of the file after the top-level value "
                            + "(is there an extra '}' or a second value?)")
                    }
                    return current
                }
                skipWhitespace()
                let top = stack.count - 1
                if stack[top].isObject {
                    let member = JSONMember(key: stack[top].key, keyOffset: stack[top].keyOffset, value: current)
                    stack[top].members.append(member)
                    if peek == UInt8(ascii: ",") {
                        i += 1
                        skipWhitespace()
                        (stack[top].key, stack[top].keyOffset) = try key()
                        continue parsing
                    }
                    if peek == UInt8(ascii: "}") {
                        i += 1
                        let frame = stack.removeLast()
                        current = JSONNode(.object(frame.members), offset: frame.offset)
                        continue
                    }
                    if peek == UInt8(ascii: "\"") { throw fail("missing ',' between object members") }
                    throw unexpected(expecting: "',' or '}' after the value of \"\(stack[top].key.prefix(40))\"")
                } else {
                    stack[top].items.append(current)
                    if peek == UInt8(ascii: ",") { i += 1; continue parsing }
                    if peek == UInt8(ascii: "]") {
                        i += 1
                        let frame = stack.removeLast()
                        current = JSONNode(.array(frame.items), offset: frame.offset)
                        continue
                    }
                    throw unexpected(expecting: "',' or ']' after an array element")
                }
            }
        }
    }

    /// An error for the byte at `i`, with advice for the usual slips (comments, single quotes, bare words).
    func unexpected(expecting: String) -> JSONSyntaxError {
        guard let c = peek else { return fail("the file ends early; expected \(expecting)") }
        switch c {
        case UInt8(ascii: "/"): return fail("JSON allows no comments; remove the comment")
        case UInt8(ascii: "'"): return fail("strings must use double quotes \"…\", not single quotes")
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"):
            return fail("unexpected word; expected \(expecting) (strings and keys need double quotes)")
        default:
            let shown = c < 0x20 || c >= 0x7F ? "byte 0x\(hexByte(c))" : "'\(Character(UnicodeScalar(c)))'"
            return fail("unexpected \(shown); expected \(expecting)")
        }
    }

    mutating func key() throws(JSONSyntaxError) -> (String, Int) {
        guard peek == UInt8(ascii: "\"") else {
            if peek == UInt8(ascii: "}") {
                throw fail("trailing comma before '}'; JSON allows none: remove the last ','")
            }
            throw unexpected(expecting: "a key in double quotes")
        }
        let start = i
        let k = try string()
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { throw unexpected(expecting: "':' after the key \"\(k.prefix(40))\"") }
        i += 1
        return (k, start)
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start ..< i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            i += 1
        }
        var out = Array(b[start ..< i])
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 {
                throw fail(c == 0x0A
                    ? "line break inside a string (is a closing '\"' missing?); write \\n for a line break"
                    : "control character 0x\(hexByte(c)) inside a string; escape it")
            }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard let e = peek else { break }
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800 ... 0xDBFF).contains(scalar) {
                    guard i + 1 < n, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw fail("a \\u escape for a lone high surrogate; "
                            + "write the character itself or a full surrogate pair", at: i - 6)
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00 ... 0xDFFF).contains(low) else {
                        throw fail("invalid surrogate pair in a \\u escape", at: i - 6)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00 ... 0xDFFF).contains(scalar) {
                    throw fail("a \\u escape for a lone low surrogate; write the character itself", at: i - 6)
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                throw fail("unknown escape '\\\(Character(UnicodeScalar(e)))'; "
                    + "JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: i - 2)
            }
        }
        throw fail("a string that never ends (a closing '\"' is missing)", at: open)
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= n else { throw fail("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0 ..< 4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func digits() -> Int {
        let s = i
        while i < n, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
        return i - s
    }

    mutating func number() throws(JSONSyntaxError) -> JSONNode {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw fail("a '-' must be followed by digits")
        }
        if first == UInt8(ascii: "0") {
            i += 1
            if let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                throw fail("numbers cannot have leading zeros", at: start)
            }
        } else {
            _ = digits()
        }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw fail("a '.' in a number must be followed by digits") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("an exponent in a number needs digits") }
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: b[start ..< i]), as: UTF8.self)
        // Double(_:) gives ±infinity for literals beyond its range; the arc checks reject those with a clear message.
        let value = Double(literal) ?? .nan
        return JSONNode(.number(value, literal: literal), offset: start)
    }

    mutating func literal() throws(JSONSyntaxError) -> JSONNode {
        let start = i
        for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
            let w = Array(word.utf8)
            if i + w.count <= n, Array(b[i ..< i + w.count]) == w {
                i += w.count
                if let c = peek,
                   (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                    || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) {
                    break
                }
                return JSONNode(value, offset: start)
            }
        }
        i = start
        throw unexpected(expecting: "a value; the JSON words are true, false and null")
    }
}

/// Two upper-case hex digits.
func hexByte(_ c: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(c >> 4)], digits[Int(c & 0xF)]])
}
