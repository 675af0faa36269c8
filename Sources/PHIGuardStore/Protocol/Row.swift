import PHIGuardCore

/// One result row, with values addressable by column name.
public struct Row: Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// Values in result order.
    public let values: [SQLValue]

    /// A row from column names and the values in the same order.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a column, or `.null` when the column is absent.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// The column as an integer, or an error naming the column (never its value).
    public func int(_ column: String) throws -> Int64 {
        guard let value = self[column].integer else { throw Self.typeError(column, "integer") }
        return value
    }

    /// The column as text.
    public func string(_ column: String) throws -> String {
        guard let value = self[column].text else { throw Self.typeError(column, "text") }
        return value
    }

    /// The column as bytes.
    public func bytes(_ column: String) throws -> [UInt8] {
        guard let value = self[column].blob else { throw Self.typeError(column, "blob") }
        return value
    }

    /// The column as text, or nil when NULL.
    public func optionalString(_ column: String) -> String? { self[column].text }

    /// The column as an integer, or nil when NULL.
    public func optionalInt(_ column: String) -> Int64? { self[column].integer }

    private static func typeError(_ column: String, _ expected: String) -> PHIGuardError {
        PHIGuardError(.internalError, "column \(column) is not \(expected)")
    }
}
