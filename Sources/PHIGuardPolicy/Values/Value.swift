/// A Cedar value: what expressions evaluate to and what entity attributes and context hold.
// TODO: Swift `String` equality uses Unicode canonical equivalence, while Cedar compares scalars, so "é" and
// "e\u{301}" are equal here and not in Cedar; a scalar-wise string wrapper in `.string` and record keys would lift it.
public enum Value: Hashable, Sendable {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(EntityUID)
    case set(Set<Value>)
    case record([String: Value])
    case decimal(CedarDecimal)
    case ipaddr(IPAddress)
    case datetime(CedarDatetime)
    case duration(CedarDuration)

    /// The Cedar name of this value's type, for error messages.
    public var typeName: String {
        switch self {
        case .bool: return "Bool"
        case .long: return "Long"
        case .string: return "String"
        case .entity(let uid): return uid.type.name
        case .set: return "Set"
        case .record: return "Record"
        case .decimal: return "decimal"
        case .ipaddr: return "ipaddr"
        case .datetime: return "datetime"
        case .duration: return "duration"
        }
    }
}

extension Value: CustomStringConvertible {
    public var description: String {
        switch self {
        case .bool(let value): return String(value)
        case .long(let value): return String(value)
        case .string(let value): return "\"\(value.unicodeScalars.map { $0.escaped(asASCII: false) }.joined())\""
        case .entity(let uid): return uid.description
        case .set(let values): return "[" + values.map(\.description).sorted().joined(separator: ", ") + "]"
        case .record(let fields):
            return "{" + fields.keys.sorted().map { "\"\($0)\": \(fields[$0]!)" }.joined(separator: ", ") + "}"
        case .decimal(let value): return "decimal(\"\(value)\")"
        case .ipaddr(let value): return "ip(\"\(value)\")"
        case .datetime(let value): return "datetime(\(value.milliseconds))"
        case .duration(let value): return "duration(\"\(value)\")"
        }
    }
}

extension Value {
    /// The schema name of an extension value's type, or nil for other values.
    var extensionTypeName: String? {
        switch self {
        case .decimal: return "decimal"
        case .ipaddr: return "ipaddr"
        case .datetime: return "datetime"
        case .duration: return "duration"
        default: return nil
        }
    }
}
