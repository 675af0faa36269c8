import PHIGuardCore

/// The canonical JSON that audit events are serialized to before hashing: one byte sequence per value.
///
/// The rules, in the spirit of RFC 8785 (JCS) restricted to the types the ledger uses:
/// - Values are objects, arrays, strings, integers and booleans; no `null` (absent members are omitted) and
///   no fractions or exponents (times are strings).
/// - No white space outside strings.
/// - Object members are sorted by the UTF-8 bytes of their names (JCS sorts by UTF-16 code units; the two
///   orders agree on the ASCII names the schema uses), and names are unique.
/// - Strings are escaped minimally: `"` and `\` with a backslash; U+0008, U+0009, U+000A, U+000C and U+000D
///   as `\b`, `\t`, `\n`, `\f`, `\r`; every other control character below U+0020 as `\u00xx` with lowercase
///   hex. Everything else, including `/`, U+007F and all non-ASCII characters, is written as its UTF-8 bytes.
/// - Integers are written in decimal, with `-` for negatives and no leading zeros.
public enum CanonicalJSON {
    /// A JSON value of the supported kinds; objects keep their members sorted by name bytes.
    public indirect enum Value: Sendable, Hashable {
        /// A string.
        case string(String)
        /// An integer.
        case integer(Int64)
        /// A boolean.
        case bool(Bool)
        /// An array.
        case array([Value])
        /// An object.
        case object([String: Value])
    }

    /// The canonical bytes of a value.
    public static func serialize(_ value: Value) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(value, to: &output)
        return output
    }

    /// Parses JSON text of the supported kinds. It accepts white space and any valid escaping; compare the
    /// result's `serialize` with the input to require the canonical form.
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` on malformed JSON, `null`, fractions, duplicate
    ///   names, integers outside 64 bits, or nesting deeper than 16 levels.
    public static func parse(_ bytes: [UInt8]) throws -> Value {
        var parser = CanonicalJSONParser(bytes: bytes)
        return try parser.parseDocument()
    }

    private static func write(_ value: Value, to output: inout [UInt8]) {
        switch value {
        case .string(let string): writeString(string, to: &output)
        case .integer(let integer): output.append(contentsOf: String(integer).utf8)
        case .bool(let bool): output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (position, member) in sorted.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escape at all: copy them whole.
        if JSONWriter.appendIfPlain(string, to: &output) {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x00..<0x20:
                output += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                output.append(HexDigits.lowercase(byte >> 4))
                output.append(HexDigits.lowercase(byte & 0x0F))
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension CanonicalJSON {
    /// Writes objects straight to canonical bytes, for callers that know their member names: members must come
    /// in canonical (byte-sorted) order, which debug builds check. The bytes equal `serialize` of the same
    /// object built as a `Value`, without building one.
    struct ObjectWriter {
        private(set) var bytes: [UInt8] = []
        /// For each open object, whether a member has been written.
        private var hasMembers: [Bool] = []
        #if DEBUG
            /// For each open object, the last member name written, to check the order.
            private var lastNames: [[UInt8]?] = []
        #endif

        init() {
            bytes.reserveCapacity(512)
        }

        mutating func beginObject() {
            bytes.append(UInt8(ascii: "{"))
            hasMembers.append(false)
            #if DEBUG
                lastNames.append(nil)
            #endif
        }

        mutating func endObject() {
            bytes.append(UInt8(ascii: "}"))
            hasMembers.removeLast()
            #if DEBUG
                lastNames.removeLast()
            #endif
        }

        /// Starts a member whose value follows (an object, a string or an integer).
        mutating func name(_ name: String) {
            #if DEBUG
                let previous = lastNames[lastNames.count - 1]
                assert(
                    previous.map { $0.lexicographicallyPrecedes(name.utf8) } ?? true, "members out of canonical order")
                lastNames[lastNames.count - 1] = Array(name.utf8)
            #endif
            if hasMembers[hasMembers.count - 1] { bytes.append(UInt8(ascii: ",")) }
            hasMembers[hasMembers.count - 1] = true
            CanonicalJSON.writeString(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }

        /// A string member; nothing when `value` is nil (absent members are omitted).
        mutating func string(_ name: String, _ value: String?) {
            guard let value else { return }
            self.name(name)
            CanonicalJSON.writeString(value, to: &bytes)
        }

        /// A time member in RFC 3339 form; nothing when `value` is nil. Its text never needs escapes.
        mutating func time(_ name: String, _ value: AuditTime?) {
            guard let value else { return }
            self.name(name)
            bytes.append(UInt8(ascii: "\""))
            value.appendText(to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }

        mutating func integer(_ name: String, _ value: Int64) {
            self.name(name)
            bytes.append(contentsOf: String(value).utf8)
        }
    }
}
