/// A value bound to, or read from, a SQL statement. The same set works on SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue {
    /// The integer, or nil for any other case.
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    /// The text, or nil for any other case.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
    /// The bytes, or nil for any other case.
    public var blob: [UInt8]? { if case .blob(let value) = self { value } else { nil } }
    /// The floating-point value (integers widen), or nil.
    public var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
    /// Whether the value is SQL NULL.
    public var isNull: Bool { self == .null }
}

/// Types that can be bound as a statement parameter.
public protocol SQLBindable: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
}

extension Int: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { .integer(self) }
}

extension Double: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { .real(self) }
}

extension String: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { .text(self) }
}

extension Bool: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension [UInt8]: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { .blob(self) }
}

extension SQLValue: SQLBindable {
    /// The value to bind.
    public var sqlValue: SQLValue { self }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// The wrapped value, or NULL.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
