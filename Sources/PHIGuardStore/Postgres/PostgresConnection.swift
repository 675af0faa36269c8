internal import CPostgres
import Foundation
import PHIGuardCore

/// One libpq connection with its cache of server-side prepared statements, keyed by SQL text.
final class PostgresConnection: @unchecked Sendable {  // a pool lends it to one thread at a time
    /// Statements kept prepared; past this many the server's are deallocated and the cache starts over.
    private static let cacheLimit = 128

    private let handle: OpaquePointer
    private var prepared: [String: String] = [:]
    private var nextStatement = 0
    private var closed = false

    /// Connects with a libpq connection string or URI.
    ///
    /// - Throws: `store.unavailable` when the server cannot be reached or refuses the login.
    init(conninfo: String) throws {
        // Defaults first: with `expand_dbname`, settings in the URI itself override these.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = ["10", "phiguard", conninfo]
        let connection = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PHIGuardError(.storeUnavailable, "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let cause = PostgresError(result: nil, connection: connection)
            PQfinish(connection)
            throw PHIGuardError(.storeUnavailable, "could not connect to PostgreSQL", underlying: cause)
        }
        handle = connection
    }

    deinit { close() }

    /// Runs statements without binds through the simple query protocol (transaction control, migrations).
    func runScript(_ text: String) throws {
        let result = PQexec(handle, text)
        defer { PQclear(result) }
        try check(result)
    }

    /// Whether the connection sits inside a transaction that an earlier failed statement aborted.
    var isInFailedTransaction: Bool { PQtransactionStatus(handle) == PQTRANS_INERROR }

    /// Runs `sql` as a prepared statement and hands its successful result to `body`.
    func run<T>(_ sql: SQL, _ body: (OpaquePointer) throws -> T) throws -> T {
        let name = try statementName(for: sql.text(for: .postgres))
        let parameters = try PostgresParameters(sql.binds)
        let result = parameters.buffers.withUnsafeBufferPointer { buffers in
            parameters.lengths.withUnsafeBufferPointer { lengths in
                parameters.formats.withUnsafeBufferPointer { formats in
                    PQexecPrepared(
                        handle, name, parameters.count, buffers.baseAddress, lengths.baseAddress,
                        formats.baseAddress, 0)
                }
            }
        }
        defer { PQclear(result) }
        try check(result)
        guard let result else { throw PHIGuardError(.internalError, "libpq returned no result") }
        return try body(result)
    }

    // TODO: A cached `SELECT *` fails with SQLSTATE 0A000 ("cached plan must not change result type") after a
    // migration alters its table on a live server; dropping the entry and re-preparing on that error would lift it.
    private func statementName(for text: String) throws -> String {
        if let name = prepared[text] { return name }
        if prepared.count >= Self.cacheLimit, (try? runScript("DEALLOCATE ALL")) != nil {
            prepared.removeAll()
        }
        nextStatement += 1
        let name = "phiguard_\(nextStatement)"
        let result = PQprepare(handle, name, text, 0, nil)
        defer { PQclear(result) }
        try check(result)
        prepared[text] = name
        return name
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK, status != PGRES_EMPTY_QUERY else { return }
        let cause = PostgresError(result: result, connection: handle)
        throw cause.asPHIGuardError(connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    /// Calls `body` with a NULL-terminated array of C strings, valid only during the call.
    private static func withCStrings<T>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T
    ) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

extension PostgresConnection: PooledConnection {
    /// Broken when the socket closed or the server ended the session (read without blocking), or when the
    /// connection was left inside a transaction.
    var isBroken: Bool {
        guard !closed else { return true }
        _ = PQconsumeInput(handle)
        return PQstatus(handle) != CONNECTION_OK || PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    func close() {
        guard !closed else { return }
        closed = true
        PQfinish(handle)
    }
}

extension PostgresConnection: ScriptRunning {}

extension PostgresConnection: StoreConnection {
    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: SQL) throws -> Int {
        try run(sql) { result in Int(String(cString: PQcmdTuples(result))) ?? 0 }
    }

    func query(_ sql: SQL) throws -> [Row] {
        try run(sql) { result in try PostgresResult.rows(of: result) }
    }
}
