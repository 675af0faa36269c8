import Foundation
import PHIGuardCore

/// The cluster store: a pool of libpq connections to one PostgreSQL database.
///
/// Statements run as server-side prepared statements with bound parameters. A `write` is one transaction
/// that returns once the server acknowledged `COMMIT` (durable with the default `synchronous_commit=on`).
/// Connections the server dropped are replaced on the next checkout, so the store recovers by itself when the
/// server comes back.
///
/// Parameters are sent untyped (blobs as bytea), so the server infers each one's type from where it stands;
/// a bind with no context, such as `SELECT \(value)`, comes back as text unless cast: `CAST(\(value) AS BIGINT)`.
public final class PostgresStore: Store {
    /// Seconds a block waits for a free connection before failing with `store.unavailable`.
    private static let checkoutTimeout = 10.0

    /// Always `.postgres`.
    public var dialect: SQLDialect { .postgres }

    private let pool: ConnectionPool<PostgresConnection>
    private let logger: Logger
    private let observer: StoreObserver?

    /// Connects to the database a libpq URI or connection string names.
    ///
    /// - Parameters:
    ///   - url: For example `postgres://phiguard@127.0.0.1:5432/phiguard`. It is never logged.
    ///   - poolSize: The most connections held open at once.
    ///   - logger: Receives connection-level events; never statements, values or the URL.
    ///   - observer: Told the duration of every `read` and `write` block.
    /// - Throws: `store.unavailable` when the first connection cannot be made.
    public init(url: String, poolSize: Int = 8, logger: Logger, observer: StoreObserver? = nil) throws {
        guard poolSize > 0 else { throw PHIGuardError(.configuration, "store pool size must be at least 1") }
        self.logger = logger.with(.storeBackend, "postgres")
        self.observer = observer
        pool = ConnectionPool(size: poolSize, timeout: Self.checkoutTimeout) {
            try PostgresConnection(conninfo: url)
        }
        // Connect once now, so a wrong URL or an unreachable server fails at startup rather than later.
        try pool.withConnection { _ in }
        self.logger.debug("store opened")
    }

    /// The URL with any password replaced by `***`, for logs and messages that must say which database.
    ///
    /// Text that does not parse as a URL (a `key=value` connection string) is replaced as a whole, because it
    /// may carry `password=` anywhere.
    public static func redacted(url: String) -> String {
        guard var components = URLComponents(string: url), components.scheme != nil else {
            return "(connection string)"
        }
        if components.password != nil { components.password = "***" }
        components.queryItems = components.queryItems?.map { item in
            item.name.lowercased() == "password" ? URLQueryItem(name: item.name, value: "***") : item
        }
        return components.string ?? "(connection string)"
    }

    /// Runs `body` in a read-only, repeatable-read transaction, so it sees a single snapshot.
    @discardableResult
    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try timed("read", observer) {
            try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    /// Runs `body` in `BEGIN` ... `COMMIT` on a pooled connection; returns once the commit is acknowledged
    /// (for a deferred write, before the server has flushed it: `synchronous_commit = off` for that one
    /// transaction).
    @discardableResult
    public func write<T>(durability: WriteDurability, _ body: (any StoreConnection) throws -> T) throws -> T {
        let begin = durability == .deferred ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN"
        return try timed("write", observer) { try transaction(begin, body) }
    }

    /// Runs `SELECT 1` on a pooled connection.
    public func ping() throws {
        _ = try read { connection in try connection.query("SELECT 1") }
    }

    /// The highest version in `schema_migrations`, or 0 before any migration.
    public func schemaVersion() throws -> Int {
        try read { connection in try Migrator.recordedVersion(on: connection) }
    }

    /// Closes every connection (lent ones when they come back); later calls fail with `store.unavailable`.
    public func close() {
        pool.close()
        logger.debug("store closed")
    }

    private func transaction<T>(_ begin: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        let connection = try begun(begin)
        defer { pool.checkin(connection) }
        do {
            let result = try body(connection)
            // COMMIT in an aborted transaction quietly rolls back; the caller must hear that nothing was saved.
            guard !connection.isInFailedTransaction else {
                throw PHIGuardError(.internalError, "transaction was aborted by a failed statement")
            }
            try connection.runScript("COMMIT")
            return result
        } catch {
            try? connection.runScript("ROLLBACK")
            throw error
        }
    }

    /// A connection with a transaction begun. When `BEGIN` fails because a pooled connection turns out dead,
    /// nothing has run yet, so it is safe to try once more on a fresh connection.
    private func begun(_ begin: String) throws -> PostgresConnection {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try pool.checkout()
            do {
                try connection.runScript(begin)
                return connection
            } catch {
                let broken = connection.isBroken
                pool.checkin(connection)
                guard broken, attempt < 2 else { throw error }
                logger.warning("store connection lost, reconnecting", Logger.errorMetadata(error))
            }
        }
    }
}
