/// A SQL statement whose values are always bind parameters, never spliced text.
///
/// Interpolating a value produces a placeholder and a bind: `"SELECT * FROM users WHERE id = \(id)"`.
/// Placeholders are rendered per dialect (`?` for SQLite, `$1`... for PostgreSQL) when the statement runs.
/// Trusted SQL fragments (table names chosen by code, never by input) go in with `\(raw:)`.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// One piece of the statement: literal SQL text or the index of a bind.
    public enum Segment: Sendable, Hashable {
        case text(String)
        case bind(Int)
    }

    /// Literal text and bind positions, in statement order.
    public private(set) var segments: [Segment]
    /// The values bound, in order of their placeholders.
    public private(set) var binds: [SQLValue]

    /// A statement with no binds.
    public init(stringLiteral value: String) {
        segments = [.text(value)]
        binds = []
    }

    /// A statement built from an interpolated literal.
    public init(stringInterpolation: StringInterpolation) {
        segments = stringInterpolation.segments
        binds = stringInterpolation.binds
    }

    /// Renders the statement text for a dialect.
    /// The same statement with other values in its placeholders, in order.
    public func replacingBinds(_ values: [SQLValue]) -> SQL {
        var copy = self
        copy.binds = values
        return copy
    }

    /// Appends another statement fragment, keeping its binds bound: for queries whose filters are optional.
    public mutating func append(_ other: SQL) {
        let offset = binds.count
        segments += other.segments.map { segment in
            if case .bind(let index) = segment { return .bind(index + offset) }
            return segment
        }
        binds += other.binds
    }

    /// The fragments joined by `separator` (for example `" AND "`), binds kept.
    public static func joined(_ parts: [SQL], separator: String) -> SQL {
        var out: SQL = ""
        for (position, part) in parts.enumerated() {
            if position > 0 { out.append(SQL(stringLiteral: separator)) }
            out.append(part)
        }
        return out
    }

    public func text(for dialect: SQLDialect) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let text): out += text
            case .bind(let index):
                switch dialect {
                case .sqlite: out += "?"
                case .postgres: out += "$\(index + 1)"
                }
            }
        }
        return out
    }

    /// Collects literal text and binds while a statement is being interpolated.
    public struct StringInterpolation: StringInterpolationProtocol {
        var segments: [Segment] = []
        var binds: [SQLValue] = []

        /// Starts an empty statement.
        public init(literalCapacity: Int, interpolationCount: Int) {}

        /// Literal SQL text from the source code.
        public mutating func appendLiteral(_ literal: String) {
            segments.append(.text(literal))
        }

        /// A bound value.
        public mutating func appendInterpolation(_ value: some SQLBindable) {
            segments.append(.bind(binds.count))
            binds.append(value.sqlValue)
        }

        /// An optional value: NULL when absent. (A separate overload keeps the compiler's optional-interpolation
        /// warning away: binding nil as NULL is the intent.)
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            segments.append(.bind(binds.count))
            binds.append(value?.sqlValue ?? .null)
        }

        /// Trusted SQL text chosen by code (a column list, an ORDER BY direction), never by input.
        public mutating func appendInterpolation(raw text: String) {
            segments.append(.text(text))
        }
    }
}

/// The SQL dialects PHIGuard runs on.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}
