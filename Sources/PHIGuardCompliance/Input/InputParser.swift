import Foundation

/// A JSON reader (RFC 8259) for compliance input that refuses a member named twice in one object.
///
/// `JSONDecoder` keeps one of two members with the same name without a word, so a case file with `"TX"`
/// twice in `affected_by_state` would be planned on a count the author may not have meant. This reader names
/// the duplicate instead. It keeps integers apart from fractions, as ``InputValue`` needs.
struct InputParser {
    /// Why the text could not be read.
    enum Failure: Error {
        /// Not JSON, or nested deeper than ``maximumDepth``.
        case malformed
        /// A member appears twice in an object; the pointer names it.
        case duplicate(pointer: String)
    }

    private let bytes: [UInt8]
    private var index = 0

    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 64

    /// Reads one JSON document that fills the whole input apart from surrounding white space.
    static func parse(_ data: Data) throws(Failure) -> InputValue {
        var parser = InputParser(bytes: [UInt8](data))
        parser.skipWhitespace()
        let value = try parser.value(pointer: "", depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw .malformed }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func value(pointer: String, depth: Int) throws(Failure) -> InputValue {
        guard depth < Self.maximumDepth, let byte = peek() else { throw .malformed }
        switch byte {
        case UInt8(ascii: "{"): return try object(pointer: pointer, depth: depth)
        case UInt8(ascii: "["): return try array(pointer: pointer, depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func object(pointer: String, depth: Int) throws(Failure) -> InputValue {
        index += 1
        var members: [String: InputValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw .malformed }
            let key = try string()
            let at = pointer + "/" + FieldReader.escape(key)
            guard members[key] == nil else { throw .duplicate(pointer: at) }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            members[key] = try value(pointer: at, depth: depth + 1)
            skipWhitespace()
            guard let next = take() else { throw .malformed }
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else { throw .malformed }
        }
    }

    private mutating func array(pointer: String, depth: Int) throws(Failure) -> InputValue {
        index += 1
        var elements: [InputValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(pointer: "\(pointer)/\(elements.count)", depth: depth + 1))
            skipWhitespace()
            guard let next = take() else { throw .malformed }
            if next == UInt8(ascii: "]") { return .array(elements) }
            guard next == UInt8(ascii: ",") else { throw .malformed }
        }
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws(Failure) {
            guard !run.isEmpty else { return }
            guard let text = String(validating: run, as: UTF8.self) else { throw .malformed }
            scalars.append(contentsOf: text.unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while let byte = take() {
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                scalars.append(try escaped())
            case 0..<0x20:
                throw .malformed
            default:
                run.append(byte)
            }
        }
        throw .malformed
    }

    /// The character after a backslash, joining a UTF-16 surrogate pair written as two `\u` escapes.
    private mutating func escaped() throws(Failure) -> Unicode.Scalar {
        guard let byte = take() else { throw .malformed }
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4()
            if (0xD800..<0xDC00).contains(unit) {
                guard take() == UInt8(ascii: "\\"), take() == UInt8(ascii: "u") else { throw .malformed }
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw .malformed }
                let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else { throw .malformed }
                return scalar
            }
            guard let scalar = Unicode.Scalar(unit) else { throw .malformed }
            return scalar
        default:
            throw .malformed
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = take(), let digit = Self.hexDigit(byte) else { throw .malformed }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A number in JSON's grammar: an integer when it has no fraction or exponent and fits `Int`.
    private mutating func number() throws(Failure) -> InputValue {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw .malformed }
        if first == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = peek(), Self.isDigit(digit) else { throw .malformed }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw .malformed }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let whole = Int(text) { return .integer(whole) }
        guard let fraction = Double(text) else { throw .malformed }
        return .number(fraction)
    }

    private mutating func literal(_ word: String, _ value: InputValue) throws(Failure) -> InputValue {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected)
        else { throw .malformed }
        index += expected.count
        return value
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard take() == byte else { throw .malformed }
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { index += 1 }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func take() -> UInt8? {
        defer { index += 1 }
        return peek()
    }
}
