import Testing

@testable import PHIGuardPolicy

@Suite("Like patterns")
struct PatternTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        try StringEscapes.decodePattern(pattern, at: SourceLocation(line: 1, column: 1)).matches(text)
    }

    @Test(
        "Wildcards match any run of characters",
        arguments: [
            ("*", "", true), ("a*c", "abbbc", true), ("a*c", "abbb", false), ("*b*", "abc", true),
            ("a**", "a", true), ("*.pdf", "scan.pdf", true), ("*.pdf", "scan.pdf.exe", false),
        ])
    func wildcards(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test("An escaped star matches only a literal star")
    func escapedStar() throws {
        #expect(try matches(#"a\*"#, "a*"))
        #expect(!(try matches(#"a\*"#, "ab")))
    }

    @Test("Matching compares Unicode scalars")
    func unicode() throws {
        #expect(try matches("caf*", "café"))
        #expect(!(try matches("cafe", "café")))
    }
}
