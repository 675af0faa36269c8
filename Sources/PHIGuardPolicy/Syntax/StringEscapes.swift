/// Decodes the escape sequences Cedar allows in string literals and `like` patterns.
enum StringEscapes {
    /// Decodes `raw`, the text between the quotes of a string literal.
    static func decode(_ raw: String, at location: SourceLocation) throws(ParseError) -> String {
        var output = String.UnicodeScalarView()
        for element in try decodeElements(raw, isPattern: false, at: location) {
            if case .literal(let scalar) = element { output.append(scalar) }
        }
        return String(output)
    }

    /// Decodes `raw` as a `like` pattern: `*` is a wildcard and `\*` a literal star.
    static func decodePattern(_ raw: String, at location: SourceLocation) throws(ParseError) -> Pattern {
        Pattern(elements: try decodeElements(raw, isPattern: true, at: location))
    }

    private static func decodeElements(
        _ raw: String,
        isPattern: Bool,
        at location: SourceLocation
    ) throws(ParseError) -> [Pattern.Element] {
        var output: [Pattern.Element] = []
        var iterator = Array(raw.unicodeScalars)[...]
        while let scalar = iterator.popFirst() {
            if isPattern && scalar == "*" {
                output.append(.wildcard)
                continue
            }
            guard scalar == "\\" else {
                output.append(.literal(scalar))
                continue
            }
            guard let escape = iterator.popFirst() else { throw ParseError("invalid escape in string", at: location) }
            switch escape {
            case "n": output.append(.literal("\n"))
            case "r": output.append(.literal("\r"))
            case "t": output.append(.literal("\t"))
            case "0": output.append(.literal("\0"))
            case "\\", "'", "\"": output.append(.literal(escape))
            case "*" where isPattern: output.append(.literal("*"))
            case "u": output.append(.literal(try unicode(&iterator, at: location)))
            default: throw ParseError("invalid escape `\\\(escape)` in string", at: location)
            }
        }
        return output
    }

    private static func unicode(
        _ iterator: inout ArraySlice<Unicode.Scalar>,
        at location: SourceLocation
    ) throws(ParseError) -> Unicode.Scalar {
        guard iterator.popFirst() == "{" else { throw ParseError("invalid unicode escape", at: location) }
        var hex = ""
        while let scalar = iterator.popFirst() {
            if scalar == "}" { break }
            hex.unicodeScalars.append(scalar)
        }
        guard (1...6).contains(hex.count), let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value)
        else { throw ParseError("invalid unicode escape", at: location) }
        return scalar
    }
}
