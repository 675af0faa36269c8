import Foundation
import Testing

@testable import PHIGuardCore

@Suite("JSON")
struct JSONTests {
    static let objects: [[String: String]] = [
        [:],
        ["status": "ok", "version": "0.1.0"],
        ["b": "x\u{1}\u{8}\u{c}\u{7f}/é\u{2028}\"\\\t\n\r", "a_b": "1", "A": "2", "a10": "", "a9": "", "_z": ""],
        ["esc": "\u{1b}\u{1f}\u{0}", "Z": "emoji 🩺", "aB": "", "ab": "", "path": "/a/b"],
    ]

    @Test("a string object is written exactly as JSONEncoder writes it", arguments: objects)
    func stringObjectMatchesEncoder(object: [String: String]) throws {
        let expected = Array(try JSON.encoder().encode(object))
        #expect(JSON.compactObject(object) == expected)
        #expect(try JSON.encode(object) == expected)
    }

    @Test("non-ASCII keys fall back to JSONEncoder")
    func nonASCIIKeysFallBack() throws {
        let object = ["é": "1", "e": "2"]
        #expect(JSON.compactObject(object) == nil)
        #expect(try JSON.encode(object) == Array(try JSON.encoder().encode(object)))
    }
}
