internal import CSQLite
import PHIGuardCore

/// The current row of a query read by `StoreConnection.forEachRow`, addressed by column position.
///
/// Bytes are lent, not copied: a cursor and every buffer it hands out are valid only inside the call that
/// received them. For scans over many rows, where building a `Row` per row would cost more than the work done
/// with it.
public struct RowCursor {
    private enum Source {
        /// A SQLite statement stepped onto a row.
        case sqlite(OpaquePointer)
        /// A row already read, for backends without a streaming read.
        case row(Row)
    }

    private let source: Source

    init(statement: OpaquePointer) { source = .sqlite(statement) }

    init(row: Row) { source = .row(row) }

    /// The integer in a column, or nil when it holds anything else.
    public func integer(_ column: Int) -> Int64? {
        switch source {
        case .sqlite(let statement):
            sqlite3_column_type(statement, Int32(column)) == SQLITE_INTEGER
                ? sqlite3_column_int64(statement, Int32(column)) : nil
        case .row(let row):
            row.values[column].integer
        }
    }

    /// Whether a column is SQL NULL.
    public func isNull(_ column: Int) -> Bool {
        switch source {
        case .sqlite(let statement): sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL
        case .row(let row): row.values[column].isNull
        }
    }

    /// Copies a text or blob column into `buffer`, replacing its contents and keeping its capacity; false, with
    /// `buffer` empty, for any other value.
    public func copyBytes(_ column: Int, into buffer: inout [UInt8]) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        return withBytes(column) { buffer.append(contentsOf: $0) } != nil
    }

    /// Calls `body` with the bytes of a text (UTF-8) or blob column; nil without calling it for any other value.
    /// The buffer is valid only inside `body`.
    public func withBytes<Result>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result?
    {
        switch source {
        case .sqlite(let statement):
            let index = Int32(column)
            let start: UnsafeRawPointer?
            switch sqlite3_column_type(statement, index) {
            case SQLITE_BLOB: start = sqlite3_column_blob(statement, index)
            case SQLITE_TEXT: start = sqlite3_column_text(statement, index).map(UnsafeRawPointer.init)
            default: return nil
            }
            return try body(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, index))))
        case .row(let row):
            switch row.values[column] {
            case .blob(let bytes): return try bytes.withUnsafeBytes(body)
            case .text(var text): return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
            default: return nil
            }
        }
    }
}
