import Foundation
import PHIGuardCore
import Synchronization

/// The embedded store: one SQLite database file in WAL mode.
///
/// Writes are serialized on one connection (`BEGIN IMMEDIATE` ... `COMMIT`, `synchronous=FULL`, so a returned
/// `write` is on disk). Reads run on a small pool of query-only connections and see the last committed state
/// without waiting for the writer.
public final class SQLiteStore: Store {
    /// Readers kept open at most; SQLite reads scale with cores, and the server has few.
    private static let readerCount = 4
    /// Seconds a block waits for a connection before failing with `store.unavailable`.
    private static let checkoutTimeout = 30.0

    /// The database file.
    public let path: String
    /// Always `.sqlite`.
    public var dialect: SQLDialect { .sqlite }

    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>
    private let logger: Logger
    private let observer: StoreObserver?
    private let removesFilesOnClose: Bool
    private let checkpointer: SQLiteCheckpointer
    /// Written by the writer's WAL hook; kept here so it outlives the writer connection.
    private let walLength: SQLiteCheckpointer.WALLength
    private let closed = Mutex(false)

    /// Opens the database at `path`, creating the file when missing.
    ///
    /// - Parameters:
    ///   - path: The database file; its directory must exist.
    ///   - logger: Receives connection-level events; never statements or values.
    ///   - observer: Told the duration of every `read` and `write` block.
    /// - Throws: `store.unavailable` when the file cannot be opened or switched to WAL mode.
    public convenience init(path: String, logger: Logger, observer: StoreObserver? = nil) throws {
        try self.init(
            path: path, logger: logger, observer: observer, removesFilesOnClose: false, checkpointPages: 4096)
    }

    private init(
        path: String, logger: Logger, observer: StoreObserver?, removesFilesOnClose: Bool, checkpointPages: Int
    ) throws {
        self.path = path
        self.logger = logger.with(.storeBackend, "sqlite")
        self.observer = observer
        self.removesFilesOnClose = removesFilesOnClose
        let walLength = SQLiteCheckpointer.WALLength()
        self.walLength = walLength
        // When the WAL starts over after a long read let it grow past the checkpoint threshold, the writer cuts
        // the file back to twice the threshold: the disk space comes back, and the WAL's usual length stays
        // allocated.
        let walSizeLimit = 2 * checkpointPages * SQLiteConnection.pageSize
        writer = ConnectionPool(size: 1, timeout: Self.checkoutTimeout) {
            let connection = try SQLiteConnection(path: path, role: .writer)
            connection.reportWALLength(to: walLength)
            try connection.runScript("PRAGMA journal_size_limit = \(walSizeLimit)")
            return connection
        }
        readers = ConnectionPool(size: Self.readerCount, timeout: Self.checkoutTimeout) {
            try SQLiteConnection(path: path, role: .reader)
        }
        // Open the writer now: it creates the file and switches it to WAL before any reader opens it.
        try writer.withConnection { _ in }
        let writer = writer
        checkpointer = try SQLiteCheckpointer(
            path: path, length: walLength, threshold: checkpointPages, logger: self.logger,
            holdingWriter: { body in try? writer.withConnection { _ in body() } })
        self.logger.debug("store opened", [.path: .string(path)])
    }

    deinit { close() }

    /// A store on a new database file in the temporary directory, removed again by `close()`. For tests.
    ///
    /// - Parameter checkpointPages: WAL pages that start a background checkpoint (tests make it small).
    public static func temporary(
        logger: Logger = .disabled, observer: StoreObserver? = nil, checkpointPages: Int = 4096
    ) throws -> SQLiteStore {
        let name = "phiguard-\(UUID().uuidString).sqlite3"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        return try SQLiteStore(
            path: path, logger: logger, observer: observer, removesFilesOnClose: true, checkpointPages: checkpointPages)
    }

    /// Runs `body` on a query-only reader inside one read transaction, so it sees a single snapshot.
    @discardableResult
    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try timed("read", observer) {
            try readers.withConnection { connection in
                // One read transaction, so every statement in the block sees the same snapshot.
                try connection.runScript("BEGIN")
                do {
                    let result = try body(connection)
                    try connection.runScript("COMMIT")
                    return result
                } catch {
                    try? connection.runScript("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Runs `body` on the single writer in `BEGIN IMMEDIATE` ... `COMMIT`; writers queue for it in turn. A
    /// deferred write commits with `synchronous=NORMAL` (no fsync in WAL mode); the next full commit syncs
    /// the log with it.
    ///
    /// Do not call `write` from inside another `write` block: the writer is busy and the call times out.
    @discardableResult
    public func write<T>(durability: WriteDurability, _ body: (any StoreConnection) throws -> T) throws -> T {
        try timed("write", observer) {
            try writer.withConnection { connection in
                if durability == .deferred {
                    try connection.runScript("PRAGMA synchronous = NORMAL")
                }
                defer {
                    if durability == .deferred { try? connection.runScript("PRAGMA synchronous = FULL") }
                }
                try connection.runScript("BEGIN IMMEDIATE")
                do {
                    let result = try body(connection)
                    try connection.runScript("COMMIT")
                    return result
                } catch {
                    try? connection.runScript("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Runs `SELECT 1` on a reader.
    public func ping() throws {
        _ = try read { connection in try connection.query("SELECT 1") }
    }

    /// The highest version in `schema_migrations`, or 0 before any migration.
    public func schemaVersion() throws -> Int {
        try read { connection in try Migrator.recordedVersion(on: connection) }
    }

    /// Closes every connection (lent ones when they come back); a temporary store also removes its files.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        checkpointer.stop()
        writer.close()
        readers.close()
        logger.debug("store closed", [.path: .string(path)])
        guard removesFilesOnClose else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
