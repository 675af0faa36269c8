import Foundation
import PHIGuardCore

/// A JSON value that keeps its kind, so the input readers can tell `true` from `1` and `1` from `1.5` and say
/// which field holds the wrong kind. ``parse(_:)`` reads one.
indirect enum InputValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    /// A number with a fraction or an exponent, or one too large for `Int`.
    case number(Double)
    case string(String)
    case array([InputValue])
    case object([String: InputValue])

    /// Reads a JSON document, naming a member given twice.
    ///
    /// - Throws: `ComplianceInputError` with the pointer `/` when the text is not JSON, or the duplicate
    ///   member's pointer.
    static func parse(_ data: Data) throws(ComplianceInputError) -> InputValue {
        do {
            return InputValue(try JSONValue.parse(data, rejectingDuplicateMembers: true))
        } catch {
            guard let pointer = error.duplicatePointer else {
                throw ComplianceInputError(problems: [ComplianceInputError.malformed])
            }
            throw ComplianceInputError(problems: [.init(pointer: pointer, detail: "appears more than once")])
        }
    }

    /// The same value; an integer too large for `Int` becomes a number, as JSON text would.
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .integer(let value): self = Int(exactly: value).map(InputValue.integer) ?? .number(Double(value))
        case .number(let value): self = .number(value)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(InputValue.init))
        case .object(let fields): self = .object(fields.mapValues(InputValue.init))
        }
    }

    /// The kind in words, for messages such as "must be a date, not a number".
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "a number"
        case .number: "a fraction"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
