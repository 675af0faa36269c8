import Foundation

/// A parsed JSON document, kept exact for integers so Cedar Longs survive the round trip.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON bytes.
    ///
    /// - Parameter rejectingDuplicateMembers: refuse an object that names a member twice, instead of keeping
    ///   the last one.
    /// - Throws: `JSONSyntaxError` naming the line and column of the first problem.
    public static func parse(
        _ bytes: some Collection<UInt8>, rejectingDuplicateMembers: Bool = false
    ) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(bytes, rejectingDuplicateMembers: rejectingDuplicateMembers)
    }

    /// The fields, when this is an object.
    public var object: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// The text, when this is a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Compact JSON text; object keys in no particular order.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Writes the value where `writer` stands.
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.raw("null")
        case .bool(let value): writer.raw(value ? "true" : "false")
        case .integer(let value): writer.raw(String(value))
        case .number(let value): writer.raw(value.isFinite ? "\(value)" : "null")
        case .string(let text): writer.string(text)
        case .array(let elements):
            writer.beginArray()
            for element in elements { element.write(to: &writer) }
            writer.endArray()
        case .object(let fields):
            writer.beginObject()
            for (key, field) in fields {
                writer.key(key)
                field.write(to: &writer)
            }
            writer.endObject()
        }
    }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
