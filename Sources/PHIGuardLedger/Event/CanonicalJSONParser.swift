import PHIGuardCore

/// A strict recursive-descent parser for the JSON subset of `CanonicalJSON`.
struct CanonicalJSONParser {
    static let maximumDepth = 16

    let bytes: [UInt8]
    var position = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> CanonicalJSON.Value {
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure("trailing bytes after the JSON value") }
        return value
    }

    private mutating func parseValue() throws -> CanonicalJSON.Value {
        skipWhitespace()
        guard let byte = peek() else { throw failure("the JSON ends early") }
        switch byte {
        case UInt8(ascii: "{"): return try nested { try $0.parseObject() }
        case UInt8(ascii: "["): return try nested { try $0.parseArray() }
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        default: throw failure("unexpected byte in JSON (null and fractions are not allowed)")
        }
    }

    private mutating func nested(_ body: (inout Self) throws -> CanonicalJSON.Value) throws -> CanonicalJSON.Value {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw failure("the JSON nests too deeply") }
        return try body(&self)
    }

    private mutating func parseObject() throws -> CanonicalJSON.Value {
        position += 1
        var members: [String: CanonicalJSON.Value] = [:]
        var names: Set<[UInt8]> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("an object member has no name") }
            let name = try parseString()
            guard names.insert(Array(name.utf8)).inserted, members[name] == nil else {
                throw failure("an object has a duplicate member name")
            }
            skipWhitespace()
            guard next() == UInt8(ascii: ":") else { throw failure("an object member has no colon") }
            members[name] = try parseValue()
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return .object(members)
            default: throw failure("an object is not closed")
            }
        }
    }

    private mutating func parseArray() throws -> CanonicalJSON.Value {
        position += 1
        var elements: [CanonicalJSON.Value] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return .array(elements)
            default: throw failure("an array is not closed")
            }
        }
    }

    private mutating func parseString() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        while true {
            guard let byte = next() else { throw failure("a string is not closed") }
            switch byte {
            case UInt8(ascii: "\""):
                try flush(&run, into: &scalars)
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush(&run, into: &scalars)
                scalars.append(try parseEscape())
            case 0x00..<0x20:
                throw failure("a string holds a raw control character")
            default:
                run.append(byte)
            }
        }
    }

    /// Appends validated UTF-8 bytes as scalars.
    private func flush(_ run: inout [UInt8], into scalars: inout String.UnicodeScalarView) throws {
        guard !run.isEmpty else { return }
        guard let text = String(validating: run, as: UTF8.self) else { throw failure("a string is not UTF-8") }
        scalars.append(contentsOf: text.unicodeScalars)
        run.removeAll(keepingCapacity: true)
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard let byte = next() else { throw failure("a string ends inside an escape") }
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try parseUnicodeEscape()
        default: throw failure("a string has an unknown escape")
        }
    }

    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
                throw failure("a string has a lone surrogate")
            }
            let second = try parseHex4()
            guard (0xDC00..<0xE000).contains(second) else { throw failure("a string has a lone surrogate") }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw failure("a string has a bad escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw failure("a string has a lone surrogate") }
        return scalar
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16),
            bytes[position..<position + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { throw failure("a string has a bad \\u escape") }
        position += 4
        return value
    }

    private mutating func parseInteger() throws -> Int64 {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        let digitCount = position - digitsStart
        guard digitCount > 0, digitCount == 1 || bytes[digitsStart] != UInt8(ascii: "0") else {
            throw failure("an integer is malformed")
        }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw failure("only integers are allowed")
        }
        guard let value = Int64(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw failure("an integer is out of range")
        }
        return value
    }

    private mutating func expect(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes[position...].starts(with: expected) else { throw failure("unexpected word in JSON") }
        position += expected.count
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func next() -> UInt8? {
        defer { position += 1 }
        return peek()
    }

    private func failure(_ reason: String, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        PHIGuardError(.eventInvalid, reason, fileID: fileID, line: line)
    }
}
