import PHIGuardCore

/// The one storage interface every domain module uses. Backends: SQLite (embedded) and PostgreSQL (cluster).
///
/// Work happens inside `read` or `write`. A `write` block is one transaction: it commits when the block
/// returns and rolls back when it throws. When `write` returns, the transaction is durable (fsync on SQLite
/// with `synchronous=FULL`; commit acknowledged by the server on PostgreSQL), so a 2xx answer built after it
/// is safe. Methods block the calling thread; they are called from server worker threads.
public protocol Store: Sendable {
    /// Which SQL dialect statements are rendered in.
    var dialect: SQLDialect { get }

    /// Runs `body` with a connection for reading. No writes may happen inside.
    @discardableResult
    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Runs `body` in one transaction, durable when it returns unless `durability` is `.deferred`.
    @discardableResult
    func write<T>(durability: WriteDurability, _ body: (any StoreConnection) throws -> T) throws -> T

    /// Checks that the store answers (for `/readyz`); throws `store.unavailable` when it does not.
    func ping() throws

    /// The schema version recorded in the store (the highest applied migration).
    func schemaVersion() throws -> Int

    /// Closes every connection. Further calls fail.
    func close()
}

/// When a write transaction reaches the disk.
public enum WriteDurability: Sendable {
    /// The commit returns once the transaction is on disk (fsync on SQLite with `synchronous=FULL`; commit
    /// acknowledged after the server's WAL flush on PostgreSQL). What a 2xx answer stands on.
    case immediate
    /// The commit returns without waiting for the disk: the transaction is visible at once and becomes
    /// durable with the next immediate write (which flushes everything before it) or the store's own flush,
    /// and a crash before then loses it. Only for data that is a convenience copy of something written
    /// durably elsewhere (SQLite `synchronous=NORMAL` in WAL mode for one transaction; PostgreSQL
    /// `synchronous_commit = off` for one transaction).
    case deferred
}

extension Store {
    /// Runs `body` in one durable transaction.
    @discardableResult
    public func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try write(durability: .immediate, body)
    }
}

/// A connection lent by `Store.read` or `Store.write` for the duration of the block.
public protocol StoreConnection {
    /// The dialect, for the rare statement that differs between backends.
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func execute(_ sql: SQL) throws -> Int

    /// Runs a query and returns all rows.
    func query(_ sql: SQL) throws -> [Row]

    /// Runs a query and calls `body` with each row as it is read, in result order, keeping none of them.
    func forEachRow(_ sql: SQL, _ body: (RowCursor) throws -> Void) throws

    /// Runs the same statement once per bind list, in order, preparing it once: for bulk inserts.
    /// `statement` gives the text and the number of binds; its own bind values are not used.
    /// - Throws: when a bind list has the wrong length or a run fails (the caller's transaction then rolls back).
    func executeMany(_ statement: SQL, binds: [[SQLValue]]) throws
}

extension StoreConnection {
    /// One `execute` per bind list; backends that can keep a statement prepared across runs do better.
    public func executeMany(_ statement: SQL, binds: [[SQLValue]]) throws {
        for values in binds {
            guard values.count == statement.binds.count else {
                throw PHIGuardError(
                    .internalError, "statement expects \(statement.binds.count) binds, got \(values.count)")
            }
            try execute(statement.replacingBinds(values))
        }
    }

    /// Reads every row first, then calls `body` with each: for backends whose results arrive whole.
    public func forEachRow(_ sql: SQL, _ body: (RowCursor) throws -> Void) throws {
        for row in try query(sql) { try body(RowCursor(row: row)) }
    }

    /// Runs a query and returns its first row, if any.
    public func first(_ sql: SQL) throws -> Row? { try query(sql).first }
}

extension PHIGuardError.Code {
    /// A uniqueness or foreign-key constraint refused the change.
    public static let constraint = PHIGuardError.Code("store.constraint")
}
