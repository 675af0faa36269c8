import Foundation
import Testing

@testable import PHIGuardCore

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test("documents parse to the values they spell, integers exactly")
    func accepts() throws {
        #expect(
            try parse(#" {"a": [1, -2, 3.5, true, false, null], "b": {}} "#)
                == .object([
                    "a": .array([.integer(1), .integer(-2), .number(3.5), .bool(true), .bool(false), .null]),
                    "b": .object([:]),
                ]))
        #expect(try parse("9223372036854775807") == .integer(.max))
        #expect(try parse("-9223372036854775808") == .integer(.min))
        #expect(try parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try parse("1e2") == .number(100))
        #expect(try parse("0") == .integer(0))
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(try parse(#""é""#) == .string("é"))
    }

    @Test(
        "malformed documents are refused",
        arguments: [
            "", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul", "\"abc", "{\"a\" 1}",
            "{1: 2}", "[1 2]", "1 2", "\"\\x\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\u12\"", "\"a\u{01}b\"", "NaN",
        ])
    func refuses(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(text) }
    }

    @Test("invalid UTF-8 and excessive nesting are refused")
    func refusesBytes() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONSyntaxError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? parse(fine)) != nil)
    }

    @Test("encoding then parsing gives the value back")
    func roundTrip() throws {
        let value = JSONValue.object([
            "text": .string("line\nbreak \"quoted\" \u{01} é"), "n": .integer(-7),
            "list": .array([.null, .bool(true)]),
        ])
        #expect(try JSONValue.parse(value.encoded()) == value)
        let foundation = try JSONSerialization.jsonObject(with: Data(value.encoded())) as? [String: Any]
        #expect(foundation?["text"] as? String == "line\nbreak \"quoted\" \u{01} é")
    }

    @Test("a member named twice is refused on request, with its pointer, line and column")
    func duplicates() throws {
        let text = "{\"a\": [{\"x/y\": 1}, {\"b\": 1,\n \"b\": 2}]}"
        #expect(
            try parse(text) == .object(["a": .array([.object(["x/y": .integer(1)]), .object(["b": .integer(2)])])]))
        do {
            _ = try JSONValue.parse(Array(text.utf8), rejectingDuplicateMembers: true)
            Issue.record("a duplicate member was accepted")
        } catch {
            #expect(error.duplicatePointer == "/a/1/b")
            #expect(error.line == 2)
        }
        #expect(JSONSyntaxError.pointer(["x/y", "m~n"]) == "/x~1y/m~0n")
    }
}
