/// Splits Cedar policy or schema text into tokens, skipping whitespace and `//` comments.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    private static let twoCharacterPunctuation: Set<String> = ["::", "==", "!=", "<=", ">=", "&&", "||"]
    private static let singleCharacterPunctuation: Set<Unicode.Scalar> = [
        "(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "@", "?", "<", ">", "!", "+", "-", "*", "=",
    ]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Reads every token, ending with `.end`.
    static func tokenize(_ text: String) throws(ParseError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private mutating func advance() {
        guard let scalar = current else { return }
        index += 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    private mutating func skipTrivia() {
        while let scalar = current {
            if scalar.properties.isWhitespace {
                advance()
            } else if scalar == "/" && peek(1) == "/" {
                while let next = current, next != "\n" { advance() }
            } else {
                return
            }
        }
    }

    mutating func next() throws(ParseError) -> Token {
        skipTrivia()
        let start = location
        guard let scalar = current else { return Token(kind: .end, location: start) }
        if scalar == "\"" { return try string(start: start) }
        if Self.isDigit(scalar) { return try integer(start: start) }
        if Self.isIdentifierStart(scalar) { return identifier(start: start) }
        if let second = peek(1) {
            let pair = String(scalar) + String(second)
            if Self.twoCharacterPunctuation.contains(pair) {
                advance()
                advance()
                return Token(kind: .punctuation(pair), location: start)
            }
        }
        if Self.singleCharacterPunctuation.contains(scalar) {
            advance()
            return Token(kind: .punctuation(String(scalar)), location: start)
        }
        throw ParseError("unexpected character `\(scalar)`", at: start)
    }

    private mutating func identifier(start: SourceLocation) -> Token {
        var text = ""
        while let scalar = current, Self.isIdentifierStart(scalar) || Self.isDigit(scalar) {
            text.unicodeScalars.append(scalar)
            advance()
        }
        return Token(kind: .identifier(text), location: start)
    }

    private mutating func integer(start: SourceLocation) throws(ParseError) -> Token {
        var value: UInt64 = 0
        while let scalar = current, Self.isDigit(scalar) {
            let digit = UInt64(scalar.value - 48)
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { throw ParseError("integer literal is out of range", at: start) }
            value = sum
            advance()
        }
        return Token(kind: .integer(value), location: start)
    }

    private mutating func string(start: SourceLocation) throws(ParseError) -> Token {
        advance()
        var raw = ""
        while true {
            guard let scalar = current else { throw ParseError("unterminated string literal", at: start) }
            advance()
            if scalar == "\"" { break }
            raw.unicodeScalars.append(scalar)
            if scalar == "\\", let escaped = current {
                raw.unicodeScalars.append(escaped)
                advance()
            }
        }
        do {
            let decoded = try StringEscapes.decode(raw, at: start)
            return Token(kind: .string(decoded), location: start, raw: raw)
        } catch {
            _ = try StringEscapes.decodePattern(raw, at: start)
            return Token(kind: .string(""), location: start, raw: raw, isPatternOnly: true)
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }
}
