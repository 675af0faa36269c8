import PHIGuardPolicy

/// A JSON value as scanned: where it starts and ends in the input, and its members or elements, so the policy
/// command can point at the line and column of a bad value and hand exact slices of the input to the engine.
struct PolicyJSONNode {
    /// What the value is; strings keep their decoded text.
    enum Kind {
        case object([(key: String, value: PolicyJSONNode)])
        case array([PolicyJSONNode])
        case string(String)
        case other
    }

    var kind: Kind
    /// Byte offsets of the value in the scanned input.
    var range: Range<Int>
    /// Where the value starts.
    var location: SourceLocation

    /// The value of the first member named `key`, for objects.
    subscript(key: String) -> PolicyJSONNode? {
        guard case .object(let members) = kind else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The decoded text, for strings.
    var string: String? {
        guard case .string(let text) = kind else { return nil }
        return text
    }
}

/// A JSON syntax error and where it is.
struct PolicyJSONSyntaxError: Error {
    var message: String
    var location: SourceLocation
}

/// Checks JSON syntax (RFC 8259) while recording each value's position; the engine's own JSON reader reports
/// no positions, so the command scans first and lets the engine read only input that is known to be well formed.
struct PolicyJSONScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    /// Nesting deeper than this is refused rather than risking the stack.
    private static let maximumDepth = 256

    /// Scans one JSON document that must fill the whole input apart from surrounding whitespace.
    static func scan(_ bytes: [UInt8]) throws(PolicyJSONSyntaxError) -> PolicyJSONNode {
        var scanner = PolicyJSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        let root = try scanner.value()
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { throw scanner.error("unexpected text after the JSON value") }
        return root
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private func error(_ message: String) -> PolicyJSONSyntaxError {
        PolicyJSONSyntaxError(message: message, location: location)
    }

    /// Moves past one byte; columns count Unicode scalars, so UTF-8 continuation bytes do not advance them.
    private mutating func advance() {
        guard let byte = current else { return }
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { advance() }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(PolicyJSONSyntaxError) {
        guard current == byte else { throw error(current == nil ? "unexpected end of JSON" : "expected \(what)") }
        advance()
    }

    private mutating func value() throws(PolicyJSONSyntaxError) -> PolicyJSONNode {
        let start = index
        let startLocation = location
        let kind: PolicyJSONNode.Kind
        guard let byte = current else { throw error("unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"): kind = try nested { (scanner) throws(PolicyJSONSyntaxError) in try scanner.object() }
        case UInt8(ascii: "["): kind = try nested { (scanner) throws(PolicyJSONSyntaxError) in try scanner.array() }
        case UInt8(ascii: "\""): kind = .string(try string())
        case UInt8(ascii: "t"): kind = try literal("true")
        case UInt8(ascii: "f"): kind = try literal("false")
        case UInt8(ascii: "n"): kind = try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): kind = try number()
        default: throw error("expected a JSON value")
        }
        return PolicyJSONNode(kind: kind, range: start..<index, location: startLocation)
    }

    private mutating func nested(
        _ body: (inout PolicyJSONScanner) throws(PolicyJSONSyntaxError) -> PolicyJSONNode.Kind
    ) throws(PolicyJSONSyntaxError) -> PolicyJSONNode.Kind {
        guard depth < Self.maximumDepth else { throw error("JSON nested too deeply") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(PolicyJSONSyntaxError) -> PolicyJSONNode.Kind {
        advance()
        skipWhitespace()
        var members: [(key: String, value: PolicyJSONNode)] = []
        if current == UInt8(ascii: "}") {
            advance()
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "`:`")
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                advance()
                return .object(members)
            }
            try expect(UInt8(ascii: ","), "`,` or `}`")
            skipWhitespace()
        }
    }

    private mutating func array() throws(PolicyJSONSyntaxError) -> PolicyJSONNode.Kind {
        advance()
        skipWhitespace()
        var elements: [PolicyJSONNode] = []
        if current == UInt8(ascii: "]") {
            advance()
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                advance()
                return .array(elements)
            }
            try expect(UInt8(ascii: ","), "`,` or `]`")
            skipWhitespace()
        }
    }

    private mutating func literal(_ word: String) throws(PolicyJSONSyntaxError) -> PolicyJSONNode.Kind {
        for byte in word.utf8 {
            guard current == byte else { throw error("expected `\(word)`") }
            advance()
        }
        return .other
    }

    private mutating func number() throws(PolicyJSONSyntaxError) -> PolicyJSONNode.Kind {
        if current == UInt8(ascii: "-") { advance() }
        if current == UInt8(ascii: "0") {
            advance()
        } else {
            try digits()
        }
        if current == UInt8(ascii: ".") {
            advance()
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            try digits()
        }
        return .other
    }

    private mutating func digits() throws(PolicyJSONSyntaxError) {
        guard let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
            throw error("expected a digit")
        }
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { advance() }
    }

    private mutating func string() throws(PolicyJSONSyntaxError) -> String {
        advance()
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                advance()
                break
            }
            guard byte >= 0x20 else { throw error("control character in string") }
            guard byte == UInt8(ascii: "\\") else {
                raw.append(byte)
                advance()
                continue
            }
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
            advance()
            scalars.append(try escape())
        }
        scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
        return String(scalars)
    }

    private mutating func escape() throws(PolicyJSONSyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated string") }
        advance()
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try unicodeEscape()
        default: throw error("invalid escape in string")
        }
    }

    /// Reads the hex digits after `\u`, joining a surrogate pair; a lone surrogate is an error, as in Cedar.
    private mutating func unicodeEscape() throws(PolicyJSONSyntaxError) -> Unicode.Scalar {
        let first = try hexQuad()
        if let scalar = Unicode.Scalar(first) { return scalar }
        guard (0xD800..<0xDC00).contains(first), current == UInt8(ascii: "\\") else { throw error("lone surrogate") }
        advance()
        guard current == UInt8(ascii: "u") else { throw error("lone surrogate") }
        advance()
        let second = try hexQuad()
        guard (0xDC00..<0xE000).contains(second),
            let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        else { throw error("lone surrogate") }
        return scalar
    }

    private mutating func hexQuad() throws(PolicyJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = UInt32(String(Unicode.Scalar(byte)), radix: 16) else {
                throw error("invalid \\u escape in string")
            }
            value = value * 16 + digit
            advance()
        }
        return value
    }
}
