import Testing
@testable import ArcgenPlot

@Suite("JSON parser with positions")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONNode { try JSONParser().parse(text) }

    func syntaxError(_ text: String) -> (SourcePosition, String)? {
        do {
            _ = try JSONParser().parse(text)
            return nil
        } catch {
            return (SourceText(bytes: Array(text.utf8)).position(ofOffset: error.offset), error.message)
        }
    }

    @Test("values, key order, duplicates and positions")
    func values() throws {
        let text = "{\n  \"b\": [1, -2.5e3, true, null],\n  \"a\": \"x\\u00e9\\n\\ud83d\\ude00\",\n  \"a\": {}\n}"
        let root = try parse(text)
        let members = try #require(root.value.objectValue)
        #expect(members.map(\.key) == ["b", "a", "a"])
        let source = SourceText(bytes: Array(text.utf8))
        #expect(source.position(ofOffset: members[1].keyOffset)
            == SourcePosition(line: 3, column: 3, offset: members[1].keyOffset))
        #expect(root.node(at: JSONPath.root / "a")?.value.stringValue == "xé\n😀")
        guard case let .number(v, literal)? = root.node(at: JSONPath.root / "b" / 1)?.value else {
            Issue.record("not a number")
            return
        }
        #expect(v == -2500 && literal == "-2.5e3")
        let firstT = text.utf8.firstIndex(of: UInt8(ascii: "t"))!
        #expect(root.offset(for: JSONPath.root / "b" / 2) == text.utf8.distance(from: text.utf8.startIndex, to: firstT))
    }

    @Test("columns count characters, not bytes")
    func columns() {
        let text = "{\"título\": 1, ñ}"
        let (p, _) = syntaxError(text)!
        #expect(p.line == 1 && p.column == 15)
    }

    @Test("malformed documents fail with a position and advice", arguments: [
        ("{\"a\": 1,}", 1, 9, "trailing comma"),
        ("[1, 2,]", 1, 7, "trailing comma"),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "missing ','"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ("{\"a\": tru}", 1, 7, "true, false and null"),
        ("{\"a\": 01}", 1, 7, "leading zeros"),
        ("{\"a\": NaN}", 1, 7, "unexpected word"),
        ("// hi\n{}", 1, 1, "no comments"),
        ("{\"a\": \"x\ny\"}", 1, 9, "line break inside a string"),
        ("{\"a\": \"\\ud800\"}", 1, 8, "lone high surrogate"),
        ("{\"a\": \"\\q\"}", 1, 8, "unknown escape"),
        ("{\"a\": 1}}", 1, 9, "end of the file"),
        ("{\"a\": [1, 2}", 1, 12, "',' or ']'"),
        ("{\"a\": \"open", 1, 7, "never ends"),
        ("", 1, 1, "empty"),
        ("   \n  ", 2, 3, "empty"),
        ("{\"a\":", 1, 6, "ends"),
    ])
    func malformed(text: String, line: Int, column: Int, advice: String) {
        guard let (p, message) = syntaxError(text) else { Issue.record("accepted \(text)"); return }
        #expect(p.line == line && p.column == column, "\(text): at \(p), \(message)")
        #expect(message.contains(advice), "\(text): \(message)")
    }

    @Test("a UTF-8 byte order mark is skipped")
    func bom() throws {
        let root = try JSONParser().parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8))
        #expect(root.value.objectValue?.count == 1)
    }

    @Test("nesting is limited, without recursion")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (_, message) = syntaxError(deep)!
        #expect(message.contains("nesting deeper than 512"))
        let ok = String(repeating: "{\"a\":", count: 512) + "1" + String(repeating: "}", count: 512)
        #expect((try? parse(ok)) != nil)
        let tooDeep = String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(syntaxError(tooDeep) != nil)
    }

    @Test("paths print as JSONPath")
    func paths() {
        #expect((JSONPath.root / "states" / 3 / "transitions" / 1 / "to").description
            == "$.states[3].transitions[1].to")
        #expect((JSONPath.root / "$schema").description == "$[\"$schema\"]")
        #expect((JSONPath.root / "a b").description == "$[\"a b\"]")
    }

    @Test("the writer's output parses back to the same values")
    func roundTrip() throws {
        let value = JSONValue.record([("s", .string("«¡Hola!»\n\"x\"\u{01}")), ("n", .int(-3)), ("d", .double(0.25)),
                                      ("l", .list([.bool(true), .null])), ("e", .list([]))])
        let back = try parse(JSONWriter.write(value))
        #expect(back.node(at: JSONPath.root / "s")?.value.stringValue == "«¡Hola!»\n\"x\"\u{01}")
        guard case let .number(d, _)? = back.node(at: JSONPath.root / "d")?.value else { Issue.record("d"); return }
        #expect(d == 0.25)
        #expect(back.node(at: JSONPath.root / "l")?.value.arrayValue?.count == 2)
    }
}
