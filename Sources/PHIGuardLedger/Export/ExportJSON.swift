import Foundation
import PHIGuardCore

/// A JSON value for the export formats: parsed leniently from outside documents, written with members in the
/// order they were given, so FHIR and OCSF output reads in the order the specifications list the elements.
enum ExportJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([ExportJSON])
    case object([(String, ExportJSON)])

    static func == (lhs: ExportJSON, rhs: ExportJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.integer(let left), .integer(let right)): left == right
        case (.number(let left), .number(let right)): left == right
        case (.string(let left), .string(let right)): left == right
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)):
            left.count == right.count && zip(left, right).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// Parses a JSON document.
    ///
    /// - Throws: `PHIGuardError` with code `.invalidInput` when the bytes are not JSON.
    init(parsing bytes: [UInt8]) throws {
        do {
            self = try JSONDecoder().decode(ExportJSON.self, from: Data(bytes))
        } catch {
            throw PHIGuardError(.invalidInput, "the body is not JSON", underlying: error)
        }
    }

    /// The member named `name` of an object, or nil.
    subscript(_ name: String) -> ExportJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    /// The string, or nil for any other case.
    var string: String? { if case .string(let value) = self { value } else { nil } }
    /// The boolean, or nil for any other case.
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// The elements, or nil for any other case.
    var array: [ExportJSON]? { if case .array(let value) = self { value } else { nil } }
    /// Whether the value is an object.
    var isObject: Bool { if case .object = self { true } else { false } }

    /// The compact serialization, UTF-8, no white space.
    var bytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    private func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.raw("null")
        case .bool(let value): writer.raw(value ? "true" : "false")
        case .integer(let value): writer.raw(String(value))
        case .number(let value): writer.raw(value.isFinite ? "\(value)" : "null")
        case .string(let value): writer.string(value)
        case .array(let elements):
            writer.beginArray()
            for element in elements { element.write(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for (name, value) in members {
                writer.key(name)
                value.write(to: &writer)
            }
            writer.endObject()
        }
    }
}

extension ExportJSON: Decodable {
    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Name.self) {
            // Sorted by name so that parsing is deterministic; inbound documents never depend on member order.
            self = .object(
                try container.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                    ($0.stringValue, try container.decode(ExportJSON.self, forKey: $0))
                })
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [ExportJSON] = []
            while !container.isAtEnd { elements.append(try container.decode(ExportJSON.self)) }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}
