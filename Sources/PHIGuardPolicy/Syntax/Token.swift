/// One lexical token of Cedar text.
struct Token: Hashable, Sendable {
    /// The kinds of token Cedar text is made of.
    enum Kind: Hashable, Sendable {
        case identifier(String)
        case string(String)
        case integer(UInt64)
        case punctuation(String)
        case end
    }

    var kind: Kind
    var location: SourceLocation
    /// The raw string body between the quotes, kept so `like` patterns can see `\*`.
    var raw: String = ""
    /// Set for a string that is valid only as a `like` pattern because it contains `\*`.
    var isPatternOnly = false

    /// The text of an identifier token, or nil.
    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    /// True when this is the given punctuation.
    func isPunctuation(_ text: String) -> Bool {
        if case .punctuation(let value) = kind { return value == text }
        return false
    }

    /// True when this is the given identifier or keyword.
    func isIdentifier(_ text: String) -> Bool { identifier == text }

    /// A short rendering for error messages.
    var display: String {
        switch kind {
        case .identifier(let name): return "`\(name)`"
        case .string: return "string literal"
        case .integer(let value): return "`\(value)`"
        case .punctuation(let text): return "`\(text)`"
        case .end: return "end of input"
        }
    }
}
