import PHIGuardPolicy

/// Reads an entity identifier written as in Cedar policies, `Type::"id"` or `Name::Space::Type::"id"`, with the
/// string escapes Cedar allows; PHIGuardPolicy keeps its own parser internal, so the command carries this small one.
struct PolicyEntityUIDParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    /// Parses the whole text as one entity identifier.
    /// - Throws: `PolicyJSONSyntaxError` with the column (on line 1) where the text stops making sense.
    static func parse(_ text: String) throws(PolicyJSONSyntaxError) -> EntityUID {
        var parser = PolicyEntityUIDParser(scalars: Array(text.unicodeScalars))
        var path = [try parser.identifier()]
        parser.skipWhitespace()
        while try parser.separator() {
            guard parser.current != "\"" else {
                let id = try parser.string()
                parser.skipWhitespace()
                guard parser.current == nil else { throw parser.error("unexpected text after the entity id") }
                return EntityUID(type: EntityType(path.joined(separator: "::")), id: id)
            }
            path.append(try parser.identifier())
            parser.skipWhitespace()
        }
        throw parser.error("expected `::\"id\"`")
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func error(_ message: String) -> PolicyJSONSyntaxError {
        PolicyJSONSyntaxError(message: message, location: SourceLocation(line: 1, column: index + 1))
    }

    private mutating func skipWhitespace() {
        while let scalar = current, scalar.properties.isWhitespace { index += 1 }
    }

    /// Consumes `::` and the whitespace after it; false at the end of the text.
    private mutating func separator() throws(PolicyJSONSyntaxError) -> Bool {
        guard current != nil else { return false }
        guard current == ":", index + 1 < scalars.count, scalars[index + 1] == ":" else { throw error("expected `::`") }
        index += 2
        skipWhitespace()
        return true
    }

    private mutating func identifier() throws(PolicyJSONSyntaxError) -> String {
        skipWhitespace()
        var name = String.UnicodeScalarView()
        while let scalar = current, Self.isIdentifier(scalar, first: name.isEmpty) {
            name.append(scalar)
            index += 1
        }
        guard !name.isEmpty else { throw error("expected a type name") }
        return String(name)
    }

    private static func isIdentifier(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
        let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
        return isLetter || (!first && scalar >= "0" && scalar <= "9")
    }

    private mutating func string() throws(PolicyJSONSyntaxError) -> String {
        index += 1
        var output = String.UnicodeScalarView()
        while let scalar = current {
            index += 1
            if scalar == "\"" { return String(output) }
            output.append(scalar == "\\" ? try escape() : scalar)
        }
        throw error("unterminated entity id string")
    }

    private mutating func escape() throws(PolicyJSONSyntaxError) -> Unicode.Scalar {
        guard let scalar = current else { throw error("unterminated entity id string") }
        index += 1
        switch scalar {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "0": return "\0"
        case "\\", "'", "\"": return scalar
        case "u": return try unicodeEscape()
        default: throw error("invalid escape `\\\(scalar)`")
        }
    }

    private mutating func unicodeEscape() throws(PolicyJSONSyntaxError) -> Unicode.Scalar {
        guard current == "{" else { throw error("expected `{` after `\\u`") }
        index += 1
        var hex = ""
        while let scalar = current, scalar != "}" {
            hex.unicodeScalars.append(scalar)
            index += 1
        }
        guard current == "}", (1...6).contains(hex.count), let value = UInt32(hex, radix: 16),
            let scalar = Unicode.Scalar(value)
        else { throw error("invalid `\\u{...}` escape") }
        index += 1
        return scalar
    }
}
