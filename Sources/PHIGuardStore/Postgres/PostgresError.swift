internal import CPostgres
import PHIGuardCore

/// What the PostgreSQL server or libpq reported, kept as the `underlying` cause of a `PHIGuardError`.
///
/// The server's DETAIL field is never kept: for constraint violations it quotes the offending row's values.
/// The primary message is dropped for data exceptions (SQLSTATE class 22), which quote the rejected input.
struct PostgresError: Error, CustomDebugStringConvertible {
    /// The five-character SQLSTATE, or nil when libpq failed before the server answered.
    var sqlState: String?
    /// The primary message, when it cannot carry bound values.
    var message: String?
    /// The constraint that refused the change, if any.
    var constraint: String?
    /// The table involved, if any.
    var table: String?

    var debugDescription: String {
        var parts = ["PostgreSQL error \(sqlState ?? "(no SQLSTATE)")"]
        if let message { parts.append(message) }
        if let constraint { parts.append("constraint \(constraint)") }
        if let table { parts.append("table \(table)") }
        return parts.joined(separator: ": ")
    }
}

extension PostgresError {
    /// Reads the diagnostic fields of a failed result.
    init(result: OpaquePointer?, connection: OpaquePointer) {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        sqlState = field(UInt8(ascii: "C"))
        constraint = field(UInt8(ascii: "n"))
        table = field(UInt8(ascii: "t"))
        if sqlState?.hasPrefix("22") == true {
            message = nil
        } else if let primary = field(UInt8(ascii: "M")) {
            message = primary
        } else {
            message = String(cString: PQerrorMessage(connection)).trimmingWhitespace()
        }
    }

    /// The `PHIGuardError` callers see: a code and a reason naming only the SQLSTATE.
    ///
    /// - Parameter connectionLost: Whether the connection broke, which makes any failure `store.unavailable`.
    func asPHIGuardError(connectionLost: Bool, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        let state = sqlState ?? "none"
        if connectionLost || sqlState == nil {
            return PHIGuardError(
                .storeUnavailable, "PostgreSQL connection failed (SQLSTATE \(state))", underlying: self,
                fileID: fileID, line: line)
        }
        let code: PHIGuardError.Code
        switch state.prefix(2) {
        case "23": code = .constraint
        case "08", "53", "57", "58", "40", "55": code = .storeUnavailable
        default: code = .internalError
        }
        return PHIGuardError(
            code, "PostgreSQL refused the statement (SQLSTATE \(state))", underlying: self, fileID: fileID, line: line)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
