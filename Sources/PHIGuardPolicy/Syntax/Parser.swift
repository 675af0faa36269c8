/// A recursive-descent parser over Cedar tokens, shared by the policy and schema grammars.
struct Parser {
    var tokens: [Token]
    var position = 0

    init(text: String) throws(ParseError) {
        tokens = try Lexer.tokenize(text)
    }

    var current: Token { tokens[position] }

    var isAtEnd: Bool { current.kind == .end }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    /// Consumes the punctuation if it is next.
    mutating func accept(_ punctuation: String) -> Bool {
        guard current.isPunctuation(punctuation) else { return false }
        advance()
        return true
    }

    /// Consumes the keyword if it is next.
    mutating func acceptKeyword(_ keyword: String) -> Bool {
        guard current.isIdentifier(keyword) else { return false }
        advance()
        return true
    }

    mutating func expect(_ punctuation: String) throws(ParseError) {
        guard accept(punctuation) else { throw unexpected(expecting: "`\(punctuation)`") }
    }

    mutating func expectKeyword(_ keyword: String) throws(ParseError) {
        guard acceptKeyword(keyword) else { throw unexpected(expecting: "`\(keyword)`") }
    }

    mutating func expectIdentifier() throws(ParseError) -> String {
        guard let name = current.identifier else { throw unexpected(expecting: "an identifier") }
        advance()
        return name
    }

    mutating func expectString() throws(ParseError) -> String {
        guard case .string(let value) = current.kind else { throw unexpected(expecting: "a string literal") }
        guard !current.isPatternOnly else { throw ParseError("invalid escape `\\*` in string", at: current.location) }
        advance()
        return value
    }

    func unexpected(expecting expected: String) -> ParseError {
        ParseError("unexpected \(current.display), expected \(expected)", at: current.location)
    }

    /// Reads `Ident {:: Ident}` and stops before a `::` that is followed by a string.
    mutating func path() throws(ParseError) -> [String] {
        var parts = [try expectIdentifier()]
        while current.isPunctuation("::"), peek().identifier != nil {
            advance()
            parts.append(try expectIdentifier())
        }
        return parts
    }

    /// Reads `Path::"id"`.
    mutating func entityUID() throws(ParseError) -> EntityUID {
        let type = try path()
        try expect("::")
        let id = try expectString()
        return EntityUID(type: EntityType(type.joined(separator: "::")), id: id)
    }

    /// Reads annotations `@name("value")` or `@name`, rejecting duplicates.
    mutating func annotations() throws(ParseError) -> [String: String] {
        var result: [String: String] = [:]
        while current.isPunctuation("@") {
            let location = current.location
            advance()
            let name = try expectIdentifier()
            var value = ""
            if accept("(") {
                value = try expectString()
                try expect(")")
            }
            guard result.updateValue(value, forKey: name) == nil else {
                throw ParseError("duplicate annotation `@\(name)`", at: location)
            }
        }
        return result
    }
}
