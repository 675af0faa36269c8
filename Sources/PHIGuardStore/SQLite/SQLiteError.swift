internal import CSQLite
import PHIGuardCore

/// What SQLite reported, kept as the `underlying` cause of a `PHIGuardError`.
///
/// The message comes from `sqlite3_errmsg`, which names tables, columns and constraints but not bound values.
struct SQLiteError: Error, CustomDebugStringConvertible {
    /// The extended result code.
    var code: Int32
    /// SQLite's own message for the failure.
    var message: String

    var debugDescription: String { "SQLite error \(code): \(message)" }

    /// The primary result code (the low byte of the extended one).
    var primaryCode: Int32 { code & 0xff }
}

extension SQLiteError {
    /// Result codes meaning the database cannot be used right now, rather than that the statement is wrong.
    private static let unavailableCodes: Set<Int32> = [
        SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN,
        SQLITE_PROTOCOL, SQLITE_NOTADB, SQLITE_READONLY,
    ]

    /// The `PHIGuardError` callers see: a code and a reason naming only SQLite's generic text for the result code.
    func asPHIGuardError(fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        let generic = String(cString: sqlite3_errstr(code))
        let reason = "SQLite: \(generic) (code \(code))"
        if primaryCode == SQLITE_CONSTRAINT {
            return PHIGuardError(.constraint, reason, underlying: self, fileID: fileID, line: line)
        }
        if Self.unavailableCodes.contains(primaryCode) {
            return PHIGuardError(.storeUnavailable, reason, underlying: self, fileID: fileID, line: line)
        }
        return PHIGuardError(.internalError, reason, underlying: self, fileID: fileID, line: line)
    }
}
