import Foundation

/// A decoded JSON value that keeps its kind, so the breach input reader can tell `true` from `1` and `1` from
/// `1.5` and say which field holds the wrong kind.
indirect enum InputValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    /// A number with a fraction or an exponent, or one too large for `Int`.
    case number(Double)
    case string(String)
    case array([InputValue])
    case object([String: InputValue])

    /// Decodes a JSON document.
    static func decode(_ data: Data) throws -> InputValue {
        try JSONDecoder().decode(InputValue.self, from: data)
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

extension InputValue: Decodable {
    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var elements: [InputValue] = []
            while !list.isAtEnd { elements.append(try list.decode(InputValue.self)) }
            self = .array(elements)
            return
        }
        if let members = try? decoder.container(keyedBy: MemberKey.self) {
            var object: [String: InputValue] = [:]
            for key in members.allKeys { object[key.stringValue] = try members.decode(InputValue.self, forKey: key) }
            self = .object(object)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? single.decode(Int.self) {
            self = .integer(whole)
        } else if let fraction = try? single.decode(Double.self) {
            self = .number(fraction)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Any member name of a JSON object.
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
